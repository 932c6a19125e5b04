import { describe, expect, it } from 'vitest';
import { entry, MIXED_ENTRIES, SETTINGS } from './ach.test-helper.js';
import { RECORD_LENGTH } from './nacha-fields.js';
import { LAYOUTS } from './nacha-records.js';
import { AchInputError, writeNachaFile } from './nacha-writer.js';

const createdAt = new Date('2026-03-04T19:05:00Z'); // 14:05 in New York

function write(entries = MIXED_ENTRIES, firstTraceSequence?: number) {
  return writeNachaFile({ entries, settings: SETTINGS, createdAt, fileIdModifier: 'A', firstTraceSequence });
}

describe('record layouts', () => {
  it('tile 94 characters without gap or overlap', () => {
    for (const [name, layout] of Object.entries(LAYOUTS)) {
      let next = 1;
      for (const field of layout) {
        expect(field.start, `${name}.${field.name}`).toBe(next);
        next += field.length;
      }
      expect(next - 1, name).toBe(RECORD_LENGTH);
    }
  });
});

describe('writeNachaFile', () => {
  it('writes 94-character records in whole blocks of ten, padded with 9s', () => {
    const { file, totals } = write();
    const lines = file.trimEnd().split('\n');
    expect(lines.every((line) => line.length === 94)).toBe(true);
    expect(lines.length % 10).toBe(0);
    expect(totals.blockCount).toBe(lines.length / 10);
    expect(lines[lines.length - 1]).toBe('9'.repeat(94));
  });

  it('writes the file header with the bank’s settings and Eastern creation time', () => {
    const header = write().file.slice(0, 94);
    expect(header).toBe(
      '101 011000015 1210003582603041405A094101FEDERAL RESERVE BANK   SPONSOR BANK NA                ',
    );
  });

  it('batches by SEC code, description and effective date with the right service class', () => {
    const lines = write().file.split('\n');
    const headers = lines.filter((line) => line.startsWith('5'));
    expect(headers.map((h) => [h.slice(1, 4), h.slice(50, 53), h.slice(69, 75), h.slice(87)])).toEqual([
      ['200', 'PPD', '260305', '0000001'],
      ['225', 'WEB', '260305', '0000002'],
      ['200', 'CCD', '260305', '0000003'],
      ['220', 'PPD', '260306', '0000004'],
    ]);
    expect(headers[0]?.slice(4, 20)).toBe('LINKPORT BRAND  ');
    expect(headers[0]?.slice(40, 50)).toBe('1123456789');
    expect(headers[0]?.slice(79, 87)).toBe('12100035');
  });

  it('codes entries by account type and direction, with WEB payment type and addenda', () => {
    const entries = write()
      .file.split('\n')
      .filter((line) => line.startsWith('6'));
    expect(entries.map((line) => line.slice(1, 3))).toEqual(['22', '37', '27', '37', '32', '27', '22']);
    expect(entries[2]?.slice(76, 78)).toBe('R ');
    expect(entries[3]?.slice(76, 78)).toBe('S ');
    const ccd = entries[4] ?? '';
    expect(ccd.slice(3, 12)).toBe('322271627');
    expect(ccd.slice(12, 29)).toBe('123456789        ');
    expect(ccd.slice(29, 39)).toBe('0100000000');
    expect(ccd.slice(54, 76)).toBe('ACME WIDGETS INCORPORA');
    expect(ccd[78]).toBe('1');
    const addenda =
      write()
        .file.split('\n')
        .find((line) => line.startsWith('7')) ?? '';
    expect(addenda.slice(0, 3)).toBe('705');
    expect(addenda.slice(3, 24)).toBe('INVOICE 42 SETTLEMENT');
    expect(addenda.slice(83)).toBe('00010000005');
  });

  it('computes controls: counts, entry hash and totals', () => {
    const { file, totals } = write();
    expect(totals).toEqual({
      batchCount: 4,
      blockCount: 2,
      entryCount: 7,
      entryAddendaCount: 8,
      entryHash: 2100002 * 4 + 2600959 + 32227162 + 11100002,
      totalDebitCents: 25_50 + 9_99 + 1 + 5_000_00,
      totalCreditCents: 100_00 + 1_000_000_00 + 1_23,
    });
    const control = file.split('\n').find((line) => line.startsWith('9') && line !== '9'.repeat(94)) ?? '';
    const fields = ['9', '000004', '000002', '00000008', '0054328131', '000000503550', '000100010123'];
    expect(control).toBe(`${fields.join('')}${' '.repeat(39)}`);
  });

  it('maps each entry id to a unique trace number that ascends within batches', () => {
    const { traces, nextTraceSequence } = write(MIXED_ENTRIES, 41);
    expect(traces.get('e1')).toBe('121000350000041');
    expect(new Set(traces.values()).size).toBe(MIXED_ENTRIES.length);
    expect(nextTraceSequence).toBe(48);
    const last = write([entry({ id: 'a' })], 9_999_999);
    expect([...last.traces.values()]).toEqual(['121000359999999']);
    expect(last.nextTraceSequence).toBe(1);
    const wrapped = write([entry({ id: 'a' }), entry({ id: 'b' })], 9_999_999);
    expect([...wrapped.traces.values()]).toEqual(['121000350000001', '121000350000002']);
  });

  it('refuses bad input naming the field and never the account number', () => {
    const bad = (overrides: Parameters<typeof entry>[0]) => () => write([entry(overrides)]);
    expect(bad({ id: 'x', routingNumber: '021000022' })).toThrow(/entries\[0\]: routingNumber/);
    expect(bad({ id: 'x', accountNumber: '12345678901234567890' })).toThrow(/accountNumber/);
    expect(bad({ id: 'x', accountNumber: '12345678901234567890' })).not.toThrow(/12345678901234567890/);
    expect(bad({ id: 'x', amountCents: 0 })).toThrow(AchInputError);
    expect(bad({ id: 'x', amountCents: 10_000_000_000 })).toThrow(/amountCents/);
    expect(bad({ id: 'x', secCode: 'WEB', direction: 'credit' })).toThrow(/WEB is for consumer debits/);
    expect(bad({ id: 'x', companyEntryDescription: 'PAYMENT FOR THINGS' })).toThrow(/at most 10/);
    expect(bad({ id: 'x', individualName: 'Ωmega' })).toThrow(/individualName/);
    expect(() => write([entry({ id: 'x' }), entry({ id: 'x' })])).toThrow(/unique/);
    expect(() => write([])).toThrow(/at least one/);
    expect(() =>
      writeNachaFile({ entries: MIXED_ENTRIES, settings: SETTINGS, createdAt, fileIdModifier: 'a' }),
    ).toThrow(/fileIdModifier/);
  });

  it('uppercases and drops accents from names', () => {
    const { file } = write([entry({ id: 'x', individualName: 'José Ñúñez-O’Brien' })]);
    const detail = file.split('\n').find((line) => line.startsWith('6')) ?? '';
    expect(detail.slice(54, 76)).toBe("JOSE NUNEZ-O'BRIEN    ");
  });
});
