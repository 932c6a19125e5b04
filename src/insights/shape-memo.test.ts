import { describe, expect, it } from 'vitest';
import { createKeys } from './history.js';

/**
 * One table of descriptor shapes serves every run (shape-memo.ts). What a run reads a descriptor as
 * must still depend on that run's descriptors alone: the first of a shape in the run stands for it,
 * and a reading an earlier run made is reused only for the same extended shape.
 */
describe('descriptor shapes across runs', () => {
  it('reads the first descriptor of a shape in each run, whatever earlier runs read', () => {
    const first = createKeys();
    const long = first.words('ACME 55 PAY');
    expect(long.afterNoise).toEqual([false, true]);

    const second = createKeys();
    const short = second.words('ACME 5 PAY');
    expect(short.afterNoise).toEqual([false, false]);
    // Within a run the shape's first descriptor stands for it.
    expect(second.words('ACME 77 PAY')).toBe(short);

    const third = createKeys();
    const again = third.words('ACME 12 PAY');
    expect(again.afterNoise).toEqual([false, true]);
    expect(again).not.toBe(long);
    // The same extended shape: the reading is shared, the run's form is its own.
    expect(again.shared).toBe(long.shared);
  });

  it('reads again a descriptor whose reading keeps its digits', () => {
    expect(createKeys().words('X 12').fallback).toBe('~x 12');
    expect(createKeys().words('X 13').fallback).toBe('~x 13');
  });

  it('reads a descriptor with a capital run inside a word with a digit as itself', () => {
    const a = createKeys().words('PAYROLL abcDEF1 ACME');
    const b = createKeys().words('PAYROLL abcDEF2 ACME');
    expect(b.shared).not.toBe(a.shared);
    expect(b.words).toEqual(a.words);
  });
});
