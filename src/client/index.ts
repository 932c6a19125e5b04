import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** Linkport's API, typed path by path from its OpenAPI document. */
export type LinkportClient = Client<paths>;

/** The one error body every platform route answers with. */
export type LinkportError = components['schemas']['Error'];

export interface LinkportClientOptions {
  /** Where Linkport answers, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The brand's public key id, sent as the `Identity` header. */
  identity: string;
  /** The brand's secret, sent as the `Authorization` header. */
  secret: string;
  /** Another fetch (a proxy, a test double); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A client for a brand's own backend: every call carries the brand's two headers, and answers come
 * back as `{ data }` on success or `{ error }` (a {@link LinkportError}) otherwise, with the `response`.
 */
export function createLinkportClient(options: LinkportClientOptions): LinkportClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Identity: options.identity, Authorization: options.secret },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
