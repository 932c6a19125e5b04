import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/app.js';
import { testDatabases } from '../../../test/support/databases.js';

describe.each(testDatabases)('per-brand rate limits on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database, {
      env: { LINKPORT_RATE_LIMIT_PER_SECOND: '0.01', LINKPORT_RATE_LIMIT_BURST: '3' },
    });
  });
  afterAll(() => server.close());

  it('answers with RateLimit headers, then 429 with Retry-After in the platform error body', async () => {
    const { headers } = await server.createBrand('Limited');
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/api/v0.1/customers`, { headers });
      statuses.push(res.status);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(2 - i));
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200]);
    const res = await fetch(`${server.url}/api/v0.1/customers`, { headers });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ Status: 429, Code: 'rate_limited', Type: 'Request Error' });
    expect(Object.keys(body)).toEqual(['Message', 'Status', 'Code', 'Type', 'RequestId']);
    expect(body.Message).toContain('Retry after');
  });

  it('limits each brand on its own, and checks credentials first', async () => {
    const other = await server.createBrand('Other');
    expect((await fetch(`${server.url}/api/v0.1/customers`, { headers: other.headers })).status).toBe(200);
    const anonymous = await fetch(`${server.url}/api/v0.1/customers`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('ratelimit-limit')).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('rate limits off (the default)', () => {
  it('adds no headers', async () => {
    const server = await startTestServer(testDatabases[0] as (typeof testDatabases)[0]);
    try {
      const { headers } = await server.createBrand();
      const res = await fetch(`${server.url}/api/v0.1/customers`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    } finally {
      await server.close();
    }
  });
});
