import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bannerStream, createLogger, resolveLogFormat } from './logger.js';

describe('logger', () => {
  it('writes JSON lines with secrets redacted', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info(
      {
        req: { headers: { authorization: 'lpsk_topsecret', identity: 'public-id' } },
        plaid: {
          access_token: 'access-sandbox-123',
          processor_token: 'processor-sandbox-456',
          account_number: '1111222233334444',
        },
        secret: 'brand-secret',
      },
      'calling plaid',
    );
    const text = lines.join('');
    for (const secret of [
      'lpsk_topsecret',
      'access-sandbox-123',
      'processor-sandbox-456',
      '1111222233334444',
      'brand-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    const line = JSON.parse(text) as {
      msg: string;
      req: { headers: { identity: string } };
      plaid: { access_token: string };
    };
    expect(line.msg).toBe('calling plaid');
    expect(line.req.headers.identity).toBe('public-id');
    expect(line.plaid.access_token).toBe('[redacted]');
  });

  it('writes JSON unless a person watches: readable lines on a terminal, or when asked', () => {
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('keeps the start banner out of a JSON log stream', () => {
    expect(bannerStream('json')).toBe('stderr');
    expect(bannerStream('pretty')).toBe('stdout');
  });

  it('writes readable lines, redacted as the JSON is', async () => {
    const out = new PassThrough();
    const line = new Promise<string>((resolve) =>
      out.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    const logger = createLogger('info', out, 'pretty');
    logger.info({ route: '/api/v0.1/customers', access_token: 'access-sandbox-789' }, 'request');
    const text = await line;
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: request/);
    expect(text).toContain('route: "/api/v0.1/customers"');
    expect(text).not.toContain('access-sandbox-789');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });
});
