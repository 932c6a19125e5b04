import type { SandboxAccount } from '../data/accounts.js';
import { between, seededRandom } from '../transactions/random.js';
import { CASH, ETFS, RETIREMENT_FUNDS, type SandboxSecurity, STOCKS, TREASURY_NOTE } from './securities.js';

/** A position in an investment account; its value is quantity × today's price. */
export interface SandboxHolding {
  account_id: string;
  security: SandboxSecurity;
  quantity: number;
  /** quantity × price, in dollars (cash: the quantity itself). */
  value: number;
  costBasis: number;
}

/** Employer plans offer a fund menu; other accounts (IRAs, brokerage) hold stocks, ETFs and bonds. */
const EMPLOYER_PLANS = new Set([
  '401a',
  '401k',
  '403B',
  '457b',
  'keogh',
  'pension',
  'profit sharing plan',
  'retirement',
  'thrift savings plan',
]);

export const isInvestmentAccount = (account: SandboxAccount): boolean =>
  String(account.type) === 'investment' || String(account.type) === 'brokerage';

export const isEmployerPlan = (account: SandboxAccount): boolean =>
  EMPLOYER_PLANS.has(String(account.subtype));

export const roundTo = (value: number, places: number): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

/** `count` distinct items, in a seeded order. */
function sample<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, count);
}

function chooseSecurities(random: () => number, account: SandboxAccount): SandboxSecurity[] {
  if (isEmployerPlan(account)) {
    const [target, ...rest] = RETIREMENT_FUNDS;
    return [...(target ? [target] : []), ...sample(random, rest, 2)];
  }
  const bond = random() < 0.6 ? [TREASURY_NOTE] : [];
  return [...sample(random, STOCKS, 2), ...sample(random, ETFS, 2), ...bond];
}

/**
 * The account's positions, chosen and weighted from the Item and account ids: a handful of
 * securities and a cash position, valued at today's prices, adding up to the account's current
 * balance (the cash position takes what rounding leaves).
 */
export function holdingsFor(itemId: string, account: SandboxAccount): SandboxHolding[] {
  const balance = account.balances.current ?? 0;
  if (balance <= 0) return [];
  const random = seededRandom(`${itemId}:${account.account_id}:holdings`);
  const securities = chooseSecurities(random, account);
  const weights = securities.map(() => 1 + random() * 2);
  const invested = balance * (1 - between(random, 0.02, 0.06));
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const positions = securities.map((security, i) => {
    const quantity = roundTo((invested * (weights[i] ?? 1)) / totalWeight / security.price, 4);
    const value = roundTo(quantity * security.price, 2);
    const costBasis = roundTo(value * between(random, 0.72, 1.04), 2);
    return { account_id: account.account_id, security, quantity, value, costBasis };
  });
  const cash = roundTo(balance - positions.reduce((sum, p) => sum + p.value, 0), 4);
  return [
    ...positions,
    { account_id: account.account_id, security: CASH, quantity: cash, value: cash, costBasis: cash },
  ];
}
