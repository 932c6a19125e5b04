import { describe, expect, it } from 'vitest';
import { createKeyring, generateSecret, hashSecret, parseMasterKey, secretMatchesHash } from './crypto.js';

const keyring = createKeyring(Buffer.alloc(32, 3));
const ctx = { brandId: 'brand-1', rowId: 'row-1', column: 'account_number' };

describe('crypto', () => {
  it('encrypts with AES-256-GCM: a fresh ciphertext each time, decrypting to the plaintext', () => {
    const a = keyring.encrypt('2222333344445555', ctx);
    const b = keyring.encrypt('2222333344445555', ctx);
    expect(a).not.toBe(b);
    expect(a).not.toContain('2222333344445555');
    expect(keyring.decrypt(a, ctx)).toBe('2222333344445555');
  });

  it('binds a ciphertext to its brand, row and column', () => {
    const sealed = keyring.encrypt('secret', ctx);
    expect(() => keyring.decrypt(sealed, { ...ctx, brandId: 'brand-2' })).toThrow();
    expect(() => keyring.decrypt(sealed, { ...ctx, rowId: 'row-2' })).toThrow();
    expect(() => keyring.decrypt(sealed, { ...ctx, column: 'routing_number' })).toThrow();
    expect(() => createKeyring(Buffer.alloc(32, 4)).decrypt(sealed, ctx)).toThrow();
  });

  it('fingerprints with a keyed HMAC: stable for one key, different under another, unambiguous in its parts', () => {
    expect(keyring.fingerprint('011401533', '1111')).toBe(keyring.fingerprint('011401533', '1111'));
    expect(createKeyring(Buffer.alloc(32, 4)).fingerprint('011401533', '1111')).not.toBe(
      keyring.fingerprint('011401533', '1111'),
    );
    expect(keyring.fingerprint('ab', 'c')).not.toBe(keyring.fingerprint('a', 'bc'));
  });

  it('stores secrets only as hashes and compares them', () => {
    const secret = generateSecret('lpsk');
    expect(secret).toMatch(/^lpsk_[A-Za-z0-9_-]{43}$/);
    const hash = hashSecret(secret);
    expect(hash).not.toContain(secret.slice(5));
    expect(secretMatchesHash(secret, hash)).toBe(true);
    expect(secretMatchesHash(`${secret}x`, hash)).toBe(false);
  });

  it('parses a master key given as base64 or hex, and nothing shorter', () => {
    expect(parseMasterKey(Buffer.alloc(32, 1).toString('base64'))).toHaveLength(32);
    expect(parseMasterKey('ab'.repeat(32))).toHaveLength(32);
    expect(parseMasterKey('too-short')).toBeUndefined();
  });
});
