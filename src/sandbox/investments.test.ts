import { Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkItem } from './products.test-helper.js';
import { plaidError, type SandboxHarness, startReceiver, startSandbox } from './sandbox.test-helper.js';
import { deliverDueWebhooks } from './webhooks.js';

describe('sandbox investments', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const link = (products?: Products[], username?: string, webhook?: string) =>
    linkItem(sandbox, { products, username, webhook });

  it("answers Plaid's own suite: holdings, transactions in a 2019 window, investments auth", async () => {
    const access_token = await link();
    const { data: holdings } = await sandbox.plaid.investmentsHoldingsGet({ access_token });
    expect(holdings.item.item_id).toBeTruthy();
    expect(holdings.holdings.length).toBeGreaterThan(0);
    const { data: transactions } = await sandbox.plaid.investmentsTransactionsGet({
      access_token,
      start_date: '2019-01-01',
      end_date: '2019-06-10',
    });
    expect(transactions.investment_transactions).toEqual([]);
    expect(transactions.total_investment_transactions).toBe(0);
    expect(transactions.securities).toEqual([]);
    const { data: auth } = await sandbox.plaid.investmentsAuthGet({ access_token });
    expect(auth.accounts.map((a) => a.mask).sort()).toEqual(['5555', '6666']);
    expect(auth.owners).toHaveLength(2);
    expect(auth.owners[0]?.names).toEqual(['Alberta Bobbeth Charleson']);
    const ira = auth.accounts.find((a) => a.mask === '5555')?.account_id;
    const plan = auth.accounts.find((a) => a.mask === '6666')?.account_id;
    expect(auth.numbers.acats).toHaveLength(1);
    expect(auth.numbers.acats?.[0]).toMatchObject({ account_id: ira, dtc_numbers: ['0352'] });
    expect(auth.numbers.acats?.[0]?.account).toMatch(/^\d{9}$/);
    expect(auth.numbers.retirement_401k?.[0]?.account_id).toBe(plan);
    expect(auth.numbers.retirement_401k?.[0]?.plan).toMatch(/^\d{6}$/);
    expect(auth.item.products).toContain('investments_auth');
  });

  it('holds a handful of securities per account, valued at the account balance, cash as CUR:USD', async () => {
    const access_token = await link();
    const { data } = await sandbox.plaid.investmentsHoldingsGet({ access_token });
    const investment = data.accounts.filter((a) => String(a.type) === 'investment');
    expect(investment.map((a) => a.balances.current)).toEqual([320.76, 23631.9805]);
    const securities = new Map(data.securities.map((s) => [s.security_id, s]));
    for (const account of investment) {
      const held = data.holdings.filter((h) => h.account_id === account.account_id);
      expect(held.length).toBeGreaterThanOrEqual(4);
      const total = held.reduce((sum, h) => sum + h.institution_value, 0);
      expect(total).toBeCloseTo(account.balances.current ?? 0, 2);
      for (const h of held) {
        expect(h.quantity * h.institution_price).toBeCloseTo(h.institution_value, 2);
        expect(h.institution_price_as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(securities.get(h.security_id)?.close_price).toBe(h.institution_price);
      }
      const cash = held.map((h) => securities.get(h.security_id)).find((s) => s?.type === 'cash');
      expect(cash).toMatchObject({ ticker_symbol: 'CUR:USD', is_cash_equivalent: true, close_price: 1 });
    }
    const types = new Set(data.securities.map((s) => s.type));
    expect(types).toContain('mutual fund');
    expect(data.securities.every((s) => s.iso_currency_code === 'USD')).toBe(true);
    const again = await sandbox.plaid.investmentsHoldingsGet({ access_token });
    expect(again.data.holdings).toEqual(data.holdings);
  });

  it('lists investment transactions by window and page, consistent with the holdings', async () => {
    const access_token = await link();
    const today = sandbox.clock.now().toISOString().slice(0, 10);
    const all = async (start_date: string, end_date: string, offset = 0, count = 500) =>
      (
        await sandbox.plaid.investmentsTransactionsGet({
          access_token,
          start_date,
          end_date,
          options: { count, offset },
        })
      ).data;
    const everything = await all('2000-01-01', today);
    expect(everything.total_investment_transactions).toBe(everything.investment_transactions.length);
    const kinds = new Set(everything.investment_transactions.map((t) => `${t.type}/${t.subtype}`));
    for (const kind of ['buy/buy', 'sell/sell', 'cash/contribution', 'cash/dividend', 'fee/account fee']) {
      expect(kinds).toContain(kind);
    }
    const dates = everything.investment_transactions.map((t) => t.date);
    const middle = dates[Math.floor(dates.length / 2)] ?? today;
    const window = await all(middle, today);
    expect(window.investment_transactions.every((t) => t.date >= middle && t.date <= today)).toBe(true);
    expect(window.total_investment_transactions).toBe(dates.filter((d) => d >= middle).length);
    const first = await all('2000-01-01', today, 0, 10);
    const second = await all('2000-01-01', today, 10, 10);
    expect([...first.investment_transactions, ...second.investment_transactions]).toEqual(
      everything.investment_transactions.slice(0, 20),
    );

    const { data: holdings } = await sandbox.plaid.investmentsHoldingsGet({ access_token });
    for (const h of holdings.holdings) {
      const net = everything.investment_transactions
        .filter((t) => t.security_id === h.security_id && t.account_id === h.account_id)
        .reduce((sum, t) => sum + t.quantity, 0);
      expect(net).toBeLessThanOrEqual(h.quantity);
    }
    for (const t of everything.investment_transactions.filter((t) => String(t.type) === 'buy')) {
      expect(t.amount).toBeCloseTo(t.quantity * t.price, 2);
    }
  });

  it('narrows to options.account_ids and refuses an account the Item does not have', async () => {
    const access_token = await link();
    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token });
    const ira = accounts.accounts.find((a) => a.mask === '5555')?.account_id ?? '';
    const { data } = await sandbox.plaid.investmentsHoldingsGet({
      access_token,
      options: { account_ids: [ira] },
    });
    expect(data.accounts.map((a) => a.account_id)).toEqual([ira]);
    expect(new Set(data.holdings.map((h) => h.account_id))).toEqual(new Set([ira]));
    const unknown = await plaidError(
      sandbox.plaid.investmentsHoldingsGet({ access_token, options: { account_ids: ['nope'] } }),
    );
    expect(unknown.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
    const backwards = await plaidError(
      sandbox.plaid.investmentsTransactionsGet({
        access_token,
        start_date: '2024-02-01',
        end_date: '2024-01-01',
      }),
    );
    expect(backwards.body).toMatchObject({ error_code: 'INVALID_FIELD' });
  });

  it("reports the Item's investments status; a refresh moves it, a post-Link add starts it", async () => {
    const created = sandbox.clock.now().toISOString();
    const access_token = await link();
    let { data } = await sandbox.plaid.itemGet({ access_token });
    expect(data.status?.investments).toEqual({ last_successful_update: created, last_failed_update: null });
    sandbox.clock.advance(3_600_000);
    await sandbox.plaid.investmentsRefresh({ access_token });
    ({ data } = await sandbox.plaid.itemGet({ access_token }));
    expect(data.status?.investments?.last_successful_update).toBe(sandbox.clock.now().toISOString());

    const auth = await link([Products.Auth]);
    ({ data } = await sandbox.plaid.itemGet({ access_token: auth }));
    expect(data.status?.investments).toBeUndefined();
    sandbox.clock.advance(60_000);
    await sandbox.plaid.investmentsHoldingsGet({ access_token: auth });
    ({ data } = await sandbox.plaid.itemGet({ access_token: auth }));
    expect(data.item.products).toContain('investments');
    expect(data.status?.investments?.last_successful_update).toBe(sandbox.clock.now().toISOString());
  });

  it('sends HISTORICAL_UPDATE when async_update starts the extraction of a post-Link Item', async () => {
    const receiver = await startReceiver();
    try {
      const access_token = await link([Products.Auth], undefined, receiver.url);
      await sandbox.plaid.investmentsTransactionsGet({
        access_token,
        start_date: '2020-01-01',
        end_date: '2020-01-31',
        options: { async_update: true },
      });
      await deliverDueWebhooks(sandbox.state);
      expect(receiver.received.map((r) => r.body)).toEqual([
        expect.objectContaining({
          webhook_type: 'INVESTMENTS_TRANSACTIONS',
          webhook_code: 'HISTORICAL_UPDATE',
          cancelled_investments_transactions: 0,
        }),
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('answers Plaid errors: no investment accounts, a broken login', async () => {
    const dynamic = await link([Products.Transactions], 'user_transactions_dynamic');
    const holdings = await plaidError(sandbox.plaid.investmentsHoldingsGet({ access_token: dynamic }));
    expect(holdings).toMatchObject({
      status: 400,
      body: { error_code: 'NO_INVESTMENT_ACCOUNTS', error_type: 'ITEM_ERROR' },
    });
    const auth = await plaidError(sandbox.plaid.investmentsAuthGet({ access_token: dynamic }));
    expect(auth.body).toMatchObject({ error_code: 'NO_INVESTMENT_AUTH_ACCOUNTS' });
    const access_token = await link();
    await sandbox.plaid.sandboxItemResetLogin({ access_token });
    const broken = await plaidError(sandbox.plaid.investmentsRefresh({ access_token }));
    expect(broken.body).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });
  });
});
