import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plaidError, type SandboxHarness, startSandbox } from '../sandbox.test-helper.js';
import { debit, type LinkedAccounts, linkAccounts, processorTokenFor } from './signal.test-helper.js';

describe('Signal reports and refusals through the official plaid client', () => {
  let sandbox: SandboxHarness;
  let item: LinkedAccounts;
  beforeEach(async () => {
    sandbox = await startSandbox();
    item = await linkAccounts(sandbox);
  });
  afterEach(() => sandbox.close());

  const processorToken = (accountId: string) => processorTokenFor(sandbox, item, accountId);

  const expectInvalidField = async (call: Promise<unknown>, field: string) => {
    const { status, body } = await plaidError(call);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
    expect(String(body.error_message)).toMatch(new RegExp(`^${field}: `));
  };

  it('stores decisions and returns of evaluated transactions, and refuses unknown ones', async () => {
    const evaluated = debit(item.accessToken, item.checkingId, 40);
    await sandbox.plaid.signalEvaluate(evaluated);
    const { data } = await sandbox.plaid.signalDecisionReport({
      client_transaction_id: evaluated.client_transaction_id,
      initiated: true,
      days_funds_on_hold: 2,
      decision_outcome: 'APPROVE' as never,
      payment_method: 'SAME_DAY_ACH' as never,
      amount_instantly_available: 10.5,
    });
    expect(Object.keys(data)).toEqual(['request_id']);
    await sandbox.plaid.signalReturnReport({
      client_transaction_id: evaluated.client_transaction_id,
      return_code: 'R01',
    });

    await expectInvalidField(
      sandbox.plaid.signalDecisionReport({ client_transaction_id: 'never-evaluated', initiated: true }),
      'client_transaction_id',
    );
    await expectInvalidField(
      sandbox.plaid.signalReturnReport({ client_transaction_id: 'never-evaluated', return_code: 'R01' }),
      'client_transaction_id',
    );
    await expectInvalidField(
      sandbox.plaid.signalReturnReport({
        client_transaction_id: evaluated.client_transaction_id,
        return_code: 'X1',
      }),
      'return_code',
    );
  });

  it("takes a processor's reports only for its own account's evaluations", async () => {
    const checking = await processorToken(item.checkingId);
    const savings = await processorToken(item.savingsId);
    await sandbox.plaid.processorSignalEvaluate({
      processor_token: checking,
      client_transaction_id: 'p-1',
      amount: 25,
    });
    await sandbox.plaid.processorSignalDecisionReport({
      processor_token: checking,
      client_transaction_id: 'p-1',
      initiated: true,
    });
    await sandbox.plaid.processorSignalReturnReport({
      processor_token: checking,
      client_transaction_id: 'p-1',
      return_code: 'R10',
    });
    await expectInvalidField(
      sandbox.plaid.processorSignalDecisionReport({
        processor_token: savings,
        client_transaction_id: 'p-1',
        initiated: true,
      }),
      'client_transaction_id',
    );
    await expectInvalidField(
      sandbox.plaid.processorSignalReturnReport({
        processor_token: checking,
        client_transaction_id: 'unknown',
        return_code: 'R10',
      }),
      'client_transaction_id',
    );
    // The processor's return weighs on the account, whoever evaluates it next.
    const { data } = await sandbox.plaid.signalEvaluate(debit(item.accessToken, item.checkingId, 25));
    expect(data.scores?.customer_initiated_return_risk?.risk_tier).toBe(3);
  });

  it('refuses a return of a transaction not initiated, until a decision says it was', async () => {
    const declined = debit(item.accessToken, item.checkingId, 30);
    await sandbox.plaid.signalEvaluate(declined);
    await sandbox.plaid.signalDecisionReport({
      client_transaction_id: declined.client_transaction_id,
      initiated: false,
    });
    const rerouted = debit(item.accessToken, item.checkingId, 500, { ruleset_key: 'default' });
    expect((await sandbox.plaid.signalEvaluate(rerouted)).data.ruleset?.result).toBe('REROUTE');
    for (const id of [declined.client_transaction_id, rerouted.client_transaction_id]) {
      const { body } = await plaidError(
        sandbox.plaid.signalReturnReport({ client_transaction_id: id, return_code: 'R01' }),
      );
      expect(body).toMatchObject({
        error_type: 'SIGNAL_ERROR',
        error_code: 'SIGNAL_TRANSACTION_NOT_INITIATED',
        error_message: 'Transactions previously reported as not initiated cannot be reported as returned',
      });
    }
    await sandbox.plaid.signalDecisionReport({
      client_transaction_id: rerouted.client_transaction_id,
      initiated: true,
    });
    await sandbox.plaid.signalReturnReport({
      client_transaction_id: rerouted.client_transaction_id,
      return_code: 'R01',
    });
  });

  it('refuses accounts Signal cannot debit and amounts ACH cannot carry', async () => {
    const { body } = await plaidError(
      sandbox.plaid.signalEvaluate(debit(item.accessToken, 'no-such-account', 10)),
    );
    expect(body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCOUNT_ID' });
    await expectInvalidField(
      sandbox.plaid.signalEvaluate(debit(item.accessToken, item.creditCardId, 10)),
      'account_id',
    );
    await expectInvalidField(
      sandbox.plaid.processorSignalEvaluate({
        processor_token: await processorToken(item.creditCardId),
        client_transaction_id: 'card',
        amount: 10,
      }),
      'processor_token',
    );
    for (const amount of [0, -5, 100_000_000, 10.005]) {
      await expectInvalidField(
        sandbox.plaid.signalEvaluate(debit(item.accessToken, item.checkingId, amount)),
        'amount',
      );
    }
    await expectInvalidField(
      sandbox.plaid.signalEvaluate(
        debit(item.accessToken, item.checkingId, 10, { client_transaction_id: 'x'.repeat(37) }),
      ),
      'client_transaction_id',
    );
  });

  it('refuses every Signal call on an Item whose login broke', async () => {
    const token = await processorToken(item.checkingId);
    await sandbox.plaid.sandboxItemResetLogin({ access_token: item.accessToken });
    const calls = [
      () => sandbox.plaid.signalEvaluate(debit(item.accessToken, item.checkingId, 10)),
      () =>
        sandbox.plaid.processorSignalEvaluate({
          processor_token: token,
          client_transaction_id: 'p',
          amount: 10,
        }),
      () => sandbox.plaid.signalPrepare({ access_token: item.accessToken }),
      () => sandbox.plaid.processorSignalPrepare({ processor_token: token }),
    ];
    for (const call of calls) {
      const { status, body } = await plaidError(call());
      expect(status).toBe(400);
      expect(body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'ITEM_LOGIN_REQUIRED' });
    }
  });
});
