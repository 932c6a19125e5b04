/** A brand's webhook endpoint, as the domain hands it out (never with its secret, but at creation). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  /** Null: every event type. */
  eventTypes: string[] | null;
  disabled: boolean;
  /** Why Linkport disabled it (`failing`), or null when the brand did or it is enabled. */
  disabledReason: string | null;
  /** The end of a rotation's overlap, while the previous secret still signs. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewEndpoint {
  url: string;
  eventTypes?: string[] | undefined;
  description?: string | undefined;
}

export interface EndpointChanges {
  url?: string | undefined;
  eventTypes?: string[] | null | undefined;
  description?: string | null | undefined;
  disabled?: boolean | undefined;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  state: 'pending' | 'sending' | 'succeeded' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  /** The first kilobyte of the endpoint's last answer. */
  lastResponse: string | null;
  createdAt: string;
}
