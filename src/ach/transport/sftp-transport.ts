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

/** One SFTP session at a time, opened on first use and again after the server or network ends it. */
function createSession(options: SftpTransportOptions) {
  let connecting: Promise<SftpClient> | undefined;
  let current: SftpClient | undefined;

  // A session the server or the network ended is dropped, and the next call opens a new one.
  const drop = (sftp: SftpClient) => {
    if (current !== sftp) return;
    current = undefined;
    connecting = undefined;
  };

  async function connect(): Promise<SftpClient> {
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
  }

  return {
    client(): Promise<SftpClient> {
      connecting ??= connect().catch((err: unknown) => {
        connecting = undefined;
        throw new TransportError('could not open the SFTP session', { cause: err });
      });
      return connecting;
    },
    async close(): Promise<void> {
      const pending = connecting;
      connecting = undefined;
      current = undefined;
      if (pending) await (await pending.catch(() => undefined))?.end();
    },
  };
}

/** The server's folder tree under the root, in transport names. */
class RemoteTree {
  constructor(private readonly root: string) {}

  path(name: string): string {
    return `${this.root}/${name}`;
  }

  /** Makes the folder a name is in, private to the account, if it is not there yet. */
  async folder(sftp: SftpClient, name: string): Promise<void> {
    const dir = splitName(name).folder;
    if (dir === '' || (await sftp.exists(this.path(dir))) === 'd') return;
    await sftp.mkdir(this.path(dir), true);
    await sftp.chmod(this.path(dir), 0o700);
  }

  async rename(sftp: SftpClient, from: string, to: string): Promise<void> {
    if ((await sftp.exists(this.path(to))) !== false) throw new TransportError(`${to} already exists`);
    await sftp.rename(this.path(from), this.path(to));
  }
}

/**
 * The transport most banks offer: SFTP with key authentication. Files are uploaded under a dot-name
 * with mode 0600 and renamed into place (OpenSSH's rename refuses to overwrite), so the bank never
 * picks up half a file.
 */
export function createSftpTransport(options: SftpTransportOptions): AchTransport {
  const session = createSession(options);
  const tree = new RemoteTree(options.root);
  return {
    async put(name, bytes) {
      const sftp = await session.client();
      const { folder: dir, file } = splitName(name);
      await tree.folder(sftp, name);
      const temp = joinName(dir, `.${file}.${randomBytes(4).toString('hex')}.part`);
      await sftp.put(Buffer.from(bytes), tree.path(temp), { writeStreamOptions: { mode: 0o600 } });
      try {
        await tree.rename(sftp, temp, name);
      } catch (err) {
        await sftp.delete(tree.path(temp), true);
        throw err;
      }
    },
    async list(prefix) {
      const sftp = await session.client();
      const { folder: dir, start } = splitPrefix(prefix);
      if ((await sftp.exists(tree.path(dir))) !== 'd') return [];
      const entries = await sftp.list(tree.path(dir));
      return entries
        .filter((entry) => entry.type === '-' && !entry.name.startsWith('.') && entry.name.startsWith(start))
        .map((entry) => joinName(dir, entry.name))
        .sort();
    },
    async get(name) {
      splitName(name);
      const data = await (await session.client()).get(tree.path(name));
      if (!Buffer.isBuffer(data)) throw new TransportError(`could not read ${name}`);
      return data;
    },
    async move(from, to) {
      splitName(from);
      const sftp = await session.client();
      await tree.folder(sftp, to);
      await tree.rename(sftp, from, to);
    },
    close: () => session.close(),
  };
}
