/**
 * The insight detectors on one core: recurrence and employer detection (descriptor normalisation,
 * grouping, cadence fitting, employer reading) over a million generated transactions across
 * 10,000 accounts, one call per person as a job would make it, next to a plain sort of the same
 * transactions by date measured in the same run. Reported as transactions per second and as a ratio
 * to the sort. `tsx bench/insights.ts` runs it alone; `npm run bench` runs it in a process of its
 * own (benchInsightsApart).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeTransactions } from '../src/insights/index.js';
import type { InsightTransaction } from '../src/insights/insights.types.js';
import { generateCase } from '../src/synthetic/insights/corpus.js';
import { mainProfile } from '../src/synthetic/insights/profile-main.js';

const ACCOUNTS = Number(process.env.BENCH_INSIGHTS_ACCOUNTS ?? 10_000);
const TRANSACTIONS = Number(process.env.BENCH_INSIGHTS_TRANSACTIONS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_INSIGHTS_ROUNDS ?? 3);

interface Person {
  asOf: string;
  transactions: InsightTransaction[];
}

/** Only the fields the detectors read: a million full Plaid objects would measure the heap, not us. */
function slim(tx: InsightTransaction): InsightTransaction {
  const { transaction_id, account_id, amount, date, name, merchant_name, pending } = tx;
  const { payment_channel, personal_finance_category, iso_currency_code } = tx;
  return {
    transaction_id,
    account_id,
    amount,
    date,
    name,
    merchant_name,
    pending,
    payment_channel,
    personal_finance_category,
    iso_currency_code,
  };
}

/** A generated person: their transactions (newest first, Plaid's order) and how many accounts they hold. */
interface Generated extends Person {
  accounts: number;
}

/**
 * How many of each person's transactions to keep so that all of them come to `total`: the latest
 * ones, at most `cap` per account held, with the least cap that reaches the total. What that leaves
 * over the total comes off the last people the cap cut (down to the cap below, which fell short).
 * Every account keeps a share of about the same length, and the total is exact when the histories
 * hold that many.
 */
function budgets(generated: readonly Generated[], total: number): number[] {
  const keptAt = (cap: number) => generated.map((g) => Math.min(g.transactions.length, cap * g.accounts));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  let low = 0;
  let high = Math.max(...generated.map((g) => g.transactions.length));
  if (sum(keptAt(high)) <= total) return keptAt(high);
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sum(keptAt(mid)) >= total) high = mid;
    else low = mid + 1;
  }
  const kept = keptAt(high);
  let over = sum(kept) - total;
  for (let i = kept.length - 1; i >= 0 && over > 0; i--) {
    const g = generated[i] as Generated;
    // Down to the cap below at most, which came short of the total.
    const spare = (kept[i] as number) - Math.min(g.transactions.length, (high - 1) * g.accounts);
    const cut = Math.min(over, spare);
    kept[i] = (kept[i] as number) - cut;
    over -= cut;
  }
  return kept;
}

/** People until there are ACCOUNTS accounts, their histories cut (budgets) to TRANSACTIONS in all. */
function corpus(): { people: Person[]; accounts: number; transactions: number } {
  const generated: Generated[] = [];
  let accounts = 0;
  for (let i = 0; accounts < ACCOUNTS; i++) {
    const c = generateCase(mainProfile, 'linkport-insights-bench', i, 240);
    const held = new Set(c.input.transactions.map((t) => t.account_id)).size;
    generated.push({ asOf: c.input.as_of, transactions: c.input.transactions.map(slim), accounts: held });
    accounts += held;
  }
  const kept = budgets(generated, TRANSACTIONS);
  const people = generated.map((g, i) => ({
    asOf: g.asOf,
    transactions: g.transactions.slice(0, kept[i]),
  }));
  const transactions = people.reduce((n, p) => n + p.transactions.length, 0);
  // Through JSON, as transactions reach the detectors from Plaid (flat strings, not the generator's).
  return { people: JSON.parse(JSON.stringify(people)) as Person[], accounts, transactions };
}

/**
 * A full collection before the timed rounds: generating the corpus leaves about 1.5 GB of garbage,
 * and without this the rounds measure the collector working through it (a third of the time in
 * both the detectors and the sort) rather than what a worker with a settled heap does.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function time(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

export async function benchInsights() {
  const { people, accounts, transactions } = corpus();
  const all = people.flatMap((p) => p.transactions);
  collectGarbage();
  let streams = 0;
  let employers = 0;
  const detect = () => {
    streams = 0;
    employers = 0;
    for (const person of people) {
      const result = analyzeTransactions(person.transactions, { asOf: person.asOf });
      streams += result.recurring.inflow_streams.length + result.recurring.outflow_streams.length;
      employers += result.employer.employer_matches.length;
    }
  };
  const sort = () => void [...all].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const rounds: Array<{ detectMs: number; sortMs: number }> = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const sortMs = time(sort);
    const detectMs = time(detect);
    // The first round warms the JIT up and is not reported.
    if (round > 0) rounds.push({ detectMs: Math.round(detectMs), sortMs: Math.round(sortMs) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const detectMs = median(rounds.map((r) => r.detectMs));
  const sortMs = median(rounds.map((r) => r.sortMs));
  return {
    name: 'insights: recurrence + employer detection, one call per person (one core)',
    transactions,
    accounts,
    people: people.length,
    detectMs,
    transactionsPerSec: Math.round(transactions / (detectMs / 1000)),
    sortByDateMs: sortMs,
    sortTransactionsPerSec: Math.round(transactions / (sortMs / 1000)),
    ratioToSort: Number((detectMs / sortMs).toFixed(2)),
    streamsFound: streams,
    employersFound: employers,
    rounds,
  };
}

/**
 * The same, in a process of its own, as a worker runs insight jobs: in the bench runner's process
 * the detectors would share a heap with what the HTTP scenarios' load generators left behind, and
 * the collector's work on that (not the detectors') would be measured. The sort baseline runs in
 * that process too.
 */
export async function benchInsightsApart(): Promise<Awaited<ReturnType<typeof benchInsights>>> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`bench/insights.ts exited with ${code}`);
  return JSON.parse(out) as Awaited<ReturnType<typeof benchInsights>>;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchInsights(), null, 2));
}
