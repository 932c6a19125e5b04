import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../../../../test/support/app.js';
import { testDatabases } from '../../../../test/support/databases.js';
import { createManualClock } from '../../../lib/clock.js';

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

const admin: Headers = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const ada = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  date_of_birth: '1985-12-10',
  email: 'ada@example.com',
  phone: '(415) 555-0123',
  address: { address_line_1: '12 Main St', city: 'San Francisco', state: 'CA', zip_code: '94103' },
};

describe.each(testDatabases)('API keys, scopes and the audit log on $name', (database) => {
  const clock = createManualClock(new Date());
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database, { overrides: { clock } });
  });
  afterAll(() => server.close());

  async function send(method: string, path: string, headers: Headers, body?: unknown) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }
  const keyHeaders = (created: Json): Headers => ({
    identity: String(created.identity),
    authorization: String(created.secret),
    'content-type': 'application/json',
  });
  const adminKey = async (brandId: string, body: Json) => {
    const res = await send('POST', `/admin/brands/${brandId}/keys`, admin, body);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('works with two keys side by side, and refuses a revoked one with the 401 of an unknown one', async () => {
    const brand = await server.createBrand('Acme');
    const second = await adminKey(brand.brandId, { name: 'Rotation' });
    expect(second).toMatchObject({
      name: 'Rotation',
      scopes: null,
      read_only: false,
      created_by: 'bootstrap',
    });
    const both = [brand.headers, keyHeaders(second)];
    for (const headers of both) expect((await send('GET', '/api/v0.1/customers', headers)).status).toBe(200);

    await server.container.access.auth.flush();
    const listed = await send('GET', '/api/v0.1/api_keys', keyHeaders(second));
    const keys = listed.body.data as Json[];
    expect(keys.map((k) => k.name)).toEqual(['Initial key', 'Rotation']);
    expect(keys.every((k) => typeof k.last_used_at === 'string' && !('secret' in k))).toBe(true);

    const revoked = await send('DELETE', `/api/v0.1/api_keys/${brand.headers.identity}`, keyHeaders(second));
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    const refused = await send('GET', '/api/v0.1/customers', brand.headers);
    const unknown = await send('GET', '/api/v0.1/customers', { ...brand.headers, identity: 'no-such-key' });
    expect(refused.status).toBe(401);
    expect({ ...refused.body, RequestId: '' }).toEqual({ ...unknown.body, RequestId: '' });
    expect((await send('GET', '/api/v0.1/customers', keyHeaders(second))).status).toBe(200);
  });

  it('refuses an expired key', async () => {
    const brand = await server.createBrand('Acme');
    const expiresAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const shortLived = keyHeaders(await adminKey(brand.brandId, { name: 'Short', expires_at: expiresAt }));
    expect((await send('GET', '/api/v0.1/customers', shortLived)).status).toBe(200);
    clock.advance(3_600_000);
    expect((await send('GET', '/api/v0.1/customers', shortLived)).status).toBe(401);
    const past = await send('POST', `/admin/brands/${brand.brandId}/keys`, admin, {
      name: 'Past',
      expires_at: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect(past.body.Message).toContain('expires_at');
  });

  it('keeps a read-only key to GET and a links key out of transfers, naming the scope it lacks', async () => {
    const brand = await server.createBrand('Acme');
    const reader = keyHeaders(await adminKey(brand.brandId, { name: 'Reader', read_only: true }));
    expect((await send('GET', '/api/v0.1/customers', reader)).status).toBe(200);
    const write = await send('POST', '/api/v0.1/customers', reader, ada);
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ Status: 403, Code: 'insufficient_scope', Scope: 'write' });
    expect(write.body.Message).toContain('write');

    const links = keyHeaders(await adminKey(brand.brandId, { name: 'Links', scopes: ['links'] }));
    const transfer = await send('POST', '/api/v0.1/transfers', { ...links, 'idempotency-key': 'k1' }, {});
    expect(transfer.status).toBe(403);
    expect(transfer.body).toMatchObject({ Code: 'insufficient_scope', Scope: 'transfers' });
    expect((await send('GET', '/api/v0.1/customers', links)).body.Scope).toBe('owners');

    const keysOnly = keyHeaders(await adminKey(brand.brandId, { name: 'Keys', scopes: ['api_keys'] }));
    const wider = await send('POST', '/api/v0.1/api_keys', keysOnly, { name: 'Everything' });
    expect(wider.status).toBe(403);
    const bad = await send('POST', '/api/v0.1/api_keys', brand.headers, { name: 'X', scopes: ['money'] });
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toContain('scopes');
  });

  it('lists each change with its actor and request id, and never another brand entries', async () => {
    const acme = await server.createBrand('Acme');
    const globex = await server.createBrand('Globex');
    const requestId = 'req-audit-0001';
    const customer = await send(
      'POST',
      '/api/v0.1/customers',
      { ...acme.headers, 'x-request-id': requestId },
      ada,
    );
    expect(customer.status).toBe(201);
    const made = await send('POST', '/api/v0.1/api_keys', acme.headers, { name: 'CI', scopes: ['links'] });
    await send('DELETE', `/api/v0.1/api_keys/${String(made.body.api_key_id)}`, acme.headers);

    const log = await send('GET', '/api/v0.1/audit_log', acme.headers);
    const entries = log.body.data as Json[];
    expect(entries.map((e) => e.action)).toEqual([
      'api_key.revoked',
      'api_key.created',
      'customer.created',
      'api_key.created',
      'brand.created',
    ]);
    expect(entries[2]).toMatchObject({
      actor_type: 'api_key',
      actor_id: acme.headers.identity,
      object_type: 'customer',
      object_id: customer.body.customer_id,
      request_id: requestId,
      source_address: '127.0.0.1',
    });
    expect(entries[4]).toMatchObject({ actor_type: 'admin_token', actor_id: 'bootstrap' });
    expect(JSON.stringify(entries)).not.toContain(String(made.body.secret));

    const byActor = await send(
      'GET',
      `/api/v0.1/audit_log?actor_id=${acme.headers.identity}&limit=1`,
      acme.headers,
    );
    expect((byActor.body.data as Json[]).map((e) => e.action)).toEqual(['api_key.revoked']);
    expect(byActor.body.has_more).toBe(true);

    const foreign = await send('DELETE', `/api/v0.1/api_keys/${acme.headers.identity}`, globex.headers);
    expect(foreign.status).toBe(404);
    const theirs = await send('GET', '/api/v0.1/audit_log', globex.headers);
    expect((theirs.body.data as Json[]).every((e) => e.brand_id === globex.brandId)).toBe(true);
    const probe = `/api/v0.1/audit_log?object_id=${String(customer.body.customer_id)}`;
    expect((await send('GET', probe, globex.headers)).body.data).toEqual([]);
    const operator = await send('GET', `/admin/audit_log?brand_id=${acme.brandId}`, admin);
    expect((operator.body.data as Json[]).length).toBe(5);
  });

  it('attributes admin actions to named admin tokens, which stop working once revoked', async () => {
    const created = await send('POST', '/admin/tokens', admin, { name: 'alice' });
    expect(created.status).toBe(201);
    const alice: Headers = {
      authorization: `Bearer ${String(created.body.token)}`,
      'content-type': 'application/json',
    };
    const brand = await send('POST', '/admin/brands', alice, { name: 'Initech' });
    expect(brand.status).toBe(201);
    const integration = `/admin/brands/${String(brand.body.brand_id)}/integrations/plaid`;
    expect((await send('PUT', integration, alice, { enabled: true })).status).toBe(200);
    const log = await send('GET', `/admin/audit_log?object_id=${String(brand.body.brand_id)}`, admin);
    expect((log.body.data as Json[]).map((e) => [e.action, e.actor_id])).toEqual([
      ['brand.plaid_integration_set', 'alice'],
      ['brand.created', 'alice'],
    ]);
    expect((await send('POST', '/admin/tokens', admin, { name: 'alice' })).status).toBe(409);
    await send('DELETE', `/admin/tokens/${String(created.body.admin_token_id)}`, admin);
    expect((await send('POST', '/admin/brands', alice, { name: 'Late' })).status).toBe(401);
  });

  it('deletes entries past the retention', async () => {
    const brand = await server.createBrand('Acme');
    clock.advance(2 * 24 * 3_600_000);
    expect(await server.container.access.audit.prune(1)).toBeGreaterThan(0);
    expect((await send('GET', '/api/v0.1/audit_log', brand.headers)).body.data).toEqual([]);
  });
});
