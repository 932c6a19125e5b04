/**
 * The databases `npm run bench` measures on: SQLite always, and PostgreSQL (a fresh database each
 * run, dropped afterwards) when one is reachable. `--database sqlite|postgres|both` chooses
 * (default both); PostgreSQL is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  /** DATABASE_URL for Linkport; none means a SQLite file in the run's data directory. */
  url?: string;
  drop(): Promise<void>;
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function freshPostgres(baseUrl: string): Promise<BenchDatabase> {
  const name = `linkport_bench_${randomBytes(4).toString('hex')}`;
  await withClient(baseUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    drop: () =>
      withClient(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(
        () => undefined,
      ),
  };
}

export async function benchDatabases(argv: string[]): Promise<{
  names: string[];
  open: Array<() => Promise<BenchDatabase>>;
  skipped?: string;
}> {
  const flag = argv.indexOf('--database');
  const wanted = flag >= 0 ? argv[flag + 1] : 'both';
  if (!['sqlite', 'postgres', 'both'].includes(wanted ?? ''))
    throw new Error(`--database must be sqlite, postgres or both, not ${String(wanted)}`);
  const sqlite = async (): Promise<BenchDatabase> => ({ kind: 'sqlite', drop: async () => undefined });
  if (wanted === 'sqlite') return { names: ['sqlite'], open: [sqlite] };
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_PG;
  const reachable = await withClient(pgUrl, (c) => c.query('select 1')).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (reachable !== undefined) {
    const skipped = `PostgreSQL at ${new URL(pgUrl).host} is unreachable (${reachable}); set BENCH_DATABASE_URL`;
    if (wanted === 'postgres') throw new Error(skipped);
    console.error(`bench: ${skipped}; measuring SQLite only`);
    return { names: ['sqlite'], open: [sqlite], skipped };
  }
  const postgres = () => freshPostgres(pgUrl);
  return wanted === 'postgres'
    ? { names: ['postgres'], open: [postgres] }
    : { names: ['sqlite', 'postgres'], open: [sqlite, postgres] };
}
