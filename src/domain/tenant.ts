/** The brand a request acts for. Every domain function takes it first; every query is scoped by it. */
export interface Tenant {
  readonly brandId: string;
}
