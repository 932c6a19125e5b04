import type { Ruleset } from 'plaid';
import type { Wire } from '../wire.js';
import type { signalScores } from './scores.js';

type Scores = ReturnType<typeof signalScores>;

interface Rule {
  result: Wire<Ruleset>['result'];
  note: string | null;
  matches(amount: number, balance: number, scores: Scores): boolean;
}

/**
 * The rules every `ruleset_key` runs here (there is no Dashboard to configure others), in order;
 * the first that matches decides, as in Plaid's Signal Rules. They follow Plaid's templates: an
 * insufficient balance or a high bank-initiated risk reroutes, an elevated risk is reviewed.
 */
const DEFAULT_RULES: readonly Rule[] = [
  {
    result: 'REROUTE',
    note: 'The available balance does not cover the amount',
    matches: (amount, balance) => amount > balance,
  },
  {
    result: 'REROUTE',
    note: 'Bank-initiated return risk is high (tier 7 or 8)',
    matches: (_amount, _balance, scores) => scores.bank_initiated_return_risk.risk_tier >= 7,
  },
  {
    result: 'REVIEW',
    note: 'Bank-initiated return risk is elevated (tier 5 or 6)',
    matches: (_amount, _balance, scores) => scores.bank_initiated_return_risk.risk_tier >= 5,
  },
  {
    result: 'REVIEW',
    note: 'Customer-initiated return risk is elevated (tier 3 or above)',
    matches: (_amount, _balance, scores) => scores.customer_initiated_return_risk.risk_tier >= 3,
  },
  { result: 'ACCEPT', note: null, matches: () => true },
];

export function runRuleset(rulesetKey: string, amount: number, balance: number, scores: Scores) {
  const rule = DEFAULT_RULES.find((r) => r.matches(amount, balance, scores));
  const result = rule?.result ?? 'ACCEPT';
  return {
    ruleset_key: rulesetKey,
    result,
    triggered_rule_details: rule?.note ? { internal_note: rule.note } : {},
  } satisfies Wire<Ruleset>;
}
