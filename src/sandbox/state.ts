import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Clock } from '../lib/clock.js';
import { allowDirectReads } from '../lib/prepared-query.js';
import { openSqliteDatabase } from '../lib/sqlite.js';
import { SANDBOX_MIGRATIONS } from './migrations.js';
import type { ProductTables } from './product-tables.js';

/** The sandbox's own tables, in its own database file: it shares nothing with the platform's store. */
export interface SandboxDatabase extends ProductTables {
  sandbox_items: {
    item_id: string;
    client_id: string;
    access_token: string;
    institution_id: string;
    username: string;
    /** JSON array of Plaid product names the Item was linked with (and has used since). */
    products: string;
    webhook: string | null;
    login_required: number;
    days_requested: number;
    created_at: string;
    removed_at: string | null;
    /** A `user_custom` login's configuration, as JSON. */
    custom_config: string | null;
    /** JSON array of the account ids chosen at Link; null for every account of the login. */
    account_ids: string | null;
    /** When the Item's transactions were last brought up to date (Item status); null without them. */
    transactions_updated_at: string | null;
  };
  /**
   * A Link session: one run of the Link flow on a link token, from `open()` to onSuccess or onExit.
   * The login it holds (username, MFA progress, the Item id its accounts derive from) is what the
   * Item is created from when the user picks accounts.
   */
  sandbox_link_sessions: {
    link_session_id: string;
    link_token: string;
    client_id: string;
    /** Plaid's exit status for where the user is (`requires_credentials`, `requires_code`, …). */
    status: string;
    institution_id: string | null;
    /** The login in progress, as JSON (see link-session.ts). */
    login: string | null;
    /** The Item being updated (update mode) or created (after the login). */
    item_id: string | null;
    oauth_state_id: string | null;
    oauth_resumed_at: string | null;
    /** The last error the user saw, as JSON: what onExit reports. */
    last_error: string | null;
    /** JSON: the item_add_result on success, the exit on exit. */
    result: string | null;
    exit: string | null;
    /** JSON array of the Link events the front end reported. */
    events: string;
    started_at: string;
    finished_at: string | null;
  };
  sandbox_link_tokens: {
    link_token: string;
    client_id: string;
    item_id: string | null;
    /** The /link/token/create request, without credentials, as JSON. */
    config: string;
    created_at: string;
    expires_at: string;
  };
  sandbox_public_tokens: {
    public_token: string;
    item_id: string;
    created_at: string;
    expires_at: string;
    exchanged_at: string | null;
  };
  sandbox_processor_tokens: {
    processor_token: string;
    item_id: string;
    account_id: string;
    processor: string;
    /** JSON array; empty means every product. */
    products: string;
    webhook: string | null;
    created_at: string;
  };
  /**
   * Each Item's transactions. Every change takes the Item's next change number, so a sync cursor is
   * simply the last change number a client has seen.
   */
  sandbox_transactions: {
    transaction_id: string;
    item_id: string;
    account_id: string;
    date: string;
    pending: number;
    /** The generated transaction, as JSON. */
    body: string;
    created_change: number;
    last_change: number;
    removed_change: number | null;
  };
  /** ES256 keys that sign webhooks; the current one has no expired_at. */
  sandbox_webhook_keys: {
    kid: string;
    private_jwk: string;
    public_jwk: string;
    created_at: string;
    expired_at: string | null;
  };
  /** Outbox of webhooks: the exact bytes to send, and the delivery schedule. */
  sandbox_webhooks: {
    id: string;
    url: string;
    body: string;
    attempts: number;
    next_attempt_at: string;
    created_at: string;
    delivered_at: string | null;
    abandoned_at: string | null;
    last_status: number | null;
    /** The Item a webhook to the Item's own URL is about (null for processor tokens' webhooks). */
    item_id: string | null;
    webhook_code: string | null;
    /** The first attempt to send it: when Plaid "fired" it, whatever the receiver answered. */
    sent_at: string | null;
  };
  /**
   * One `/signal/evaluate` (or processor) call per client transaction id: the request as it was
   * judged (canonical JSON, without credentials) and the answer, so a retry gets the same answer.
   */
  sandbox_signal_evaluations: {
    client_id: string;
    client_transaction_id: string;
    item_id: string;
    account_id: string;
    request: string;
    response: string;
    /** The ruleset's result (ACCEPT, REROUTE, REVIEW); null when no ruleset_key was given. */
    ruleset_result: string | null;
    evaluated_at: string;
  };
  /** The brand's last word on whether it initiated an evaluated transaction. */
  sandbox_signal_decisions: {
    client_id: string;
    client_transaction_id: string;
    initiated: number;
    days_funds_on_hold: number | null;
    decision_outcome: string | null;
    payment_method: string | null;
    amount_instantly_available: number | null;
    reported_at: string;
  };
  /** An ACH return of an evaluated transaction; later evaluations of its account see it. */
  sandbox_signal_returns: {
    client_id: string;
    client_transaction_id: string;
    return_code: string;
    returned_at: string | null;
    reported_at: string;
  };
}

export type SandboxDb = Kysely<SandboxDatabase>;
export type WebhookRow = SandboxDatabase['sandbox_webhooks'];
export type TransactionRow = SandboxDatabase['sandbox_transactions'];
export type ItemRow = SandboxDatabase['sandbox_items'];
export type ProcessorTokenRow = SandboxDatabase['sandbox_processor_tokens'];
export type LinkSessionRow = SandboxDatabase['sandbox_link_sessions'];
export type SignalEvaluationRow = SandboxDatabase['sandbox_signal_evaluations'];

export interface SandboxState {
  db: SandboxDb;
  clock: Clock;
  /** Counts statements that may have changed the database: caches are valid within one count. */
  writes(): number;
  close(): Promise<void>;
}

/** Opens (and migrates) the sandbox database: a file under the data directory, or `:memory:`. */
export async function openSandboxState(file: string, clock: Clock): Promise<SandboxState> {
  let writes = 0;
  const { database } = openSqliteDatabase(file, {
    onWrite: () => void writes++,
    // Test data: surviving a restart or a crash of the process is enough; no fsync per commit.
    synchronous: 'normal',
  });
  const db = new Kysely<SandboxDatabase>({ dialect: new SqliteDialect({ database }) });
  allowDirectReads(db, database);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => SANDBOX_MIGRATIONS },
    migrationTableName: 'sandbox_migrations',
    migrationLockTableName: 'sandbox_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error('sandbox migration failed', { cause: error });
  }
  return { db, clock, writes: () => writes, close: () => db.destroy() };
}

/** A JSON list this module wrote (product names, validated on the way in). */
export function parseJsonList<T extends string = string>(value: string): T[] {
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? (parsed.map(String) as T[]) : [];
}
