/**
 * Row types as the application sees them. Timestamps are ISO-8601 UTC strings on both databases
 * (PostgreSQL `timestamptz` is parsed back to ISO in db.ts), flags are 0/1 integers, JSON is text.
 */

export interface BrandsTable {
  id: string;
  name: string;
  created_at: string;
}

/** An API credential pair: `id` is the public Identity; only a hash of the secret is kept. */
export interface ApiKeysTable {
  id: string;
  brand_id: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
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

export interface Database {
  brands: BrandsTable;
  api_keys: ApiKeysTable;
  owners: OwnersTable;
  jobs: JobsTable;
}
