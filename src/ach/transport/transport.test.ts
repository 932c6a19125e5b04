import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryTransport } from './directory-transport.js';
import { createSftpTransport } from './sftp-transport.js';
import { type SshdHarness, sshdUnavailable, startSshd } from './sshd.test-helper.js';
import type { AchTransport } from './transport.js';

/** The same contract, run against every transport. */
function contract(make: () => { transport: AchTransport; root: string }) {
  it('puts, lists, gets and moves files, never overwriting one', async () => {
    const { transport, root } = make();
    await transport.put('outbound/LP-20260304-A.ach', 'first file\n');
    await transport.put('outbound/LP-20260304-B.ach', Buffer.from('second file\n'));
    await transport.put('inbound/RET-1.ach', 'return\n');
    expect(await transport.list('outbound/')).toEqual([
      'outbound/LP-20260304-A.ach',
      'outbound/LP-20260304-B.ach',
    ]);
    expect(await transport.list('outbound/LP-20260304-B')).toEqual(['outbound/LP-20260304-B.ach']);
    expect(await transport.list('nothing-here/')).toEqual([]);
    expect((await transport.get('outbound/LP-20260304-A.ach')).toString()).toBe('first file\n');
    await expect(transport.put('outbound/LP-20260304-A.ach', 'again')).rejects.toThrow(/already exists/);
    await transport.move('outbound/LP-20260304-A.ach', 'outbound/archive/LP-20260304-A.ach');
    expect(await transport.list('outbound/')).toEqual(['outbound/LP-20260304-B.ach']);
    expect(await transport.list('outbound/archive/')).toEqual(['outbound/archive/LP-20260304-A.ach']);
    await expect(transport.move('outbound/LP-20260304-B.ach', 'inbound/RET-1.ach')).rejects.toThrow(/exists/);
    expect((await transport.get('inbound/RET-1.ach')).toString()).toBe('return\n');
    expect(statSync(path.join(root, 'outbound', 'archive', 'LP-20260304-A.ach')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(root, 'outbound')).mode & 0o777).toBe(0o700);
  });

  it('refuses names that climb out of its root', async () => {
    const { transport } = make();
    await expect(transport.put('../escape.ach', 'x')).rejects.toThrow(/not a transport file name/);
    await expect(transport.get('inbound/../../etc/passwd')).rejects.toThrow(/not a transport file name/);
    await expect(transport.put('/abs.ach', 'x')).rejects.toThrow(/not a transport file name/);
  });
}

describe('directory transport', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'linkport-ach-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  contract(() => {
    const dir = mkdtempSync(path.join(root, 't-'));
    return { transport: createDirectoryTransport(path.join(dir, 'bank')), root: path.join(dir, 'bank') };
  });
});

const unavailable = sshdUnavailable();

describe.skipIf(unavailable !== undefined)(
  `SFTP transport against OpenSSH on loopback${unavailable ? ` — skipped: ${unavailable}` : ''}`,
  () => {
    let sshd: SshdHarness;
    const transports: AchTransport[] = [];
    beforeAll(async () => {
      sshd = await startSshd();
    });
    afterAll(async () => {
      await Promise.all(transports.map((t) => t.close()));
      await sshd?.stop();
    });

    function connect(hostKeySha256 = sshd.hostKeySha256, folder = 'x') {
      const transport = createSftpTransport({
        ...sshd,
        host: '127.0.0.1',
        hostKeySha256,
        root: path.join(sshd.root, folder),
      });
      transports.push(transport);
      return transport;
    }

    let n = 0;
    contract(() => {
      const folder = `run-${++n}`;
      return { transport: connect(sshd.hostKeySha256, folder), root: path.join(sshd.root, folder) };
    });

    it('opens a new session after the last one was closed', async () => {
      const transport = connect(sshd.hostKeySha256, 'again');
      await transport.put('outbound/one.ach', 'x');
      await transport.close();
      expect(await transport.list('outbound/')).toEqual(['outbound/one.ach']);
    });

    it('refuses a server whose host key is not the pinned one', async () => {
      const transport = connect('SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      await expect(transport.list('outbound/')).rejects.toThrow(/could not open the SFTP session/);
    });
  },
);
