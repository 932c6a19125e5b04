/**
 * Scale-out on PostgreSQL: 1, 2 and 4 `linkport api` processes on one database, the load spread
 * evenly over them (one autocannon per process, the connections divided), for an authenticated
 * read and a write. Reports the total requests/s at each size and its ratio to one process; on a
 * 2-core machine the load generator and PostgreSQL share the cores with the APIs, so each size also
 * reports the cores each of them used (cpu-share.ts): throughput can grow only while cores are idle.
 */
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { freePort } from '../test/support/net.js';
import { type CpuShare, startCpuShare } from './cpu-share.js';

const SIZES = [1, 2, 4];
const CONNECTIONS = 48;
const DURATION_SEC = Number(process.env.BENCH_DURATION_SEC ?? 4);
/**
 * Each process is warmed before it is measured: with 2 s, four cold processes each got a quarter of
 * the warm-up load and spent the measurement compiling (twice the CPU per request of one process).
 */
const WARMUP_SEC = Number(process.env.BENCH_WARMUP_SEC ?? 6);

export interface ScaleOutSetup {
  env: NodeJS.ProcessEnv;
  headers: Record<string, string>;
  customerId: string;
  startProcess(args: string[], env: NodeJS.ProcessEnv, readyUrl: string): Promise<ChildProcess>;
}

async function spread(
  urls: string[],
  request: Omit<autocannon.Options, 'url'>,
  durationSec: number,
  apiPids: readonly number[],
) {
  const cpu = startCpuShare(apiPids);
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({ ...request, url, connections: CONNECTIONS / urls.length, duration: durationSec }),
    ),
  );
  return {
    reqPerSec: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    cpu: cpu(),
  };
}

/** Where the cores went: the load generator, the APIs, PostgreSQL. */
const cpuText = (cpu: CpuShare | undefined) =>
  cpu
    ? `; cores: load ${cpu.loadGeneratorCores}, api ${cpu.apiCores}, pg ${cpu.postgresCores} of ${cpu.machineCores}`
    : '';

export async function benchScaleOut(setup: ScaleOutSetup) {
  const person = { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' };
  const scenarios = [
    {
      name: 'GET /api/v0.1/customers/:id (authenticated)',
      request: { headers: setup.headers, path: `/api/v0.1/customers/${setup.customerId}` },
    },
    {
      name: 'POST /api/v0.1/customers',
      request: {
        headers: setup.headers,
        method: 'POST' as const,
        body: JSON.stringify(person),
        path: '/api/v0.1/customers',
      },
    },
  ];
  type Spread = Awaited<ReturnType<typeof spread>>;
  const sizes: Array<{ processes: number; measured: Record<string, Spread> }> = [];
  for (const size of SIZES) {
    const children: ChildProcess[] = [];
    try {
      const urls: string[] = [];
      for (let i = 0; i < size; i++) {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        children.push(
          await setup.startProcess(
            ['dist/main.js', 'api'],
            { ...setup.env, PORT: String(port) },
            `${url}/healthz`,
          ),
        );
        urls.push(url);
      }
      const measured: Record<string, Spread> = {};
      for (const { name, request } of scenarios) {
        const target = (url: string) => `${url}${request.path}`;
        const { path: _path, ...options } = request;
        await Promise.all(
          urls.map((url) =>
            autocannon({ ...options, url: target(url), connections: 8, duration: WARMUP_SEC }),
          ),
        );
        const pids = children.flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
        measured[name] = await spread(urls.map(target), options, DURATION_SEC, pids);
      }
      sizes.push({ processes: size, measured });
    } finally {
      for (const child of children) child.kill('SIGTERM');
    }
  }
  const rate = (i: number, name: string) => sizes[i]?.measured[name]?.reqPerSec ?? 0;
  const growth = Object.fromEntries(
    scenarios.map(({ name }) => [
      name,
      sizes.map((s, i) => ({
        processes: s.processes,
        reqPerSec: rate(i, name),
        p99Ms: s.measured[name]?.p99Ms,
        non2xx: s.measured[name]?.non2xx,
        ratioToOne: Number((rate(i, name) / rate(0, name)).toFixed(2)),
        cpu: s.measured[name]?.cpu,
      })),
    ]),
  );
  for (const [name, rows] of Object.entries(growth))
    console.error(
      `scale-out ${name}: ${rows.map((r) => `${r.processes} → ${r.reqPerSec}/s (×${r.ratioToOne}${cpuText(r.cpu)})`).join(', ')}`,
    );
  return { name: 'scale-out: 1, 2 and 4 API processes on one PostgreSQL', growth };
}
