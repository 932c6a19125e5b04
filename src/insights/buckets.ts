/** Each bucket's size, then its fill, during splitByBucket (scratch: the detectors never re-enter it). */
let sizes = new Int32Array(256);

/**
 * Items split into `count` buckets by `bucketOf` (item i goes to bucketOf[i], 0 to count - 1), each
 * bucket in item order. Buckets are counted before they are filled, so each table is made at its
 * size rather than grown from seventeen slots.
 */
export function splitByBucket<T>(items: readonly T[], bucketOf: Int32Array, count: number): T[][] {
  if (sizes.length < count) sizes = new Int32Array(count * 2);
  sizes.fill(0, 0, count);
  for (let i = 0; i < items.length; i++) {
    const b = bucketOf[i] as number;
    sizes[b] = (sizes[b] as number) + 1;
  }
  const buckets = new Array<T[]>(count);
  for (let b = 0; b < count; b++) {
    buckets[b] = new Array<T>(sizes[b] as number);
    sizes[b] = 0;
  }
  for (let i = 0; i < items.length; i++) {
    const b = bucketOf[i] as number;
    const at = sizes[b] as number;
    (buckets[b] as T[])[at] = items[i] as T;
    sizes[b] = at + 1;
  }
  return buckets;
}
