import path from 'node:path';
import { z } from 'zod';
import { type AchConfig, achConfig, achEnvShape, sftpIssue } from './config-ach.js';
import { parseMasterKey } from './lib/crypto.js';
import { type OpsConfig, opsConfig, opsEnvShape } from './config-ops.js';

/**
 * The only reader of process.env. One schema turns the environment (and CLI flags, which win) into a
 * frozen Config; a bad value becomes one line naming the setting and what it allows.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const PLAID_ENVS = ['local', 'sandbox', 'production'] as const;
/** Settings whose values never appear in an error message (they are, or may contain, secrets). */
const SECRET_SETTINGS = new Set([
  'LINKPORT_MASTER_KEY',
  'LINKPORT_ADMIN_TOKEN',
  'PLAID_SECRET',
  'DATABASE_URL',
]);

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be an integer from 1 to 65535` })
    .int(`${name} must be an integer from 1 to 65535`)
    .min(1, `${name} must be an integer from 1 to 65535`)
    .max(65535, `${name} must be an integer from 1 to 65535`);

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z
  .object({
    PORT: port('PORT').default(8080),
    SANDBOX_PORT: port('SANDBOX_PORT').default(8081),
    HOST: z.string().trim().min(1, 'HOST must be a host name or IP address').default('127.0.0.1'),
    LINKPORT_DATA_DIR: z
      .string()
      .trim()
      .min(1, 'LINKPORT_DATA_DIR must be a directory path')
      .default('.linkport'),
    DATABASE_URL: optionalText.refine(
      (v) => v === undefined || /^(sqlite:|postgres(ql)?:\/\/)/.test(v),
      'DATABASE_URL must start with sqlite: (sqlite:path/to/file.db or sqlite::memory:) or postgres://',
    ),
    LINKPORT_MASTER_KEY: optionalText.refine(
      (v) => v === undefined || parseMasterKey(v) !== undefined,
      'LINKPORT_MASTER_KEY must be 32 bytes, base64 (44 characters) or hex (64 characters)',
    ),
    LINKPORT_ADMIN_TOKEN: optionalText.refine(
      (v) => v === undefined || v.length >= 32,
      'LINKPORT_ADMIN_TOKEN must be at least 32 characters',
    ),
    PLAID_ENV: z
      .enum(PLAID_ENVS, { error: `PLAID_ENV must be one of ${PLAID_ENVS.join(', ')}` })
      .default('local'),
    PLAID_CLIENT_ID: optionalText,
    PLAID_SECRET: optionalText,
    LINKPORT_PUBLIC_URL: optionalText.refine(
      (v) => v === undefined || URL.canParse(v),
      'LINKPORT_PUBLIC_URL must be an absolute URL, e.g. https://linkport.example.com',
    ),
    PLAID_BASE_URL: optionalText.refine(
      (v) => v === undefined || URL.canParse(v),
      'PLAID_BASE_URL must be an absolute URL, e.g. http://127.0.0.1:8081',
    ),
    PLAID_LINK_CUSTOMIZATION_NAME: optionalText,
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
      .default('info'),
    LINKPORT_IDEMPOTENCY_LEASE_MS: z.coerce
      .number({ error: 'LINKPORT_IDEMPOTENCY_LEASE_MS must be an integer of milliseconds, 1000 or more' })
      .int('LINKPORT_IDEMPOTENCY_LEASE_MS must be an integer of milliseconds, 1000 or more')
      .min(1000, 'LINKPORT_IDEMPOTENCY_LEASE_MS must be an integer of milliseconds, 1000 or more')
      .default(30_000),
    LINKPORT_WEBHOOKS_ALLOW_PRIVATE: z
      .enum(['true', 'false'], { error: 'LINKPORT_WEBHOOKS_ALLOW_PRIVATE must be true or false' })
      .default('false'),
    LINKPORT_EVENT_RETENTION_DAYS: z.coerce
      .number({ error: 'LINKPORT_EVENT_RETENTION_DAYS must be a whole number of days, 1 or more' })
      .int('LINKPORT_EVENT_RETENTION_DAYS must be a whole number of days, 1 or more')
      .min(1, 'LINKPORT_EVENT_RETENTION_DAYS must be a whole number of days, 1 or more')
      .default(30),
    LINKPORT_AUDIT_RETENTION_DAYS: z.coerce
      .number({ error: 'LINKPORT_AUDIT_RETENTION_DAYS must be a whole number of days, 1 or more' })
      .int('LINKPORT_AUDIT_RETENTION_DAYS must be a whole number of days, 1 or more')
      .min(1, 'LINKPORT_AUDIT_RETENTION_DAYS must be a whole number of days, 1 or more')
      .default(400),
    /** Crash-consistency tests only: the point at which the process kills itself (lib/crash-point.ts). */
    LINKPORT_TEST_CRASH_POINT: optionalText,
    ...achEnvShape,
    ...opsEnvShape,
  })
  .superRefine((env, ctx) => {
    const sftp = sftpIssue(env);
    if (sftp)
      ctx.addIssue({ code: 'custom', path: [sftp.split(' ')[0] ?? 'LINKPORT_ACH_TRANSPORT'], message: sftp });
    if (env.PLAID_ENV === 'production') {
      for (const key of ['LINKPORT_MASTER_KEY', 'LINKPORT_ADMIN_TOKEN'] as const) {
        if (env[key] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${key} must be set when PLAID_ENV=production`,
          });
        }
      }
    }
    if (env.PLAID_ENV !== 'local') {
      for (const key of ['PLAID_CLIENT_ID', 'PLAID_SECRET'] as const) {
        if (env[key] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${key} must be set when PLAID_ENV=${env.PLAID_ENV}`,
          });
        }
      }
    }
  });

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  /** Port of the built-in Plaid sandbox (`linkport start` and `linkport sandbox`). */
  sandboxPort: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  masterKey: string | undefined;
  adminToken: string | undefined;
  plaid: {
    env: (typeof PLAID_ENVS)[number];
    clientId: string | undefined;
    secret: string | undefined;
    /** Where the platform's Plaid client points: PLAID_BASE_URL, else derived from PLAID_ENV. */
    baseUrl: string;
    /**
     * The Link customization Linkport's link tokens name (Account Select in one or several accounts
     * is set there at Plaid); with the built-in sandbox `account_select_multiple` by default.
     */
    linkCustomizationName: string | undefined;
  };
  logLevel: (typeof LOG_LEVELS)[number];
  /** Where Plaid reaches Linkport (its webhooks): LINKPORT_PUBLIC_URL, else the API's own address. */
  publicUrl: string;
  /**
   * How long a request holds its Idempotency-Key without renewing it (it renews while it runs): after
   * a crash, a retry with the key may run the request again this long after the last renewal.
   */
  idempotencyLeaseMs: number;
  webhooks: {
    /** http and private (loopback) endpoint addresses allowed: PLAID_ENV=local, or set explicitly. */
    allowPrivate: boolean;
  };
  /** Events (and their deliveries) are kept this many days. */
  eventRetentionDays: number;
  /** Audit log entries are kept this many days. */
  auditRetentionDays: number;
  /** Crash-consistency tests only; unset otherwise. */
  testCrashPoint: string | undefined;
  /** Money movement: the bank, its files, the transfer rules (config-ach.ts). */
  ach: AchConfig;
  /** Metrics, rate limits, log format (config-ops.ts). */
  ops: OpsConfig;
}

/** CLI flags that override settings, by setting name. */
export type ConfigOverrides = Partial<Record<keyof z.input<typeof envSchema>, string | number>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const PLAID_HOSTS = {
  sandbox: 'https://sandbox.plaid.com',
  production: 'https://production.plaid.com',
} as const;

function defaultPlaidBaseUrl(env: (typeof PLAID_ENVS)[number], host: string, sandboxPort: number): string {
  if (env !== 'local') return PLAID_HOSTS[env];
  return localUrl(host, sandboxPort);
}

/** The URL to reach a local listener at; a wildcard listen address is not one to connect to. */
function localUrl(host: string, port: number): string {
  const connectHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}`;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: url.slice('sqlite:'.length) };
  return { kind: 'postgres', url };
}

export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): Readonly<Config> {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = overrides[key as keyof ConfigOverrides] ?? env[key];
    if (value !== undefined) input[key] = value;
  }
  const result = envSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const setting = String(issue?.path[0] ?? 'configuration');
    const message = issue?.message.startsWith(setting) ? issue.message : `${setting}: ${issue?.message}`;
    const raw = SECRET_SETTINGS.has(setting) ? undefined : input[setting];
    const got = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
    throw new ConfigError(got === undefined ? message : `${message} (got ${JSON.stringify(got)})`);
  }
  const e = result.data;
  const database = parseDatabaseUrl(
    e.DATABASE_URL ?? `sqlite:${path.join(e.LINKPORT_DATA_DIR, 'linkport.db')}`,
  );
  return Object.freeze({
    port: e.PORT,
    sandboxPort: e.SANDBOX_PORT,
    host: e.HOST,
    dataDir: e.LINKPORT_DATA_DIR,
    database,
    masterKey: e.LINKPORT_MASTER_KEY,
    adminToken: e.LINKPORT_ADMIN_TOKEN,
    plaid: Object.freeze({
      env: e.PLAID_ENV,
      clientId: e.PLAID_CLIENT_ID,
      secret: e.PLAID_SECRET,
      baseUrl: e.PLAID_BASE_URL ?? defaultPlaidBaseUrl(e.PLAID_ENV, e.HOST, e.SANDBOX_PORT),
      linkCustomizationName:
        e.PLAID_LINK_CUSTOMIZATION_NAME ?? (e.PLAID_ENV === 'local' ? 'account_select_multiple' : undefined),
    }),
    logLevel: e.LOG_LEVEL,
    publicUrl: (e.LINKPORT_PUBLIC_URL ?? localUrl(e.HOST, e.PORT)).replace(/\/+$/, ''),
    idempotencyLeaseMs: e.LINKPORT_IDEMPOTENCY_LEASE_MS,
    webhooks: Object.freeze({
      allowPrivate: e.PLAID_ENV === 'local' || e.LINKPORT_WEBHOOKS_ALLOW_PRIVATE === 'true',
    }),
    eventRetentionDays: e.LINKPORT_EVENT_RETENTION_DAYS,
    auditRetentionDays: e.LINKPORT_AUDIT_RETENTION_DAYS,
    testCrashPoint: e.LINKPORT_TEST_CRASH_POINT,
    ach: achConfig(e, e.LINKPORT_DATA_DIR),
    ops: Object.freeze(opsConfig(e)),
  });
}
