import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a secret kept in a file of the data directory, creating it (mode 0600) on first use.
 * Only for the embedded defaults; production passes secrets through the environment.
 */
export function readOrCreateSecretFile(
  dir: string,
  name: string,
  generate: () => string,
): { value: string; created: boolean; file: string } {
  const file = path.join(dir, name);
  try {
    const value = readFileSync(file, 'utf8').trim();
    // A key file others can read (copied in, or written by an older version) is narrowed to its owner.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { value, created: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, created: true, file };
}

/** Replaces a secret file of the data directory at once (a new file renamed over it, mode 0600). */
export function replaceSecretFile(dir: string, name: string, value: string): string {
  const file = path.join(dir, name);
  const next = `${file}.next`;
  writeFileSync(next, `${value}\n`, { mode: 0o600 });
  renameSync(next, file);
  return file;
}
