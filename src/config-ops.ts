import { z } from 'zod';

/**
 * The operating settings: where `/metrics` is served, the per-brand rate limit, and the log format.
 * Part of config.ts's one environment schema.
 */

const LISTEN = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/;

/** `host:port` (`[::1]:9464` for IPv6) → its parts, or undefined when it is not one. */
export function parseListen(value: string): { host: string; port: number } | undefined {
  const match = LISTEN.exec(value.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port };
}

const rate = (name: string, what: string) =>
  z.coerce
    .number({ error: `${name} must be ${what}` })
    .finite(`${name} must be ${what}`)
    .min(0, `${name} must be ${what}`);

export const opsEnvShape = {
  /**
   * `host:port`: `/metrics` is served there, without credentials, and not on the API's port. Unset:
   * `/metrics` is on the API's port and takes the admin token.
   */
  LINKPORT_METRICS_LISTEN: z
    .string()
    .trim()
    .refine(
      (v) => parseListen(v) !== undefined,
      'LINKPORT_METRICS_LISTEN must be host:port, e.g. 127.0.0.1:9464',
    )
    .optional(),
  /** Requests per second a brand may make on average; 0 (the default) turns rate limiting off. */
  LINKPORT_RATE_LIMIT_PER_SECOND: rate(
    'LINKPORT_RATE_LIMIT_PER_SECOND',
    'a number of requests per second, 0 or more',
  ).default(0),
  /** Requests a brand may make at once after being idle (the bucket's size); default twice the rate. */
  LINKPORT_RATE_LIMIT_BURST: z.coerce
    .number({ error: 'LINKPORT_RATE_LIMIT_BURST must be a whole number of requests, 1 or more' })
    .int('LINKPORT_RATE_LIMIT_BURST must be a whole number of requests, 1 or more')
    .min(1, 'LINKPORT_RATE_LIMIT_BURST must be a whole number of requests, 1 or more')
    .optional(),
  /** `auto` (the default): readable lines when stdout is a terminal, JSON otherwise. */
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'LOG_FORMAT must be auto, json or pretty' })
    .default('auto'),
};

type OpsEnv = z.output<z.ZodObject<typeof opsEnvShape>>;

export interface OpsConfig {
  /** Where `/metrics` listens on its own; undefined: on the API's port, behind the admin token. */
  metricsListen: { host: string; port: number } | undefined;
  /** Undefined when rate limiting is off. */
  rateLimit: { perSecond: number; burst: number } | undefined;
  logFormat: 'auto' | 'json' | 'pretty';
}

export function opsConfig(e: OpsEnv): OpsConfig {
  const perSecond = e.LINKPORT_RATE_LIMIT_PER_SECOND;
  return {
    metricsListen:
      e.LINKPORT_METRICS_LISTEN === undefined ? undefined : parseListen(e.LINKPORT_METRICS_LISTEN),
    rateLimit:
      perSecond > 0
        ? { perSecond, burst: e.LINKPORT_RATE_LIMIT_BURST ?? Math.max(1, Math.ceil(perSecond * 2)) }
        : undefined,
    logFormat: e.LOG_FORMAT,
  };
}
