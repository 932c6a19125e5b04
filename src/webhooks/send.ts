import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** A webhook delivery attempt takes at most this long. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** The part of a receiver's answer that is kept, for the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface SendResult {
  /** The HTTP status, or null when no answer came (refused, reset, timed out). */
  status: number | null;
  /** Why the attempt failed, in words; null on a 2xx. */
  error: string | null;
  /** The first kilobyte of the answer's body. */
  response: string;
  durationMs: number;
}

/** One POST of a webhook. Redirects are not followed: a 3xx is a failed attempt like any non-2xx. */
export interface Sender {
  post(
    url: URL,
    target: { address: string; family: 4 | 6 },
    headers: Record<string, string>,
    body: string,
  ): Promise<SendResult>;
  close(): void;
}

/** Connects to the address that was checked, whatever the name resolves to now. */
function pinnedLookup(target: { address: string; family: 4 | 6 }): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/** Reads the receiver's answer: its status, and the first kilobyte of its body for the log. */
function readAnswer(
  response: http.IncomingMessage,
  finish: (result: Omit<SendResult, 'durationMs'>) => void,
): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  response.on('data', (chunk: Buffer) => {
    if (kept < RESPONSE_EXCERPT_BYTES) chunks.push(chunk.subarray(0, RESPONSE_EXCERPT_BYTES - kept));
    kept += chunk.length;
  });
  response.on('end', () => {
    const status = response.statusCode ?? 0;
    const ok = status >= 200 && status < 300;
    finish({
      status,
      error: ok ? null : status >= 300 && status < 400 ? `redirect ${status} not followed` : `HTTP ${status}`,
      response: Buffer.concat(chunks).toString('utf8'),
    });
  });
  response.on('error', (error) =>
    finish({ status: response.statusCode ?? null, error: error.message, response: '' }),
  );
}

/** Sends with kept-alive connections, one pool per scheme. */
export function createSender(options: { timeoutMs?: number } = {}): Sender {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
  return {
    post(url, target, headers, body) {
      const started = performance.now();
      const transport = url.protocol === 'https:' ? https : http;
      return new Promise<SendResult>((resolve) => {
        let settled = false;
        const finish = (result: Omit<SendResult, 'durationMs'>) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ ...result, durationMs: Math.round(performance.now() - started) });
        };
        const request = transport.request(
          url,
          {
            method: 'POST',
            agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'],
            lookup: pinnedLookup(target),
            headers: {
              ...headers,
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body)),
              'user-agent': 'Linkport-Webhooks/1',
            },
          },
          (response) => readAnswer(response, finish),
        );
        const timer = setTimeout(
          () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
        request.on('error', (error) => finish({ status: null, error: error.message, response: '' }));
        request.end(body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
