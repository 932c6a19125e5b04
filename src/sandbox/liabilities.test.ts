import { type AccountBase, Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkItem } from './products.test-helper.js';
import { plaidError, type SandboxHarness, startSandbox } from './sandbox.test-helper.js';

describe('sandbox liabilities', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const link = (products: Products[], username?: string, password?: string) =>
    linkItem(sandbox, { products, username, password });

  const byMask = (accounts: AccountBase[], mask: string) => accounts.find((a) => a.mask === mask);
  const today = () => sandbox.clock.now().toISOString().slice(0, 10);

  it("answers Plaid's own suite on an Item linked without liabilities, and takes the product on", async () => {
    const access_token = await link([Products.Transactions, Products.Auth, Products.Investments]);
    const { data } = await sandbox.plaid.liabilitiesGet({ access_token });
    expect(data.item.products).toContain('liabilities');
    expect(data.accounts).toHaveLength(12);
    const ids = (list: { account_id: string | null }[] | null) => (list ?? []).map((l) => l.account_id);
    expect(ids(data.liabilities.credit)).toEqual(
      [byMask(data.accounts, '3333'), byMask(data.accounts, '9999')].map((a) => a?.account_id),
    );
    expect(ids(data.liabilities.student)).toEqual([byMask(data.accounts, '7777')?.account_id]);
    expect(ids(data.liabilities.mortgage)).toEqual([byMask(data.accounts, '8888')?.account_id]);
    const again = await sandbox.plaid.liabilitiesGet({ access_token });
    expect(again.data.liabilities).toEqual(data.liabilities);
  });

  it("agrees with each card's balance and dates its cycle around today", async () => {
    const access_token = await link([Products.Liabilities]);
    const { data } = await sandbox.plaid.liabilitiesGet({ access_token });
    for (const card of data.liabilities.credit ?? []) {
      const account = data.accounts.find((a) => a.account_id === card.account_id);
      const subject = card.aprs.reduce((sum, a) => sum + (a.balance_subject_to_apr ?? 0), 0);
      expect(subject).toBeCloseTo(account?.balances.current ?? 0, 2);
      expect(card.last_statement_issue_date && card.last_statement_issue_date <= today()).toBe(true);
      expect(card.last_payment_date && card.last_payment_date <= today()).toBe(true);
      expect(card.next_payment_due_date && card.next_payment_due_date >= today()).toBe(true);
      expect(card.minimum_payment_amount).toBeLessThanOrEqual(card.last_statement_balance ?? 0);
      expect(card.is_overdue).toBe(false);
    }
    const diamond = data.liabilities.credit?.find(
      (c) => c.account_id === byMask(data.accounts, '3333')?.account_id,
    );
    expect(diamond?.aprs.find((a) => String(a.apr_type) === 'purchase_apr')?.apr_percentage).toBe(12.5);
  });

  it('describes the student loan and the mortgage from their balances', async () => {
    const access_token = await link([Products.Liabilities]);
    const { data } = await sandbox.plaid.liabilitiesGet({ access_token });
    const student = data.liabilities.student?.[0];
    expect(student).toMatchObject({
      guarantor: 'DEPT OF ED',
      repayment_plan: { type: 'standard', description: 'Standard Repayment' },
      loan_status: { type: 'repayment' },
      servicer_address: { country: 'US' },
    });
    expect(student?.origination_principal_amount).toBeGreaterThan(65262);
    expect(student?.next_payment_due_date && student.next_payment_due_date > today()).toBe(true);
    expect(
      student?.expected_payoff_date && student.expected_payoff_date > (student.next_payment_due_date ?? ''),
    ).toBe(true);
    expect(student?.disbursement_dates?.every((d) => d < today())).toBe(true);
    expect((student?.pslf_status.payments_made ?? 0) + (student?.pslf_status.payments_remaining ?? 0)).toBe(
      120,
    );

    const mortgage = data.liabilities.mortgage?.[0];
    expect(mortgage?.property_address).toEqual({
      street: '2992 Cameron Road',
      city: 'Malakoff',
      region: 'NY',
      postal_code: '14236',
      country: 'US',
    });
    expect(mortgage?.origination_principal_amount).toBeGreaterThan(56302.06);
    expect(mortgage?.maturity_date && mortgage.maturity_date > today()).toBe(true);
    expect(mortgage?.next_payment_due_date?.endsWith('-01')).toBe(true);
    const rate = (mortgage?.interest_rate.percentage ?? 0) / 1200;
    const months = Number(mortgage?.loan_term?.split(' ')[0]) * 12;
    const principalAndInterest =
      ((mortgage?.origination_principal_amount ?? 0) * rate) / (1 - (1 + rate) ** -months);
    expect(mortgage?.next_monthly_payment ?? 0).toBeGreaterThan(principalAndInterest);
  });

  it('narrows to options.account_ids; kinds without an account are null; dates follow the clock', async () => {
    const access_token = await link([Products.Liabilities]);
    const { data: all } = await sandbox.plaid.accountsGet({ access_token });
    const mortgageId = byMask(all.accounts, '8888')?.account_id ?? '';
    const { data } = await sandbox.plaid.liabilitiesGet({
      access_token,
      options: { account_ids: [mortgageId] },
    });
    expect(data.accounts.map((a) => a.account_id)).toEqual([mortgageId]);
    expect(data.liabilities).toMatchObject({ credit: null, student: null });
    const due = data.liabilities.mortgage?.[0]?.next_payment_due_date ?? '';
    sandbox.clock.advance(40 * 86_400_000);
    const later = await sandbox.plaid.liabilitiesGet({
      access_token,
      options: { account_ids: [mortgageId] },
    });
    expect((later.data.liabilities.mortgage?.[0]?.next_payment_due_date ?? '') > due).toBe(true);
  });

  it("answers Plaid's errors: no liability accounts, an unknown account id", async () => {
    const checkingOnly = JSON.stringify({ override_accounts: [{ type: 'depository', subtype: 'checking' }] });
    const custom = await link([Products.Auth], 'user_custom', checkingOnly);
    const none = await plaidError(sandbox.plaid.liabilitiesGet({ access_token: custom }));
    expect(none).toMatchObject({
      status: 400,
      body: { error_type: 'ITEM_ERROR', error_code: 'NO_LIABILITY_ACCOUNTS' },
    });
    const dynamic = await link([Products.Transactions], 'user_transactions_dynamic');
    const { data } = await sandbox.plaid.liabilitiesGet({ access_token: dynamic });
    expect(data.liabilities.credit).toHaveLength(1);
    expect(data.liabilities).toMatchObject({ student: null, mortgage: null });
    const unknown = await plaidError(
      sandbox.plaid.liabilitiesGet({ access_token: dynamic, options: { account_ids: ['nope'] } }),
    );
    expect(unknown.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
  });
});
