import { createHash, randomBytes } from 'node:crypto';
import SftpClient from 'ssh2-sftp-client';
import { type AchTransport, joinName, splitName, splitPrefix, TransportError } from './transport.js';

export interface SftpTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKey: string | Buffer;
  /**
   * The server's host key fingerprint as OpenSSH prints it ('SHA256:…'). The connection is refused
   * unless the server shows this key: a bank's SFTP host is pinned, never trusted on first use.
   */
  readonly hostKeySha256: string;
  /** The folder on the server that transport names are relative to. */
  readonly root: string;
  readonly readyTimeoutMs?: number;
}

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The transport most banks offer: SFTP with key authentication. Files are uploaded under a dot-name
 * with mode 0600 and renamed into place (OpenSSH's rename refuses to overwrite), so the bank never
 * picks up half a file.
 */
export function createSftpTransport(options: SftpTransportOptions): AchTransport {
  let connecting: Promise<SftpClient> | undefined;
  let current: SftpClient | undefined;

  // A session the server or the network ended is dropped, and the next call opens a new one.
  const drop = (sftp: SftpClient) => {
    if (current !== sftp) return;
    current = undefined;
    connecting = undefined;
  };

  function client(): Promise<SftpClient> {
    connecting ??= (async () => {
      const sftp: SftpClient = new SftpClient('linkport-ach', {
        error: () => drop(sftp),
        end: () => drop(sftp),
        close: () => drop(sftp),
      });
      current = sftp;
      await sftp.connect({
        host: options.host,
        port: options.port,
        username: options.username,
        privateKey: options.privateKey,
        readyTimeout: options.readyTimeoutMs ?? 20_000,
        hostVerifier: (key: Buffer) => fingerprint(key) === options.hostKeySha256,
      });
      return sftp;
    })().catch((err: unknown) => {
      connecting = undefined;
      throw new TransportError('could not open the SFTP session', { cause: err });
    });
    return connecting;
  }

  const remote = (name: string) => `${options.root}/${name}`;

  async function folder(sftp: SftpClient, name: string): Promise<void> {
    const dir = splitName(name).folder;
    if (dir === '' || (await sftp.exists(remote(dir))) === 'd') return;
    await sftp.mkdir(remote(dir), true);
    await sftp.chmod(remote(dir), 0o700);
  }

  async function rename(sftp: SftpClient, from: string, to: string): Promise<void> {
    if ((await sftp.exists(remote(to))) !== false) throw new TransportError(`${to} already exists`);
    await sftp.rename(remote(from), remote(to));
  }

  return {
    async put(name, bytes) {
      const sftp = await client();
      const { folder: dir, file } = splitName(name);
      await folder(sftp, name);
      const temp = joinName(dir, `.${file}.${randomBytes(4).toString('hex')}.part`);
      await sftp.put(Buffer.from(bytes), remote(temp), { writeStreamOptions: { mode: 0o600 } });
      try {
        await rename(sftp, temp, name);
      } catch (err) {
        await sftp.delete(remote(temp), true);
        throw err;
      }
    },
    async list(prefix) {
      const sftp = await client();
      const { folder: dir, start } = splitPrefix(prefix);
      if ((await sftp.exists(remote(dir))) !== 'd') return [];
      const entries = await sftp.list(remote(dir));
      return entries
        .filter((entry) => entry.type === '-' && !entry.name.startsWith('.') && entry.name.startsWith(start))
        .map((entry) => joinName(dir, entry.name))
        .sort();
    },
    async get(name) {
      splitName(name);
      const data = await (await client()).get(remote(name));
      if (!Buffer.isBuffer(data)) throw new TransportError(`could not read ${name}`);
      return data;
    },
    async move(from, to) {
      splitName(from);
      const sftp = await client();
      await folder(sftp, to);
      await rename(sftp, from, to);
    },
    async close() {
      const pending = connecting;
      connecting = undefined;
      current = undefined;
      if (pending) await (await pending.catch(() => undefined))?.end();
    },
  };
}
