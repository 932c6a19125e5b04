import { type Container, buildContainer } from '../container.js';
import { API_AREAS, type ApiArea } from '../domain/access/scopes.js';
import type { Actor } from '../domain/tenant.js';
import { AppError } from '../lib/errors.js';
import { newRequestId } from '../lib/ids.js';
import { createStderrLogger } from '../lib/logger.js';
import { configFromFlags, type ServeFlags } from './runtime.js';

/** `linkport brands keys create|list|revoke`: an operator's key management from the shell. */

/** The CLI acts as an operator named `cli` in the audit log. */
function cliActor(): Actor {
  return { type: 'admin_token', id: 'cli', requestId: newRequestId(), sourceAddress: 'local' };
}

async function withContainer(flags: ServeFlags, work: (container: Container) => Promise<void>) {
  const config = configFromFlags(flags);
  const container = await buildContainer(config, { logger: createStderrLogger(config.logLevel) });
  try {
    await container.migrate();
    await work(container);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`linkport: ${error.message}`);
    process.exitCode = 1;
  } finally {
    await container.close();
  }
}

function parseScopes(value: string | undefined): ApiArea[] | null {
  if (value === undefined) return null;
  const areas = value.split(',').map((s) => s.trim());
  const unknown = areas.find((a) => !API_AREAS.includes(a as ApiArea));
  if (unknown !== undefined)
    throw new AppError(
      'validation_error',
      `--scopes: unknown area ${unknown}; the areas: ${API_AREAS.join(', ')}`,
    );
  return areas as ApiArea[];
}

export function runBrandKeysCreate(
  flags: ServeFlags & {
    brand: string;
    name: string;
    scopes?: string;
    readOnly?: boolean;
    expiresAt?: string;
    json?: boolean;
  },
): Promise<void> {
  return withContainer(flags, async (container) => {
    const expiresAt = flags.expiresAt === undefined ? null : new Date(flags.expiresAt);
    if (expiresAt && Number.isNaN(expiresAt.getTime()))
      throw new AppError(
        'validation_error',
        '--expires-at: must be an ISO 8601 time, e.g. 2026-12-01T00:00:00Z',
      );
    const input = {
      name: flags.name,
      scopes: parseScopes(flags.scopes),
      readOnly: flags.readOnly ?? false,
      expiresAt: expiresAt?.toISOString() ?? null,
    };
    const { key, secret } = await container.access.keys.create(
      { brandId: flags.brand, actor: cliActor() },
      input,
      null,
    );
    if (flags.json) {
      console.log(JSON.stringify({ api_key_id: key.id, name: key.name, identity: key.id, secret }));
      return;
    }
    console.log(
      [
        `Created key "${key.name}" (${key.id}) for brand ${flags.brand}.`,
        'Its secret is shown once; keep it somewhere safe:',
        `  Identity:      ${key.id}`,
        `  Authorization: ${secret}`,
      ].join('\n'),
    );
  });
}

export function runBrandKeysList(flags: ServeFlags & { brand: string }): Promise<void> {
  return withContainer(flags, async (container) => {
    for (const key of await container.access.keys.list({ brandId: flags.brand })) {
      const state = key.revokedAt
        ? `revoked ${key.revokedAt}`
        : key.expiresAt
          ? `expires ${key.expiresAt}`
          : 'active';
      const scopes = `${key.scopes ? key.scopes.join(',') : 'all areas'}${key.readOnly ? ' (read-only)' : ''}`;
      console.log(`${key.id}  ${key.name}  ${scopes}  ${state}  last used ${key.lastUsedAt ?? 'never'}`);
    }
  });
}

export function runBrandKeysRevoke(keyId: string, flags: ServeFlags & { brand: string }): Promise<void> {
  return withContainer(flags, async (container) => {
    await container.access.keys.revoke({ brandId: flags.brand, actor: cliActor() }, keyId);
    console.log(`Key ${keyId} revoked; every API process refuses it within a second.`);
  });
}
