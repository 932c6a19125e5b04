import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.js';
import { deferredRequestLogger } from './request-logger.js';

/** A logger at `level` and the lines it writes, parsed, without their time. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const write = (line: string) => {
    const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
    lines.push(rest);
  };
  return { logger: createLogger(level, { write }), lines };
}

const bindings = { requestId: 'req_0123456789abcdef' };
const secretLine = { err: { message: 'boom' }, plaid: { access_token: 'access-sandbox-123' } };

describe('the deferred request logger', () => {
  it('writes, at the level in force, exactly the lines the request child writes, redacted', () => {
    for (const level of ['info', 'warn']) {
      const deferred = capture(level);
      const eager = capture(level);
      for (const { logger, lines } of [deferred, eager]) {
        const log =
          logger === deferred.logger
            ? deferredRequestLogger(logger, bindings, {})
            : logger.child(bindings, {});
        log.info({ method: 'GET', status: 200 }, 'request');
        log.warn(secretLine, 'request failed: unavailable');
        log.error({ err: new Error('hunter2') }, 'request failed');
        log.debug('not at this level');
        expect(lines.every((l) => l.requestId === bindings.requestId)).toBe(true);
      }
      expect(deferred.lines).toEqual(eager.lines);
      expect(deferred.lines.map((l) => l.msg)).toEqual([
        ...(level === 'info' ? ['request'] : []),
        'request failed: unavailable',
        'request failed',
      ]);
      expect(JSON.stringify(deferred.lines)).not.toContain('access-sandbox-123');
    }
  });

  it('follows a level set on it, and makes the child at once for a route with options of its own', () => {
    const { logger, lines } = capture('warn');
    const log = deferredRequestLogger(logger, bindings, {});
    expect(log.level).toBe('warn');
    log.level = 'debug';
    log.debug('now at debug');
    const routeLog = deferredRequestLogger(logger, bindings, { level: 'trace' });
    routeLog.trace('a route at trace');
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['now at debug', bindings.requestId],
      ['a route at trace', bindings.requestId],
    ]);
  });
});
