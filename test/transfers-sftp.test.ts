import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNachaFile } from '../src/ach/index.js';
import { type SshdHarness, sshdUnavailable, startSshd } from '../src/ach/transport/sshd.test-helper.js';
import { TEST_ADMIN_TOKEN } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { type SandboxedServer, startWithSandbox } from './support/with-sandbox.js';
import { mintProcessorToken } from './support/processor-token.js';

const unavailable = sshdUnavailable();

/**
 * The rail with LINKPORT_ACH_TRANSPORT=sftp against Debian's OpenSSH server on loopback: the file
 * goes to the bank's SFTP folder, and the (simulated) bank's acknowledgment and return come back
 * the same way.
 */
describe.skipIf(unavailable !== undefined)(
  `transfers over SFTP${unavailable ? ` — skipped: ${unavailable}` : ''}`,
  () => {
    let sshd: SshdHarness;
    let env: SandboxedServer;
    beforeAll(async () => {
      sshd = await startSshd();
      const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'linkport-sftp-key-')), 'id');
      writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 });
      env = await startWithSandbox(testDatabases[0] as (typeof testDatabases)[number], {
        LINKPORT_ACH_TRANSPORT: 'sftp',
        LINKPORT_ACH_SFTP_HOST: '127.0.0.1',
        LINKPORT_ACH_SFTP_PORT: String(sshd.port),
        LINKPORT_ACH_SFTP_USER: sshd.username,
        LINKPORT_ACH_SFTP_KEY_FILE: keyFile,
        LINKPORT_ACH_SFTP_HOST_KEY: sshd.hostKeySha256,
        LINKPORT_ACH_SFTP_ROOT: `${sshd.root}/bank`,
      });
    }, 60_000);
    afterAll(async () => {
      await env?.close();
      await sshd?.stop();
    });

    it('sends the file over SFTP and reads the return that comes back', async () => {
      const brand = await env.server.createBrand('Sftp');
      const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
      await env.send('PUT', `/admin/brands/${brand.brandId}/integrations/plaid`, admin, { enabled: true });
      const customer = await env.send('POST', '/api/v0.1/customers', brand.headers, {
        first_name: 'Ada',
        last_name: 'Lovelace',
        date_of_birth: '1985-12-10',
      });
      const card = String(
        (
          await env.send('POST', '/api/v0.1/accounts', brand.headers, {
            customer_id: customer.body.customer_id,
          })
        ).body.account_id,
      );
      const { processorToken } = await mintProcessorToken(env.sandbox.plaid);
      const linked = await env.send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
        processor_token: processorToken,
        customer_id: customer.body.customer_id,
      });
      await env.send('POST', `/api/v0.1/sandbox/accounts/${card}/fund`, brand.headers, { amount: 5000 });
      const push = await env.send(
        'POST',
        '/api/v0.1/transfers',
        { ...brand.headers, 'idempotency-key': 'sftp-1' },
        {
          from: card,
          to: linked.body.linked_account_id,
          amount: 1200,
          currency: 'USD',
          description: 'Over SFTP',
        },
      );
      const id = String(push.body.transfer_id);
      await env.send('POST', `/api/v0.1/sandbox/transfers/${id}/force`, brand.headers, {
        return_code: 'R03',
      });
      await env.send('POST', '/api/v0.1/sandbox/ach/advance_day', brand.headers);
      await env.send('POST', '/api/v0.1/sandbox/ach/advance_day', brand.headers);
      const after = await env.send('GET', `/api/v0.1/transfers/${id}`, brand.headers);
      expect(after.body).toMatchObject({ status: 'returned', return: { code: 'R03' } });

      // On the SFTP server: Linkport's file (taken by the bank), its acknowledgment and the return file.
      const bank = path.join(sshd.root, 'bank');
      const sent = readdirSync(path.join(bank, 'outbound', 'processed')).filter((f) => f.endsWith('.ach'));
      expect(sent).toHaveLength(1);
      const file = parseNachaFile(
        readFileSync(path.join(bank, 'outbound', 'processed', sent[0] ?? ''), 'latin1'),
      );
      expect(file.batches[0]?.entries[0]?.traceNumber).toBe(
        (after.body.ach as { trace_number: string }).trace_number,
      );
      const read = readdirSync(path.join(bank, 'inbound', 'processed'));
      expect(read.some((f) => f.endsWith('.ack.json'))).toBe(true);
      expect(read.some((f) => f.startsWith('RET-'))).toBe(true);
    });
  },
);
