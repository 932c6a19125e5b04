import type { Generated } from 'kysely';

/** Row types of access control: API keys, admin tokens, the access version, the audit log. */

/** An API credential pair: `id` is the public Identity; only a hash of the secret is kept. */
export interface ApiKeysTable {
  id: string;
  brand_id: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
  name: Generated<string>;
  /** Written at most once a minute per key and process, off the request path. */
  last_used_at: string | null;
  expires_at: string | null;
  /** JSON array of the areas the key may reach; null is every area. */
  scopes: string | null;
  /** 1: GET only. */
  read_only: Generated<number>;
  /** Who created it: an API key id or an admin token name. */
  created_by: string | null;
}

/** A named operator token; the bootstrap token of the config is not a row. */
export interface AdminTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

/** One row: bumped when a key is revoked or narrowed, so every process's key cache drops its entries. */
export interface AccessVersionTable {
  id: number;
  version: number;
}

/** Who changed what through the API, written in the change's own transaction. No secrets. */
export interface AuditLogTable {
  id: string;
  /** Null for operator actions that concern no brand (admin tokens). */
  brand_id: string | null;
  actor_type: 'api_key' | 'admin_token';
  /** The API key id, or the admin token's name; null on entries older than the column. */
  actor_id: string | null;
  action: string;
  object_type: string;
  /** The object's id. */
  subject_id: string;
  request_id: string | null;
  source_address: string | null;
  created_at: string;
}
