import { spawn, spawnSync } from 'node:child_process';
import { cleanEnv, type LongRunning, spawnUntil } from './processes.js';

/** Linkport's CLI from the sources, as `node --import tsx src/main.ts`. */
export const CLI = ['--import', 'tsx', 'src/main.ts'];

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
): LongRunning {
  return spawnUntil(process.execPath, [...CLI, ...args], bannerEnd, { env });
}
