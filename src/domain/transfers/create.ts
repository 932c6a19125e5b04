import { isSameDayEligible, nextAchWindow } from '../../ach/index.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { findAccount } from '../../store/accounts.store.js';
import { findBrand } from '../../store/brands.store.js';
import type { AccountsTable, OwnerKind, TransfersTable } from '../../store/schema.js';
import { countRepresentments, insertTransfer, lockTransfer } from '../../store/transfers.store.js';
import { transact, type Tx } from '../../store/tx.js';
import type { Commit } from '../idempotency/idempotency.service.js';
import { lockCard } from '../ledger/ledger.js';
import type { ResolvedLinkedAccount } from '../links/links.types.js';
import { recordChange } from '../access/audit.js';
import type { Tenant } from '../tenant.js';
import { type Decision, decide } from './decision.js';
import { postAccepted } from './postings.js';
import { railNow } from './rail/rail-clock.js';
import type { TransfersContext } from './transfers.context.js';
import { emitTransfer } from './transitions.js';

export interface NewTransfer {
  from: string;
  to: string;
  amountCents: number;
  currency: 'USD';
  description: string;
  speed: 'standard' | 'same_day';
  /** A re-presentment of a returned debit: the original and which try this is (1 or 2). */
  represents?: { id: string; attempt: number };
}

/** Which side is the card account: `from` makes a push (card → linked), `to` a pull. */
async function sides(ctx: TransfersContext, tenant: Tenant, input: NewTransfer) {
  const [fromCard, toCard] = await Promise.all([
    findAccount(ctx.db, tenant.brandId, input.from),
    findAccount(ctx.db, tenant.brandId, input.to),
  ]);
  if (fromCard && toCard)
    throw new AppError(
      'validation_error',
      'to: both sides are card accounts; one side must be a linked account.',
    );
  const card = fromCard ?? toCard;
  if (!card)
    throw new AppError(
      'validation_error',
      'from, to: one side must be a card account (an account_id from /api/v0.1/accounts) and the other a linked account of the same owner.',
    );
  const direction: 'push' | 'pull' = fromCard ? 'push' : 'pull';
  const field = direction === 'push' ? 'to' : 'from';
  const linkedId = direction === 'push' ? input.to : input.from;
  let linked: ResolvedLinkedAccount;
  try {
    linked = await ctx.resolveLinkedAccount(tenant, linkedId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      throw new AppError('not_found', `${field}: no live linked account has this id.`);
    throw error;
  }
  if (linked.owner.id !== card.owner_id)
    throw new AppError(
      'validation_error',
      `${field}: the linked account belongs to another owner than the card account.`,
    );
  return { card, linked, direction };
}

/** PPD for a consumer's standing authorisation, WEB for a consumer debit authorised online, CCD for a business. */
function secCode(kind: OwnerKind, direction: 'push' | 'pull'): 'PPD' | 'WEB' | 'CCD' {
  if (kind === 'business') return 'CCD';
  return direction === 'pull' ? 'WEB' : 'PPD';
}

async function checkLimits(ctx: TransfersContext, tenant: Tenant, input: NewTransfer) {
  const brand = await findBrand(ctx.db, tenant.brandId);
  const limit = brand?.transfer_limit_cents ?? ctx.ach.transferLimitCents;
  if (input.amountCents > Number(limit))
    throw new AppError(
      'validation_error',
      `amount: over the brand's limit of ${Number(limit)} cents per transfer.`,
    );
  if (input.speed === 'same_day' && !isSameDayEligible(input.amountCents))
    throw new AppError(
      'validation_error',
      "speed: same_day is for amounts up to Same Day ACH's per-entry limit of $1,000,000.",
    );
  return brand;
}

function newRow(
  tenant: Tenant,
  input: NewTransfer,
  parts: { card: AccountsTable; linked: ResolvedLinkedAccount; direction: 'push' | 'pull'; sec: string },
  decision: Decision,
  submitBy: Date,
  now: string,
): TransfersTable {
  const status = decision.outcome === 'approved' ? 'pending' : 'failed';
  return {
    id: newId(),
    brand_id: tenant.brandId,
    owner_id: parts.card.owner_id,
    card_account_id: parts.card.id,
    linked_account_id: parts.linked.id,
    direction: parts.direction,
    amount_cents: input.amountCents,
    currency: input.currency,
    description: input.description,
    speed: input.speed,
    sec_code: parts.sec,
    status,
    decision: JSON.stringify(decision),
    failure_reason: decision.reason,
    submit_by: submitBy.toISOString(),
    trace_number: null,
    ach_file_id: null,
    effective_date: null,
    settle_at: null,
    available_on: null,
    funds_available: 0,
    return_code: null,
    shortfall_cents: 0,
    represents_id: input.represents?.id ?? null,
    representment: input.represents?.attempt ?? 0,
    forced_outcome: null,
    correction: null,
    timeline: JSON.stringify([{ status, at: now, ...(decision.reason ? { detail: decision.reason } : {}) }]),
    created_at: now,
    updated_at: now,
  };
}

/** Under the original's lock: no other re-presentment of it was made meanwhile. */
async function guardRepresentment(tx: Tx, tenant: Tenant, represents: { id: string; attempt: number }) {
  await lockTransfer(tx, represents.id);
  if ((await countRepresentments(tx, tenant.brandId, represents.id)) !== represents.attempt - 1)
    throw new AppError('conflict', 'The transfer was presented again by another request meanwhile.');
}

/**
 * A transfer: checked, decided, and (when approved) accepted with its ledger hold in one
 * transaction, under the card account's lock. A push the card account's available balance does
 * not cover is refused and nothing is kept; a pull the decision refuses is kept as `failed`.
 */
export async function createTransfer(
  ctx: TransfersContext,
  tenant: Tenant,
  input: NewTransfer,
  commit: Commit<TransfersTable>,
): Promise<TransfersTable> {
  const brand = await checkLimits(ctx, tenant, input);
  const { card, linked, direction } = await sides(ctx, tenant, input);
  const identityChecked = brand?.identity_match === 1 && linked.plaid.via === 'processor_token';
  const decision = await decide(ctx, linked, { direction, amountCents: input.amountCents, identityChecked });
  const timing = nextAchWindow(await railNow(ctx.db, ctx.clock), input.speed);
  const submitBy = new Date(timing.cutoffAt.getTime() - ctx.ach.submitLeadMs);
  const now = ctx.clock.now().toISOString();
  // sides() checked that the linked account's owner is the card's: its kind is the owner's.
  const sec = secCode(linked.owner.kind, direction);
  const row = newRow(tenant, input, { card, linked, direction, sec }, decision, submitBy, now);
  return transact(ctx.db, async (tx) => {
    if (input.represents) await guardRepresentment(tx, tenant, input.represents);
    await insertTransfer(tx, row);
    await emitTransfer(
      tx,
      row.status === 'pending' ? 'transfer.created' : 'transfer.failed',
      row,
      null,
      row.failure_reason,
      now,
    );
    await recordChange(
      tx,
      tenant,
      { action: 'transfer.created', objectType: 'transfer', objectId: row.id },
      now,
    );
    await commit(tx, row);
    // The card account's lock last, so it is held only over the balance check and the hold: on
    // PostgreSQL every transfer of one card waits for it (a refusal rolls all of the above back).
    if (row.status === 'pending') await holdOnCard(tx, tenant, row, card.id, now);
    return row;
  });
}

/** Under the card account's lock: a push must be covered by `available`; the hold is posted. */
async function holdOnCard(tx: Tx, tenant: Tenant, row: TransfersTable, cardId: string, now: string) {
  const { id, balance } = await lockCard(tx, tenant.brandId, cardId, now);
  if (row.direction === 'push' && balance.availableCents < row.amount_cents)
    throw new AppError(
      'insufficient_funds',
      `amount: the card account's available balance (${balance.availableCents} cents) does not cover it.`,
    );
  await postAccepted(tx, row, id, now);
}
