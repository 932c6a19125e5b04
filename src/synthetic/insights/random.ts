import { pick } from '../../lib/seeded-random.js';

export { between, pick, seededRandom } from '../../lib/seeded-random.js';

export type Random = () => number;

export function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function chance(random: Random, p: number): boolean {
  return random() < p;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function chars(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export const alnum = (random: Random, length: number) => chars(random, ALNUM, length);
export const digits = (random: Random, length: number) => chars(random, DIGITS, length);
/** A Plaid-looking id (37 characters of base62). */
export const plaidId = (random: Random) => chars(random, ID_CHARS, 37);

/** One of several options by weight. */
export function weighted<T>(random: Random, options: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, weight] of options) total += weight;
  let roll = random() * total;
  for (const [value, weight] of options) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return pick(random, options)[0];
}

/** Rounds to cents. */
export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
