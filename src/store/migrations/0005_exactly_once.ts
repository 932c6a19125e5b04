import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../db.js';
import { sqlIn } from './0001_foundation.js';
import { columnTypes } from './helpers.js';

/**
 * Exactly-once requests and events that no reader can skip.
 *
 * - `idempotency_requests` replaces `idempotency_keys`: a key is reserved (in progress, with a lease)
 *   before the request runs, and completed with its response in the transaction of the request's
 *   own writes. Stored responses are carried over as completed.
 * - `events.position`: the order events are read in. On SQLite one writer commits at a time, so an
 *   increasing integer is commit order. On PostgreSQL positions are taken before commit, so
 *   `tx_id` (the writing transaction's id) is kept too: a reader only reads events of transactions
 *   older than every transaction still running, in (tx_id, position) order, and so never passes an
 *   event that commits later.
 * - `events.version`: the version of the event type's payload schema it was written with.
 */
export function exactlyOnce(dialect: Dialect): Migration {
  const { timestamp } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('idempotency_requests')
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sqlIn('state', ['in_progress', 'completed'])))
        .addColumn('locked_until', timestamp)
        .addColumn('status_code', 'integer')
        .addColumn('response_body', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('completed_at', timestamp)
        .addPrimaryKeyConstraint('idempotency_requests_pk', ['brand_id', 'key'])
        .execute();
      await sql`insert into idempotency_requests
        (brand_id, key, route, request_hash, state, status_code, response_body, created_at, completed_at)
        select brand_id, key, route, request_hash, 'completed', status_code, response_body, created_at, created_at
        from idempotency_keys`.execute(db);
      await db.schema.dropTable('idempotency_keys').execute();
      await (dialect === 'postgres' ? positionsOnPostgres(db) : positionsOnSqlite(db));
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response_body', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['brand_id', 'key'])
        .execute();
      await sql`insert into idempotency_keys
        select brand_id, key, route, request_hash, status_code, response_body, created_at
        from idempotency_requests where state = 'completed'`.execute(db);
      await db.schema.dropTable('idempotency_requests').execute();
      await db.schema.dropIndex('events_brand_position_idx').ifExists().execute();
      if (dialect === 'postgres') {
        await sql`alter table events drop column tx_id, drop column position, drop column version`.execute(
          db,
        );
        await sql`drop sequence if exists events_position_seq`.execute(db);
      }
      // On SQLite the rebuilt table keeps its position column: harmless to the older code.
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see exactlyOnce()
async function positionsOnPostgres(db: Kysely<any>): Promise<void> {
  await sql`create sequence events_position_seq`.execute(db);
  await sql`alter table events add column position bigint`.execute(db);
  // Existing events keep their order (ids are time-ordered); new ones take the sequence.
  await sql`update events set position = ordered.n
    from (select id, row_number() over (order by id) as n from events) as ordered
    where events.id = ordered.id`.execute(db);
  await sql`select setval('events_position_seq', coalesce((select max(position) from events), 0) + 1, false)`.execute(
    db,
  );
  await sql`alter table events
    alter column position set default nextval('events_position_seq'),
    alter column position set not null,
    add column tx_id xid8 not null default pg_current_xact_id(),
    add column version integer not null default 1`.execute(db);
  await sql`alter sequence events_position_seq owned by events.position`.execute(db);
  await db.schema
    .createIndex('events_brand_position_idx')
    .on('events')
    .columns(['brand_id', 'tx_id', 'position'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see exactlyOnce()
async function positionsOnSqlite(db: Kysely<any>): Promise<void> {
  // SQLite cannot add an autoincrementing column: the table is rebuilt, rows copied in id order.
  await sql`create table events_new (
    position integer primary key autoincrement,
    id text not null unique,
    brand_id text not null references brands(id) on delete cascade,
    type text not null,
    subject_id text not null,
    data text not null,
    version integer not null default 1,
    created_at text not null
  )`.execute(db);
  await sql`insert into events_new (id, brand_id, type, subject_id, data, created_at)
    select id, brand_id, type, subject_id, data, created_at from events order by id`.execute(db);
  await sql`drop table events`.execute(db);
  await sql`alter table events_new rename to events`.execute(db);
  await db.schema
    .createIndex('events_brand_position_idx')
    .on('events')
    .columns(['brand_id', 'position'])
    .execute();
}
