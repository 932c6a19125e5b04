import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../lib/banking-calendar.js';
import { createManualClock } from '../../lib/clock.js';
import { entry, ODFI_ROUTING, SETTINGS } from '../ach.test-helper.js';
import { readBankResponses } from '../bank-responses.js';
import { parseNachaFile } from '../nacha-parser.js';
import { writeNachaFile } from '../nacha-writer.js';
import { createSftpTransport } from '../transport/sftp-transport.js';
import { type SshdHarness, sshdUnavailable, startSshd } from '../transport/sshd.test-helper.js';
import type { AchTransport } from '../transport/transport.js';
import { readAcknowledgment } from './acknowledgment.js';
import { createSimulatedBank } from './simulated-bank.js';

const unavailable = sshdUnavailable();

describe.skipIf(unavailable !== undefined)(
  `a file's round trip over SFTP${unavailable ? ` — skipped: ${unavailable}` : ''}`,
  () => {
    let sshd: SshdHarness;
    let linkport: AchTransport;
    let bankSide: AchTransport;
    beforeAll(async () => {
      sshd = await startSshd();
      const options = { ...sshd, host: '127.0.0.1', root: `${sshd.root}/exchange` };
      linkport = createSftpTransport(options);
      bankSide = createSftpTransport(options);
    });
    afterAll(async () => {
      await linkport?.close();
      await bankSide?.close();
      await sshd?.stop();
    });

    it('sends a file, gets its acknowledgment and its return back', async () => {
      const clock = createManualClock(zonedInstant('2026-03-04', '09:00'));
      const bank = createSimulatedBank({
        transport: bankSide,
        clock,
        settings: { routingNumber: ODFI_ROUTING, name: 'Sponsor Bank' },
      });
      const written = writeNachaFile({
        entries: [entry({ id: 'closed', accountNumber: '4440002', effectiveDate: '2026-03-04' })],
        settings: SETTINGS,
        createdAt: clock.now(),
        fileIdModifier: 'A',
      });
      await linkport.put('outbound/LP-20260304-A.ach', written.file);
      expect((await bank.poll()).settled).toHaveLength(1);
      await bank.advanceDay();
      const inbound = await linkport.list('inbound/');
      expect(inbound).toEqual(['inbound/LP-20260304-A.ach.ack.json', 'inbound/RET-20260305-01.ach']);
      expect(readAcknowledgment(await linkport.get(inbound[0] ?? '')).status).toBe('accepted');
      const returned = readBankResponses(parseNachaFile((await linkport.get(inbound[1] ?? '')).toString()));
      expect(returned.returns).toEqual([
        expect.objectContaining({ originalTraceNumber: written.traces.get('closed'), returnCode: 'R02' }),
      ]);
      await linkport.move(inbound[1] ?? '', 'inbound/archive/RET-20260305-01.ach');
      expect(await linkport.list('inbound/RET-')).toEqual([]);
    });
  },
);
