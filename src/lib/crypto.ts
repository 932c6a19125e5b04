import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER_VERSION = 'v1';

/** Random, URL-safe secret with a readable prefix (`lpsk_…`). */
export function generateSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/**
 * Secrets we issue are 256 random bits, so a fast hash is enough to store them safely (no password
 * stretching needed) and keeps authentication off the hot path's critical budget.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** Equal bytes, compared in constant time (only the lengths may tell apart). */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function secretMatchesHash(secret: string, storedHash: string): boolean {
  return sameBytes(Buffer.from(hashSecret(secret)), Buffer.from(storedHash));
}

export function parseMasterKey(raw: string): Buffer | undefined {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

export function generateMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Where a ciphertext belongs: decrypting it anywhere else fails. */
export interface CipherContext {
  brandId: string;
  rowId: string;
  column: string;
}

/** Sub-keys derived from the master key: one for encryption at rest, one for fingerprints. */
export interface Keyring {
  encrypt(plaintext: string, ctx: CipherContext): string;
  decrypt(ciphertext: string, ctx: CipherContext): string;
  fingerprint(...parts: string[]): string;
}

function associatedData(ctx: CipherContext): Buffer {
  return Buffer.from(`${ctx.brandId}\u0000${ctx.rowId}\u0000${ctx.column}`, 'utf8');
}

const deriveKey = (masterKey: Buffer, info: string) =>
  Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, KEY_BYTES));

/**
 * The fingerprint key a master key derives. Fingerprints are kept for rows whose secret is gone
 * (a deleted link's token), so they cannot be recomputed: a key rotation keeps this key (sealed in
 * the database under the new master key) and passes it to createKeyring from then on.
 */
export function deriveFingerprintKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, 'linkport/fingerprint/v1');
}

export function createKeyring(masterKey: Buffer, fingerprintKey = deriveFingerprintKey(masterKey)): Keyring {
  const encKey = deriveKey(masterKey, 'linkport/encryption/v1');
  const macKey = fingerprintKey;
  return {
    encrypt(plaintext, ctx) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(associatedData(ctx));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${CIPHER_VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(ciphertext, ctx) {
      const [version, payload] = ciphertext.split('.');
      if (version !== CIPHER_VERSION || payload === undefined) throw new Error('unknown ciphertext format');
      const raw = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, IV_BYTES));
      decipher.setAAD(associatedData(ctx));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
    fingerprint(...parts) {
      const mac = createHmac('sha256', macKey);
      for (const part of parts) mac.update(`${part.length}:${part}`);
      return mac.digest('base64url');
    },
  };
}
