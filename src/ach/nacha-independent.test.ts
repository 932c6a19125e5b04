import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MIXED_ENTRIES, SETTINGS } from './ach.test-helper.js';
import type { AchEntryInput } from './ach.types.js';
import { parseNachaFile } from './nacha-parser.js';
import { writeNachaFile } from './nacha-writer.js';

/**
 * Linkport's files read by a NACHA parser written by someone else (@midlandsbank/node-nacha, a test
 * dependency only): what it reads must agree with what Linkport meant, and with Linkport's parser.
 */

interface TheirEntry {
  transactionCode: string;
  receivingDFIIdentification: number;
  checkDigit: number;
  amount: number;
  traceNumber: number;
  receivingCompanyName: string;
  paymentTypeCode?: string;
  addenda?: { type: string; info: string };
}
interface TheirTotals {
  entryAndAddendaCount: number;
  entryHash: number;
  totalDebit: number;
  totalCredit: number;
}
interface TheirFile {
  file: TheirTotals & { batchCount: number; blockCount: number; footer: TheirTotals };
  batches: { entryClassCode: string; entries: TheirEntry[]; footer: TheirTotals }[];
}

const require = createRequire(import.meta.url);
const nacha = require('@midlandsbank/node-nacha') as { from(text: string): { data: TheirFile } };

const isDebit = (code: string) => Number(code[1]) >= 6;

/** Totals recomputed from the entries the other parser read, not from the control records. */
function recompute(entries: readonly TheirEntry[]) {
  return {
    entryAndAddendaCount: entries.reduce((n, e) => n + (e.addenda ? 2 : 1), 0),
    entryHash: entries.reduce((sum, e) => sum + e.receivingDFIIdentification, 0) % 10_000_000_000,
    totalDebit: entries.filter((e) => isDebit(e.transactionCode)).reduce((sum, e) => sum + e.amount, 0),
    totalCredit: entries.filter((e) => !isDebit(e.transactionCode)).reduce((sum, e) => sum + e.amount, 0),
  };
}

function checkAgreement(entries: readonly AchEntryInput[], firstTraceSequence = 1) {
  const written = writeNachaFile({
    entries,
    settings: SETTINGS,
    createdAt: new Date('2026-03-04T15:00:00Z'),
    fileIdModifier: 'B',
    firstTraceSequence,
  });
  const theirs = nacha.from(written.file).data;
  const all = theirs.batches.flatMap((batch) => batch.entries);
  for (const batch of theirs.batches) expect(batch.footer).toMatchObject(recompute(batch.entries));
  const footer = theirs.file.footer;
  expect(footer).toMatchObject(recompute(all));
  expect(footer).toMatchObject({
    batchCount: written.totals.batchCount,
    blockCount: written.totals.blockCount,
    entryAndAddendaCount: written.totals.entryAddendaCount,
    entryHash: written.totals.entryHash,
    totalDebit: written.totals.totalDebitCents,
    totalCredit: written.totals.totalCreditCents,
  });
  const theirTraces = all.map((e) => String(e.traceNumber).padStart(15, '0')).sort();
  expect(theirTraces).toEqual([...written.traces.values()].sort());
  const ours = parseNachaFile(written.file);
  expect(ours.totals).toEqual(written.totals);
  return { written, theirs, all };
}

describe('an independent NACHA parser', () => {
  it('reads the mixed file with Linkport’s totals, hash, traces and fields', () => {
    const { theirs, all, written } = checkAgreement(MIXED_ENTRIES);
    expect(theirs.batches.map((batch) => batch.entryClassCode)).toEqual(['PPD', 'WEB', 'CCD', 'PPD']);
    expect(all.map((e) => e.transactionCode)).toEqual(['22', '37', '27', '37', '32', '27', '22']);
    expect(all.map((e) => e.amount)).toEqual(MIXED_ENTRIES.map((e) => e.amountCents));
    expect(all[2]?.paymentTypeCode).toBe('R');
    expect(all[4]?.addenda).toMatchObject({ type: '05', info: 'INVOICE 42 SETTLEMENT' });
    expect(String(all[4]?.traceNumber)).toBe(written.traces.get('e5'));
  });

  it('agrees on any set of entries (property)', () => {
    const routing = fc.constantFrom(
      '021000021',
      '026009593',
      '322271627',
      '111000025',
      '071000013',
      '011000015',
    );
    const anEntry = fc.record({
      amountCents: fc.integer({ min: 1, max: 99_999_999_99 }),
      direction: fc.constantFrom('credit', 'debit'),
      accountType: fc.constantFrom('checking', 'savings'),
      routingNumber: routing,
      accountNumber: fc.stringMatching(/^[0-9A-Z-]{1,17}$/),
      individualName: fc.stringMatching(/^[A-Z][A-Z .'-]{0,30}$/),
      secCode: fc.constantFrom('PPD', 'CCD', 'WEB'),
      companyEntryDescription: fc.constantFrom('PAYMENT', 'TRANSFER', 'REFUND'),
      effectiveDate: fc.constantFrom('2026-03-05', '2026-03-06', '2026-03-09'),
      addenda: fc.option(fc.stringMatching(/^[A-Z0-9 ]{1,80}$/), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(anEntry, { minLength: 1, maxLength: 40 }),
        fc.oneof(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 9_999_960, max: 9_999_999 })),
        (drawn, firstTraceSequence) => {
          const entries = drawn.map((e, i) => ({
            ...e,
            id: `e${i}`,
            // WEB carries consumer debits only.
            direction: e.secCode === 'WEB' ? ('debit' as const) : e.direction,
            addenda: e.addenda?.trim() || undefined,
          }));
          const { written } = checkAgreement(entries, firstTraceSequence);
          const debits = entries
            .filter((e) => e.direction === 'debit')
            .reduce((s, e) => s + e.amountCents, 0);
          expect(written.totals.totalDebitCents).toBe(debits);
          expect(written.totals.entryCount).toBe(entries.length);
          const hash =
            entries.reduce((sum, e) => sum + Number(e.routingNumber.slice(0, 8)), 0) % 10_000_000_000;
          expect(written.totals.entryHash).toBe(hash);
        },
      ),
      { numRuns: 150 },
    );
  });
});
