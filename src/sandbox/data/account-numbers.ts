import { seededRandom } from '../transactions/random.js';

/** A number of `length` digits (no leading zero), the same every time for the same seed. */
export function derivedDigits(seed: string, length: number): string {
  const random = seededRandom(seed);
  let digits = String(1 + Math.floor(random() * 9));
  while (digits.length < length) digits += String(Math.floor(random() * 10));
  return digits;
}
