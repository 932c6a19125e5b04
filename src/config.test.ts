import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const KEY = Buffer.alloc(32, 1).toString('base64');
const ADMIN = 'a'.repeat(40);

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('has embedded defaults: port 8080 on loopback, SQLite under ./.linkport, the local Plaid sandbox', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '.linkport',
      database: { kind: 'sqlite', file: '.linkport/linkport.db' },
      sandboxPort: 8081,
      plaid: { env: 'local', baseUrl: 'http://127.0.0.1:8081' },
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('selects PostgreSQL from a postgres:// URL and lets overrides (CLI flags) win over the environment', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/linkport', PORT: '9000' }, { PORT: '9100' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db/linkport' });
    expect(config.port).toBe(9100);
  });

  it('points the Plaid client at real Plaid outside local mode, unless PLAID_BASE_URL says otherwise', () => {
    const keys = { PLAID_CLIENT_ID: 'id', PLAID_SECRET: 'secret' };
    expect(loadConfig({ ...keys, PLAID_ENV: 'sandbox' }).plaid.baseUrl).toBe('https://sandbox.plaid.com');
    expect(loadConfig({ HOST: '0.0.0.0', SANDBOX_PORT: '9999' }).plaid.baseUrl).toBe('http://127.0.0.1:9999');
    expect(loadConfig({ PLAID_BASE_URL: 'http://10.0.0.5:8081' }).plaid.baseUrl).toBe('http://10.0.0.5:8081');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer from 1 to 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'PORT must be an integer from 1 to 65535 (got "70000")'],
    [{ PLAID_ENV: 'staging' }, 'PLAID_ENV must be one of local, sandbox, production (got "staging")'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with sqlite:'],
    [{ PLAID_BASE_URL: 'not a url' }, 'PLAID_BASE_URL must be an absolute URL'],
  ])('rejects %o with one line naming the setting', (env, message) => {
    const text = errorOf(env);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });

  it('has the simulated bank by default, and needs every SFTP setting for the SFTP transport', () => {
    const ach = loadConfig({}).ach;
    expect(ach).toMatchObject({
      bank: 'simulated',
      sftp: undefined,
      holdDays: 2,
      dir: path.join('.linkport', 'ach'),
    });
    expect(errorOf({ LINKPORT_ACH_TRANSPORT: 'sftp' })).toContain(
      'LINKPORT_ACH_SFTP_HOST must be set when LINKPORT_ACH_TRANSPORT=sftp',
    );
    expect(errorOf({ LINKPORT_ACH_BANK: 'real' })).toContain(
      'LINKPORT_ACH_BANK must be simulated or external',
    );
    expect(errorOf({ LINKPORT_TRANSFER_HOLD_DAYS: '-1' })).toContain('LINKPORT_TRANSFER_HOLD_DAYS');
    expect(errorOf({ LINKPORT_ACH_ODFI_ROUTING: '12345' })).toContain('nine-digit routing number');
  });

  it('never echoes a secret setting in the error', () => {
    const text = errorOf({ LINKPORT_MASTER_KEY: 'hunter2-short' });
    expect(text).toContain('LINKPORT_MASTER_KEY must be 32 bytes');
    expect(text).not.toContain('hunter2');
    expect(errorOf({ DATABASE_URL: 'mysql://root:pw@x/db' })).not.toContain('pw@');
  });

  it('refuses production-looking settings without a master key, an admin token and Plaid keys', () => {
    const base = { PLAID_ENV: 'production', PLAID_CLIENT_ID: 'id', PLAID_SECRET: 'secret' };
    expect(errorOf(base)).toContain('LINKPORT_MASTER_KEY must be set when PLAID_ENV=production');
    expect(errorOf({ ...base, LINKPORT_MASTER_KEY: KEY })).toContain(
      'LINKPORT_ADMIN_TOKEN must be set when PLAID_ENV=production',
    );
    expect(errorOf({ PLAID_ENV: 'sandbox' })).toContain('PLAID_CLIENT_ID must be set when PLAID_ENV=sandbox');
    expect(loadConfig({ ...base, LINKPORT_MASTER_KEY: KEY, LINKPORT_ADMIN_TOKEN: ADMIN }).plaid.env).toBe(
      'production',
    );
  });

  it('stops the CLI with exit code 2 and one line, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], {
      env: { ...process.env, PORT: 'abc', DATABASE_URL: 'sqlite::memory:' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('linkport: PORT must be an integer from 1 to 65535 (got "abc")');
  });
});
