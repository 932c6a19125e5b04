/**
 * Where the machine's CPU went during a measurement, from /proc (Linux): the bench process (the
 * load generator, autocannon in this one process), the API processes, and PostgreSQL's server
 * processes, in cores (1 = one core busy all the time). Without /proc it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** clock ticks per second on Linux (USER_HZ): /proc/<pid>/stat counts in these. */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  } catch {
    return 0;
  }
}

function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

export interface CpuShare {
  machineCores: number;
  loadGeneratorCores: number;
  apiCores: number;
  postgresCores: number;
}

/** Starts counting; the returned function gives the cores each part used since. */
export function startCpuShare(apiPids: readonly number[]): () => CpuShare | undefined {
  const started = performance.now();
  const ticks = (pids: readonly number[]) => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  // PostgreSQL backends come and go with connections; count those alive at both ends.
  const pgBefore = new Map(postgresPids().map((pid) => [pid, cpuTicks(pid)]));
  const before = { self: cpuTicks(process.pid), api: ticks(apiPids) };
  return () => {
    const seconds = (performance.now() - started) / 1000;
    if (before.self === 0 || seconds <= 0) return undefined;
    let pg = 0;
    for (const [pid, at] of pgBefore) pg += Math.max(0, cpuTicks(pid) - at);
    const cores = (t: number) => Number((t / TICKS_PER_SECOND / seconds).toFixed(2));
    return {
      machineCores: cpus().length,
      loadGeneratorCores: cores(cpuTicks(process.pid) - before.self),
      apiCores: cores(ticks(apiPids) - before.api),
      postgresCores: cores(pg),
    };
  };
}
