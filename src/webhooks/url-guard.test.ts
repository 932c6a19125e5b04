import { describe, expect, it } from 'vitest';
import { checkUrlShape, isPublicAddress, resolveSafely, type UrlPolicy } from './url-guard.js';

const resolver =
  (answers: Record<string, string[]>) =>
  async (host: string): Promise<{ address: string; family: number }[]> => {
    const found = answers[host];
    if (!found) throw new Error('ENOTFOUND');
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('where webhooks may go', () => {
  it('tells public addresses from private, loopback, link-local, metadata and reserved ones', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '198.51.100.7',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('outside local development: https only, on names that resolve to public addresses only', async () => {
    const policy: UrlPolicy = {
      allowPrivate: false,
      resolve: resolver({
        'hooks.example.com': ['93.184.216.34'],
        'evil.example': ['169.254.169.254'],
        'split.example': ['93.184.216.34', '10.0.0.7'],
      }),
    };
    expect(() => checkUrlShape('http://hooks.example.com/x', policy)).toThrow('must be an https URL');
    expect(() => checkUrlShape('https://user:pw@hooks.example.com/x', policy)).toThrow(
      'user name or password',
    );
    expect(() => checkUrlShape('hooks.example.com/x', policy)).toThrow('absolute URL');
    await expect(resolveSafely(new URL('https://hooks.example.com/x'), policy)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
    await expect(resolveSafely(new URL('https://evil.example/x'), policy)).rejects.toThrow(
      'resolves to 169.254.169.254, which is not a public address',
    );
    await expect(resolveSafely(new URL('https://split.example/x'), policy)).rejects.toThrow('10.0.0.7');
    await expect(resolveSafely(new URL('https://127.0.0.1/x'), policy)).rejects.toThrow(
      'not a public address',
    );
    await expect(resolveSafely(new URL('https://[::1]/x'), policy)).rejects.toThrow('not a public address');
    await expect(resolveSafely(new URL('https://nowhere.example/x'), policy)).rejects.toThrow(
      'does not resolve',
    );
    // The machine's own resolver: localhost is loopback.
    await expect(resolveSafely(new URL('https://localhost/x'), { allowPrivate: false })).rejects.toThrow(
      'not a public address',
    );
  });

  it('in local development allows http and loopback', async () => {
    const policy: UrlPolicy = { allowPrivate: true };
    expect(checkUrlShape('http://127.0.0.1:9000/x', policy).port).toBe('9000');
    await expect(resolveSafely(new URL('http://localhost:9000/x'), policy)).resolves.toMatchObject({
      address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) as unknown,
    });
  });
});
