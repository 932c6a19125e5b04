import { z } from 'zod';
import type { OwnerRef } from '../../domain/accounts/accounts.service.js';

/** The owner as the brand names it: `customer_id`, `business_id`, `pbb_user_id` or `profile_id`. */
export const ownerField = (owner: OwnerRef): Partial<Record<`${OwnerRef['kind']}_id`, string>> => ({
  [`${owner.kind}_id`]: owner.id,
});

/** The owner a request names (its schema lets exactly one of these through). */
export function ownerOf(body: {
  customer_id?: string | undefined;
  business_id?: string | undefined;
  pbb_user_id?: string | undefined;
}): OwnerRef {
  if (body.business_id !== undefined) return { kind: 'business', id: body.business_id };
  if (body.pbb_user_id !== undefined) return { kind: 'pbb_user', id: body.pbb_user_id };
  return { kind: 'customer', id: body.customer_id ?? '' };
}

/** An id in a request body. */
export const id = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

/** An account or a link belongs to one customer or one business. */
export const oneOwner = (b: { customer_id?: string | undefined; business_id?: string | undefined }) =>
  (b.customer_id === undefined) !== (b.business_id === undefined);
export const ONE_OWNER = {
  message: 'send exactly one of customer_id and business_id',
  path: ['customer_id'],
};
