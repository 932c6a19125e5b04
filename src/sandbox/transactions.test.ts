import { CountryCode, Products, type Transaction } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxHarness, startSandbox } from './sandbox.test-helper.js';
import { addDays, isBusinessDay, isoDate } from './transactions/calendar.js';

describe('sandbox transactions', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  async function link(products: Products[], daysRequested?: number) {
    const { data: pt } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: products,
      ...(daysRequested ? { options: { transactions: { days_requested: daysRequested } } } : {}),
    });
    const { data } = await sandbox.plaid.itemPublicTokenExchange({ public_token: pt.public_token });
    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token: data.access_token });
    const checking = accounts.accounts.find((a) => a.name === 'Plaid Checking');
    return { ...data, checkingId: checking?.account_id ?? '' };
  }

  async function syncAll(
    call: (
      cursor: string | undefined,
    ) => Promise<{ added: Transaction[]; next_cursor: string; has_more: boolean }>,
  ) {
    const added: Transaction[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await call(cursor);
      added.push(...page.added);
      cursor = page.next_cursor;
      pages++;
      if (!page.has_more) return { added, cursor, pages };
    }
  }

  it("runs seed 004's flow: transactions link token, exchange, atomicfi processor token, processor sync and get", async () => {
    const { data: linkToken } = await sandbox.plaid.linkTokenCreate({
      user: { client_user_id: 'your-user-id' },
      client_name: 'Your App',
      products: [Products.Transactions],
      transactions: { days_requested: 180 },
      country_codes: [CountryCode.Us],
      language: 'en',
    });
    expect(linkToken.link_token).toMatch(/^link-sandbox-/);
    const { access_token, checkingId } = await link([Products.Transactions], 180);
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token,
      account_id: checkingId,
      processor: 'atomicfi' as never,
    });

    const { added, cursor, pages } = await syncAll(
      async (c) =>
        (
          await sandbox.plaid.processorTransactionsSync({
            processor_token: token.processor_token,
            count: 10,
            ...(c ? { cursor: c } : {}),
          })
        ).data,
    );
    expect(pages).toBeGreaterThan(1);
    expect(added.length).toBeGreaterThanOrEqual(36); // six months of payroll, bills and transfers
    expect(added.every((t) => t.account_id === checkingId)).toBe(true);
    expect(new Set(added.map((t) => t.transaction_id)).size).toBe(added.length);
    const again = await sandbox.plaid.processorTransactionsSync({
      processor_token: token.processor_token,
      cursor,
    });
    expect(again.data).toMatchObject({ added: [], modified: [], removed: [], has_more: false });

    const today = isoDate(sandbox.clock.now());
    const oldest = addDays(today, -179);
    expect(added.every((t) => t.date >= oldest && t.date <= today)).toBe(true);

    const { data: got } = await sandbox.plaid.processorTransactionsGet({
      processor_token: token.processor_token,
      start_date: oldest,
      end_date: today,
      options: { count: 500 },
    });
    expect(got.total_transactions).toBe(added.length);
    expect(got.account.account_id).toBe(checkingId);
  });

  it('looks like a real person: payroll on business days, rent, varying utilities, refunds, pending then posted', async () => {
    const { access_token } = await link([Products.Transactions], 730);
    const { added } = await syncAll(
      async (c) =>
        (await sandbox.plaid.transactionsSync({ access_token, count: 500, ...(c ? { cursor: c } : {}) }))
          .data,
    );
    const detailed = (code: string) => added.filter((t) => t.personal_finance_category?.detailed === code);

    const payroll = detailed('INCOME_WAGES');
    expect(payroll.length).toBeGreaterThanOrEqual(22);
    expect(payroll.every((t) => t.amount < 0 && isBusinessDay(t.date))).toBe(true);
    expect(payroll[0]?.counterparties?.map((c) => c.type)).toEqual([
      'income_source',
      'financial_institution',
    ]);

    expect(detailed('RENT_AND_UTILITIES_RENT').length).toBeGreaterThanOrEqual(23);
    const electric = new Set(detailed('RENT_AND_UTILITIES_GAS_AND_ELECTRICITY').map((t) => t.amount));
    expect(electric.size).toBeGreaterThan(10);
    expect(added.some((t) => String(t.transaction_code) === 'refund' && t.amount < 0)).toBe(true);
    expect(added.some((t) => t.pending)).toBe(true);
    expect(
      added.filter((t) => !t.pending).every((t) => t.date < addDays(isoDate(sandbox.clock.now()), -1)),
    ).toBe(true);
    expect(added.every((t) => t.iso_currency_code === 'USD' && typeof t.merchant_name !== 'undefined')).toBe(
      true,
    );
  });

  it('keeps transactions from Items linked without them, and from processor tokens narrowed away from them', async () => {
    const authOnly = await link([Products.Auth]);
    const refused = await sandbox.plaid
      .transactionsSync({ access_token: authOnly.access_token })
      .catch((err: { response: { data: { error_code: string } } }) => err.response.data);
    expect(refused).toMatchObject({ error_code: 'ADDITIONAL_CONSENT_REQUIRED' });
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token: authOnly.access_token,
      account_id: authOnly.checkingId,
      processor: 'atomicfi' as never,
    });
    const processorRefused = await sandbox.plaid
      .processorTransactionsSync({ processor_token: token.processor_token })
      .catch((err: { response: { data: { error_code: string } } }) => err.response.data);
    expect(processorRefused).toMatchObject({ error_code: 'ADDITIONAL_CONSENT_REQUIRED' });

    const full = await link([Products.Auth, Products.Transactions]);
    const { data: narrowed } = await sandbox.plaid.processorTokenCreate({
      access_token: full.access_token,
      account_id: full.checkingId,
      processor: 'atomicfi' as never,
    });
    await sandbox.plaid.processorTokenPermissionsSet({
      processor_token: narrowed.processor_token,
      products: [Products.Auth],
    });
    const denied = await sandbox.plaid
      .processorTransactionsSync({ processor_token: narrowed.processor_token })
      .catch((err: { response: { data: { error_code: string } } }) => err.response.data);
    expect(denied).toMatchObject({ error_code: 'INVALID_PRODUCT' });
  });

  it('bounds the history by days_requested (default 90) and pages /transactions/get', async () => {
    const { access_token } = await link([Products.Transactions]);
    const today = isoDate(sandbox.clock.now());
    const { data } = await sandbox.plaid.transactionsGet({
      access_token,
      start_date: addDays(today, -400),
      end_date: today,
      options: { count: 10, offset: 5 },
    });
    expect(data.transactions).toHaveLength(10);
    expect(data.total_transactions).toBeGreaterThan(30);
    const { data: everything } = await sandbox.plaid.transactionsGet({
      access_token,
      start_date: addDays(today, -400),
      end_date: today,
      options: { count: 500 },
    });
    expect(everything.transactions.every((t) => t.date >= addDays(today, -89))).toBe(true);
    expect(everything.transactions.slice(5, 15).map((t) => t.transaction_id)).toEqual(
      data.transactions.map((t) => t.transaction_id),
    );
  });

  it('finds the recurring streams: payroll in, rent and subscriptions out, for Items and processor tokens', async () => {
    const { access_token, checkingId } = await link([Products.Transactions], 180);
    const { data } = await sandbox.plaid.transactionsRecurringGet({ access_token });
    const payroll = data.inflow_streams.find((s) => s.personal_finance_category?.detailed === 'INCOME_WAGES');
    expect(payroll).toMatchObject({ account_id: checkingId, is_active: true, status: 'MATURE' });
    expect(['BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY']).toContain(payroll?.frequency);
    expect(payroll?.transaction_ids.length).toBeGreaterThanOrEqual(5);
    expect(payroll?.average_amount.amount).toBeLessThan(0);
    const outflows = data.outflow_streams.map((s) => s.merchant_name);
    expect(outflows).toEqual(expect.arrayContaining(['AvalonBay Communities', 'Netflix', 'Spotify']));
    expect(data.outflow_streams.find((s) => s.merchant_name === 'Netflix')?.frequency).toBe('MONTHLY');

    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token,
      account_id: checkingId,
      processor: 'atomicfi' as never,
    });
    const { data: viaProcessor } = await sandbox.plaid.processorTransactionsRecurringGet({
      processor_token: token.processor_token,
    });
    expect(
      [...viaProcessor.inflow_streams, ...viaProcessor.outflow_streams].every(
        (s) => s.account_id === checkingId,
      ),
    ).toBe(true);
    expect(viaProcessor.inflow_streams.some((s) => s.stream_id === payroll?.stream_id)).toBe(true);
  });

  it('grows a user_transactions_dynamic history on refresh: pending posts, new spending arrives, sync reports both', async () => {
    const { data: pt } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Transactions],
      options: { override_username: 'user_transactions_dynamic', override_password: 'any' },
    });
    const { data: item } = await sandbox.plaid.itemPublicTokenExchange({ public_token: pt.public_token });
    const first = await syncAll(
      async (c) =>
        (
          await sandbox.plaid.transactionsSync({
            access_token: item.access_token,
            count: 500,
            ...(c ? { cursor: c } : {}),
          })
        ).data,
    );
    const pending = first.added.filter((t) => t.pending);
    expect(pending.length).toBeGreaterThan(0);

    sandbox.clock.advance(3 * 24 * 3600_000);
    await sandbox.plaid.transactionsRefresh({ access_token: item.access_token });
    const { data: changes } = await sandbox.plaid.transactionsSync({
      access_token: item.access_token,
      cursor: first.cursor,
      count: 500,
    });
    expect(changes.removed.map((r) => r.transaction_id).sort()).toEqual(
      pending.map((t) => t.transaction_id).sort(),
    );
    const posted = changes.added.filter((t) => t.pending_transaction_id !== null);
    expect(posted.map((t) => t.pending_transaction_id).sort()).toEqual(
      pending.map((t) => t.transaction_id).sort(),
    );
    expect(posted.every((t) => !t.pending)).toBe(true);

    await sandbox.plaid.sandboxTransactionsCreate({
      access_token: item.access_token,
      transactions: [
        {
          date_transacted: isoDate(sandbox.clock.now()),
          date_posted: isoDate(sandbox.clock.now()),
          amount: 12.34,
          description: 'Custom coffee',
        },
      ],
    });
    const { data: custom } = await sandbox.plaid.transactionsSync({
      access_token: item.access_token,
      cursor: changes.next_cursor,
    });
    expect(custom.added.map((t) => [t.name, t.amount])).toEqual([['Custom coffee', 12.34]]);

    const { access_token: goodToken } = await link([Products.Transactions]);
    const refused = await sandbox.plaid
      .sandboxTransactionsCreate({
        access_token: goodToken,
        transactions: [
          {
            date_transacted: isoDate(sandbox.clock.now()),
            date_posted: isoDate(sandbox.clock.now()),
            amount: 1,
            description: 'x',
          },
        ],
      })
      .catch((err: { response: { data: { error_code: string } } }) => err.response.data);
    expect(refused).toMatchObject({ error_code: 'INVALID_FIELD' });
  });
});
