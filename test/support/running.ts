import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plaidClient } from '../../src/sandbox/sandbox.test-helper.js';
import { spawnLinkport } from './cli.js';
import { createPgSchema } from './databases.js';
import { freePort } from './net.js';

type Json = Record<string, unknown>;

/**
 * Helpers for tests that run `linkport start` as a process: its database, the process, and the
 * demo brand's API and Plaid sandbox as a brand would reach them.
 */

/** Where the process keeps its data: the data directory's SQLite file, or a scratch PostgreSQL schema. */
export interface ProcessDatabase {
  /** DATABASE_URL for the process; none means the data directory's SQLite file. */
  url?: string;
  drop(): Promise<void>;
}

const pgUrl = process.env.TEST_DATABASE_URL;

/** SQLite always; PostgreSQL (a scratch schema each) when TEST_DATABASE_URL is set. */
export const processDatabases: Array<{ name: string; database: () => Promise<ProcessDatabase> }> = [
  { name: 'sqlite', database: async () => ({ drop: async () => undefined }) },
  ...(pgUrl ? [{ name: 'postgres', database: () => scratchPostgres(pgUrl) }] : []),
];

/** A scratch schema, reached through `url` (or through `via`, e.g. a proxy's host:port). */
export async function scratchPostgres(url: string, via?: string): Promise<ProcessDatabase> {
  const scratch = await createPgSchema(url);
  const reach = new URL(url);
  if (via) reach.host = via;
  reach.searchParams.set('options', `-c search_path=${scratch.schema}`);
  return { url: reach.toString(), drop: scratch.drop };
}

/** `linkport start` on the given ports (fresh ones by default), resolved once it is serving. */
export async function startLinkport(
  dataDir: string,
  options: { env?: Record<string, string>; port?: number; sandboxPort?: number; logLevel?: string } = {},
) {
  const port = options.port ?? (await freePort());
  const sandboxPort = options.sandboxPort ?? (await freePort());
  const args = [
    'start',
    '--data-dir',
    dataDir,
    '--port',
    String(port),
    '--sandbox-port',
    String(sandboxPort),
  ];
  const running = spawnLinkport(
    [...args, '--log-level', options.logLevel ?? 'warn'],
    'PLAID-SECRET:',
    options.env,
  );
  await running.ready;
  return {
    ...running,
    port,
    sandboxPort,
    url: `http://127.0.0.1:${port}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
  };
}

/**
 * A brand's API with its headers: each call names the API's base URL and answers its status, its
 * Retry-After header and its JSON body.
 */
export function brandClient(headers: Record<string, string>) {
  return async (
    base: string,
    method: string,
    route: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { ...headers, ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Json,
    };
  };
}

/** Every item of a paged list (`data`, `has_more`, `starting_after` the last item's `idKey`). */
export async function listAll(
  send: ReturnType<typeof brandClient>,
  base: string,
  route: string,
  idKey: string,
): Promise<Json[]> {
  const items: Json[] = [];
  for (let after: string | undefined; ;) {
    const page = await send(base, 'GET', `${route}?limit=100${after ? `&starting_after=${after}` : ''}`);
    items.push(...(page.body.data as Json[]));
    if (!page.body.has_more) return items;
    after = String(items.at(-1)?.[idKey]);
  }
}

/** The demo brand's API at `base` (its credentials from the data directory). */
export function demoBrandApi(dataDir: string, base: () => string) {
  const brand = JSON.parse(readFileSync(path.join(dataDir, 'demo-brand.json'), 'utf8')) as Json;
  const headers = {
    identity: String(brand.identity),
    authorization: String(brand.secret),
    'content-type': 'application/json',
  };
  const send = brandClient(headers);
  const api = (method: string, route: string, body?: unknown, extra: Record<string, string> = {}) =>
    send(base(), method, route, body, extra);
  return { brand, headers, api };
}

/** The official plaid client on the process's sandbox, with the sandbox's client id and secret. */
export function sandboxPlaid(dataDir: string, sandboxUrl: string) {
  const client = JSON.parse(readFileSync(path.join(dataDir, 'sandbox-client.json'), 'utf8')) as Json;
  return plaidClient(sandboxUrl, {
    'PLAID-CLIENT-ID': String(client.client_id),
    'PLAID-SECRET': String(client.secret),
  });
}
