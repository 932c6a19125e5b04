import { createHash, randomBytes, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Largest multiple of 62 below 256: bytes at or above it are skipped so every character is equally likely. */
const UNBIASED_LIMIT = 248;

function alphanumericFrom(bytes: () => Buffer, length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of bytes()) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return out;
}

/**
 * Random bytes drawn from a pool refilled 8 KiB at a time: a request id per request would otherwise
 * cost a call into the system's random source each time.
 */
const POOL_BYTES = 8192;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function pooledRandomBytes(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

/** Plaid's 37-character ids (item_id, account_id, transaction_id). */
export function newPlaidId(): string {
  return alphanumericFrom(() => pooledRandomBytes(48), 37);
}

/** The same 37-character id every time for the same seed: accounts stay stable per Item. */
export function derivedPlaidId(seed: string): string {
  let counter = 0;
  return alphanumericFrom(() => createHash('sha256').update(`${seed}:${counter++}`).digest(), 37);
}

/** Plaid's 15-character request ids. */
export function newPlaidRequestId(): string {
  return alphanumericFrom(() => pooledRandomBytes(24), 15);
}

export type TokenKind = 'link' | 'public' | 'access' | 'processor' | 'assets';

export function newToken(kind: TokenKind): string {
  return `${kind}-sandbox-${randomUUID()}`;
}

const TOKEN_PATTERN =
  /^(link|public|access|processor|assets)-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isWellFormedToken(kind: TokenKind, value: string): boolean {
  return TOKEN_PATTERN.test(value) && value.startsWith(`${kind}-`);
}
