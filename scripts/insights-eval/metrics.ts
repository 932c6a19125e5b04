import { tokenize } from '../../src/insights/descriptor.js';
import type {
  EmployerResult,
  RecurringResult,
  TransactionStream,
} from '../../src/insights/insights.types.js';
import { LEGAL_SUFFIXES } from '../../src/insights/payroll-lexicon.js';
import type { CorpusCase, GoldStream } from '../../src/synthetic/insights/corpus.types.js';

/**
 * The scores of issue 14. A predicted stream matches a gold one (same account) when their
 * transaction sets overlap by Jaccard >= 0.5, one to one, best overlap first. Two-occurrence gold
 * streams are optional: matching one neither helps nor hurts. Employers: the top active match must
 * name the current employer; naming anyone else is wrong; naming no one is an abstention.
 */

export interface StreamTally {
  predicted: number;
  gold: number;
  matched: number;
  frequencyRight: number;
  statusRight: number;
  activeRight: number;
  withNext: number;
  nextWithin3: number;
  missedLabels: Map<string, number>;
  falseLabels: Map<string, number>;
  wrongFrequency: Map<string, number>;
}

export interface EmployerTally {
  cases: number;
  withCurrent: number;
  correct: number;
  wrong: number;
  abstained: number;
  withPrevious: number;
  previousReported: number;
  reported: number;
  wrongNames: number;
  /** [confidence bucket (tenths)] -> [reported, right]. */
  calibration: Map<number, [number, number]>;
  wrongExamples: string[];
}

export const newStreamTally = (): StreamTally => ({
  predicted: 0,
  gold: 0,
  matched: 0,
  frequencyRight: 0,
  statusRight: 0,
  activeRight: 0,
  withNext: 0,
  nextWithin3: 0,
  missedLabels: new Map(),
  falseLabels: new Map(),
  wrongFrequency: new Map(),
});

export const newEmployerTally = (): EmployerTally => ({
  cases: 0,
  withCurrent: 0,
  correct: 0,
  wrong: 0,
  abstained: 0,
  withPrevious: 0,
  previousReported: 0,
  reported: 0,
  wrongNames: 0,
  calibration: new Map(),
  wrongExamples: [],
});

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

function jaccard(a: ReadonlySet<string>, b: readonly string[]): number {
  let inter = 0;
  for (const id of b) if (a.has(id)) inter++;
  return inter / (a.size + b.length - inter);
}

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** What a false stream was made of: the gold label most of its transactions carry, else "noise". */
function labelOf(stream: TransactionStream, labels: ReadonlyMap<string, string>): string {
  const counts = new Map<string, number>();
  for (const id of stream.transaction_ids) bump(counts, labels.get(id) ?? 'noise');
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'noise';
}

export function scoreStreams(tally: StreamTally, c: CorpusCase, result: RecurringResult): void {
  const predicted = [...result.inflow_streams, ...result.outflow_streams];
  const gold = c.gold.streams;
  const labels = new Map<string, string>();
  for (const g of gold) for (const id of g.transaction_ids) labels.set(id, g.label.split(':')[0] ?? g.label);
  const pairs: Array<{ p: number; g: number; j: number }> = [];
  predicted.forEach((p, pi) => {
    const ids = new Set(p.transaction_ids);
    gold.forEach((g, gi) => {
      if (g.account_id !== p.account_id) return;
      const j = jaccard(ids, g.transaction_ids);
      if (j >= 0.5) pairs.push({ p: pi, g: gi, j });
    });
  });
  pairs.sort((a, b) => b.j - a.j);
  const usedP = new Set<number>();
  const usedG = new Set<number>();
  for (const { p, g } of pairs) {
    if (usedP.has(p) || usedG.has(g)) continue;
    usedP.add(p);
    usedG.add(g);
    const gs = gold[g] as GoldStream;
    if (gs.optional) continue;
    const ps = predicted[p] as TransactionStream;
    tally.matched++;
    if (ps.frequency === gs.frequency) tally.frequencyRight++;
    else bump(tally.wrongFrequency, `${gs.label.split(':')[0]} ${gs.frequency}->${ps.frequency}`);
    if (ps.status === gs.status) tally.statusRight++;
    if (ps.is_active === gs.is_active) tally.activeRight++;
    if (gs.next_date !== null) {
      tally.withNext++;
      if (
        ps.predicted_next_date !== null &&
        Math.abs(dayMs(ps.predicted_next_date) - dayMs(gs.next_date)) <= 3
      )
        tally.nextWithin3++;
    }
  }
  predicted.forEach((p, i) => {
    if (usedP.has(i)) {
      const matchedGold = pairs.find((x) => x.p === i);
      if (matchedGold && gold[matchedGold.g]?.optional) return;
      tally.predicted++;
      return;
    }
    tally.predicted++;
    bump(tally.falseLabels, labelOf(p, labels));
  });
  gold.forEach((g, i) => {
    if (g.optional) return;
    tally.gold++;
    if (!usedG.has(i)) bump(tally.missedLabels, g.label.split(':')[0] ?? g.label);
  });
}

/** Employer names compared as words without legal suffixes; a name cut short matches its whole. */
export function employerKey(name: string): string {
  const tokens = tokenize(name);
  while (tokens.length > 1 && LEGAL_SUFFIXES.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return tokens.join(' ');
}

export function sameEmployer(a: string, b: string): boolean {
  const x = employerKey(a);
  const y = employerKey(b);
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= 6 && long.startsWith(short);
}

export function scoreEmployers(tally: EmployerTally, c: CorpusCase, result: EmployerResult): void {
  tally.cases++;
  const nameable = c.gold.employers.filter((e) => e.nameable);
  const current = nameable.filter((e) => e.is_active);
  const previous = nameable.filter((e) => !e.is_active);
  const active = result.employer_matches.filter((m) => m.is_active);
  const top = active[0];
  for (const m of result.employer_matches) {
    tally.reported++;
    const gold = c.gold.employers.find((e) => sameEmployer(e.name, m.employer_name));
    const right = gold !== undefined && gold.is_active === m.is_active;
    if (!gold) tally.wrongNames++;
    const bucket = Math.min(9, Math.floor(m.confidence * 10));
    const cell = tally.calibration.get(bucket) ?? [0, 0];
    tally.calibration.set(bucket, [cell[0] + 1, cell[1] + (right ? 1 : 0)]);
  }
  if (current.length > 0) {
    tally.withCurrent++;
    if (!top) tally.abstained++;
    else if (current.some((e) => sameEmployer(e.name, top.employer_name))) tally.correct++;
    else {
      tally.wrong++;
      if (tally.wrongExamples.length < 12)
        tally.wrongExamples.push(`${c.name}: said "${top.employer_name}", was "${current[0]?.name}"`);
    }
  } else if (top) {
    tally.wrong++;
    if (tally.wrongExamples.length < 12)
      tally.wrongExamples.push(
        `${c.name}: said "${top.employer_name}", there is no nameable current employer`,
      );
  }
  if (previous.length > 0) {
    tally.withPrevious++;
    const old = result.employer_matches.filter((m) => !m.is_active);
    if (previous.some((e) => old.some((m) => sameEmployer(e.name, m.employer_name))))
      tally.previousReported++;
  }
}
