import { z } from 'zod';

/** Keyset paging: `?limit=&starting_after=<the last id of the page before>`. */
export const listQuerySchema = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(25),
  starting_after: z.string().min(1).max(64).optional(),
});

export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z.object({ data: z.array(item), has_more: z.boolean() }).meta({ id });
}
