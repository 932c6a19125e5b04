import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import {
  changeLedgerStatus,
  ensureLedgerAccount,
  findLedgerAccount,
  findLedgerTransactions,
  insertLedgerTransaction,
  type LedgerSums,
  lockLedgerAccount,
} from '../../store/ledger.store.js';
import type {
  LedgerAccountKind,
  LedgerAccountsTable,
  LedgerEntriesTable,
  LedgerStatus,
} from '../../store/schema.js';
import type { Tx } from '../../store/tx.js';

/**
 * The double-entry ledger in integer cents. A card account is a liability of the brand to its owner:
 * credits raise it. Its `current` balance is its posted entries; `available` also takes away its
 * pending debits (a push on its way out, a pull's funds still on hold), never its pending credits.
 * Every ledger transaction's debits equal its credits; the cached sums of each account move in the
 * same database transaction as its entries.
 */

export interface Leg {
  account: string;
  direction: 'debit' | 'credit';
  amountCents: number;
}

export interface CardBalance {
  currentCents: number;
  availableCents: number;
}

export function cardBalance(row: Pick<LedgerAccountsTable, keyof LedgerSums> | undefined): CardBalance {
  if (!row) return { currentCents: 0, availableCents: 0 };
  const current = row.posted_credits - row.posted_debits;
  return { currentCents: current, availableCents: current - row.pending_debits };
}

/** A ledger account of the brand: a card account, a linked account, or a system account (ref ''). */
export function ledgerAccount(tx: Tx, brandId: string, kind: LedgerAccountKind, refId: string, now: string) {
  return ensureLedgerAccount(tx, { id: newId(), brand_id: brandId, kind, ref_id: refId, created_at: now });
}

/** Records balanced legs as one ledger transaction. */
export async function book(
  tx: Tx,
  brandId: string,
  what: { transferId: string | null; kind: string; status: Exclude<LedgerStatus, 'archived'> },
  legs: Leg[],
  now: string,
): Promise<string> {
  const live = legs.filter((leg) => leg.amountCents > 0);
  let net = 0;
  for (const leg of live) {
    if (!Number.isSafeInteger(leg.amountCents)) throw new Error('ledger amounts are whole cents');
    net += leg.direction === 'debit' ? leg.amountCents : -leg.amountCents;
  }
  if (net !== 0) throw new Error(`ledger transaction ${what.kind} does not balance (${net})`);
  const id = newId();
  const entries: LedgerEntriesTable[] = live.map((leg) => ({
    id: newId(),
    brand_id: brandId,
    ledger_transaction_id: id,
    ledger_account_id: leg.account,
    direction: leg.direction,
    amount_cents: leg.amountCents,
  }));
  await insertLedgerTransaction(
    tx,
    {
      id,
      brand_id: brandId,
      transfer_id: what.transferId,
      kind: what.kind,
      status: what.status,
      created_at: now,
    },
    entries,
  );
  return id;
}

/** Posts or archives a transfer's pending ledger transaction of a kind; false when there is none. */
export async function resolvePending(
  tx: Tx,
  brandId: string,
  transferId: string,
  kind: string,
  to: 'posted' | 'archived',
  now: string,
): Promise<boolean> {
  const rows = await findLedgerTransactions(tx, brandId, transferId);
  const pending = rows.find((r) => r.kind === kind && r.status === 'pending');
  return pending ? changeLedgerStatus(tx, pending.id, to, now) : false;
}

/** The card account's ledger account, locked: its balance cannot change under the caller's decision. */
export async function lockCard(tx: Tx, brandId: string, cardAccountId: string, now: string) {
  const id = await ledgerAccount(tx, brandId, 'card', cardAccountId, now);
  const row = await lockLedgerAccount(tx, id);
  if (!row) throw new AppError('internal_error', 'The card account has no ledger account.');
  return { id, balance: cardBalance(row) };
}

export async function readCardBalance(tx: Tx, brandId: string, cardAccountId: string): Promise<CardBalance> {
  return cardBalance(await findLedgerAccount(tx, brandId, 'card', cardAccountId));
}
