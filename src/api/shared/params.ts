import { z } from 'zod';

/** Every brand route's security: the two headers of seed 000. */
export const brandSecurity = [{ Identity: [], Authorization: [] }];

/** A path id: bounded, so an absurd one is a 400 naming the parameter, not a query. */
export const idParam = z.string().min(1).max(128);

/** Linking and money-moving POSTs: a replay with the same key answers the first response. */
export const idempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'A replay with the same key and body answers the first response; a concurrent one waits for it (409 idempotency_key_in_use with Retry-After if it takes over 30 s); another body is a 422.',
    ),
});
