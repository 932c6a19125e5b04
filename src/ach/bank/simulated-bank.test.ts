import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../lib/banking-calendar.js';
import { createManualClock, type ManualClock } from '../../lib/clock.js';
import { entry, ODFI_ROUTING, SETTINGS } from '../ach.test-helper.js';
import type { AchEntryInput } from '../ach.types.js';
import { readBankResponses } from '../bank-responses.js';
import { parseNachaFile } from '../nacha-parser.js';
import { writeNachaFile } from '../nacha-writer.js';
import { createDirectoryTransport } from '../transport/directory-transport.js';
import type { AchTransport } from '../transport/transport.js';
import { readAcknowledgment } from './acknowledgment.js';
import { createSimulatedBank, type SimulatedBank } from './simulated-bank.js';
import { TEST_CASES } from './test-cases.js';

let dir: string;
let transport: AchTransport;
let clock: ManualClock;
let bank: SimulatedBank;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'linkport-bank-'));
  transport = createDirectoryTransport(dir);
  // Wednesday 4 March 2026, 09:00 in New York.
  clock = createManualClock(zonedInstant('2026-03-04', '09:00'));
  bank = createSimulatedBank({
    transport,
    clock,
    settings: { routingNumber: ODFI_ROUTING, name: 'Sponsor Bank' },
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

let modifier = 0;
async function send(entries: AchEntryInput[]) {
  const fileIdModifier = 'ABCDEFGHIJ'[modifier++ % 10] ?? 'A';
  const written = writeNachaFile({ entries, settings: SETTINGS, createdAt: clock.now(), fileIdModifier });
  const name = `outbound/LP-20260304-${fileIdModifier}.ach`;
  await transport.put(name, written.file);
  return { ...written, name };
}

async function responses() {
  const names = (await transport.list('inbound/')).filter((n) => n.endsWith('.ach'));
  const files = await Promise.all(
    names.map(async (n) => parseNachaFile((await transport.get(n)).toString())),
  );
  return files.map(readBankResponses);
}

describe('the simulated bank', () => {
  it('accepts a valid file, acknowledges it, and settles entries on their effective date', async () => {
    const sent = await send([
      entry({ id: 'today', effectiveDate: '2026-03-04' }),
      entry({ id: 'tomorrow', effectiveDate: '2026-03-05', direction: 'credit' }),
    ]);
    const first = await bank.poll();
    expect(first.acknowledgments).toEqual([
      expect.objectContaining({
        file: sent.name,
        status: 'accepted',
        entryCount: 2,
        totalDebitCents: 12_345,
      }),
    ]);
    expect(first.settled.map((s) => s.traceNumber)).toEqual([sent.traces.get('today')]);
    const ack = readAcknowledgment(await transport.get('inbound/LP-20260304-A.ach.ack.json'));
    expect(ack.status).toBe('accepted');
    expect(await transport.list('outbound/')).toEqual([]);
    expect(await transport.list('outbound/processed/')).toEqual(['outbound/processed/LP-20260304-A.ach']);
    const second = await bank.advanceDay();
    expect(second.day).toBe('2026-03-05');
    expect(second.settled).toEqual([
      expect.objectContaining({
        traceNumber: sent.traces.get('tomorrow'),
        direction: 'credit',
        settlementDate: '2026-03-05',
      }),
    ]);
    expect(second.responseFiles).toEqual([]);
  });

  it('settles a same-day file sent after the last window on the next banking day', async () => {
    clock.set(zonedInstant('2026-03-06', '17:00')); // Friday after 16:45
    const sent = await send([entry({ id: 'late', effectiveDate: '2026-03-06' })]);
    expect((await bank.poll()).settled).toEqual([]);
    expect(bank.entryStatus(sent.traces.get('late') ?? '')).toMatchObject({ settlementDate: '2026-03-09' });
  });

  it('rejects a malformed file whole, says why, and settles none of it', async () => {
    const good = writeNachaFile({
      entries: [
        entry({ id: 'a', effectiveDate: '2026-03-04' }),
        entry({ id: 'b', effectiveDate: '2026-03-04' }),
      ],
      settings: SETTINGS,
      createdAt: clock.now(),
      fileIdModifier: 'Z',
    });
    await transport.put('outbound/broken.ach', good.file.replace('000012345', '000012346'));
    const report = await bank.poll();
    expect(report.settled).toEqual([]);
    expect(report.acknowledgments[0]).toMatchObject({ status: 'rejected', entryCount: 0 });
    const ack = readAcknowledgment(await transport.get('inbound/broken.ach.ack.json'));
    expect(ack).toMatchObject({ status: 'rejected', reason: 'batch control total debits', line: 5 });
    expect(bank.entryStatus(good.traces.get('a') ?? '')).toBeUndefined();
    expect((await bank.advanceDay()).settled).toEqual([]);
  });

  it('rejects a second file with the same date and file ID modifier, and batches for another ODFI', async () => {
    const written = writeNachaFile({
      entries: [entry({ id: 'a' })],
      settings: SETTINGS,
      createdAt: clock.now(),
      fileIdModifier: 'Q',
    });
    await transport.put('outbound/one.ach', written.file);
    await transport.put('outbound/two.ach', written.file);
    const other = writeNachaFile({
      entries: [entry({ id: 'a' })],
      settings: { ...SETTINGS, odfiId: '02100002' },
      createdAt: clock.now(),
      fileIdModifier: 'R',
    });
    await transport.put('outbound/three.ach', other.file);
    const report = await bank.poll();
    expect(report.acknowledgments.map((a) => [a.file, a.status, a.reason])).toEqual([
      ['outbound/one.ach', 'accepted', undefined],
      ['outbound/three.ach', 'rejected', 'batch 1 is for another ODFI'],
      ['outbound/two.ach', 'rejected', 'a file with this date and file ID modifier was already received'],
    ]);
  });

  it('rejects a file sent again under a name already received, without overwriting the first answer', async () => {
    const first = writeNachaFile({
      entries: [entry({ id: 'a' })],
      settings: SETTINGS,
      createdAt: clock.now(),
      fileIdModifier: 'K',
    });
    await transport.put('outbound/same.ach', first.file);
    await bank.poll();
    await transport.put('outbound/same.ach', first.file);
    const report = await bank.poll();
    expect(report.acknowledgments).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'a file of this name was already received' }),
    ]);
    expect(readAcknowledgment(await transport.get('inbound/same.ach.ack.json')).status).toBe('accepted');
    expect(readAcknowledgment(await transport.get('inbound/same.ach.2.ack.json')).status).toBe('rejected');
    expect(await transport.list('outbound/processed/')).toEqual([
      'outbound/processed/same.ach',
      'outbound/processed/same.ach.2',
    ]);
  });

  it.each(TEST_CASES.map((c) => [c.code, c] as const))(
    'answers test case %s with a file Linkport reads back',
    async (_code, testCase) => {
      const direction = testCase.appliesTo === 'credit' ? 'credit' : 'debit';
      const sent = await send([
        entry({
          id: 'case',
          accountNumber: `98765${testCase.suffix}`,
          direction,
          effectiveDate: '2026-03-04',
        }),
        entry({ id: 'plain', accountNumber: '987650000', effectiveDate: '2026-03-04' }),
      ]);
      const trace = sent.traces.get('case') ?? '';
      expect((await bank.poll()).settled).toHaveLength(2);
      const respondOn = bank.entryStatus(trace)?.respondOn ?? '';
      let report;
      do report = await bank.advanceDay();
      while (report.day < respondOn);
      expect(report.day).toBe(respondOn);
      expect(report.responseFiles).toHaveLength(1);
      const [read] = await responses();
      if (testCase.code.startsWith('R')) {
        expect(read?.returns).toEqual([
          expect.objectContaining({
            originalTraceNumber: trace,
            returnCode: testCase.code,
            amountCents: 12_345,
          }),
        ]);
        expect(read?.notificationsOfChange).toEqual([]);
        expect(read?.returns[0]?.dateOfDeath).toBe(testCase.code === 'R15' ? '2026-02-02' : undefined);
      } else {
        expect(read?.notificationsOfChange).toEqual([
          expect.objectContaining({ originalTraceNumber: trace, changeCode: testCase.code }),
        ]);
      }
    },
  );

  it('times returns: R01 two banking days after settlement, R10 after the configured delay', async () => {
    const sent = await send([
      entry({ id: 'nsf', accountNumber: '5550001', effectiveDate: '2026-03-04' }),
      entry({ id: 'unauth', accountNumber: '5550010', effectiveDate: '2026-03-04' }),
    ]);
    await bank.poll();
    expect(bank.entryStatus(sent.traces.get('nsf') ?? '')?.respondOn).toBe('2026-03-06');
    expect(bank.entryStatus(sent.traces.get('unauth') ?? '')?.respondOn).toBe('2026-03-11');
  });

  it('sends the corrected data with a NOC', async () => {
    const sent = await send([
      entry({ id: 'c01', accountNumber: '12340101', effectiveDate: '2026-03-04' }),
      entry({
        id: 'c03',
        accountNumber: '12340103',
        routingNumber: '026009593',
        effectiveDate: '2026-03-04',
      }),
    ]);
    await bank.poll();
    await bank.advanceDay();
    await bank.advanceDay();
    const [read] = await responses();
    expect(read?.notificationsOfChange.map((n) => [n.originalTraceNumber, n.corrected])).toEqual([
      [sent.traces.get('c01'), { accountNumber: '12345555' }],
      [sent.traces.get('c03'), { routingNumber: '021000021', accountNumber: '12345555' }],
    ]);
  });

  it('forces an outcome on one entry by trace number', async () => {
    const sent = await send([
      entry({ id: 'a', effectiveDate: '2026-03-04' }),
      entry({ id: 'b', effectiveDate: '2026-03-04' }),
    ]);
    bank.forceOutcome(sent.traces.get('b') ?? '', { kind: 'return', returnCode: 'R08', afterBankingDays: 1 });
    await bank.poll();
    const report = await bank.advanceDay();
    expect(report.responseFiles).toEqual(['inbound/RET-20260305-01.ach']);
    const [read] = await responses();
    expect(read?.returns.map((r) => [r.originalTraceNumber, r.returnCode, r.reason.description])).toEqual([
      [sent.traces.get('b'), 'R08', 'Payment stopped'],
    ]);
    expect(() => bank.forceOutcome(sent.traces.get('b') ?? '', { kind: 'settle' })).toThrow(
      /already answered/,
    );
  });

  it('keeps its files private: folders 0700, files 0600', async () => {
    await send([entry({ id: 'a', accountNumber: '5550002', effectiveDate: '2026-03-04' })]);
    await bank.poll();
    await bank.advanceDay();
    for (const name of ['inbound', 'outbound', 'outbound/processed']) {
      expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o700);
    }
    for (const name of await transport.list('inbound/')) {
      expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
    }
  });
});
