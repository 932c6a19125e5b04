import type {
  Commit,
  IdempotencyService,
  StoredResponse,
} from '../../domain/idempotency/idempotency.service.js';
import type { Tenant } from '../../domain/tenant.js';
import { requireTenant } from '../plugins/auth.js';

/** The parts of a route's request and reply this needs, whatever the route's schema types. */
interface IdempotentRequest {
  tenant: Tenant | null;
  headers: object;
  body: unknown;
}
interface AnyReply {
  status(code: number): { send(payload: unknown): unknown };
}

/**
 * A POST that honours `Idempotency-Key`: the domain operation runs once per key (`run` stores the
 * response through `commit`, inside its own transaction), and every request with the key gets the
 * same status and body. `present` turns the operation's result into that response.
 */
export async function replyIdempotently<R>(
  idempotency: IdempotencyService,
  request: IdempotentRequest,
  reply: AnyReply,
  route: string,
  run: (commit: Commit<R>) => Promise<R>,
  present: (result: R) => StoredResponse,
): Promise<void> {
  const key = (request.headers as Record<string, unknown>)['idempotency-key'];
  const response = await idempotency.run(
    requireTenant(request),
    typeof key === 'string' ? key : undefined,
    route,
    request.body,
    run,
    present,
  );
  reply.status(response.status).send(response.body);
}
