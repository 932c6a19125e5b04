import { Webhook } from 'standardwebhooks';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The Standard Webhooks headers for one attempt: the message id (the same on every attempt and
 * redelivery, so a receiver can drop duplicates), the attempt's time, and one `v1,` signature per
 * secret in use (two while a rotation overlaps), space-separated.
 */
export function signWebhook(message: {
  id: string;
  body: string;
  at: Date;
  secrets: readonly string[];
}): SignedHeaders {
  const signatures = message.secrets.map((secret) =>
    new Webhook(secret).sign(message.id, message.at, message.body),
  );
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/** The body of every webhook: the event's type, when it happened, and its data. */
export function webhookBody(event: { type: string; createdAt: string; data: string }): string {
  return `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.createdAt)},"data":${event.data}}`;
}
