import { createHash, randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from '../../sandbox/sandbox.test-helper.js';
import { signWebhookBody } from '../../sandbox/webhooks.js';
import { createPlaidGateway, type PlaidGateway } from './plaid-gateway.js';
import { PlaidFailure } from './errors.js';
import {
  createWebhookVerifier,
  KEY_LOOKUPS_PER_MINUTE,
  UNKNOWN_KEY_TTL_MS,
  WebhookRejected,
} from './webhook-verifier.js';

const body = JSON.stringify({ webhook_type: 'ITEM', webhook_code: 'ERROR', item_id: 'x' }, null, 2);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Plaid webhook verification', () => {
  let sandbox: SandboxHarness;
  let lookups: string[];
  let down: boolean;
  let verify: ReturnType<typeof createWebhookVerifier>;

  beforeEach(async () => {
    sandbox = await startSandbox();
    lookups = [];
    down = false;
    const real = createPlaidGateway(sandbox.url, () => TEST_CLIENT);
    // The real gateway against the sandbox, counting key lookups; `down` makes Plaid unreachable.
    const counting: PlaidGateway = {
      ...real,
      getWebhookVerificationKey: async (kid) => {
        lookups.push(kid);
        if (down) throw new PlaidFailure(null, null, 'connect ECONNREFUSED');
        return real.getWebhookVerificationKey(kid);
      },
    };
    verify = createWebhookVerifier(counting, sandbox.clock);
  });
  afterEach(() => sandbox.close());

  /** A well-formed signature under a key id Plaid never issued. */
  async function forged(kid: string = randomUUID()): Promise<string> {
    const { privateKey } = await generateKeyPair('ES256');
    return new SignJWT({ request_body_sha256: sha256(body) })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuedAt(Math.floor(sandbox.clock.now().getTime() / 1000))
      .sign(privateKey);
  }

  it('accepts a genuine webhook and fetches its key once', async () => {
    const genuine = await signWebhookBody(sandbox.state, body);
    await Promise.all(Array.from({ length: 5 }, () => verify(body, genuine)));
    expect(await verify(body, genuine)).toMatchObject({ webhook_code: 'ERROR' });
    expect(lookups).toHaveLength(1);
  });

  it('rejects an unknown key id as Plaid answers it, and does not ask again for a while', async () => {
    const header = await forged('kid-nobody-issued');
    await expect(verify(body, header)).rejects.toThrow(WebhookRejected);
    await expect(verify(body, header)).rejects.toThrow('Plaid knows no signing key');
    expect(lookups).toEqual(['kid-nobody-issued']);
    sandbox.clock.advance(UNKNOWN_KEY_TTL_MS + 1);
    await expect(verify(body, await forged('kid-nobody-issued'))).rejects.toThrow(WebhookRejected);
    expect(lookups).toHaveLength(2);
  });

  it('lets a flood of made-up key ids reach Plaid only so often', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, async () => verify(body, await forged())),
    );
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof WebhookRejected)).toBe(true);
    expect(lookups.length).toBe(KEY_LOOKUPS_PER_MINUTE);
  });

  it('refuses stale or mismatched tokens before asking Plaid for any key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const old = await new SignJWT({ request_body_sha256: sha256(body) })
      .setProtectedHeader({ alg: 'ES256', kid: randomUUID() })
      .setIssuedAt(Math.floor(sandbox.clock.now().getTime() / 1000) - 600)
      .sign(privateKey);
    await expect(verify(body, old)).rejects.toThrow('too old');
    await expect(verify(`${body} `, await forged())).rejects.toThrow('not the one that was signed');
    expect(lookups).toEqual([]);
  });

  it('passes Plaid being unreachable on as a PlaidFailure, not as a rejection', async () => {
    down = true;
    const genuine = await signWebhookBody(sandbox.state, body);
    await expect(verify(body, genuine)).rejects.toBeInstanceOf(PlaidFailure);
    down = false;
    await expect(verify(body, genuine)).resolves.toMatchObject({ webhook_code: 'ERROR' });
  });
});
