import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

/** The caller's environment without Linkport's own settings, so a command runs on its embedded defaults. */
export const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(PORT|HOST|DATABASE_URL|LINKPORT_|PLAID_|LOG_LEVEL)/.test(k),
  ),
);

export interface LongRunning {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the output so far once `bannerEnd` is printed; rejects if the process exits first. */
  ready: Promise<string>;
}

/**
 * Starts a long-lived command (a server) in `cleanEnv` and watches its output for the end of its
 * banner. `detached` gives it a process group of its own, for `stopGroup`.
 */
export function spawnUntil(
  command: string,
  args: string[],
  bannerEnd: string,
  options: { cwd?: string; detached?: boolean; env?: Record<string, string | undefined> } = {},
): LongRunning {
  const { env, ...rest } = options;
  const child = spawn(command, args, {
    env: { ...cleanEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...rest,
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(bannerEnd)) resolve(out);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${[command, ...args].join(' ')} exited with ${code}: ${out}`)),
    );
  });
  return { child, output: () => out, ready };
}

export const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * Signals a detached process and everything it started (npx does not pass SIGTERM on to the
 * command it runs), then waits up to `timeoutMs` for all of them to exit. True when they did.
 */
export async function stopGroup(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 10_000,
): Promise<boolean> {
  const pid = child.pid;
  if (pid === undefined) return true;
  signalGroup(pid, signal);
  for (let waitedMs = 0; waitedMs < timeoutMs; waitedMs += 50) {
    if (!signalGroup(pid, 0)) return true;
    await delay(50);
  }
  return false;
}
