import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../../../test/support/app.js';
import { testDatabases } from '../../../test/support/databases.js';
import { findNul } from './input-guard.js';

describe('findNul', () => {
  it('names the first string or key holding a NUL, however deep', () => {
    expect(findNul({ a: 'ok', b: ['x', { c: 'y\u0000' }] }, '')).toBe('b.1.c');
    expect(findNul({ ['k\u0000']: 1 }, '')).toBe('k\u0000');
    expect(findNul('a\u0000', '')).toBe('');
    expect(findNul({ a: 1, b: null, c: [true] }, '')).toBeUndefined();
  });
});

describe.each(testDatabases)('a NUL character in any text on $name', (database) => {
  let server: TestServer;
  let headers: Record<string, string>;
  let brandId: string;
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    server = await startTestServer(database);
    ({ headers, brandId } = await server.createBrand());
  });
  afterAll(() => server.close());

  const post = (path: string, body: unknown, as = headers) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: as, body: JSON.stringify(body) });

  const person = { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' };

  it('is a 400 naming the field on every create, and nothing is stored', async () => {
    const cases: Array<[string, unknown, string, Record<string, string>?]> = [
      ['/api/v0.1/customers', { ...person, first_name: 'A\u0000da' }, 'first_name'],
      [
        '/api/v0.1/customers',
        {
          ...person,
          address: { address_line_1: '1 Main\u0000', city: 'SF', state: 'CA', zip_code: '94103' },
        },
        'address.address_line_1',
      ],
      [
        '/api/v0.1/businesses',
        { legal_business_name: 'Acme\u0000', ein: '12-3456789' },
        'legal_business_name',
      ],
      ['/api/v0.1/pbb_users', { ...person, last_name: '\u0000' }, 'last_name'],
      ['/profiles', { ...person, middle_name: 'B\u0000' }, 'middle_name'],
      ['/admin/brands', { name: 'Evil\u0000Corp' }, 'name', admin],
      [
        `/admin/brands/${brandId}/redirects`,
        { redirect_uri: 'https://a.example/\u0000' },
        'redirect_uri',
        admin,
      ],
    ];
    for (const [path, body, field, as] of cases) {
      const res = await post(path, body, as);
      expect(res.status, path).toBe(400);
      const error = (await res.json()) as { Code: string; Message: string };
      expect(error.Code).toBe('validation_error');
      expect(error.Message).toBe(
        `Invalid request field: ${field}: must not contain the NUL character (\\u0000).`,
      );
    }
    const list = (await (await fetch(`${server.url}/api/v0.1/customers`, { headers })).json()) as {
      data: unknown[];
    };
    expect(list.data).toEqual([]);
  });

  it('is a 400 in a path or query parameter too', async () => {
    const byId = await fetch(`${server.url}/api/v0.1/customers/cus%00`, { headers });
    expect(byId.status).toBe(400);
    expect(((await byId.json()) as { Message: string }).Message).toContain('path parameter: customer_id');
    const page = await fetch(`${server.url}/api/v0.1/customers?starting_after=%00`, { headers });
    expect(page.status).toBe(400);
    expect(((await page.json()) as { Message: string }).Message).toContain('query parameter: starting_after');
  });
});
