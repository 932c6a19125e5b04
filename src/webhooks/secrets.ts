import { randomBytes } from 'node:crypto';

/** A Standard Webhooks signing secret: `whsec_` and 24 random bytes in base64 (the key itself). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
