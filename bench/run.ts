/**
 * npm run bench: Linkport (built, fresh SQLite database, loopback) under autocannon, each scenario
 * paired with a bare Fastify hello-world measured right before it; prints one JSON object with
 * req/s, p50, p99 and the ratio to the baseline. Absolute numbers drift on shared machines; ratios less so.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Configuration, PlaidApi, ProcessorTokenCreateRequestProcessorEnum, Products } from 'plaid';
import { freePort } from '../test/support/net.js';
import { type BenchDatabase, benchDatabases } from './databases.js';
import { benchInsightsApart } from './insights.js';
import { benchScaleOut } from './scale-out.js';
import { benchTransfers, failures, steadyRate } from './transfers.js';
import { benchWebhooks } from './webhooks.js';

const DURATION_SEC = Number(process.env.BENCH_DURATION_SEC ?? 4);
/** Each scenario is measured this many times, alternating with the baseline; the median ratio is reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 50;
/** JIT and SQLite page cache settle in the first seconds; that is not what we measure. */
const WARMUP_SEC = 3;

interface Measurement {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/** BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server process there (for finding hot spots). */
const profileArgs = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
  : [];

/** Starts a server process and waits until readyUrl answers (at most 30 s). */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, readyUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...profileArgs, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(readyUrl)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`${args.join(' ')} did not become ready`);
}

async function measure(options: autocannon.Options, warmUp: boolean): Promise<Measurement> {
  if (warmUp) await autocannon({ ...options, duration: WARMUP_SEC });
  const result = await autocannon({ ...options, duration: DURATION_SEC, connections: CONNECTIONS });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/** `linkport sandbox` on a fresh data directory, with a linked Item and a processor token to read. */
async function startSandboxForBench(env: NodeJS.ProcessEnv, dataDir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...profileArgs, 'dist/main.js', 'sandbox', '--port', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const client = JSON.parse(await waitForFile(path.join(dataDir, 'sandbox-client.json'))) as {
    client_id: string;
    secret: string;
  };
  const headers = {
    'content-type': 'application/json',
    'PLAID-CLIENT-ID': client.client_id,
    'PLAID-SECRET': client.secret,
  };
  const plaid = new PlaidApi(new Configuration({ basePath: url, baseOptions: { headers } }));
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/institutions/get_by_id`, { method: 'POST' }).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { data: pt } = await plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109508',
    initial_products: [Products.Auth],
  });
  const { data: item } = await plaid.itemPublicTokenExchange({ public_token: pt.public_token });
  const { data: accounts } = await plaid.accountsGet({ access_token: item.access_token });
  const checking = accounts.accounts.find((a) => a.name === 'Plaid Checking');
  const { data: token } = await plaid.processorTokenCreate({
    access_token: item.access_token,
    account_id: checking?.account_id ?? '',
    processor: ProcessorTokenCreateRequestProcessorEnum.Bond,
  });
  return { child, url, headers, accessToken: item.access_token, processorToken: token.processor_token };
}

/** Links measured: enough fresh processor tokens, each for a customer of its own (no duplicates). */
const LINKS = Number(process.env.BENCH_LINKS ?? 3000);
const LINK_WARMUP = 300;
/** The latency target is stated at this rate: p99 at most 100 ms. */
const STEADY_LINKS_PER_SEC = 300;
const STEADY_LINK_SEC = Number(process.env.BENCH_LINK_STEADY_SEC ?? 5);

/**
 * The link flow of seed 000 (POST /api/v0.1/accounts/processor_tokens, 201), each request with a
 * fresh processor token for a customer and card account of its own, prepared beforehand. Every
 * link costs Linkport three Plaid calls and one fsynced transaction: reported as links/s and p99
 * (an absolute figure: the issue asks for 300 links/s on SQLite).
 */
async function measureLinks(
  api: string,
  headers: Record<string, string>,
  sandbox: Awaited<ReturnType<typeof startSandboxForBench>>,
) {
  const plaid = new PlaidApi(
    new Configuration({ basePath: sandbox.url, baseOptions: { headers: sandbox.headers } }),
  );
  const { data: accounts } = await plaid.accountsGet({ access_token: sandbox.accessToken });
  const checking = accounts.accounts.find((a) => a.name === 'Plaid Checking')?.account_id ?? '';
  const post = async (route: string, body: unknown) =>
    (await (
      await fetch(`${api}${route}`, { method: 'POST', headers, body: JSON.stringify(body) })
    ).json()) as Record<string, string>;
  const bodies: { processor_token: string; customer_id: string }[] = [];
  const steadyLinks = STEADY_LINKS_PER_SEC * STEADY_LINK_SEC;
  const total = LINKS + LINK_WARMUP + steadyLinks;
  for (let start = 0; start < total; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, total - start) }, async (_, i) => {
        const customer = await post('/api/v0.1/customers', {
          first_name: 'Ada',
          last_name: `Lovelace${start + i}`,
          date_of_birth: '1985-12-10',
        });
        const customerId = customer.customer_id ?? '';
        await post('/api/v0.1/accounts', { customer_id: customerId });
        const { data } = await plaid.processorTokenCreate({
          access_token: sandbox.accessToken,
          account_id: checking,
          processor: 'linkport' as ProcessorTokenCreateRequestProcessorEnum,
        });
        return { processor_token: data.processor_token, customer_id: customerId };
      }),
    );
    bodies.push(...batch);
  }
  const run = async (slice: typeof bodies) => {
    let next = 0;
    const result = await autocannon({
      url: `${api}/api/v0.1/accounts/processor_tokens`,
      connections: CONNECTIONS,
      amount: slice.length,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (request) => ({ ...request, body: JSON.stringify(slice[next++ % slice.length]) }),
        },
      ],
    });
    return result;
  };
  await run(bodies.slice(0, LINK_WARMUP));
  const result = await run(bodies.slice(LINK_WARMUP, LINK_WARMUP + LINKS));
  // Then an open-loop steady rate, each link's latency taken from when it was due.
  const steadyBodies = bodies.slice(LINK_WARMUP + LINKS);
  let next = 0;
  const steady = await steadyRate(
    {
      url: `${api}/api/v0.1/accounts/processor_tokens`,
      method: 'POST',
      next: () => ({ headers, body: JSON.stringify(steadyBodies[next++ % steadyBodies.length]) }),
      expected: 201,
      transfer: false,
    },
    STEADY_LINKS_PER_SEC,
    STEADY_LINK_SEC,
  );
  return {
    name: 'POST /api/v0.1/accounts/processor_tokens (link a fresh processor token)',
    // Links over the run's elapsed time: autocannon's requests.average divides a fixed number of
    // requests by whole seconds, so 3,000 links in 4.1 s would read 600/s, and in 5.1 s 500/s.
    linksPerSec: Math.round(result.requests.total / result.duration),
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    links: LINKS,
    non2xx: result.non2xx,
    steady: {
      ratePerSec: STEADY_LINKS_PER_SEC,
      links: steadyLinks,
      achievedPerSec: steady.reqPerSec,
      p50Ms: steady.p50Ms,
      p99Ms: steady.p99Ms,
      target: { maxP99Ms: 100 },
      meetsTarget: steady.p99Ms <= 100 && failures(steady.outcomes) === 0,
      failures: failures(steady.outcomes),
    },
  };
}

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${file} did not appear`);
}

/** One database's run: Linkport's scenarios on a fresh database of that kind, each beside the baseline. */
async function runSuite(database: BenchDatabase, only: string | undefined) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-bench-'));
  const children: ChildProcess[] = [];
  const named = <T extends { name: string }>(r: T): T =>
    database.kind === 'sqlite' ? r : { ...r, name: `[postgres] ${r.name}` };
  try {
    const env = {
      ...process.env,
      LINKPORT_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url ?? `sqlite:${path.join(dataDir, 'linkport.db')}`,
    };
    execFileSync(process.execPath, ['dist/main.js', 'migrate'], { env, encoding: 'utf8' });
    const brand = JSON.parse(
      execFileSync(process.execPath, ['dist/main.js', 'brands', 'create', '--name', 'Bench', '--json'], {
        env,
        encoding: 'utf8',
      }),
    ) as { brand_id: string; identity: string; secret: string };
    execFileSync(
      process.execPath,
      ['dist/main.js', 'brands', 'enable-integration', 'plaid', '--brand', brand.brand_id],
      { env, encoding: 'utf8' },
    );
    const headers = {
      identity: brand.identity,
      authorization: brand.secret,
      'content-type': 'application/json',
    };

    const basePort = await freePort();
    const baseUrl = `http://127.0.0.1:${basePort}/`;
    children.push(
      await startProcess(
        ['--import', 'tsx', 'bench/baseline-server.ts', String(basePort)],
        process.env,
        baseUrl,
      ),
    );
    const sandbox = await startSandboxForBench(env, dataDir);
    children.push(sandbox.child);
    const apiPort = await freePort();
    const api = `http://127.0.0.1:${apiPort}`;
    children.push(
      await startProcess(
        ['dist/main.js', 'api'],
        { ...env, PORT: String(apiPort), PLAID_BASE_URL: sandbox.url },
        `${api}/healthz`,
      ),
    );
    const customer = {
      first_name: 'Ada',
      last_name: 'Lovelace',
      date_of_birth: '1985-12-10',
      email: 'ada@example.com',
    };
    const created = await fetch(`${api}/api/v0.1/customers`, {
      method: 'POST',
      headers,
      body: JSON.stringify(customer),
    });
    const { customer_id } = (await created.json()) as { customer_id: string };

    const scenarios: Array<{ name: string; options: autocannon.Options }> = [
      { name: 'GET /healthz', options: { url: `${api}/healthz` } },
      {
        name: 'GET /api/v0.1/customers/:id (authenticated)',
        options: { url: `${api}/api/v0.1/customers/${customer_id}`, headers },
      },
      {
        name: 'POST /api/v0.1/customers',
        options: {
          url: `${api}/api/v0.1/customers`,
          method: 'POST',
          headers,
          body: JSON.stringify(customer),
        },
      },
      {
        name: 'sandbox POST /accounts/get',
        options: {
          url: `${sandbox.url}/accounts/get`,
          method: 'POST',
          headers: sandbox.headers,
          body: JSON.stringify({ access_token: sandbox.accessToken }),
        },
      },
      {
        name: 'sandbox POST /processor/auth/get',
        options: {
          url: `${sandbox.url}/processor/auth/get`,
          method: 'POST',
          headers: sandbox.headers,
          body: JSON.stringify({ processor_token: sandbox.processorToken }),
        },
      },
    ];
    const results = [];
    for (const scenario of scenarios.filter((s) => !only || s.name.includes(only))) {
      const rounds = [];
      for (let round = 0; round < ROUNDS; round++) {
        const baseline = await measure({ url: baseUrl }, round === 0);
        const measured = await measure(scenario.options, round === 0);
        rounds.push({
          ...measured,
          baseline,
          ratio: Number((measured.reqPerSec / baseline.reqPerSec).toFixed(3)),
        });
      }
      const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)];
      results.push({
        name: scenario.name,
        ...median,
        rounds: rounds.map((r) => ({
          reqPerSec: r.reqPerSec,
          baselineReqPerSec: r.baseline.reqPerSec,
          ratio: r.ratio,
        })),
      });
    }
    if (!only || 'link'.includes(only) || only.includes('link')) {
      results.push(await measureLinks(api, headers, sandbox));
    }
    const transfers = await benchTransfers({
      api,
      headers,
      baseUrl,
      sandbox,
      connections: CONNECTIONS,
      durationSec: DURATION_SEC,
      warmupSec: WARMUP_SEC,
      rounds: ROUNDS,
      only,
    });
    results.push(...transfers);
    if (database.kind === 'postgres' && (!only || only.includes('scale')))
      results.push(
        await benchScaleOut({
          env: { ...env, PLAID_BASE_URL: sandbox.url },
          headers,
          customerId: customer_id,
          startProcess,
        }),
      );
    return results.map(named);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}

async function main(): Promise<void> {
  // BENCH_ONLY=<text> measures only the scenarios whose name contains it (for iterating on one path).
  const only = process.env.BENCH_ONLY;
  const databases = await benchDatabases(process.argv.slice(2));
  const results: unknown[] = [];
  for (const open of databases.open) results.push(...(await runSuite(await open(), only)));
  if (!only || only.includes('webhook')) results.push(await benchWebhooks());
  if (!only || only.includes('insights')) results.push(await benchInsightsApart());
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    connections: CONNECTIONS,
    durationSec: DURATION_SEC,
    rounds: ROUNDS,
    note: 'each result is the round with the median ratio to the bare Fastify baseline measured just before it',
    databases: databases.names,
    ...(databases.skipped ? { skipped: databases.skipped } : {}),
    results,
  };
  const json = JSON.stringify(report, null, 2);
  writeFileSync(path.join('bench', 'results', 'latest.json'), `${json}\n`);
  console.log(json);
  // A scenario whose requests failed is not a fast scenario: the run fails, naming it.
  const failed = results.filter((r): r is { name: string; failed: string } =>
    Boolean((r as { failed?: string }).failed),
  );
  for (const t of failed) console.error(`FAILED: ${t.name}: ${t.failed}`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
