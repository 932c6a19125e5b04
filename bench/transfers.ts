/**
 * Money movement under load (POST /api/v0.1/transfers, SQLite): pushes and pulls at full load, and
 * pushes at a steady 200 requests/s, each next to the bare Fastify baseline measured in the same run.
 * Every request carries an Idempotency-Key of its own, so every one is a new transfer. A response
 * other than 201, a 201 whose transfer was not accepted (a declined pull is kept as `failed`), a
 * socket error or a timeout counts as a failure; over 1 % of failures fails the scenario, whatever
 * its speed. Beside the bare baseline, each full-load round also measures the disk: small SQLite
 * commits per second with Linkport's settings (WAL, synchronous=FULL, so one fsync each), because a
 * transfer on SQLite waits for its commits to reach the disk and the disk varies from run to run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { Configuration, PlaidApi, type ProcessorTokenCreateRequestProcessorEnum } from 'plaid';

/** The fixed rate the issue states its latency target at. */
const STEADY_PER_SEC = 200;
/** Seconds per steady round: at 200/s, 10 s gives 2,000 requests, so p99 is the 20th slowest. */
const STEADY_SEC = Number(process.env.BENCH_TRANSFER_STEADY_SEC ?? 10);
/** Each push and pull moves one dollar; the card is funded far beyond what a run can push. */
const AMOUNT_CENTS = 100;
const FUNDING_CENTS = 100_000_000_000;
const MAX_FAILURE_RATE = 0.01;

export interface TransferBenchSetup {
  api: string;
  /** The brand's headers (identity, authorization, content-type); Plaid is enabled for the brand. */
  headers: Record<string, string>;
  /** The bare Fastify hello-world, GET. */
  baseUrl: string;
  sandbox: { url: string; headers: Record<string, string>; accessToken: string };
  connections: number;
  durationSec: number;
  warmupSec: number;
  rounds: number;
  /** BENCH_ONLY: only the scenarios whose name contains it. */
  only: string | undefined;
}

/** How the requests of one measurement ended. */
interface Outcomes {
  requests: number;
  /** Responses by status code, all of them. */
  statuses: Record<string, number>;
  /** The first body answered with each unexpected status (or declined), to say why in a failure. */
  samples: Record<string, string>;
  /** Responses other than the expected status. */
  unexpected: number;
  /** 201s whose transfer is not `pending` (declined, so not accepted). */
  notAccepted: number;
  /** Socket errors and timeouts: requests with no response at all. */
  errors: number;
  /** Of which timeouts (no response within 10 s). */
  timeouts: number;
}

const noOutcomes = (): Outcomes => ({
  requests: 0,
  statuses: {},
  samples: {},
  unexpected: 0,
  notAccepted: 0,
  errors: 0,
  timeouts: 0,
});

function addOutcomes(into: Outcomes, from: Outcomes): void {
  into.requests += from.requests;
  into.unexpected += from.unexpected;
  into.notAccepted += from.notAccepted;
  into.errors += from.errors;
  into.timeouts += from.timeouts;
  for (const [status, count] of Object.entries(from.statuses))
    into.statuses[status] = (into.statuses[status] ?? 0) + count;
  into.samples = { ...from.samples, ...into.samples };
}

export const failures = (o: Outcomes) => o.unexpected + o.notAccepted + o.errors;

function transferStatus(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { status?: string }).status;
  } catch {
    return undefined;
  }
}

/** Records one response; a transfer's 201 counts only if the transfer was accepted. */
function record(o: Outcomes, status: number, body: string, expected: number, transfer: boolean): void {
  o.requests++;
  o.statuses[status] = (o.statuses[status] ?? 0) + 1;
  let failed = status !== expected;
  if (failed) o.unexpected++;
  else if (transfer && transferStatus(body) !== 'pending') {
    o.notAccepted++;
    failed = true;
  }
  if (failed) o.samples[status] ??= body.slice(0, 400);
}

interface Load {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  outcomes: Outcomes;
}

interface Target {
  url: string;
  method: 'GET' | 'POST';
  /** Headers and body of the next request (a fresh Idempotency-Key each time). */
  next: () => { headers: Record<string, string>; body?: string };
  expected: number;
  transfer: boolean;
}

/** Full load: autocannon with `connections` connections for `seconds`, every response checked. */
async function fullLoad(target: Target, connections: number, seconds: number): Promise<Load> {
  const outcomes = noOutcomes();
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: target.method,
        setupRequest: (request) => ({ ...request, ...target.next() }),
        onResponse: (status, body) => record(outcomes, status, body, target.expected, target.transfer),
      },
    ],
  });
  outcomes.errors += result.errors;
  outcomes.timeouts += result.timeouts;
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    outcomes,
  };
}

const pick = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** A request with no complete response this long after it was due counts as a timeout (as in autocannon). */
const TIMEOUT_MS = 10_000;

/** One request of the steady rate; resolves with its latency from `due`, or null when it failed fast. */
function sendAt(target: Target, agent: Agent, due: number, outcomes: Outcomes): Promise<number | null> {
  const { headers, body } = target.next();
  return new Promise((resolve) => {
    let timedOut = false;
    const req = httpRequest(target.url, { method: target.method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        record(outcomes, res.statusCode ?? 0, text, target.expected, target.transfer);
        resolve(performance.now() - due);
      });
    });
    const timer = setTimeout(
      () => {
        timedOut = true;
        req.destroy();
      },
      Math.max(0, due + TIMEOUT_MS - performance.now()),
    );
    req.on('error', () => {
      clearTimeout(timer);
      outcomes.errors++;
      if (timedOut) outcomes.timeouts++;
      // A timeout took at least TIMEOUT_MS: it stays in the percentiles (as that lower bound).
      resolve(timedOut ? TIMEOUT_MS : null);
    });
    req.end(body);
  });
}

/**
 * A steady open-loop rate: one request every 1000/perSec ms, sent on time whether or not earlier ones
 * answered, each latency taken from the moment it was due (so a stall is not hidden by sending
 * less). autocannon's `overallRate` is not used here: it releases each connection's quota at the top
 * of every second, so all connections start at once and "200/s" is a burst at full load, then idle.
 */
export async function steadyRate(target: Target, perSec: number, seconds: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const outcomes = noOutcomes();
  const total = perSec * seconds;
  const inFlight: Promise<number | null>[] = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / perSec;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(sendAt(target, agent, due, outcomes));
  }
  const latencies = (await Promise.all(inFlight)).filter((ms) => ms !== null);
  const elapsedSec = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const ms = (value: number) => Number(value.toFixed(1));
  return {
    reqPerSec: Math.round(outcomes.requests / elapsedSec),
    p50Ms: ms(pick(latencies, 0.5)),
    p99Ms: ms(pick(latencies, 0.99)),
    outcomes,
  };
}

/** A customer with a card account funded far beyond the run, and a checking account linked to it. */
async function customerWithLink(setup: TransferBenchSetup) {
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${setup.api}${route}`, {
      method: 'POST',
      headers: setup.headers,
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`bench setup: POST ${route} answered ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const customer = await post('/api/v0.1/customers', {
    first_name: 'Grace',
    last_name: 'Hopper',
    date_of_birth: '1906-12-09',
  });
  const card = await post('/api/v0.1/accounts', { customer_id: customer.customer_id });
  const plaid = new PlaidApi(
    new Configuration({ basePath: setup.sandbox.url, baseOptions: { headers: setup.sandbox.headers } }),
  );
  const { data: accounts } = await plaid.accountsGet({ access_token: setup.sandbox.accessToken });
  const checking = accounts.accounts.find((a) => a.name === 'Plaid Checking');
  const { data: token } = await plaid.processorTokenCreate({
    access_token: setup.sandbox.accessToken,
    account_id: checking?.account_id ?? '',
    processor: 'linkport' as ProcessorTokenCreateRequestProcessorEnum,
  });
  const linked = await post('/api/v0.1/accounts/processor_tokens', {
    processor_token: token.processor_token,
    customer_id: customer.customer_id,
  });
  await post(`/api/v0.1/sandbox/accounts/${String(card.account_id)}/fund`, { amount: FUNDING_CENTS });
  const liveCents = Math.round((checking?.balances.available ?? 0) * 100);
  if (liveCents < AMOUNT_CENTS)
    throw new Error(`bench setup: the sandbox balance (${liveCents}) cannot cover a pull`);
  return { card: String(card.account_id), linked: String(linked.linked_account_id) };
}

/**
 * Small fsynced commits per second on the disk under tmpdir() (where the bench's database lives),
 * opened as Linkport opens SQLite: WAL, synchronous=FULL. A transfer cannot commit faster than this.
 */
function diskCommitsPerSec(seconds = 1): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkport-bench-disk-'));
  const db = new SQLite(path.join(dir, 'probe.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table probe (id integer primary key, body text not null)');
    const insert = db.prepare('insert into probe (body) values (?)');
    const body = 'x'.repeat(1000);
    let commits = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      insert.run(body);
      commits++;
    }
    return Math.round(commits / ((performance.now() - started) / 1000));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Mode = 'full' | 'steady';

interface Scenario {
  name: string;
  mode: Mode;
  direction: 'push' | 'pull';
  /** The target on SQLite, reported beside the figure (a miss is reported, not failed). */
  target: { minReqPerSec: number } | { maxP99Ms: number };
}

const SCENARIOS: Scenario[] = [
  {
    name: 'transfers: push at full load (POST /api/v0.1/transfers, card to linked)',
    mode: 'full',
    direction: 'push',
    target: { minReqPerSec: 1000 },
  },
  {
    name: 'transfers: pull at full load (POST /api/v0.1/transfers, linked to card; Plaid live balance)',
    mode: 'full',
    direction: 'pull',
    target: { minReqPerSec: 300 },
  },
  {
    name: `transfers: push at a steady ${STEADY_PER_SEC}/s (latency)`,
    mode: 'steady',
    direction: 'push',
    target: { maxP99Ms: 100 },
  },
];

/** POST /api/v0.1/transfers, one unique Idempotency-Key per request (so one new transfer each). */
function transferTarget(setup: TransferBenchSetup, from: string, to: string, description: string): Target {
  const run = randomUUID().slice(0, 8);
  let key = 0;
  const body = JSON.stringify({ from, to, amount: AMOUNT_CENTS, currency: 'USD', description });
  return {
    url: `${setup.api}/api/v0.1/transfers`,
    method: 'POST',
    next: () => ({ headers: { ...setup.headers, 'idempotency-key': `bench-${run}-${++key}` }, body }),
    expected: 201,
    transfer: true,
  };
}

function baselineTarget(setup: TransferBenchSetup): Target {
  return { url: setup.baseUrl, method: 'GET', next: () => ({ headers: {} }), expected: 200, transfer: false };
}

/** The warm-up's figures are not reported, but its failures are: `warmUp` gets its outcomes. */
async function measureOnce(setup: TransferBenchSetup, mode: Mode, target: Target, warmUp?: Outcomes) {
  const run = (seconds: number) =>
    mode === 'steady'
      ? steadyRate(target, STEADY_PER_SEC, seconds)
      : fullLoad(target, setup.connections, seconds);
  if (warmUp) addOutcomes(warmUp, (await run(setup.warmupSec)).outcomes);
  return run(mode === 'steady' ? STEADY_SEC : setup.durationSec);
}

/**
 * One scenario: `rounds` times the baseline then the scenario, the same way (full load, or the same
 * steady rate). Full load reports the round with the median req/s ratio to the baseline; the steady
 * rate the round with the median p99 (and its ratio to the baseline's p99 at that rate).
 */
async function measureScenario(setup: TransferBenchSetup, scenario: Scenario, target: Target) {
  const bare = baselineTarget(setup);
  const all = noOutcomes();
  const rounds = [];
  for (let round = 0; round < setup.rounds; round++) {
    const baseline = await measureOnce(setup, scenario.mode, bare, round === 0 ? noOutcomes() : undefined);
    const disk = scenario.mode === 'full' ? diskCommitsPerSec() : undefined;
    const measured = await measureOnce(setup, scenario.mode, target, round === 0 ? all : undefined);
    addOutcomes(all, measured.outcomes);
    rounds.push({
      reqPerSec: measured.reqPerSec,
      p50Ms: measured.p50Ms,
      p99Ms: measured.p99Ms,
      non201: measured.outcomes.unexpected,
      notAccepted: measured.outcomes.notAccepted,
      errors: measured.outcomes.errors,
      timeouts: measured.outcomes.timeouts,
      baseline: {
        reqPerSec: baseline.reqPerSec,
        p50Ms: baseline.p50Ms,
        p99Ms: baseline.p99Ms,
        failures: failures(baseline.outcomes),
      },
      ratio: Number((measured.reqPerSec / baseline.reqPerSec).toFixed(3)),
      p99Ratio: Number((measured.p99Ms / Math.max(baseline.p99Ms, 0.1)).toFixed(1)),
      ...(disk
        ? { diskCommitsPerSec: disk, ratioToDiskCommits: Number((measured.reqPerSec / disk).toFixed(3)) }
        : {}),
    });
  }
  const key = scenario.mode === 'full' ? 'ratio' : 'p99Ms';
  const median = [...rounds].sort((a, b) => a[key] - b[key])[Math.floor(rounds.length / 2)];
  if (!median) throw new Error('BENCH_ROUNDS must be at least 1');
  const attempted = all.requests + all.errors;
  const failureRate = attempted ? failures(all) / attempted : 1;
  const failed =
    failureRate > MAX_FAILURE_RATE
      ? `${failures(all)} of ${attempted} requests failed (${(failureRate * 100).toFixed(2)} %): ` +
        `${all.unexpected} non-201 ${JSON.stringify(all.statuses)}, ${all.notAccepted} 201 not accepted, ${all.errors} socket errors (${all.timeouts} of them timeouts); first bodies: ${JSON.stringify(all.samples)}`
      : undefined;
  const meetsTarget =
    !failed &&
    ('minReqPerSec' in scenario.target
      ? median.reqPerSec >= scenario.target.minReqPerSec
      : median.p99Ms <= scenario.target.maxP99Ms);
  return {
    name: scenario.name,
    compared:
      scenario.mode === 'full'
        ? 'ratio: req/s over the baseline at full load (median round)'
        : 'p99Ratio: p99 over the baseline p99 at the same steady rate (median p99 round); ratio: achieved rate over the baseline',
    target: scenario.target,
    meetsTarget,
    ...median,
    ...(scenario.mode === 'steady' ? { ratePerSec: STEADY_PER_SEC, secondsPerRound: STEADY_SEC } : {}),
    // Every request of the scenario, warm-up included.
    allRequests: {
      requests: attempted,
      non201: all.unexpected,
      notAccepted: all.notAccepted,
      errors: all.errors,
      timeouts: all.timeouts,
      statuses: all.statuses,
      ...(failures(all) > 0 ? { firstFailureBodies: all.samples } : {}),
    },
    ...(failed ? { failed } : {}),
    rounds: rounds.map((r) => ({
      reqPerSec: r.reqPerSec,
      p99Ms: r.p99Ms,
      baselineReqPerSec: r.baseline.reqPerSec,
      baselineP99Ms: r.baseline.p99Ms,
      ratio: r.ratio,
      ...(r.diskCommitsPerSec ? { diskCommitsPerSec: r.diskCommitsPerSec } : {}),
      non201: r.non201,
    })),
  };
}

export type TransferBenchResult = Awaited<ReturnType<typeof measureScenario>>;

/** The transfer scenarios BENCH_ONLY selects (all when unset); none selected, no setup either. */
export async function benchTransfers(setup: TransferBenchSetup): Promise<TransferBenchResult[]> {
  const selected = SCENARIOS.filter((s) => !setup.only || s.name.includes(setup.only));
  if (selected.length === 0) return [];
  const { card, linked } = await customerWithLink(setup);
  const results = [];
  for (const scenario of selected) {
    const target =
      scenario.direction === 'push'
        ? transferTarget(setup, card, linked, 'Bench push')
        : transferTarget(setup, linked, card, 'Bench pull');
    const result = await measureScenario(setup, scenario, target);
    console.error(
      `${scenario.name}: ${result.reqPerSec} req/s, p99 ${result.p99Ms} ms; baseline ${result.baseline.reqPerSec} req/s, ` +
        `p99 ${result.baseline.p99Ms} ms; non-201 responses ${result.allRequests.non201} of ${result.allRequests.requests}` +
        (result.allRequests.notAccepted ? `, 201 but not accepted ${result.allRequests.notAccepted}` : '') +
        (result.allRequests.errors
          ? `, socket errors ${result.allRequests.errors} (${result.allRequests.timeouts} timeouts)`
          : '') +
        (result.diskCommitsPerSec ? `; disk ${result.diskCommitsPerSec} fsynced commits/s` : '') +
        `; target ${JSON.stringify(result.target)} ${result.meetsTarget ? 'met' : 'MISSED'}`,
    );
    if (result.failed) console.error(`\n*** FAILED: ${scenario.name}\n*** ${result.failed}\n`);
    results.push(result);
  }
  return results;
}
