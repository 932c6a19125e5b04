import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A throwaway OpenSSH server on loopback for the SFTP tests: its own config, host key and
 * authorised user key in a temporary folder, run as the test's own child process and killed after.
 * Nothing of the system's ssh service is touched.
 */

export const SSHD = '/usr/sbin/sshd';

export interface SshdHarness {
  readonly port: number;
  readonly username: string;
  readonly privateKey: string;
  readonly hostKeySha256: string;
  /** The folder the SFTP user writes into. */
  readonly root: string;
  stop(): Promise<void>;
}

/** Why the SFTP tests cannot run here, or undefined when they can. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  if (!existsSync('/usr/bin/ssh-keygen')) return 'ssh-keygen is not installed';
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'ignore' });
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${output.trim()}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}): ${output.trim()}`));
    });
  });
}

export async function startSshd(): Promise<SshdHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkport-sshd-'));
  const root = path.join(dir, 'files');
  mkdirSync(root, { mode: 0o700 });
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'user_key'));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'user_key.pub')), {
    mode: 0o600,
  });
  const port = await freePort();
  const username = userInfo().username;
  const config = [
    `ListenAddress 127.0.0.1`,
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    // The keys sit under the world-writable temporary folder, which StrictModes would refuse.
    'StrictModes no',
    'UsePAM no',
    `AllowUsers ${username}`,
    'Subsystem sftp internal-sftp -u 0077',
    'LogLevel INFO',
  ].join('\n');
  writeFileSync(path.join(dir, 'sshd_config'), `${config}\n`);
  // sshd insists on its privilege-separation folder; the ssh package's service would make it.
  if (!existsSync('/run/sshd') && process.getuid?.() === 0) mkdirSync('/run/sshd', { mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config'), '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await waitForListening(child, 10_000);
  } catch (err) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(dir, 'host_key.pub')]);
  const hostKeySha256 = printed.toString().split(' ')[1] ?? '';
  return {
    port,
    username,
    privateKey: readFileSync(path.join(dir, 'user_key'), 'utf8'),
    hostKeySha256,
    root,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
