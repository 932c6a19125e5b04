import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Answer = (received: Received) => {
  status: number;
  delayMs?: number;
  headers?: Record<string, string>;
};

/**
 * A brand's webhook endpoint on loopback. `answer` decides each response (status, and optionally a
 * delay or extra headers); by default 200 at once. Everything received is kept in order.
 */
export async function startWebhookReceiver(
  options: { host?: string; answer?: Answer } = {},
): Promise<{ url: string; received: Received[]; setAnswer(answer: Answer): void; close(): Promise<void> }> {
  const received: Received[] = [];
  let answer: Answer = options.answer ?? (() => ({ status: 200 }));
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const entry = { at: Date.now(), headers: req.headers, body };
      received.push(entry);
      const { status, delayMs = 0, headers = {} } = answer(entry);
      setTimeout(() => res.writeHead(status, headers).end('{"ok":true}'), delayMs);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}/webhooks`,
    received,
    setAnswer(next) {
      answer = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Verifies a received webhook as a brand would, with the standardwebhooks package; throws if it
 * does not. `receivedAt` is the receiver's clock (tests on a simulated clock pass it): the package
 * refuses a timestamp more than five minutes from it.
 */
export function verifyWebhook(secret: string, received: Received, receivedAt?: Date): unknown {
  const headers = {
    'webhook-id': String(received.headers['webhook-id']),
    'webhook-timestamp': String(received.headers['webhook-timestamp']),
    'webhook-signature': String(received.headers['webhook-signature']),
  };
  if (!receivedAt) return new Webhook(secret).verify(received.body, headers);
  vi.useFakeTimers({ toFake: ['Date'], now: receivedAt });
  try {
    return new Webhook(secret).verify(received.body, headers);
  } finally {
    vi.useRealTimers();
  }
}
