import type { z } from 'zod';
import type { SandboxState } from './state.js';
import { parsePlaidRequest } from './validate.js';

/** What a handler knows about the call: the state, the authenticated client, the time it arrived. */
export interface SandboxContext {
  state: SandboxState;
  clientId: string;
  now: Date;
  requestId: string;
}

export interface Endpoint {
  path: string;
  /**
   * `client`: the brand's API credentials (every Plaid endpoint). `link_token`: the Link front end's
   * calls, which carry a link token instead; the handler finds the client from it.
   */
  auth?: 'client' | 'link_token';
  handle(body: unknown, ctx: SandboxContext): Promise<object>;
}

/** One Plaid endpoint: its path, its request schema, and a handler that returns the body sans request_id. */
export function defineEndpoint<S extends z.ZodType>(
  path: string,
  schema: S,
  handler: (request: z.output<S>, ctx: SandboxContext) => Promise<object>,
): Endpoint {
  return { path, handle: (body, ctx) => handler(parsePlaidRequest(schema, body), ctx) };
}

/** An endpoint of the Link front end: no API credentials; the link token in the body stands for them. */
export function defineLinkEndpoint<S extends z.ZodType>(
  path: string,
  schema: S,
  handler: (request: z.output<S>, ctx: SandboxContext) => Promise<object>,
): Endpoint {
  return { ...defineEndpoint(path, schema, handler), auth: 'link_token' };
}
