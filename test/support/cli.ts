import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/** Linkport's CLI from the sources, as `node --import tsx src/main.ts`. */
export const CLI = ['--import', 'tsx', 'src/main.ts'];

/** The CLI runs on the settings a test gives it; keep the caller's own settings out of it. */
export const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(PORT|HOST|DATABASE_URL|LINKPORT_|PLAID_|LOG_LEVEL)/.test(k),
  ),
);

/** Runs a command to completion. */
export function linkportSync(args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, [...CLI, ...args], { env: { ...cleanEnv, ...env }, encoding: 'utf8' });
}

/** Runs a command to completion without blocking the test (several side by side). */
export function linkportAsync(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    env: { ...cleanEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

/** Runs a long-lived command; `ready` resolves with its output once `bannerEnd` appears in it. */
export function spawnLinkport(
  args: string[],
  bannerEnd: string,
  env: Record<string, string | undefined> = {},
): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, [...CLI, ...args], {
    env: { ...cleanEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(bannerEnd)) resolve(out);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`linkport ${args[0]} exited with ${code}: ${out}`)));
  });
  return { child, output: () => out, ready };
}

export const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
