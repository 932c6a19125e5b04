import { z } from 'zod';
import { invalidField, isLoginErrorCode, PlaidApiError } from '../errors.js';
import { derivedPlaidId } from '../ids.js';
import type { GeneratedTransaction } from '../transactions/generated.js';
import type { SandboxAccount } from './accounts.js';
import type { Owner } from './identity.js';

const customTransaction = z.looseObject({
  date_transacted: z.iso.date(),
  date_posted: z.iso.date(),
  amount: z.number(),
  description: z.string().min(1),
  currency: z.string().optional(),
});

const customIdentity = z.looseObject({
  names: z.array(z.string()).min(1),
  phone_numbers: z
    .array(
      z.looseObject({
        data: z.string(),
        primary: z.boolean().default(false),
        type: z.string().default('home'),
      }),
    )
    .default([]),
  emails: z
    .array(
      z.looseObject({
        data: z.string(),
        primary: z.boolean().default(false),
        type: z.string().default('primary'),
      }),
    )
    .default([]),
  addresses: z
    .array(
      z.looseObject({
        data: z.looseObject({
          street: z.string(),
          city: z.string().nullish(),
          region: z.string().nullish(),
          postal_code: z.string().nullish(),
          country: z.string().nullish(),
        }),
        primary: z.boolean().default(false),
      }),
    )
    .default([]),
});

const customAccount = z.looseObject({
  type: z.enum(['depository', 'credit', 'loan', 'investment', 'other']),
  subtype: z.string(),
  starting_balance: z.number().default(0),
  force_available_balance: z.number().optional(),
  currency: z.string().default('USD'),
  meta: z
    .looseObject({
      name: z.string().optional(),
      official_name: z.string().optional(),
      mask: z.string().optional(),
      limit: z.number().optional(),
    })
    .default({}),
  numbers: z
    .looseObject({ account: z.string(), ach_routing: z.string(), ach_wire_routing: z.string().optional() })
    .optional(),
  transactions: z.array(customTransaction).default([]),
  identity: customIdentity.optional(),
});

/** The JSON a `user_custom` login carries as its password (Plaid's sandbox custom user format). */
export const customUserConfig = z.looseObject({
  override_accounts: z.array(customAccount).min(1),
  force_error: z.string().optional(),
});

export type CustomUserConfig = z.output<typeof customUserConfig>;

/** Parses a `user_custom` password; a bad config fails the login, naming what is wrong. */
export function parseCustomUser(password: string): CustomUserConfig {
  let json: unknown;
  try {
    json = JSON.parse(password);
  } catch {
    throw invalidField('override_password: user_custom takes a JSON configuration as its password');
  }
  const result = customUserConfig.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalidField(
      `override_password: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid configuration'}`,
    );
  }
  const forced = result.data.force_error;
  if (forced) throw new PlaidApiError(isLoginErrorCode(forced) ? forced : 'INVALID_CREDENTIALS');
  return result.data;
}

export function customAccounts(itemId: string, config: CustomUserConfig): SandboxAccount[] {
  return config.override_accounts.map((a, index) => {
    const accountId = derivedPlaidId(`${itemId}:account:${index}`);
    const debt = a.type === 'credit' || a.type === 'loan';
    return {
      account_id: accountId,
      name: a.meta.name ?? `Custom ${a.subtype}`,
      official_name: a.meta.official_name ?? null,
      type: a.type as SandboxAccount['type'],
      subtype: a.subtype as SandboxAccount['subtype'],
      mask: a.meta.mask ?? a.numbers?.account.slice(-4) ?? String(index).padStart(4, '0'),
      balances: {
        available: a.force_available_balance ?? (debt ? null : a.starting_balance),
        current: a.starting_balance,
        limit: a.meta.limit ?? null,
        iso_currency_code: a.currency,
        unofficial_currency_code: null,
      },
      holder_category: 'personal',
      ach:
        a.numbers && a.type === 'depository'
          ? {
              account: a.numbers.account,
              routing: a.numbers.ach_routing,
              wire_routing: a.numbers.ach_wire_routing ?? a.numbers.ach_routing,
            }
          : null,
      ...(a.identity ? { owner: a.identity as Owner } : {}),
    };
  });
}

/** A scripted transaction (custom user or /sandbox/transactions/create), as the sandbox stores it. */
export function scriptedTransaction(
  transactionId: string,
  accountId: string,
  t: { date_transacted: string; date_posted: string; amount: number; description: string },
): GeneratedTransaction {
  return {
    transaction_id: transactionId,
    account_id: accountId,
    amount: t.amount,
    date: t.date_posted,
    authorized_date: t.date_transacted,
    name: t.description,
    merchant_name: null,
    website: null,
    payment_channel: 'other',
    transaction_code: null,
    category:
      t.amount < 0
        ? { primary: 'TRANSFER_IN', detailed: 'TRANSFER_IN_DEPOSIT' }
        : { primary: 'GENERAL_MERCHANDISE', detailed: 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE' },
    counterparties: [],
    stream: null,
  };
}

/** The configured transactions, as the sandbox stores them. */
export function customTransactions(
  itemId: string,
  config: CustomUserConfig,
  accounts: readonly SandboxAccount[],
): GeneratedTransaction[] {
  return config.override_accounts.flatMap((a, accountIndex) =>
    a.transactions.map((t, index) =>
      scriptedTransaction(
        derivedPlaidId(`${itemId}:custom-tx:${accountIndex}:${index}`),
        accounts[accountIndex]?.account_id ?? '',
        t,
      ),
    ),
  );
}
