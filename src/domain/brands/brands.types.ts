export interface Brand {
  id: string;
  name: string;
  createdAt: string;
}

export interface BrandCredentials {
  brand: Brand;
  /** Public key id, sent as the `Identity` header. */
  identity: string;
  /** Sent as the `Authorization` header. Shown once; only its hash is stored. */
  secret: string;
}
