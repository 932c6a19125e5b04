import type {
  ProcessorSignalDecisionReportResponse,
  ProcessorSignalEvaluateResponse,
  ProcessorSignalPrepareResponse,
  ProcessorSignalReturnReportResponse,
  SignalDecisionReportResponse,
  SignalEvaluateResponse,
  SignalPrepareResponse,
  SignalReturnReportResponse,
} from 'plaid';
import { z } from 'zod';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import { requireHealthy, requireItem, useProduct } from '../items.js';
import { readThroughProcessorToken, requireProcessorToken } from '../processor-tokens.js';
import { evaluate, itemTarget, processorTarget } from '../signal/evaluate.js';
import { reportDecision, reportReturn, requireEvaluation, type ReportScope } from '../signal/reports.js';
import {
  evaluationFields,
  itemDecisionRequest,
  itemEvaluateRequest,
  itemReturnRequest,
  processorDecisionRequest,
  processorEvaluateRequest,
  processorReturnRequest,
} from '../signal/requests.js';
import { plaidRequest } from '../validate.js';
import type { ResponseBody } from '../wire.js';

/** A processor token's reports concern its own account; the token must still be live. */
async function processorScope(ctx: SandboxContext, token: string): Promise<ReportScope> {
  const { row } = await requireProcessorToken(ctx, token);
  return { itemId: row.item_id, accountId: row.account_id };
}

/** Signal Transaction Scores: evaluate a proposed ACH debit, then report the decision and any return. */
export const signalEndpoints = [
  defineEndpoint('/signal/evaluate', itemEvaluateRequest, async (request, ctx) => {
    const target = await itemTarget(ctx, request.access_token, request.account_id);
    const body = await evaluate(ctx, target, evaluationFields(request));
    return body satisfies ResponseBody<SignalEvaluateResponse>;
  }),

  defineEndpoint('/processor/signal/evaluate', processorEvaluateRequest, async (request, ctx) => {
    const target = await processorTarget(ctx, request.processor_token);
    const body = await evaluate(ctx, target, evaluationFields(request));
    return body satisfies ResponseBody<ProcessorSignalEvaluateResponse>;
  }),

  defineEndpoint('/signal/decision/report', itemDecisionRequest, async (request, ctx) => {
    await reportDecision(ctx, await requireEvaluation(ctx, request.client_transaction_id, null), request);
    return {} satisfies ResponseBody<SignalDecisionReportResponse>;
  }),

  defineEndpoint('/processor/signal/decision/report', processorDecisionRequest, async (request, ctx) => {
    const scope = await processorScope(ctx, request.processor_token);
    await reportDecision(ctx, await requireEvaluation(ctx, request.client_transaction_id, scope), request);
    return {} satisfies ResponseBody<ProcessorSignalDecisionReportResponse>;
  }),

  defineEndpoint('/signal/return/report', itemReturnRequest, async (request, ctx) => {
    await reportReturn(ctx, await requireEvaluation(ctx, request.client_transaction_id, null), request);
    return {} satisfies ResponseBody<SignalReturnReportResponse>;
  }),

  defineEndpoint('/processor/signal/return/report', processorReturnRequest, async (request, ctx) => {
    const scope = await processorScope(ctx, request.processor_token);
    await reportReturn(ctx, await requireEvaluation(ctx, request.client_transaction_id, scope), request);
    return {} satisfies ResponseBody<ProcessorSignalReturnReportResponse>;
  }),

  defineEndpoint('/signal/prepare', plaidRequest({ access_token: z.string() }), async (request, ctx) => {
    const item = await requireItem(ctx, request.access_token);
    requireHealthy(item);
    await useProduct(ctx, item, 'signal');
    return {} satisfies ResponseBody<SignalPrepareResponse>;
  }),

  defineEndpoint(
    '/processor/signal/prepare',
    plaidRequest({ processor_token: z.string() }),
    async (request, ctx) => {
      const { item } = await readThroughProcessorToken(ctx, request.processor_token, 'signal');
      await useProduct(ctx, item, 'signal');
      return {} satisfies ResponseBody<ProcessorSignalPrepareResponse>;
    },
  ),
];
