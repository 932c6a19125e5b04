import { z } from 'zod';

/**
 * Every event Linkport records, by type: the schema of its `data` and the version of that schema.
 * `emit` refuses an event that is not here or does not match; the events API, outbound webhooks and
 * the OpenAPI document all read this one table. A change to a payload that is not additive gets a
 * new version.
 */

const linkRef = {
  linked_account_id: z.string(),
  /** The card account the link hangs off; null for owners without one (profiles, Pay-by-Bank users). */
  account_id: z.string().nullable(),
};

const statusChange = z.strictObject({
  ...linkRef,
  previous_status: z.string().nullable(),
  status: z.string(),
});

const itemRef = { plaid_item_id: z.string(), owner_id: z.string() };

const itemHealth = z.strictObject({
  ...itemRef,
  /** What told Linkport: Plaid's webhook, a read of /item/get, or a public token from update mode. */
  source: z.enum(['webhook', 'item_get', 'update_mode']),
});

const insightRef = {
  processor_link_id: z.string(),
  job: z.enum(['employer-classification', 'recurrence-detection']),
};

const insightCompleted = z.strictObject({
  ...insightRef,
  result_version: z.number().int(),
  /** What the result holds: employers found, or inflow and outflow streams. */
  counts: z.record(z.string(), z.number().int()),
  transactions_analyzed: z.number().int(),
  /** Where the result is read (a path of this API). */
  results_url: z.string(),
});

const insightFailed = z.strictObject({ ...insightRef, reason: z.string() });

/** Every transfer event carries the transfer as it stands after the change. */
const transferChange = z.strictObject({
  transfer_id: z.string(),
  account_id: z.string(),
  linked_account_id: z.string(),
  direction: z.enum(['push', 'pull']),
  amount_cents: z.number().int(),
  status: z.string(),
  previous_status: z.string().nullable(),
  /** Why it failed, or what a return or notification of change said. */
  reason: z.string().nullable(),
  return_code: z.string().nullable(),
  trace_number: z.string().nullable(),
});

interface EventSpec {
  version: number;
  description: string;
  data: z.ZodObject;
}

const spec = <S extends z.ZodObject>(version: number, description: string, data: S) => ({
  version,
  description,
  data,
});

export const EVENT_CATALOG = {
  'external_account.linked': spec(
    1,
    'An external bank account was linked (from a processor token, or as an account of a Plaid item Linkport holds).',
    z.strictObject({ ...linkRef, bank_name: z.string().nullable(), plaid_item_id: z.string().nullable() }),
  ),
  'external_account.relinked': spec(
    1,
    'A live link of the same bank account was kept with a new processor token (replace_existing).',
    z.strictObject(linkRef),
  ),
  'external_account.repaired': spec(1, "The link's bank login works again.", statusChange),
  'external_account.login_required': spec(
    1,
    "The link's bank login needs the user (update mode).",
    statusChange,
  ),
  'external_account.pending_disconnect': spec(
    1,
    "The link's bank connection will stop soon unless the user renews it.",
    statusChange,
  ),
  'external_account.revoked': spec(1, "The user revoked Plaid's access to the account.", statusChange),
  'external_account.removed': spec(
    1,
    'The link was removed (by the brand, or because the account left its Plaid item).',
    z.strictObject({ ...linkRef, plaid_item_id: z.string().nullable() }),
  ),
  'external_account.identity_mismatch': spec(
    1,
    "Identity Match refused a link: the owner did not match the bank's account holder. Nothing was linked.",
    z.strictObject({
      customer_id: z.string().optional(),
      business_id: z.string().optional(),
      threshold: z.number().int(),
      scores: z.record(z.string(), z.number().nullable()),
      is_nickname_match: z.boolean(),
      is_business_name_detected: z.boolean(),
    }),
  ),
  'item.linked': spec(1, 'Linkport now holds a Plaid item for the owner.', z.strictObject(itemRef)),
  'item.login_required': spec(1, "The item's bank login needs the user.", itemHealth),
  'item.repaired': spec(1, "The item's bank login works again.", itemHealth),
  'item.revoked': spec(1, "The user revoked Plaid's access to the item.", itemHealth),
  'item.new_accounts_available': spec(
    1,
    'The bank has accounts the user could add to the item (update mode with account selection).',
    itemHealth,
  ),
  'item.removed': spec(
    1,
    'The item lost its last account; its access token is being revoked at Plaid.',
    z.strictObject(itemRef),
  ),
  'employer-classification-completed': spec(
    1,
    "A processor link's employer classification has a new result (its first, or after new transactions).",
    insightCompleted,
  ),
  'recurring-transaction-detection-completed': spec(
    1,
    "A processor link's recurring-transaction detection has a new result (its first, or after new transactions).",
    insightCompleted,
  ),
  'employer-classification-failed': spec(
    1,
    "A processor link's employer classification could not run; `reason` says why.",
    insightFailed,
  ),
  'recurring-transaction-detection-failed': spec(
    1,
    "A processor link's recurring-transaction detection could not run; `reason` says why.",
    insightFailed,
  ),
  'transfer.created': spec(1, 'A transfer was accepted; it waits for the next ACH cut-off.', transferChange),
  'transfer.failed': spec(
    1,
    'A transfer was refused before it reached the bank (its decision, or the bank rejected its file); `reason` says why.',
    transferChange,
  ),
  'transfer.canceled': spec(1, 'A transfer was canceled before its file was sent.', transferChange),
  'transfer.processing': spec(1, 'A transfer left in a NACHA file; `trace_number` finds it.', transferChange),
  'transfer.settled': spec(1, "A transfer's money moved on its settlement date.", transferChange),
  'transfer.funds_available': spec(
    1,
    "A pull's hold ended: its funds are available on the card account.",
    transferChange,
  ),
  'transfer.returned': spec(
    1,
    'The receiving bank returned a transfer; the ledger reversed it. `return_code` is the ACH return reason.',
    transferChange,
  ),
  'transfer.notification_of_change': spec(
    1,
    "The receiving bank says the linked account's details changed (a C0x notification of change); future transfers need the account linked again.",
    transferChange,
  ),
  'webhook_endpoint.disabled': spec(
    1,
    'Linkport disabled a webhook endpoint that failed every delivery for five days. Re-enable it with PATCH, then recover what it missed.',
    z.strictObject({ endpoint_id: z.string(), url: z.string(), reason: z.string() }),
  ),
} as const satisfies Record<string, EventSpec>;

export type EventType = keyof typeof EVENT_CATALOG;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export type EventData<T extends EventType> = z.input<(typeof EVENT_CATALOG)[T]['data']>;

/** An event to record: its type, the object it is about, and its data as its schema has it. */
export type NewEvent = { [T in EventType]: { type: T; subjectId: string; data: EventData<T> } }[EventType];
