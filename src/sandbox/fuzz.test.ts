import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ENDPOINTS } from './app.js';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from './sandbox.test-helper.js';

/** Every endpoint served (new ones are fuzzed without being listed here), and one that is not. */
const ENDPOINTS = [...SANDBOX_ENDPOINTS.map((e) => e.path), '/no/such/endpoint'];

/** Field names the endpoints know, so generated bodies reach past the unknown-field check. */
const FIELDS = [
  'access_token',
  'public_token',
  'link_token',
  'link_session_id',
  'received_redirect_uri',
  'username',
  'password',
  'answers',
  'account_ids',
  'oauth_state_id',
  'processor_token',
  'account_id',
  'processor',
  'institution_id',
  'initial_products',
  'products',
  'country_codes',
  'client_name',
  'language',
  'user',
  'options',
  'webhook',
  'webhook_code',
  'key_id',
  'redirect_uri',
  'account_filters',
  'count',
  'offset',
  'query',
  'transactions',
];

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'access-sandbox-00000000-0000-4000-8000-000000000000',
    'processor-sandbox-x',
    'ins_109508',
    'auth',
    '',
  ),
);

/** Bodies a careless or hostile client sends: broken JSON, wrong shapes, wrong types, junk fields. */
const malformedBody = fc.oneof(
  fc.string({ maxLength: 40 }).map((text) => ({ raw: text })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ raw: JSON.stringify(value) })),
  fc
    .dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 6 })
    .map((value) => ({ raw: JSON.stringify(value) })),
  fc
    .dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 4 })
    .map((value) => ({ raw: JSON.stringify(value) })),
);

describe('sandbox fuzzing', () => {
  let sandbox: SandboxHarness;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('answers 1,000 malformed requests with Plaid-shaped 4xx errors only', async () => {
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        malformedBody,
        fc.boolean(),
        async (path, body, json) => {
          const res = await fetch(`${sandbox.url}${path}`, {
            method: 'POST',
            headers: {
              'content-type': json ? 'application/json' : 'text/plain',
              'PLAID-CLIENT-ID': TEST_CLIENT.clientId,
              'PLAID-SECRET': TEST_CLIENT.secret,
            },
            body: body.raw,
          });
          const payload = (await res.json()) as Record<string, unknown>;
          if (res.status === 200) return; // a random body can be a valid request
          errors++;
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          for (const key of ['error_type', 'error_code', 'error_message'])
            expect(typeof payload[key]).toBe('string');
          expect(payload.request_id).toMatch(/^[A-Za-z0-9]{15}$/);
        },
      ),
      { numRuns: 1000 },
    );
    // Nearly every generated body is wrong; the property must have judged error answers, not successes.
    expect(errors).toBeGreaterThan(950);
  });
});
