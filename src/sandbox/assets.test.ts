import { type AssetReport, Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSET_REPORT_GENERATION_MS } from './assets/reports.js';
import { linkItem } from './products.test-helper.js';
import {
  plaidError,
  type SandboxHarness,
  startReceiver,
  startSandbox,
  TEST_CLIENT,
} from './sandbox.test-helper.js';
import { addDays } from './transactions/calendar.js';
import { deliverDueWebhooks } from './webhooks.js';

const USER = {
  client_user_id: 'userid123',
  first_name: 'first',
  middle_name: 'middle',
  last_name: 'last',
  ssn: '999-60-1111',
  phone_number: '(123)456-7890',
  email: 'hello@test.com',
};

describe('sandbox asset reports', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const link = (products?: Products[]) => linkItem(sandbox, { products });

  async function readyReport(access_tokens: string[], days_requested = 60, webhook?: string) {
    const { data } = await sandbox.plaid.assetReportCreate({
      access_tokens,
      days_requested,
      options: { client_report_id: 'reportid123', user: USER, ...(webhook ? { webhook } : {}) },
    });
    sandbox.clock.advance(ASSET_REPORT_GENERATION_MS);
    return data;
  }

  const today = () => sandbox.clock.now().toISOString().slice(0, 10);
  const accountsOf = (report: AssetReport) => report.items.flatMap((i) => i.accounts);

  it("runs Plaid's own suite flow: create, get, insights, filter, refresh, PDF, audit copy, remove", async () => {
    const access_token = await link();
    const { data: created } = await sandbox.plaid.assetReportCreate({
      access_tokens: [access_token],
      days_requested: 60,
      options: { client_report_id: 'reportid123', webhook: 'https://example.com/plaid', user: USER },
    });
    expect(created.asset_report_token).toMatch(/^assets-sandbox-[0-9a-f-]{36}$/);
    const early = await plaidError(
      sandbox.plaid.assetReportGet({ asset_report_token: created.asset_report_token }),
    );
    expect(early).toMatchObject({
      status: 400,
      body: {
        error_type: 'ASSET_REPORT_ERROR',
        error_code: 'PRODUCT_NOT_READY',
        error_message:
          'the requested product is not yet ready. please provide a webhook or try the request again later',
      },
    });
    sandbox.clock.advance(ASSET_REPORT_GENERATION_MS);
    const token = { asset_report_token: created.asset_report_token };
    const { data: plain } = await sandbox.plaid.assetReportGet(token);
    expect(plain.report).toMatchObject({
      asset_report_id: created.asset_report_id,
      client_report_id: 'reportid123',
      days_requested: 60,
      user: USER,
    });
    expect(plain.warnings).toEqual([]);
    expect(
      accountsOf(plain.report)
        .flatMap((a) => a.transactions)
        .every((t) => t.name === undefined),
    ).toBe(true);
    const { data: insights } = await sandbox.plaid.assetReportGet({ ...token, include_insights: true });
    const transactions = accountsOf(insights.report).flatMap((a) => a.transactions);
    expect(transactions.length).toBeGreaterThan(0);
    expect(transactions.every((t) => typeof t.name === 'string' && t.name !== '')).toBe(true);
    for (const owner of accountsOf(insights.report).flatMap((a) => a.owners)) {
      expect(owner.addresses[0]?.data).toMatchObject({
        city: 'Malakoff',
        region: 'NY',
        postal_code: '14236',
      });
    }

    const excluded = insights.report.items[0]?.accounts[0]?.account_id ?? '';
    const { data: filtered } = await sandbox.plaid.assetReportFilter({
      ...token,
      account_ids_to_exclude: [excluded],
    });
    const { data: filteredReport } = await sandbox.plaid.assetReportGet({
      asset_report_token: filtered.asset_report_token,
    });
    expect(filteredReport.report.asset_report_id).toBe(filtered.asset_report_id);
    expect(accountsOf(filteredReport.report).map((a) => a.account_id)).toEqual(
      accountsOf(plain.report)
        .map((a) => a.account_id)
        .filter((id) => id !== excluded),
    );

    const { data: refreshed } = await sandbox.plaid.assetReportRefresh({ ...token, days_requested: 10 });
    expect(refreshed.asset_report_id).not.toBe(created.asset_report_id);
    sandbox.clock.advance(ASSET_REPORT_GENERATION_MS);
    const { data: refreshedReport } = await sandbox.plaid.assetReportGet({
      asset_report_token: refreshed.asset_report_token,
    });
    expect(refreshedReport.report).toMatchObject({ days_requested: 10, client_report_id: 'reportid123' });

    const pdf = await sandbox.plaid.assetReportPdfGet(token, { responseType: 'arraybuffer' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = Buffer.from(pdf.data as unknown as ArrayBuffer);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);

    const { data: copy } = await sandbox.plaid.assetReportAuditCopyCreate({
      ...token,
      auditor_id: TEST_CLIENT.clientId,
    });
    expect(copy.audit_copy_token).toMatch(/^a-sandbox-[a-z2-7]{26}$/);
    const { data: audited } = await sandbox.plaid.assetReportAuditCopyGet({
      audit_copy_token: copy.audit_copy_token,
    });
    expect(audited.report.asset_report_id).toBe(created.asset_report_id);
    expect(
      (await sandbox.plaid.assetReportAuditCopyRemove({ audit_copy_token: copy.audit_copy_token })).data
        .removed,
    ).toBe(true);
    expect((await sandbox.plaid.assetReportRemove(token)).data.removed).toBe(true);
    const gone = await plaidError(sandbox.plaid.assetReportGet(token));
    expect(gone.body).toMatchObject({ error_type: 'ASSET_REPORT_ERROR', error_code: 'INVALID_PARENT' });
  });

  it("holds the Items' accounts and the transactions /transactions/get has in days_requested, with daily balances", async () => {
    const access_token = await link();
    const days = 30;
    const { asset_report_token } = await readyReport([access_token], days);
    const { data } = await sandbox.plaid.assetReportGet({ asset_report_token });
    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token });
    expect(accountsOf(data.report).map((a) => a.account_id)).toEqual(
      accounts.accounts.map((a) => a.account_id),
    );
    const from = addDays(today(), -(days - 1));
    const { data: listed } = await sandbox.plaid.transactionsGet({
      access_token,
      start_date: from,
      end_date: today(),
      options: { count: 500 },
    });
    const reported = accountsOf(data.report).flatMap((a) => a.transactions);
    expect(reported.map((t) => t.transaction_id).sort()).toEqual(
      listed.transactions.map((t) => t.transaction_id).sort(),
    );
    expect(reported.every((t) => t.date >= from && t.date <= today())).toBe(true);

    for (const account of accountsOf(data.report)) {
      const moves = ['depository', 'credit'].includes(String(account.type));
      expect(account.historical_balances).toHaveLength(moves ? days : 0);
      expect(account.days_available).toBe(days);
      if (!moves) continue;
      const sign = String(account.type) === 'credit' ? -1 : 1;
      const net = (date: string) =>
        account.transactions.filter((t) => t.date === date).reduce((sum, t) => sum + t.amount, 0);
      const balances = account.historical_balances;
      expect(balances[0]?.date).toBe(addDays(today(), -1));
      expect(balances[0]?.current).toBeCloseTo((account.balances.current ?? 0) + sign * net(today()), 2);
      for (let i = 1; i < balances.length; i++) {
        const [later, earlier] = [balances[i - 1], balances[i]];
        expect(earlier?.current).toBeCloseTo((later?.current ?? 0) + sign * net(later?.date ?? ''), 2);
      }
    }
  });

  it('reports an Item linked without transactions from a history that stays the same', async () => {
    const access_token = await link([Products.Assets]);
    const first = await readyReport([access_token], 90);
    const second = await readyReport([access_token], 30);
    const ids = async (token: string) =>
      accountsOf((await sandbox.plaid.assetReportGet({ asset_report_token: token })).data.report)
        .flatMap((a) => a.transactions)
        .map((t) => t.transaction_id);
    const [all, recent] = [await ids(first.asset_report_token), await ids(second.asset_report_token)];
    expect(recent.length).toBeGreaterThan(0);
    expect(all).toEqual(expect.arrayContaining(recent));
  });

  it('sends PRODUCT_READY to options.webhook when generation completes, also for a filtered copy', async () => {
    const receiver = await startReceiver();
    try {
      const access_token = await link();
      const { data } = await sandbox.plaid.assetReportCreate({
        access_tokens: [access_token],
        days_requested: 5,
        options: { webhook: receiver.url },
      });
      await deliverDueWebhooks(sandbox.state);
      expect(receiver.received).toEqual([]);
      sandbox.clock.advance(ASSET_REPORT_GENERATION_MS);
      await deliverDueWebhooks(sandbox.state);
      expect(receiver.received.map((r) => r.body)).toEqual([
        {
          webhook_type: 'ASSETS',
          webhook_code: 'PRODUCT_READY',
          asset_report_id: data.asset_report_id,
          report_type: 'FULL',
          environment: 'sandbox',
        },
      ]);
      const { data: filtered } = await sandbox.plaid.assetReportFilter({
        asset_report_token: data.asset_report_token,
        account_ids_to_exclude: [],
      });
      await deliverDueWebhooks(sandbox.state);
      expect(receiver.received.at(-1)?.body).toMatchObject({
        webhook_code: 'PRODUCT_READY',
        asset_report_id: filtered.asset_report_id,
      });
    } finally {
      await receiver.close();
    }
  });

  it('serves the fast version at once, narrows by days_to_include, and adds investments on request', async () => {
    const access_token = await link();
    const { data } = await sandbox.plaid.assetReportCreate({
      access_tokens: [access_token],
      days_requested: 60,
      options: { add_ons: ['fast_assets' as never, 'investments' as never] },
    });
    const { data: fast } = await sandbox.plaid.assetReportGet({
      asset_report_token: data.asset_report_token,
      fast_report: true,
    });
    expect(accountsOf(fast.report).every((a) => a.transactions.length === 0 && a.owners.length === 1)).toBe(
      true,
    );
    sandbox.clock.advance(ASSET_REPORT_GENERATION_MS);
    const { data: week } = await sandbox.plaid.assetReportGet({
      asset_report_token: data.asset_report_token,
      options: { days_to_include: 7 },
    });
    const cutoff = addDays(today(), -6);
    expect(accountsOf(week.report).every((a) => a.transactions.every((t) => t.date >= cutoff))).toBe(true);
    expect(accountsOf(week.report).every((a) => a.historical_balances.length <= 7)).toBe(true);
    const ira = accountsOf(week.report).find((a) => a.mask === '5555');
    expect(ira?.investments?.holdings?.length).toBeGreaterThan(0);
    expect(ira?.investments?.securities?.some((s) => s.ticker_symbol === 'CUR:USD')).toBe(true);
  });

  it("answers Plaid's errors", async () => {
    const authOnly = await link([Products.Auth]);
    const notEnabled = await plaidError(
      sandbox.plaid.assetReportCreate({ access_tokens: [authOnly], days_requested: 30 }),
    );
    expect(notEnabled.body).toMatchObject({
      error_type: 'ASSET_REPORT_ERROR',
      error_code: 'PRODUCT_NOT_ENABLED',
    });
    const access_token = await link();
    await sandbox.plaid.sandboxItemResetLogin({ access_token });
    const broken = await plaidError(
      sandbox.plaid.assetReportCreate({ access_tokens: [access_token], days_requested: 30 }),
    );
    expect(broken.body).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });
    const malformed = await plaidError(sandbox.plaid.assetReportGet({ asset_report_token: 'not-a-token' }));
    expect(malformed.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    const unknown = await plaidError(
      sandbox.plaid.assetReportRemove({
        asset_report_token: 'assets-sandbox-6f12f5bb-22dd-4855-b918-f47ec439198a',
      }),
    );
    expect(unknown.body).toMatchObject({ error_code: 'INVALID_PARENT' });
    const copy = await plaidError(
      sandbox.plaid.assetReportAuditCopyGet({ audit_copy_token: 'a-sandbox-3tau2cwvybdvrhucaaai27ulu4' }),
    );
    expect(copy.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_AUDIT_COPY_TOKEN' });

    const fresh = await link();
    const { asset_report_token } = await readyReport([fresh]);
    const badExclude = await plaidError(
      sandbox.plaid.assetReportFilter({ asset_report_token, account_ids_to_exclude: ['nope'] }),
    );
    expect(badExclude.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
    const { data: audit } = await sandbox.plaid.assetReportAuditCopyCreate({ asset_report_token });
    await sandbox.plaid.assetReportRemove({ asset_report_token });
    const orphan = await plaidError(
      sandbox.plaid.assetReportAuditCopyGet({ audit_copy_token: audit.audit_copy_token }),
    );
    expect(orphan.body).toMatchObject({ error_code: 'INVALID_AUDIT_COPY_TOKEN' });
  });
});
