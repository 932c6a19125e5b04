import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/app.js';
import { testDatabases } from '../../../test/support/databases.js';

/** Sends bytes as they are (no client would send these) and reads the answer until the server closes. */
function sendRaw(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

function parseAnswer(raw: string): { status: number; headers: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    headers: head.toLowerCase(),
    body: JSON.parse(body) as Record<string, unknown>,
  };
}

describe('requests refused before they reach a route', () => {
  let server: TestServer;
  let headers: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer(testDatabases[0] as (typeof testDatabases)[0]);
    ({ headers } = await server.createBrand());
  });
  afterAll(() => server.close());

  const errorKeys = ['Message', 'Status', 'Code', 'Type', 'RequestId'];

  it('answer a URL that does not decode, and an over-long path parameter, in the error body', async () => {
    for (const [path, status, code] of [
      ['/api/v0.1/customers/%zz', 400, 'bad_request'],
      ['/api/v0.1/customers/%c3%28', 400, 'bad_request'],
      ['/%zz', 400, 'bad_request'],
      [`/api/v0.1/customers/${'a'.repeat(1100)}`, 414, 'uri_too_long'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { headers });
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(errorKeys);
      expect(body.Code).toBe(code);
      expect(res.headers.get('x-request-id')).toBe(body.RequestId);
    }
  });

  it('answer what the HTTP parser rejects in the error body, with a request id', async () => {
    const post = (extra: string, body: string) =>
      `POST /api/v0.1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${extra}\r\n${body}`;
    const cases: Array<[string, number, string]> = [
      [post('Content-Length: abc\r\n', '{}'), 400, 'Content-Length'],
      [post('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n'), 400, 'chunked'],
      [post('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n', '{}'), 400, 'not both'],
      [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers'],
    ];
    for (const [request, status, words] of cases) {
      const answer = parseAnswer(await sendRaw(server.url, request));
      expect(answer.status).toBe(status);
      expect(Object.keys(answer.body)).toEqual(errorKeys);
      expect(String(answer.body.Message)).toContain(words);
      expect(answer.headers).toContain(`x-request-id: ${String(answer.body.RequestId).toLowerCase()}`);
    }
  });
});
