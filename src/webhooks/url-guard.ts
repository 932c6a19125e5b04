import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where Linkport may send a brand's webhooks. Outside local development an endpoint must be https
 * and every address its name resolves to must be public: no private, loopback, link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT, documentation, multicast or reserved range. The
 * check runs again at each delivery, and the connection goes to the address that was checked, so
 * a name that resolves differently later (DNS rebinding) gains nothing.
 */
export interface UrlPolicy {
  /** Local development and tests: http and private addresses (loopback) allowed. */
  allowPrivate: boolean;
  /** Name resolution; Node's resolver unless a test gives another. */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
  /** Which addresses count as public; tests name one to stand for the internet. */
  isPublic?: (address: string) => boolean;
}

export class UnsafeUrl extends Error {
  override name = 'UnsafeUrl';
}

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Whether an address is on the public internet (an IPv4-mapped IPv6 address is judged as IPv4). */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return isPublicAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's form: absolute, http(s) (https outside local development), no credentials in it. */
export function checkUrlShape(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrl('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:'))
    throw new UnsafeUrl(policy.allowPrivate ? 'must be an http or https URL' : 'must be an https URL');
  if (url.username || url.password) throw new UnsafeUrl('must not carry a user name or password');
  return url;
}

/**
 * The address to connect to for this URL, checked: every address the host resolves to must be
 * public unless the policy allows private ones (one bad answer spoils the name).
 */
export async function resolveSafely(
  url: URL,
  policy: UrlPolicy,
): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await (policy.resolve ?? ((h: string) => lookup(h, { all: true, verbatim: true })))(host).catch(() => {
        throw new UnsafeUrl(`its host ${host} does not resolve`);
      });
  const first = addresses[0];
  if (!first) throw new UnsafeUrl(`its host ${host} does not resolve`);
  const isPublic = policy.isPublic ?? isPublicAddress;
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => !isPublic(a.address));
    if (bad) throw new UnsafeUrl(`resolves to ${bad.address}, which is not a public address`);
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
