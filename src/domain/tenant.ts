/**
 * Who made a request, for the audit log: an API key (by id) or an operator's admin token (by name),
 * with the request id and the caller's address. Holds no secret.
 */
export interface Actor {
  readonly type: 'api_key' | 'admin_token';
  readonly id: string;
  readonly requestId: string;
  readonly sourceAddress: string;
}

/** The brand a request acts for. Every domain function takes it first; every query is scoped by it. */
export interface Tenant {
  readonly brandId: string;
  /** Present on requests made through the API: every change they make is audited with it. */
  readonly actor?: Actor;
}
