import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload, jwtVerify } from 'jose';
import type { Clock } from '../../lib/clock.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import type { PlaidGateway } from './plaid-gateway.js';
import { PlaidFailure } from './errors.js';

/** Plaid's advice: refuse a webhook whose signature is older than five minutes. */
export const WEBHOOK_MAX_AGE = '5 min';
const MAX_AGE_MS = 5 * 60_000;
/** How long Plaid's "no such key" stands before that key id is asked about again. */
export const UNKNOWN_KEY_TTL_MS = 5 * 60_000;
/** Lookups of key ids not seen before, per minute: a flood of made-up ids cannot fan out to Plaid. */
export const KEY_LOOKUPS_PER_MINUTE = 20;

const UNKNOWN_KEY_CODE = 'INVALID_WEBHOOK_VERIFICATION_KEY_ID';

/** A webhook that did not come from Plaid, or not just now, or not with this body. */
export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
}

type VerificationKey = Awaited<ReturnType<typeof importJWK>>;
interface KnownKey {
  key: VerificationKey;
  expiredAt: number | null;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sameHex(claimed: unknown, actual: string): boolean {
  return (
    typeof claimed === 'string' &&
    claimed.length === actual.length &&
    timingSafeEqual(Buffer.from(claimed), Buffer.from(actual))
  );
}

/** The header's key id, once it is an ES256 JWT. */
function keyIdOf(header: string): string {
  let decoded;
  try {
    decoded = decodeProtectedHeader(header);
  } catch {
    throw new WebhookRejected('the Plaid-Verification header is not a JWT');
  }
  if (decoded.alg !== 'ES256') throw new WebhookRejected('the signature is not ES256');
  if (!decoded.kid) throw new WebhookRejected('the signature names no key');
  return decoded.kid;
}

/**
 * What can be refused before any key is fetched: a token that is not recent, or whose body hash is
 * not this body's. A forger can pass these, but stale replays and junk cost no call to Plaid.
 */
function precheckClaims(header: string, bodyHash: string, nowMs: number): void {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(header);
  } catch {
    throw new WebhookRejected('the Plaid-Verification header is not a JWT');
  }
  const issuedMs = typeof claims.iat === 'number' ? claims.iat * 1000 : Number.NaN;
  if (!(nowMs - issuedMs <= MAX_AGE_MS && issuedMs - nowMs <= MAX_AGE_MS))
    throw new WebhookRejected('the signature does not verify, or is too old');
  if (!sameHex(claims.request_body_sha256, bodyHash))
    throw new WebhookRejected('the body is not the one that was signed');
}

/**
 * Plaid's verification keys by key id: fetched once and kept; an id Plaid does not know is
 * remembered as such for a while; lookups of new ids are rate-limited and shared while in flight.
 */
function createKeyStore(plaid: PlaidGateway, clock: Clock) {
  const keys = new Map<string, KnownKey>();
  const unknown = new TtlCache<true>(clock, UNKNOWN_KEY_TTL_MS, 10_000);
  const inFlight = new Map<string, Promise<KnownKey>>();
  let lookups = { windowStartMs: 0, count: 0 };

  function takeLookup(): boolean {
    const nowMs = clock.now().getTime();
    if (nowMs - lookups.windowStartMs >= 60_000) lookups = { windowStartMs: nowMs, count: 0 };
    lookups.count++;
    return lookups.count <= KEY_LOOKUPS_PER_MINUTE;
  }

  async function fetchKey(kid: string): Promise<KnownKey> {
    try {
      const { jwk, expiredAt } = await plaid.getWebhookVerificationKey(kid);
      const known = { key: await importJWK(jwk, 'ES256'), expiredAt };
      keys.set(kid, known);
      return known;
    } catch (error) {
      // Plaid answered that it has no such key. Anything else (down, or Linkport's own keys refused)
      // is not the sender's fault: the caller answers 503 and Plaid retries.
      if (error instanceof PlaidFailure && error.plaidCode === UNKNOWN_KEY_CODE) {
        unknown.set(kid, true);
        throw new WebhookRejected('Plaid knows no signing key with this key id');
      }
      throw error;
    }
  }

  return async function keyFor(kid: string): Promise<VerificationKey> {
    let known = keys.get(kid);
    if (!known) {
      if (unknown.get(kid)) throw new WebhookRejected('Plaid knows no signing key with this key id');
      let pending = inFlight.get(kid);
      if (!pending) {
        if (!takeLookup())
          throw new WebhookRejected('too many unknown signing key ids at once; this one was not looked up');
        pending = fetchKey(kid).finally(() => inFlight.delete(kid));
        inFlight.set(kid, pending);
      }
      known = await pending;
    }
    if (known.expiredAt !== null && known.expiredAt * 1000 <= clock.now().getTime())
      throw new WebhookRejected('the signing key has expired');
    return known.key;
  };
}

/** The signature checked with the key: ES256, recent, and over this body's hash. */
async function verifySignature(header: string, key: VerificationKey, bodyHash: string, clock: Clock) {
  let claimed: unknown;
  try {
    const { payload } = await jwtVerify(header, key, {
      algorithms: ['ES256'],
      maxTokenAge: WEBHOOK_MAX_AGE,
      currentDate: clock.now(),
    });
    claimed = payload.request_body_sha256;
  } catch {
    throw new WebhookRejected('the signature does not verify, or is too old');
  }
  if (!sameHex(claimed, bodyHash)) throw new WebhookRejected('the body is not the one that was signed');
}

/**
 * Verifies a Plaid webhook as Plaid documents it: the `Plaid-Verification` header is an ES256 JWT
 * signed by the key `/webhook_verification_key/get` serves under its `kid` (kept once fetched), at
 * most five minutes old, whose `request_body_sha256` is the hash of the exact bytes received.
 * A key id Plaid does not know is a rejection (remembered for a while); Plaid unreachable is a
 * PlaidFailure the caller answers with a 503, so that Plaid retries.
 */
export function createWebhookVerifier(plaid: PlaidGateway, clock: Clock) {
  const keyFor = createKeyStore(plaid, clock);
  return async function verify(rawBody: string, header: string | undefined): Promise<unknown> {
    if (!header) throw new WebhookRejected('no Plaid-Verification header');
    const kid = keyIdOf(header);
    const bodyHash = sha256Hex(rawBody);
    precheckClaims(header, bodyHash, clock.now().getTime());
    await verifySignature(header, await keyFor(kid), bodyHash, clock);
    try {
      return JSON.parse(rawBody) as unknown;
    } catch {
      throw new WebhookRejected('the body is not JSON');
    }
  };
}

export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;
