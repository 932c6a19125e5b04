import { CountryCode, Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plaidError, type SandboxHarness, startSandbox } from '../sandbox.test-helper.js';
import { debit, type LinkedAccounts, linkAccounts, processorTokenFor } from './signal.test-helper.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Signal evaluations through the official plaid client', () => {
  let sandbox: SandboxHarness;
  let item: LinkedAccounts;
  beforeEach(async () => {
    sandbox = await startSandbox();
    item = await linkAccounts(sandbox);
  });
  afterEach(() => sandbox.close());

  const evaluate = (amount: number, accountId = item.checkingId, extra = {}) =>
    sandbox.plaid.signalEvaluate(debit(item.accessToken, accountId, amount, extra)).then((r) => r.data);

  it('scores a small debit as low risk, with the balances and no ruleset', async () => {
    const data = await evaluate(50);
    expect(data.scores).toEqual({
      customer_initiated_return_risk: { score: 20, risk_tier: 1 },
      bank_initiated_return_risk: { score: 15, risk_tier: 2 },
    });
    expect(data.core_attributes).toMatchObject({
      available_balance: 100,
      current_balance: 110,
      balance_to_transaction_amount_ratio: 2,
      is_savings_or_money_market_account: false,
      days_since_first_plaid_connection: 0,
    });
    // Linked without transactions: no history-derived attributes are made up.
    expect(data.core_attributes).not.toHaveProperty('debit_transactions_count_30d');
    expect(data.warnings).toEqual([]);
    expect(data).not.toHaveProperty('ruleset');
    expect(data.request_id).toMatch(/^[A-Za-z0-9]{15}$/);
  });

  it('raises bank-initiated risk as the debit approaches and passes the available balance', async () => {
    const tiers = [];
    for (const amount of [10, 50, 90, 100, 150, 5000]) {
      tiers.push((await evaluate(amount)).scores?.bank_initiated_return_risk?.risk_tier);
    }
    expect(tiers).toEqual([1, 2, 4, 5, 7, 8]);
    const over = await evaluate(5000, item.checkingId, { ruleset_key: 'onboarding' });
    expect(over.ruleset).toEqual({
      ruleset_key: 'onboarding',
      result: 'REROUTE',
      triggered_rule_details: { internal_note: 'The available balance does not cover the amount' },
    });
    const small = await evaluate(20, item.checkingId, { ruleset_key: 'onboarding' });
    expect(small.ruleset).toEqual({
      ruleset_key: 'onboarding',
      result: 'ACCEPT',
      triggered_rule_details: {},
    });
  });

  it('after an R10 on an account, its customer-initiated risk rises and other accounts are unaffected', async () => {
    const before = await evaluate(50);
    const savingsBefore = await evaluate(50, item.savingsId);
    const disputed = debit(item.accessToken, item.checkingId, 50);
    await sandbox.plaid.signalEvaluate(disputed);
    await sandbox.plaid.signalDecisionReport({
      client_transaction_id: disputed.client_transaction_id,
      initiated: true,
    });
    await sandbox.plaid.signalReturnReport({
      client_transaction_id: disputed.client_transaction_id,
      return_code: 'R10',
    });
    const after = await evaluate(50, item.checkingId, { ruleset_key: 'default' });
    expect(after.scores?.customer_initiated_return_risk).toEqual({ score: 55, risk_tier: 3 });
    expect(after.scores?.bank_initiated_return_risk).toEqual(before.scores?.bank_initiated_return_risk);
    expect(after.ruleset?.result).toBe('REVIEW');
    expect((await evaluate(50, item.savingsId)).scores).toEqual(savingsBefore.scores);
  });

  it('after an R01, bank-initiated risk rises; a return long ago counts for less', async () => {
    const returned = debit(item.accessToken, item.checkingId, 80);
    await sandbox.plaid.signalEvaluate(returned);
    await sandbox.plaid.signalReturnReport({
      client_transaction_id: returned.client_transaction_id,
      return_code: 'R01',
      returned_at: sandbox.clock.now().toISOString(),
    });
    expect((await evaluate(50)).scores?.bank_initiated_return_risk).toEqual({ score: 35, risk_tier: 4 });
    sandbox.clock.advance(100 * DAY_MS);
    const later = await evaluate(50);
    expect(later.scores?.bank_initiated_return_risk).toEqual({ score: 25, risk_tier: 3 });
    // The Item is no longer young either.
    expect(later.scores?.customer_initiated_return_risk).toEqual({ score: 5, risk_tier: 1 });
    expect(later.core_attributes?.days_since_first_plaid_connection).toBe(100);
  });

  it('gives the same scores for the same evaluation, and replays a retried transaction id', async () => {
    const first = await evaluate(75, item.checkingId, { client_transaction_id: 'pay-1', ruleset_key: 'x' });
    const again = await evaluate(75, item.checkingId, { client_transaction_id: 'pay-1', ruleset_key: 'x' });
    expect({ ...again, request_id: '' }).toEqual({ ...first, request_id: '' });
    const fresh = await evaluate(75, item.checkingId, { ruleset_key: 'x' });
    expect(fresh.scores).toEqual(first.scores);
    expect(fresh.ruleset).toEqual(first.ruleset);

    const { status, body } = await plaidError(
      evaluate(76, item.checkingId, { client_transaction_id: 'pay-1' }),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error_type: 'SIGNAL_ERROR',
      error_code: 'CLIENT_TRANSACTION_ID_ALREADY_IN_USE',
      error_message: 'Client transaction id has already been used in a different transaction',
    });
  });

  it('gives a processor the same scores for the same account, and prepares Items and tokens', async () => {
    const token = await processorTokenFor(sandbox, item, item.checkingId);
    const direct = await evaluate(120);
    const { data: viaProcessor } = await sandbox.plaid.processorSignalEvaluate({
      processor_token: token,
      client_transaction_id: 'processor-1',
      amount: 120,
    });
    expect(viaProcessor.scores).toEqual(direct.scores);
    expect(viaProcessor.core_attributes).toEqual(direct.core_attributes);

    await sandbox.plaid.processorSignalPrepare({ processor_token: token });
    const other = await linkAccounts(sandbox);
    const { data: prepared } = await sandbox.plaid.signalPrepare({ access_token: other.accessToken });
    expect(Object.keys(prepared)).toEqual(['request_id']);
    const { data: status } = await sandbox.plaid.itemGet({ access_token: other.accessToken });
    expect(status.item.billed_products).toContain('signal');
    // Linked with Signal from the start, as Plaid's Signal guide has it.
    const { data: linked } = await sandbox.plaid.linkTokenCreate({
      user: { client_user_id: 'user-1' },
      client_name: 'Acme',
      products: [Products.Signal, Products.Auth],
      country_codes: [CountryCode.Us],
      language: 'en',
    });
    expect(linked.link_token).toMatch(/^link-sandbox-/);
    const withSignal = await linkAccounts(sandbox, [Products.Signal, Products.Auth]);
    const { data: signalItem } = await sandbox.plaid.itemGet({ access_token: withSignal.accessToken });
    expect(signalItem.item.products).toEqual(['signal', 'auth']);
  });

  it('reads the history of an Item linked with transactions: flows, fees and their weight', async () => {
    const today = new Date(sandbox.clock.now().getTime()).toISOString().slice(0, 10);
    const tx = (description: string, amount: number) => ({
      date_transacted: today,
      date_posted: today,
      amount,
      description,
    });
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 400,
          numbers: { account: '1234567890', ach_routing: '011401533' },
          transactions: [tx('PAYROLL', -1000), tx('NSF FEE', 35), tx('OVERDRAFT FEE', 35), tx('GROCER', 30)],
        },
      ],
    };
    item = await linkAccounts(sandbox, [Products.Auth, Products.Transactions], {
      username: 'user_custom',
      password: JSON.stringify(config),
    });
    const data = await evaluate(100);
    expect(data.core_attributes).toMatchObject({
      available_balance: 400,
      credit_transactions_count_10d: 1,
      debit_transactions_count_10d: 3,
      total_debit_transactions_amount_30d: 100,
      total_credit_transactions_amount_90d: 1000,
      p50_debit_transactions_amount_28d: 35,
      nsf_overdraft_transactions_count_7d: 2,
      unauthorized_transactions_count_90d: 0,
    });
    // A quarter of the balance scores 8 on the curve; the two fees add 10.
    expect(data.scores?.bank_initiated_return_risk).toEqual({ score: 18, risk_tier: 2 });
  });
});
