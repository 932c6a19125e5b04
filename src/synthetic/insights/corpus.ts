import { addDays } from '../../lib/banking-calendar.js';
import { addOutflows, type Wallet } from './bills.js';
import { CaseBuilder, onDaysOfMonth } from './case-builder.js';
import type { CaseInput, CorpusCase } from './corpus.types.js';
import { addDecoys } from './decoys.js';
import { addEmployment } from './employment.js';
import { addPendingNoise } from './noise.js';
import { addOtherIncome } from './other-income.js';
import { heldoutProfile } from './profile-heldout.js';
import { mainProfile } from './profile-main.js';
import type { Profile } from './profile.js';
import { between, chance, digits, int, pick, plaidId, seededRandom } from './random.js';

/**
 * The evaluation corpus: seeded people with a checking account (and often savings and a credit
 * card), each history between four and eighteen months long, with the truth about its streams and
 * employers. Deterministic for a seed and profile.
 */

export const PROFILES: Readonly<Record<string, Profile>> = { main: mainProfile, heldout: heldoutProfile };

function interest(b: CaseBuilder, savings: { id: string }): void {
  const balance = between(b.random, 500, 40_000);
  b.stream({
    label: 'interest',
    accountId: savings.id,
    inflow: true,
    schedule: onDaysOfMonth('MONTHLY', [31]),
    roll: 'none',
    start: addDays(b.from, -40),
    amount: () => Math.max(0.01, (balance * 0.004 * between(b.random, 0.9, 1.1)) / 12),
    look: () => ({
      name: 'INTEREST PAYMENT',
      merchant_name: null,
      category: { primary: 'INCOME', detailed: 'INCOME_INTEREST_EARNED' },
      channel: 'other',
    }),
  });
}

/** `historyDays` fixes the history's length (the bench wants a steady size); by default 120 to 540 days. */
export function generateCase(
  profile: Profile,
  seed: string,
  index: number,
  historyDays?: number,
): CorpusCase {
  const random = seededRandom(`${seed}:${profile.name}:${index}`);
  const asOf = addDays('2023-03-01', int(random, 0, 900));
  const from = addDays(asOf, -(historyDays ?? int(random, 120, 540)));
  const b = new CaseBuilder(random, from, asOf);
  const checkingMask = digits(random, 4);
  const wallet: Wallet = {
    person: { first: pick(random, profile.people.first), last: pick(random, profile.people.last) },
    checking: plaidId(random),
    checkingMask,
    card: '',
    savings: chance(random, 0.5) ? { id: plaidId(random), mask: digits(random, 4) } : null,
  };
  const hasCard = chance(random, 0.7);
  wallet.card = hasCard ? plaidId(random) : wallet.checking;
  addEmployment(b, profile, wallet);
  if (chance(random, 0.2)) addOtherIncome(b, profile, wallet);
  addOutflows(b, profile, wallet);
  addDecoys(b, profile, wallet);
  if (wallet.savings && chance(random, 0.6)) interest(b, wallet.savings);
  addPendingNoise(b, profile);
  const accounts: CaseInput['accounts'] = [
    {
      account_id: wallet.checking,
      name: 'Checking',
      type: 'depository',
      subtype: 'checking',
      mask: checkingMask,
    },
  ];
  if (wallet.savings)
    accounts.push({
      account_id: wallet.savings.id,
      name: 'Savings',
      type: 'depository',
      subtype: 'savings',
      mask: wallet.savings.mask,
    });
  if (hasCard)
    accounts.push({
      account_id: wallet.card,
      name: 'Credit Card',
      type: 'credit',
      subtype: 'credit card',
      mask: digits(random, 4),
    });
  // Plaid lists newest first.
  const transactions = b.transactions.sort((x, y) => (x.date === y.date ? 0 : x.date < y.date ? 1 : -1));
  return {
    name: `${profile.name}-${String(index).padStart(5, '0')}`,
    input: { as_of: asOf, accounts, transactions },
    gold: b.gold,
  };
}

export function generateCorpus(options: { profile: Profile; seed: string; cases: number }): CorpusCase[] {
  return Array.from({ length: options.cases }, (_, i) => generateCase(options.profile, options.seed, i));
}
