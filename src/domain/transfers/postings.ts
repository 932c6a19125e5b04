import type { TransfersTable } from '../../store/schema.js';
import type { Tx } from '../../store/tx.js';
import { book, ledgerAccount, lockCard, resolvePending } from '../ledger/ledger.js';
import { transition } from './transitions.js';

/**
 * What each step of a transfer's life posts to the ledger. A push holds the card's funds the
 * moment it is accepted (Dr card / Cr ACH clearing, pending) and posts on settlement, when the money
 * reaches the linked account (Dr clearing / Cr external). A pull's credit to the card is pending until
 * settlement (Dr clearing / Cr card), then held (Dr card / Cr pull holds, pending) until its funds
 * become available. A return reverses what settled.
 */

type T = Pick<
  TransfersTable,
  'id' | 'brand_id' | 'card_account_id' | 'linked_account_id' | 'direction' | 'amount_cents'
>;

async function accounts(tx: Tx, t: T, now: string) {
  const card = await ledgerAccount(tx, t.brand_id, 'card', t.card_account_id, now);
  const external = await ledgerAccount(tx, t.brand_id, 'external', t.linked_account_id, now);
  const clearing = await ledgerAccount(tx, t.brand_id, 'ach_clearing', '', now);
  return { card, external, clearing };
}

/**
 * On acceptance. The caller holds the card account's lock (`card`: its ledger account, from
 * lockCard) and checked `available` for a push. Only the card and clearing accounts move.
 */
export async function postAccepted(tx: Tx, t: T, card: string, now: string): Promise<void> {
  const clearing = await ledgerAccount(tx, t.brand_id, 'ach_clearing', '', now);
  const amount = t.amount_cents;
  const [from, to] = t.direction === 'push' ? [card, clearing] : [clearing, card];
  await book(
    tx,
    t.brand_id,
    { transferId: t.id, kind: t.direction, status: 'pending' },
    [
      { account: from, direction: 'debit', amountCents: amount },
      { account: to, direction: 'credit', amountCents: amount },
    ],
    now,
  );
}

/** Canceled, or refused by the bank before settlement: the pending amount is let go. */
export async function postVoided(tx: Tx, t: T, now: string): Promise<void> {
  await resolvePending(tx, t.brand_id, t.id, t.direction, 'archived', now);
}

/** Settled: the pending transaction posts, the money leaves clearing, and a pull's funds are held. */
export async function postSettled(tx: Tx, t: T, hold: boolean, now: string): Promise<void> {
  const a = await accounts(tx, t, now);
  await resolvePending(tx, t.brand_id, t.id, t.direction, 'posted', now);
  const amount = t.amount_cents;
  const [debit, credit] = t.direction === 'push' ? [a.clearing, a.external] : [a.external, a.clearing];
  await book(
    tx,
    t.brand_id,
    { transferId: t.id, kind: 'settlement', status: 'posted' },
    [
      { account: debit, direction: 'debit', amountCents: amount },
      { account: credit, direction: 'credit', amountCents: amount },
    ],
    now,
  );
  if (t.direction === 'pull' && hold) {
    const holds = await ledgerAccount(tx, t.brand_id, 'pull_holds', '', now);
    await book(
      tx,
      t.brand_id,
      { transferId: t.id, kind: 'hold', status: 'pending' },
      [
        { account: a.card, direction: 'debit', amountCents: amount },
        { account: holds, direction: 'credit', amountCents: amount },
      ],
      now,
    );
  }
}

/** A pull's hold ends. */
export async function postReleased(tx: Tx, t: T, now: string): Promise<void> {
  await resolvePending(tx, t.brand_id, t.id, 'hold', 'archived', now);
}

/**
 * Returned after settlement: a push's money comes back to the card; a pull's leaves it again. What
 * the card account no longer has (its owner spent the funds after the hold) is booked as a
 * shortfall, a debt of the owner, so `available` never goes below zero. Returns the shortfall.
 */
export async function postReturned(tx: Tx, t: T, now: string): Promise<number> {
  const a = await accounts(tx, t, now);
  const amount = t.amount_cents;
  const kind = { transferId: t.id, kind: 'return', status: 'posted' } as const;
  if (t.direction === 'push') {
    await book(
      tx,
      t.brand_id,
      kind,
      [
        { account: a.external, direction: 'debit', amountCents: amount },
        { account: a.card, direction: 'credit', amountCents: amount },
      ],
      now,
    );
    return 0;
  }
  await postReleased(tx, t, now);
  const { balance } = await lockCard(tx, t.brand_id, t.card_account_id, now);
  const fromCard = Math.max(0, Math.min(amount, balance.availableCents));
  const shortfall = amount - fromCard;
  const owed = shortfall > 0 ? await ledgerAccount(tx, t.brand_id, 'shortfall', t.card_account_id, now) : '';
  await book(
    tx,
    t.brand_id,
    kind,
    [
      { account: a.card, direction: 'debit', amountCents: fromCard },
      { account: owed, direction: 'debit', amountCents: shortfall },
      { account: a.external, direction: 'credit', amountCents: amount },
    ],
    now,
  );
  return shortfall;
}

/** Money put on a card account from outside ACH (the sandbox's funding, a card load). */
export async function postFunding(
  tx: Tx,
  brandId: string,
  cardAccountId: string,
  amount: number,
  now: string,
) {
  const card = await ledgerAccount(tx, brandId, 'card', cardAccountId, now);
  const funding = await ledgerAccount(tx, brandId, 'funding', '', now);
  await book(
    tx,
    brandId,
    { transferId: null, kind: 'funding', status: 'posted' },
    [
      { account: funding, direction: 'debit', amountCents: amount },
      { account: card, direction: 'credit', amountCents: amount },
    ],
    now,
  );
}

/** A transfer refused before settlement (unsendable, or its file rejected): failed, its hold let go. */
export function failBeforeSettlement(
  tx: Tx,
  id: string,
  from: 'pending' | 'processing',
  reason: string,
  now: string,
) {
  return transition(
    tx,
    id,
    {
      from: [from],
      to: 'failed',
      event: 'transfer.failed',
      reason,
      changes: { failure_reason: reason },
      post: (row) => postVoided(tx, row, now),
    },
    now,
  );
}
