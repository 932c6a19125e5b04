/** Row types of the operating tables (part of schema.ts's Database). */

/** A brand's shared rate-limit bucket (PostgreSQL; see rate-limits.store.ts). */
export interface RateLimitBucketsTable {
  key: string;
  tokens: number;
  /** What the last reservation took, read back by the statement that made it. */
  last_granted: number;
  refilled_at: string;
}

/** A key the database keeps, sealed under the master key (key-material.store.ts). */
export interface KeyMaterialTable {
  name: string;
  sealed: string;
  updated_at: string;
}
