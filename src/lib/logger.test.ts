import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

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
});
