import type { z } from 'zod';
import type { SandboxState } from './state.js';
import { parsePlaidRequest } from './validate.js';

/** What a handler knows about the call: the state, the authenticated client, the time it arrived. */
export interface SandboxContext {
  state: SandboxState;
  clientId: string;
  now: Date;
}

export interface Endpoint {
  path: string;
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
