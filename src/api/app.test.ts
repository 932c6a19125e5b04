import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/app.js';
import { testDatabases } from '../../test/support/databases.js';
import { createLogger } from '../lib/logger.js';
import { BODY_LIMIT_BYTES } from './app.js';

describe('API conventions', () => {
  const logLines: string[] = [];
  let server: TestServer;
  let headers: Record<string, string>;

  beforeAll(async () => {
    const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
    server = await startTestServer(testDatabases[0] as (typeof testDatabases)[0], {
      overrides: { logger },
      beforeListen: (app) => {
        app.get('/api/v0.1/explode', async () => {
          throw new Error('db password hunter2 leaked in a stack');
        });
      },
    });
    headers = (await server.createBrand()).headers;
  });
  afterAll(() => server.close());

  const send = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);

  it('answers malformed JSON with a 400 in the platform error body', async () => {
    const res = await send('/api/v0.1/customers', { method: 'POST', headers, body: '{"first_name": "Ada",' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      Status: 400,
      Code: 'malformed_json',
      Type: 'Request Error',
      Message: 'Request body is not valid JSON.',
    });
  });

  it('answers a body over 1 MiB with a 413', async () => {
    const body = JSON.stringify({ first_name: 'x'.repeat(BODY_LIMIT_BYTES) });
    const res = await send('/api/v0.1/customers', { method: 'POST', headers, body });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ Status: 413, Code: 'payload_too_large' });
  });

  it('answers a body that is not JSON with a 415 naming the content type to use', async () => {
    const res = await send('/api/v0.1/customers', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { Message: string }).Message).toContain('application/json');
  });

  it('answers an unknown route with a 404 in the same body', async () => {
    const res = await send('/api/v0.1/nothing-here?x=1');
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      Message: 'No route GET /api/v0.1/nothing-here.',
      Status: 404,
      Code: 'not_found',
      Type: 'Request Error',
      RequestId: res.headers.get('x-request-id'),
    });
  });

  it('answers an unexpected error with a 500 that leaks nothing, and logs it with the request id', async () => {
    const res = await send('/api/v0.1/explode', { headers });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('stack');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ Status: 500, Code: 'internal_error', Type: 'Server Error' });
    const requestId = res.headers.get('x-request-id');
    const logged = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request failed');
    expect(logged).toMatchObject({ requestId, level: 50 });
    expect(JSON.stringify(logged)).toContain('hunter2');
  });

  it('puts a request id on every response and keeps a caller-supplied one', async () => {
    for (const path of ['/healthz', '/readyz', '/nope', '/api/v0.1/customers']) {
      const res = await send(path);
      expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    }
    const res = await send('/healthz', { headers: { 'x-request-id': 'trace-1234-abcd' } });
    expect(res.headers.get('x-request-id')).toBe('trace-1234-abcd');
  });

  it('never logs the Authorization header or a brand secret', async () => {
    await send('/api/v0.1/customers', { headers });
    const secret = headers.authorization ?? '';
    expect(secret.length).toBeGreaterThan(10);
    expect(logLines.join('\n')).not.toContain(secret);
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect(await (await send('/healthz')).json()).toEqual({ status: 'ok' });
    expect(await (await send('/readyz')).json()).toEqual({ status: 'ok' });
    const spec = (await (await send('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v0.1/customers', '/api/v0.1/customers/{customer_id}', '/profiles']),
    );
    const docs = await send('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<html');
  });
});

describe('readiness', () => {
  it('answers 503 with Retry-After when the database is gone', async () => {
    const server = await startTestServer(testDatabases[0] as (typeof testDatabases)[0]);
    await server.container.store.close();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ Code: 'unavailable', Status: 503 });
    await server.app.close();
  });
});
