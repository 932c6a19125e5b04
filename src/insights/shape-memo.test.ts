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

  it('takes descriptors that differ only in words holding a digit as one shape, and nothing else', () => {
    const keys = createKeys();
    const netflix = keys.words('NETFLIX.COM 1234 CA');
    // Every word with a digit is one "0", whatever its digits, letters or length.
    expect(keys.words('NETFLIX.COM 9 CA')).toBe(netflix);
    expect(keys.words('NETFLIX.COM A7B2X CA')).toBe(netflix);
    // A word, a separator or a word boundary more or less is another shape.
    expect(keys.words('NETFLIX.COM CA')).not.toBe(netflix);
    expect(keys.words('NETFLIX.COM 1234 CA ')).not.toBe(netflix);
    expect(keys.words('NETFLIX.COM-1234 CA')).not.toBe(netflix);
    expect(keys.words('NETFLIXCOM 1234 CA')).not.toBe(netflix);
    expect(keys.words('NETFLIX.COM 1234 CB')).not.toBe(netflix);
    // A word of letters is itself: ACME and ACME1 are not one word.
    expect(keys.words('ACME1 PAY')).not.toBe(keys.words('ACME PAY'));
    expect(keys.words('ACME1 PAY')).toBe(keys.words('Q9 PAY'));
    expect(keys.words('ACME PAY')).not.toBe(keys.words('ACMF PAY'));
  });
});
