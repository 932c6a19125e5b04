import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import type { Clock } from '../../lib/clock.js';
import type { PlaidGateway } from './plaid-gateway.js';

/** Plaid's advice: refuse a webhook whose signature is older than five minutes. */
export const WEBHOOK_MAX_AGE = '5 min';

/** A webhook that did not come from Plaid, or not just now, or not with this body. */
export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
}

type VerificationKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * Verifies a Plaid webhook as Plaid documents it: the `Plaid-Verification` header is an ES256 JWT
 * signed by the key `/webhook_verification_key/get` serves under its `kid` (kept once fetched), at
 * most five minutes old, whose `request_body_sha256` is the hash of the exact bytes received.
 */
export function createWebhookVerifier(plaid: PlaidGateway, clock: Clock) {
  const keys = new Map<string, { key: VerificationKey; expiredAt: number | null }>();

  async function keyFor(kid: string) {
    let known = keys.get(kid);
    if (!known) {
      const { jwk, expiredAt } = await plaid.getWebhookVerificationKey(kid);
      known = { key: await importJWK(jwk, 'ES256'), expiredAt };
      keys.set(kid, known);
    }
    if (known.expiredAt !== null && known.expiredAt * 1000 <= clock.now().getTime())
      throw new WebhookRejected('the signing key has expired');
    return known.key;
  }

  return async function verify(rawBody: string, header: string | undefined): Promise<unknown> {
    if (!header) throw new WebhookRejected('no Plaid-Verification header');
    let kid: string | undefined;
    try {
      const decoded = decodeProtectedHeader(header);
      if (decoded.alg !== 'ES256') throw new WebhookRejected('the signature is not ES256');
      kid = decoded.kid;
    } catch (error) {
      if (error instanceof WebhookRejected) throw error;
      throw new WebhookRejected('the Plaid-Verification header is not a JWT');
    }
    if (!kid) throw new WebhookRejected('the signature names no key');
    const key = await keyFor(kid);
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
    const actual = createHash('sha256').update(rawBody, 'utf8').digest('hex');
    if (
      typeof claimed !== 'string' ||
      claimed.length !== actual.length ||
      !timingSafeEqual(Buffer.from(claimed), Buffer.from(actual))
    )
      throw new WebhookRejected('the body is not the one that was signed');
    try {
      return JSON.parse(rawBody) as unknown;
    } catch {
      throw new WebhookRejected('the body is not JSON');
    }
  };
}

export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;
