import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createQueue } from '../src/jobs/queue.js';
import { systemClock } from '../src/lib/clock.js';
import { openStore } from '../src/store/db.js';
import { migrateToLatest, pendingMigrations } from '../src/store/migrate.js';
import { linkportAsync, linkportSync, spawnLinkport } from './support/cli.js';
import { createPgSchema } from './support/databases.js';
import { freePort } from './support/net.js';
import { EFFECT_JOB } from './support/test-jobs.js';

const pgUrl = process.env.TEST_DATABASE_URL;

/** A PostgreSQL URL whose connections work in `schema`. */
function schemaUrl(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** Each test starts several processes from the TypeScript sources: minutes on a loaded machine. */
const PROCESSES_TIMEOUT_MS = 180_000;

describe.skipIf(!pgUrl)(
  'releasing onto PostgreSQL: migrate is the release step',
  { timeout: PROCESSES_TIMEOUT_MS },
  () => {
    let scratch: Awaited<ReturnType<typeof createPgSchema>>;
    let databaseUrl: string;
    let dataDir: string;
    beforeAll(async () => {
      scratch = await createPgSchema(pgUrl ?? '');
      databaseUrl = schemaUrl(pgUrl ?? '', scratch.schema);
      dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-release-'));
    });
    afterAll(async () => {
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const env = () => ({ DATABASE_URL: databaseUrl, LINKPORT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });

    it('api and worker refuse a schema that is behind, exit 2, and name the command; three migrators apply it once', async () => {
      const started = await Promise.all([
        linkportAsync(['api', '--port', String(await freePort())], env()),
        linkportAsync(['api', '--port', String(await freePort())], env()),
        linkportAsync(['worker'], env()),
      ]);
      for (const run of started) {
        expect(run.status).toBe(2);
        expect(run.stderr.trim().split('\n')).toEqual([
          expect.stringContaining('run `linkport migrate` first'),
        ]);
      }
      const migrations = await Promise.all([
        linkportAsync(['migrate'], env()),
        linkportAsync(['migrate'], env()),
        linkportAsync(['migrate'], env()),
      ]);
      expect(migrations.map((m) => m.status)).toEqual([0, 0, 0]);
      expect(migrations.filter((m) => m.stdout.startsWith('Applied'))).toHaveLength(1);
      const store = await openStore({ kind: 'postgres', url: databaseUrl });
      try {
        expect(await pendingMigrations(store)).toEqual([]);
      } finally {
        await store.close();
      }

      const port = await freePort();
      const api = spawnLinkport(['api', '--port', String(port), '--log-level', 'info'], 'api listening', {
        DATABASE_URL: databaseUrl,
        LINKPORT_DATA_DIR: dataDir,
      });
      try {
        await api.ready;
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      } finally {
        api.child.kill('SIGTERM');
      }
    });
  },
);

describe('linkport jobs', { timeout: PROCESSES_TIMEOUT_MS }, () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-jobs-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists dead jobs and retries one; a job that is not dead is refused with exit 2', async () => {
    const store = await openStore({ kind: 'sqlite', file: path.join(dataDir, 'linkport.db') });
    let id: string;
    try {
      await migrateToLatest(store);
      id = await createQueue(systemClock).enqueue(store.db, EFFECT_JOB, { n: 1 });
      await store.db
        .updateTable('jobs')
        .set({ state: 'dead', attempts: 8, last_error: 'Plaid said no\nat line 2' })
        .where('id', '=', id)
        .execute();
    } finally {
      await store.close();
    }
    const args = (more: string[]) => [...more, '--data-dir', dataDir];
    const dead = linkportSync(args(['jobs', 'list', '--state', 'dead']));
    expect(dead.status).toBe(0);
    expect(dead.stdout).toContain(`${id}  dead     test.effect  attempts 8/8`);
    expect(dead.stdout).toContain('last error: Plaid said no');
    expect(linkportSync(args(['jobs', 'retry', id])).stdout).toContain(`Job ${id} is queued again.`);
    const again = linkportSync(args(['jobs', 'retry', id]));
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('is queued; only a dead job can be retried');
    const queued = JSON.parse(linkportSync(args(['jobs', 'list', '--json'])).stdout) as Array<{
      id: string;
      state: string;
      attempts: number;
    }>;
    expect(queued).toEqual([expect.objectContaining({ id, state: 'queued', attempts: 0 })]);
    expect(linkportSync(args(['jobs', 'list', '--state', 'stuck'])).status).toBe(2);
  });
});
