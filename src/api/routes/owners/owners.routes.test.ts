import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/app.js';
import { testDatabases } from '../../../../test/support/databases.js';
import { API_KEY_CACHE_TTL_MS } from '../../../domain/access/key-auth.js';
import { createManualClock } from '../../../lib/clock.js';

const ada = {
  first_name: 'Ada',
  middle_name: 'King',
  last_name: 'Lovelace',
  date_of_birth: '1985-12-10',
  email: ' Ada@Example.com ',
  phone: '(415) 555-0123',
  address: { address_line_1: '12 Main St', city: 'San Francisco', state: 'ca', zip_code: '94103' },
};

describe.each(testDatabases)('owners over HTTP on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

  it('lets a new brand create a customer and read it back, and hides it from another brand', async () => {
    const acme = await server.createBrand('Acme');
    const globex = await server.createBrand('Globex');

    const created = await post('/api/v0.1/customers', acme.headers, ada);
    expect(created.status).toBe(201);
    const customer = (await created.json()) as Record<string, unknown>;
    expect(customer).toMatchObject({
      first_name: 'Ada',
      middle_name: 'King',
      last_name: 'Lovelace',
      date_of_birth: '1985-12-10',
      email: 'ada@example.com',
      phone: '+14155550123',
      address: {
        address_line_1: '12 Main St',
        address_line_2: null,
        city: 'San Francisco',
        state: 'CA',
        zip_code: '94103',
        country: 'US',
      },
    });
    expect(customer.customer_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(customer.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);

    const read = await get(`/api/v0.1/customers/${customer.customer_id}`, acme.headers);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(customer);

    const foreign = await get(`/api/v0.1/customers/${customer.customer_id}`, globex.headers);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({
      Status: 404,
      Code: 'not_found',
      Type: 'Request Error',
      Message: 'Customer not found.',
    });

    const globexList = (await (await get('/api/v0.1/customers', globex.headers)).json()) as {
      data: unknown[];
    };
    expect(globexList.data).toEqual([]);
  });

  it('answers missing, unknown and wrong credentials with the same 401 body', async () => {
    const brand = await server.createBrand();
    const attempts: Record<string, string>[] = [
      {},
      { identity: brand.headers.identity ?? '' },
      { identity: '01890000-0000-7000-8000-000000000000', authorization: brand.headers.authorization ?? '' },
      { identity: brand.headers.identity ?? '', authorization: 'lpsk_wrong' },
    ];
    const bodies = [];
    for (const headers of attempts) {
      const res = await get('/api/v0.1/customers', headers);
      expect(res.status).toBe(401);
      const { RequestId, ...body } = (await res.json()) as Record<string, unknown>;
      expect(RequestId).toBe(res.headers.get('x-request-id'));
      bodies.push(body);
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ Status: 401, Code: 'unauthorized' });
  });

  it('names every bad field, including unknown fields and fields of the wrong type', async () => {
    const { headers } = await server.createBrand();
    const res = await post('/api/v0.1/customers', headers, {
      first_name: 42,
      date_of_birth: '1990-02-30',
      phone: 'call me',
      address: { address_line_1: '1 Main', city: 'SF', state: 'ZZ', zip_code: '123' },
      favourite_colour: 'blue',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { Message: string; Code: string };
    expect(body.Code).toBe('validation_error');
    for (const field of [
      'first_name',
      'last_name: is required',
      'date_of_birth',
      'phone',
      'address.state',
      'address.zip_code',
      'favourite_colour',
    ]) {
      expect(body.Message).toContain(field);
    }
    const list = (await (await get('/api/v0.1/customers', headers)).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(0);
  });

  it('creates businesses with a normalised EIN, Pay-by-Bank users and profiles', async () => {
    const { headers } = await server.createBrand();
    const business = await post('/api/v0.1/businesses', headers, {
      legal_business_name: 'Acme Widgets LLC',
      ein: '123456789',
    });
    expect(business.status).toBe(201);
    const b = (await business.json()) as Record<string, unknown>;
    expect(b).toMatchObject({
      legal_business_name: 'Acme Widgets LLC',
      dba_business_name: null,
      ein: '12-3456789',
    });
    expect((await get(`/api/v0.1/businesses/${b.business_id}`, headers)).status).toBe(200);
    // An id of one kind is not found under another kind.
    expect((await get(`/api/v0.1/customers/${b.business_id}`, headers)).status).toBe(404);

    const pbb = (await (await post('/api/v0.1/pbb_users', headers, ada)).json()) as Record<string, unknown>;
    expect(pbb.pbb_user_id).toBeTypeOf('string');
    const profile = await post('/profiles', headers, ada);
    expect(profile.status).toBe(201);
    const p = (await profile.json()) as Record<string, unknown>;
    expect((await get(`/profiles/${p.profile_id}`, headers)).status).toBe(200);
  });

  it('pages through a list with limit and starting_after', async () => {
    const { headers } = await server.createBrand();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post('/api/v0.1/customers', headers, { ...ada, first_name: `Person${i}` });
      ids.push(((await res.json()) as { customer_id: string }).customer_id);
    }
    const first = (await (await get('/api/v0.1/customers?limit=2', headers)).json()) as {
      data: { customer_id: string }[];
      has_more: boolean;
    };
    expect(first.data.map((c) => c.customer_id)).toEqual(ids.slice(0, 2));
    expect(first.has_more).toBe(true);
    const last = (await (
      await get(`/api/v0.1/customers?limit=2&starting_after=${ids[3]}`, headers)
    ).json()) as typeof first;
    expect(last.data.map((c) => c.customer_id)).toEqual(ids.slice(4));
    expect(last.has_more).toBe(false);
    const bad = await get('/api/v0.1/customers?limit=0', headers);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { Message: string }).Message).toContain('limit');
  });
});

describe('brand credentials', () => {
  it('stop working once revoked, within the key cache lifetime', async () => {
    const clock = createManualClock(new Date());
    const database = testDatabases[0] as (typeof testDatabases)[0];
    const server = await startTestServer(database, { overrides: { clock } });
    try {
      const { headers } = await server.createBrand();
      const list = () => fetch(`${server.url}/api/v0.1/customers`, { headers });
      expect((await list()).status).toBe(200);
      await server.container.store.db
        .updateTable('api_keys')
        .set({ revoked_at: clock.now().toISOString() })
        .execute();
      clock.advance(API_KEY_CACHE_TTL_MS);
      expect((await list()).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
