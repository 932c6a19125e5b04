import type { Generated } from 'kysely';
import type { KeyMaterialTable, RateLimitBucketsTable } from './ops.schema.js';
import type { AccessVersionTable, AdminTokensTable, ApiKeysTable, AuditLogTable } from './access.schema.js';
import type { InsightJobsTable, InsightLinksTable, InsightTransactionsTable } from './insights.schema.js';
import type {
  AchBlocksTable,
  AchFilesTable,
  AchInboundFilesTable,
  AchRailTable,
  LedgerAccountsTable,
  LedgerEntriesTable,
  LedgerTransactionsTable,
  TransfersTable,
} from './transfers.schema.js';

export type * from './access.schema.js';
export type * from './insights.schema.js';
export type * from './transfers.schema.js';

/**
 * Row types as the application sees them. Timestamps are ISO-8601 UTC strings on both databases
 * (PostgreSQL `timestamptz` is parsed back to ISO in db.ts), flags are 0/1 integers, JSON is text.
 */

export interface BrandsTable {
  id: string;
  name: string;
  created_at: string;
  /** 1 once the brand enabled Linkport as a Plaid processor integration (seed 000's prerequisite). */
  plaid_integration: number;
  /** 1 when linking checks the owner against Plaid's identity data (seed 001). */
  identity_match: number;
  /** The lowest per-field score (0-100) that passes. */
  identity_match_threshold: number;
  /** The largest transfer the brand may make, in cents; null means the configured default. */
  transfer_limit_cents: number | null;
}

export type OwnerKind = 'customer' | 'business' | 'pbb_user' | 'profile';

/** Customers, businesses, Pay-by-Bank users and profiles: the parties linked accounts belong to. */
export interface OwnersTable {
  id: string;
  brand_id: string;
  kind: OwnerKind;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  legal_business_name: string | null;
  dba_business_name: string | null;
  ein: string | null;
  email: string | null;
  phone: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  country: string | null;
  created_at: string;
  updated_at: string;
}

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: string;
  lease_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A platform card account of an owner, holding a balance in integer cents. */
export interface AccountsTable {
  id: string;
  brand_id: string;
  owner_id: string;
  type: 'card';
  balance_cents: number;
  currency: string;
  created_at: string;
  updated_at: string;
}

export interface InstitutionsTable {
  id: string;
  name: string;
  /** Base64 PNG, when Plaid has one. */
  logo: string | null;
  updated_at: string;
}

export type LinkedAccountStatus = 'active' | 'login_required' | 'pending_disconnect' | 'revoked' | 'removed';

/**
 * An external bank account linked to a platform account through a Plaid processor token. Numbers
 * and the token are encrypted (`*_enc`, bound to brand, row and column); `fingerprint` is a keyed
 * HMAC of routing and account number, for duplicate detection.
 */
export interface LinkedAccountsTable {
  id: string;
  brand_id: string;
  /** The card account it is linked to; null for owners without one (profiles, Pay-by-Bank users). */
  account_id: string | null;
  owner_id: string;
  status: LinkedAccountStatus;
  verification_status: string;
  institution_id: string | null;
  bank_name: string | null;
  account_name: string | null;
  account_type: string;
  account_category: string;
  mask: string;
  routing_number_enc: string;
  account_number_enc: string;
  fingerprint: string;
  /** Null for a bank account of an Item Linkport holds (hosted linking). */
  processor_token_enc: string | null;
  /** Keyed HMAC of the processor token (null for links made before it was kept). */
  token_fingerprint: string | null;
  plaid_account_id: string;
  created_at: string;
  updated_at: string;
  removed_at: string | null;
  /** The Plaid Item Linkport holds for this account (hosted linking), else null. */
  item_id: string | null;
}

/**
 * A Plaid Item Linkport holds for an owner (hosted linking): its access token encrypted (bound to
 * brand, row and column), its health as Plaid's webhooks and `/item/get` report it.
 */
export interface PlaidItemsTable {
  id: string;
  brand_id: string;
  owner_id: string;
  plaid_item_id: string;
  institution_id: string | null;
  institution_name: string | null;
  access_token_enc: string;
  status: 'active' | 'revoked' | 'removed';
  /** 1 while the bank login needs the user (ITEM_LOGIN_REQUIRED). */
  is_login_required: number;
  /** 1 after NEW_ACCOUNTS_AVAILABLE, until the Item's accounts are chosen again. */
  new_accounts_available: number;
  created_at: string;
  updated_at: string;
  removed_at: string | null;
}

/** The OAuth redirect URIs and Android package names a brand may open Link with. */
export interface BrandRedirectsTable {
  brand_id: string;
  kind: 'redirect_uri' | 'android_package_name';
  value: string;
  created_at: string;
}

export interface EventsTable {
  /** The order events are read in (see migration 0005): commit order on SQLite. */
  position: Generated<number>;
  id: string;
  brand_id: string;
  type: string;
  subject_id: string;
  /** JSON. */
  data: string;
  /** The version of the type's payload schema (domain/events/catalog.ts). */
  version: Generated<number>;
  created_at: string;
}

/**
 * An `Idempotency-Key` of a brand: reserved (`in_progress`, leased until `locked_until`) before
 * the request runs, `completed` with its response in the same transaction as the request's writes.
 */
export interface IdempotencyRequestsTable {
  brand_id: string;
  key: string;
  route: string;
  request_hash: string;
  state: 'in_progress' | 'completed';
  locked_until: string | null;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
  completed_at: string | null;
}

/**
 * A brand's webhook endpoint. The signing secret (`whsec_…`) is sealed; during a rotation the
 * previous one keeps signing beside it until `previous_secret_expires_at`. `failing_since` is the
 * first failure of the current unbroken run of failures (null after any success).
 */
export interface WebhookEndpointsTable {
  id: string;
  brand_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types; null for every type. */
  event_types: string | null;
  disabled: number;
  disabled_reason: string | null;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export type DeliveryState = 'pending' | 'sending' | 'succeeded' | 'failed';

/** One event to one endpoint: the `webhook-id` is the event's id, the same on every attempt. */
export interface WebhookDeliveriesTable {
  id: string;
  brand_id: string;
  endpoint_id: string;
  event_id: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  lease_owner: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  /** The first kilobyte of the last response body. */
  last_response: string | null;
  last_duration_ms: number | null;
  created_at: string;
  completed_at: string | null;
}

export interface Database {
  brands: BrandsTable;
  api_keys: ApiKeysTable;
  admin_tokens: AdminTokensTable;
  access_version: AccessVersionTable;
  owners: OwnersTable;
  jobs: JobsTable;
  accounts: AccountsTable;
  institutions: InstitutionsTable;
  linked_accounts: LinkedAccountsTable;
  plaid_items: PlaidItemsTable;
  brand_redirects: BrandRedirectsTable;
  events: EventsTable;
  audit_log: AuditLogTable;
  idempotency_requests: IdempotencyRequestsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  insight_links: InsightLinksTable;
  insight_jobs: InsightJobsTable;
  insight_transactions: InsightTransactionsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  transfers: TransfersTable;
  ach_files: AchFilesTable;
  ach_rail: AchRailTable;
  ach_inbound_files: AchInboundFilesTable;
  ach_blocks: AchBlocksTable;
  rate_limit_buckets: RateLimitBucketsTable;
  key_material: KeyMaterialTable;
}
