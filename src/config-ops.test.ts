import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { parseListen } from './config-ops.js';

describe('operating settings', () => {
  it('reads LINKPORT_METRICS_LISTEN as host:port and names the setting when it is not one', () => {
    expect(parseListen('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseListen('9464')).toBeUndefined();
    expect(parseListen('host:70000')).toBeUndefined();
    expect(loadConfig({ LINKPORT_METRICS_LISTEN: '0.0.0.0:9464' }).ops.metricsListen).toEqual({
      host: '0.0.0.0',
      port: 9464,
    });
    expect(() => loadConfig({ LINKPORT_METRICS_LISTEN: 'nope' })).toThrow(
      /LINKPORT_METRICS_LISTEN must be host:port/,
    );
  });

  it('keeps rate limits off by default, and bursts twice the rate unless told', () => {
    expect(loadConfig({}).ops.rateLimit).toBeUndefined();
    expect(loadConfig({ LINKPORT_RATE_LIMIT_PER_SECOND: '50' }).ops.rateLimit).toEqual({
      perSecond: 50,
      burst: 100,
    });
    expect(
      loadConfig({ LINKPORT_RATE_LIMIT_PER_SECOND: '0.5', LINKPORT_RATE_LIMIT_BURST: '3' }).ops.rateLimit,
    ).toEqual({ perSecond: 0.5, burst: 3 });
    expect(() => loadConfig({ LINKPORT_RATE_LIMIT_PER_SECOND: '-1' })).toThrow(
      /LINKPORT_RATE_LIMIT_PER_SECOND/,
    );
    expect(() => loadConfig({ LINKPORT_RATE_LIMIT_BURST: '0' })).toThrow(/LINKPORT_RATE_LIMIT_BURST/);
  });
});
