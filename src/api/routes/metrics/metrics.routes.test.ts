import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../../../../test/support/app.js';
import { testDatabases } from '../../../../test/support/databases.js';
import type { Metrics } from '../../../lib/metrics.js';
import { createPlaidGateway } from '../../../plaid/client/plaid-gateway.js';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from '../../../sandbox/sandbox.test-helper.js';
import { insertJob } from '../../../store/jobs.store.js';
import { buildMetricsApp } from '../../metrics-app.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** The value of the one sample line whose name and labels are exactly these. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(testDatabases)('/metrics on $name', (database) => {
  let server: TestServer;
  let sandbox: SandboxHarness;
  let headers: Record<string, string>;
  const observer: { metrics?: Metrics } = {};

  beforeAll(async () => {
    sandbox = await startSandbox();
    const observe = (endpoint: string, seconds: number, code: string | null) =>
      observer.metrics?.observePlaidCall(endpoint, seconds, code);
    server = await startTestServer(database, {
      overrides: { plaid: createPlaidGateway(sandbox.url, () => TEST_CLIENT, observe) },
    });
    observer.metrics = server.container.metrics;
    headers = (await server.createBrand()).headers;
  });
  afterAll(async () => {
    await server.close();
    await sandbox.close();
  });

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('refuses a scrape without the admin token', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ Code: 'unauthorized', Status: 401 });
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${'x'.repeat(43)}` },
    });
    expect(wrong.status).toBe(401);
  });

  it('counts requests per route pattern and errors per code', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/api/v0.1/customers`, { headers });
    await fetch(`${server.url}/api/v0.1/customers/cus_does_not_exist`, { headers });
    await fetch(`${server.url}/api/v0.1/customers`);
    const text = await scrape();
    expect(
      sample(text, 'linkport_http_requests_total{method="GET",route="/api/v0.1/customers",status="200"}'),
    ).toBe(3);
    expect(text).toMatch(
      /linkport_http_requests_total\{method="GET",route="\/api\/v0.1\/customers\/:customer_id",status="40\d"\} 1/,
    );
    expect(text).not.toContain('cus_does_not_exist');
    expect(sample(text, 'linkport_http_errors_total{code="unauthorized"}')).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'linkport_http_request_duration_seconds_count{method="GET",route="/api/v0.1/customers"}'),
    ).toBe(4);
    expect(text).toContain('linkport_process_cpu_seconds_total');
    expect(text).not.toContain(headers.authorization);

    // Counted once each, whatever the scrapes in between.
    for (let i = 0; i < 2; i++) await fetch(`${server.url}/api/v0.1/customers`, { headers });
    expect(
      sample(
        await scrape(),
        'linkport_http_requests_total{method="GET",route="/api/v0.1/customers",status="200"}',
      ),
    ).toBe(5);
  });

  it('reads the job queue and webhook deliveries from the database at scrape time', async () => {
    const now = server.container.clock.now();
    const past = new Date(now.getTime() - 90_000).toISOString();
    await insertJob(server.container.store.db, {
      id: 'job_metrics_1',
      name: 'metrics.test',
      payload: '{}',
      state: 'queued',
      attempts: 0,
      max_attempts: 3,
      run_at: past,
      lease_until: null,
      lease_owner: null,
      last_error: null,
      created_at: past,
      updated_at: past,
      finished_at: null,
    });
    const text = await scrape();
    expect(sample(text, 'linkport_jobs{name="metrics.test",state="queued"}')).toBe(1);
    expect(sample(text, 'linkport_job_oldest_due_age_seconds{name="metrics.test"}')).toBeGreaterThanOrEqual(
      89,
    );
    expect(sample(text, 'linkport_webhook_deliveries{state="retrying"}')).toBe(0);
    if (database.name === 'postgres')
      expect(sample(text, 'linkport_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
  });

  it('times Plaid calls and counts their errors per endpoint', async () => {
    await server.container.plaid.getInstitution('ins_109508');
    await expect(server.container.plaid.getInstitution('ins_nope')).rejects.toThrow();
    const text = await scrape();
    expect(
      sample(text, 'linkport_plaid_request_duration_seconds_count{endpoint="institutionsGetById"}'),
    ).toBe(2);
    expect(text).toMatch(
      /linkport_plaid_errors_total\{endpoint="institutionsGetById",error_code="[A-Z_]+"\} 1/,
    );
  });
});

describe('/metrics on a listener of its own', () => {
  it('is served there without credentials, and not on the API port', async () => {
    const database = testDatabases[0] as (typeof testDatabases)[0];
    const server = await startTestServer(database, { env: { LINKPORT_METRICS_LISTEN: '127.0.0.1:9464' } });
    const metricsApp = await buildMetricsApp(server.container.metrics);
    const url = await metricsApp.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(`${server.url}/metrics`, { headers: admin })).status).toBe(404);
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE linkport_http_requests_total counter');
    } finally {
      await metricsApp.close();
      await server.close();
    }
  });
});

describe.each(testDatabases)('/readyz on $name', (database) => {
  it('answers 503 naming the migrate step while a migration is pending', async () => {
    const server = await startTestServer(database);
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await sql`delete from kysely_migration where name = ${'0008_transfers'}`.execute(
        server.container.store.db,
      );
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { Message: string }).Message).toContain('linkport migrate');
    } finally {
      await server.close();
    }
  });
});
