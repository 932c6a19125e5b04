import { AppError } from '../../lib/errors.js';
import { PlaidFailure } from '../../plaid/client/errors.js';
import type { PlaidGateway } from '../../plaid/client/plaid-gateway.js';
import type { Db } from '../../store/db.js';
import { findBlock } from '../../store/ach-rail.store.js';
import { PLAID_RETRY_AFTER_SEC } from '../links/plaid-failures.js';
import type { ResolvedLinkedAccount } from '../links/links.types.js';

/**
 * The decision made before a transfer is accepted, stored on it. Every transfer needs a linked
 * account that ACH can reach (not blocked by an earlier return); a pull, which takes money from an
 * outside account, also needs the link's bank login to work and Plaid's live balance to cover it.
 */

export type DecisionOutcome = 'approved' | 'declined' | 'user_action_required';

export interface DecisionCheck {
  check: 'account_reachable' | 'login' | 'balance' | 'identity';
  result: 'pass' | 'fail' | 'not_checked';
  detail: string;
}

export interface Decision {
  outcome: DecisionOutcome;
  /** Why, when not approved: the first failing check's detail. */
  reason: string | null;
  checks: DecisionCheck[];
}

const LOGIN_CODES = new Set([
  'ITEM_LOGIN_REQUIRED',
  'PENDING_EXPIRATION',
  'ITEM_LOCKED',
  'USER_PERMISSION_REVOKED',
]);

async function liveBalance(plaid: PlaidGateway, linked: ResolvedLinkedAccount) {
  const via = linked.plaid;
  if (via.via === 'processor_token') return plaid.readProcessorBalance(via.processorToken.open());
  return plaid.readItemBalance(via.accessToken.open(), linked.plaidAccountId);
}

async function balanceCheck(
  plaid: PlaidGateway,
  linked: ResolvedLinkedAccount,
  amountCents: number,
): Promise<{ check: DecisionCheck; outcome: DecisionOutcome }> {
  try {
    const balance = await liveBalance(plaid, linked);
    const usable = balance.availableCents ?? balance.currentCents;
    if (usable === null)
      return {
        outcome: 'declined',
        check: { check: 'balance', result: 'fail', detail: 'The bank reported no balance for the account.' },
      };
    if (usable < amountCents)
      return {
        outcome: 'declined',
        check: {
          check: 'balance',
          result: 'fail',
          detail: "The account's live balance does not cover the amount.",
        },
      };
    return {
      outcome: 'approved',
      check: { check: 'balance', result: 'pass', detail: 'The live balance covers the amount.' },
    };
  } catch (error) {
    if (!(error instanceof PlaidFailure)) throw error;
    if (error.retryable)
      throw new AppError(
        'unavailable',
        'Plaid could not be reached for the balance; nothing was transferred. Try again shortly.',
        {
          headers: { 'retry-after': String(PLAID_RETRY_AFTER_SEC) },
          cause: error,
        },
      );
    const code = error.plaidCode ?? 'UNKNOWN';
    const outcome = LOGIN_CODES.has(code) ? 'user_action_required' : 'declined';
    return {
      outcome,
      check: { check: 'balance', result: 'fail', detail: `Plaid could not read the balance (${code}).` },
    };
  }
}

export async function decide(
  deps: { db: Db; plaid: PlaidGateway },
  linked: ResolvedLinkedAccount,
  transfer: { direction: 'push' | 'pull'; amountCents: number; identityChecked: boolean },
): Promise<Decision> {
  const checks: DecisionCheck[] = [];
  const block = await findBlock(deps.db, linked.brandId, linked.id);
  if (block) {
    const detail = `An earlier transfer was returned ${block.return_code}; link the account again before moving money.`;
    checks.push({ check: 'account_reachable', result: 'fail', detail });
    return { outcome: 'declined', reason: detail, checks };
  }
  checks.push({
    check: 'account_reachable',
    result: 'pass',
    detail: 'No return has closed the account to ACH.',
  });
  if (transfer.direction === 'push') return { outcome: 'approved', reason: null, checks };
  if (linked.status !== 'active') {
    const detail = `The bank login needs the user (link status ${linked.status}): repair it in Plaid Link's update mode.`;
    checks.push({ check: 'login', result: 'fail', detail });
    return {
      outcome: linked.status === 'revoked' ? 'declined' : 'user_action_required',
      reason: detail,
      checks,
    };
  }
  checks.push({ check: 'login', result: 'pass', detail: 'The bank login works.' });
  checks.push({
    check: 'identity',
    result: transfer.identityChecked ? 'pass' : 'not_checked',
    detail: transfer.identityChecked
      ? "The owner matched the bank's account holder when the account was linked."
      : 'Identity Match is off for the brand.',
  });
  const balance = await balanceCheck(deps.plaid, linked, transfer.amountCents);
  checks.push(balance.check);
  return {
    outcome: balance.outcome,
    reason: balance.outcome === 'approved' ? null : balance.check.detail,
    checks,
  };
}
