import { Products, type SignalEvaluateRequest } from 'plaid';
import type { SandboxHarness } from '../sandbox.test-helper.js';

export interface LinkedAccounts {
  accessToken: string;
  checkingId: string;
  savingsId: string;
  creditCardId: string;
}

/** An Item of Plaid's default user, as a brand links it, with its account ids by name. */
export async function linkAccounts(
  sandbox: SandboxHarness,
  products: Products[] = [Products.Auth],
  login?: { username: string; password: string },
): Promise<LinkedAccounts> {
  const { data: created } = await sandbox.plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109508',
    initial_products: products,
    ...(login ? { options: { override_username: login.username, override_password: login.password } } : {}),
  });
  const { data: exchanged } = await sandbox.plaid.itemPublicTokenExchange({
    public_token: created.public_token,
  });
  const { data } = await sandbox.plaid.accountsGet({ access_token: exchanged.access_token });
  const idOf = (subtype: string) =>
    data.accounts.find((a) => String(a.subtype) === subtype)?.account_id ?? '';
  return {
    accessToken: exchanged.access_token,
    checkingId: idOf('checking'),
    savingsId: idOf('savings'),
    creditCardId: idOf('credit card'),
  };
}

/** A processor token for one account of the Item, as a brand hands it to its processor. */
export async function processorTokenFor(
  sandbox: SandboxHarness,
  item: LinkedAccounts,
  accountId: string,
): Promise<string> {
  const { data } = await sandbox.plaid.processorTokenCreate({
    access_token: item.accessToken,
    account_id: accountId,
    processor: 'dwolla' as never,
  });
  return data.processor_token;
}

let sequence = 0;

/** A proposed debit from an account, with a fresh client transaction id unless one is given. */
export function debit(
  accessToken: string,
  accountId: string,
  amount: number,
  extra: Partial<SignalEvaluateRequest> = {},
): SignalEvaluateRequest {
  sequence += 1;
  return {
    access_token: accessToken,
    account_id: accountId,
    client_transaction_id: `txn-${sequence}`,
    amount,
    ...extra,
  };
}
