import type { AccountSubtype, AccountType } from 'plaid';
import { derivedPlaidId } from '../ids.js';
import { customAccounts, customUserConfig } from './custom-user.js';
import type { Owner } from './identity.js';

export interface SandboxAccount {
  account_id: string;
  name: string;
  official_name: string | null;
  type: AccountType;
  subtype: AccountSubtype;
  mask: string;
  balances: {
    available: number | null;
    current: number | null;
    limit: number | null;
    iso_currency_code: string;
    unofficial_currency_code: null;
  };
  holder_category: 'personal' | 'business' | null;
  /** ACH numbers, for accounts Auth can read (checking, savings, cash management). */
  ach: { account: string; routing: string; wire_routing: string } | null;
  /** The holder, when a custom user configured one; otherwise Plaid's default holder. */
  owner?: Owner;
}

type Template = Omit<SandboxAccount, 'account_id' | 'balances' | 'ach'> & {
  available: number | null;
  current: number;
  limit: number | null;
  achAccount: string | null;
};

const row = (
  name: string,
  official_name: string | null,
  type: string,
  subtype: string,
  mask: string,
  available: number | null,
  current: number,
  limit: number | null,
  holder_category: 'personal' | 'business' | null,
  achAccount: string | null = null,
): Template => ({
  name,
  official_name,
  type: type as AccountType,
  subtype: subtype as AccountSubtype,
  mask,
  available,
  current,
  limit,
  holder_category,
  achAccount,
});

// prettier-ignore
/** Plaid's default `user_good` accounts, in Plaid's order (reference §7.3). */
const USER_GOOD: readonly Template[] = [
  row(
    'Plaid Checking',
    'Plaid Gold Standard 0% Interest Checking',
    'depository',
    'checking',
    '0000',
    100,
    110,
    null,
    'personal',
    '1111222233330000',
  ),
  row(
    'Plaid Saving',
    'Plaid Silver Standard 0.1% Interest Saving',
    'depository',
    'savings',
    '1111',
    200,
    210,
    null,
    'personal',
    '1111222233331111',
  ),
  row(
    'Plaid CD',
    'Plaid Bronze Standard 0.2% Interest CD',
    'depository',
    'cd',
    '2222',
    null,
    1000,
    null,
    null,
  ),
  row(
    'Plaid Credit Card',
    'Plaid Diamond 12.5% APR Interest Credit Card',
    'credit',
    'credit card',
    '3333',
    null,
    410,
    2000,
    null,
  ),
  row(
    'Plaid Money Market',
    'Plaid Platinum Standard 1.85% Interest Money Market',
    'depository',
    'money market',
    '4444',
    43200,
    43200,
    null,
    null,
  ),
  row('Plaid IRA', null, 'investment', 'ira', '5555', null, 320.76, null, null),
  row('Plaid 401k', null, 'investment', '401k', '6666', null, 23631.9805, null, null),
  row('Plaid Student Loan', null, 'loan', 'student', '7777', null, 65262, null, 'personal'),
  row('Plaid Mortgage', null, 'loan', 'mortgage', '8888', null, 56302.06, null, null),
  row('Plaid HSA', 'Plaid Cares Health Savings Account', 'depository', 'hsa', '9001', 6009, 6009, null, null),
  row(
    'Plaid Cash Management',
    'Plaid Growth Cash Management',
    'depository',
    'cash management',
    '9002',
    12060,
    12060,
    null,
    null,
    '1111222233339002',
  ),
  row(
    'Plaid Business Credit Card',
    'Plaid Platinum Small Business Credit Card',
    'credit',
    'credit card',
    '9999',
    4980,
    5020,
    10000,
    'business',
  ),
];

/** `user_transactions_dynamic` links one checking and one credit card account. */
const TRANSACTIONS_DYNAMIC: readonly Template[] = [USER_GOOD[0], USER_GOOD[3]].filter((t) => t !== undefined);

export const SANDBOX_ROUTING_NUMBER = '011401533';
const WIRE_ROUTING_NUMBER = '021000021';

export function accountTemplatesFor(username: string): readonly Template[] {
  return username === 'user_transactions_dynamic' ? TRANSACTIONS_DYNAMIC : USER_GOOD;
}

function buildAccounts(itemId: string, username: string): SandboxAccount[] {
  return accountTemplatesFor(username).map((t, index) => ({
    account_id: derivedPlaidId(`${itemId}:account:${index}`),
    name: t.name,
    official_name: t.official_name,
    type: t.type,
    subtype: t.subtype,
    mask: t.mask,
    balances: {
      available: t.available,
      current: t.current,
      limit: t.limit,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    },
    holder_category: t.holder_category,
    ach: t.achAccount
      ? { account: t.achAccount, routing: SANDBOX_ROUTING_NUMBER, wire_routing: WIRE_ROUTING_NUMBER }
      : null,
  }));
}

const ACCOUNT_CACHE_MAX = 10_000;
const accountCache = new Map<string, readonly SandboxAccount[]>();

function cached(key: string, build: () => SandboxAccount[]): readonly SandboxAccount[] {
  let accounts = accountCache.get(key);
  if (!accounts) {
    accounts = Object.freeze(build());
    if (accountCache.size >= ACCOUNT_CACHE_MAX) accountCache.delete(accountCache.keys().next().value ?? '');
    accountCache.set(key, accounts);
  }
  return accounts;
}

/**
 * Every account the Item's login has, chosen at Link or not: the same ids and numbers every time for
 * the same Item. Deriving the ids costs a few hashes per account, so each list is built once and kept
 * (bounded, oldest dropped first).
 */
export function loginAccounts(item: {
  item_id: string;
  username: string;
  custom_config: string | null;
}): readonly SandboxAccount[] {
  return cached(`${item.item_id}\u0000${item.username}`, () =>
    item.custom_config
      ? customAccounts(item.item_id, customUserConfig.parse(JSON.parse(item.custom_config)))
      : buildAccounts(item.item_id, item.username),
  );
}

/** The Item's accounts: those chosen at Link (`account_ids`), or every account of the login. */
export function accountsForItem(item: {
  item_id: string;
  username: string;
  custom_config: string | null;
  account_ids: string | null;
}): readonly SandboxAccount[] {
  if (item.account_ids === null) return loginAccounts(item);
  return cached(`${item.item_id}\u0000${item.username}\u0000${item.account_ids}`, () => {
    const chosen = new Set(JSON.parse(item.account_ids ?? '[]') as string[]);
    return loginAccounts(item).filter((a) => chosen.has(a.account_id));
  });
}
