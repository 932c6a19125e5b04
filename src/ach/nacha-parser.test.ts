import { describe, expect, it } from 'vitest';
import { MIXED_ENTRIES, SETTINGS } from './ach.test-helper.js';
import { NachaParseError, parseNachaFile } from './nacha-parser.js';
import { writeNachaFile } from './nacha-writer.js';

const { file, traces } = writeNachaFile({
  entries: MIXED_ENTRIES,
  settings: SETTINGS,
  createdAt: new Date('2026-03-04T19:05:00Z'),
  fileIdModifier: 'A',
});
const lines = file.trimEnd().split('\n');

/** The file with one record's characters from `at` (1-based) replaced. */
function edit(lineNo: number, at: number, text: string, source = lines): string {
  const copy = [...source];
  const line = copy[lineNo - 1] ?? '';
  copy[lineNo - 1] = line.slice(0, at - 1) + text + line.slice(at - 1 + text.length);
  return `${copy.join('\n')}\n`;
}

function rejection(text: string): NachaParseError {
  try {
    parseNachaFile(text);
  } catch (err) {
    if (err instanceof NachaParseError) return err;
    throw err;
  }
  throw new Error('the file was accepted');
}

const lineOf = (prefix: string) => lines.findIndex((line) => line.startsWith(prefix)) + 1;

describe('parseNachaFile', () => {
  it('reads back what the writer wrote', () => {
    const parsed = parseNachaFile(file);
    expect(parsed).toMatchObject({
      immediateDestination: '011000015',
      immediateOrigin: '121000358',
      createdDate: '2026-03-04',
      createdTime: '1405',
      fileIdModifier: 'A',
    });
    expect(parsed.batches.map((b) => [b.secCode, b.serviceClassCode, b.effectiveEntryDate])).toEqual([
      ['PPD', 200, '2026-03-05'],
      ['WEB', 225, '2026-03-05'],
      ['CCD', 200, '2026-03-05'],
      ['PPD', 220, '2026-03-06'],
    ]);
    const entries = parsed.batches.flatMap((b) => b.entries);
    expect(entries.map((e) => e.traceNumber)).toEqual(MIXED_ENTRIES.map((e) => traces.get(e.id)));
    expect(entries[4]).toMatchObject({
      routingNumber: '322271627',
      accountNumber: '123456789',
      amountCents: 1_000_000_00,
      meaning: { accountType: 'savings', direction: 'credit', kind: 'live' },
      addenda: [{ type: '05', paymentRelatedInformation: 'INVOICE 42 SETTLEMENT', addendaSequenceNumber: 1 }],
    });
  });

  it('takes CRLF line ends and files without line ends', () => {
    expect(parseNachaFile(file.replace(/\n/g, '\r\n')).totals.entryCount).toBe(7);
    expect(parseNachaFile(lines.join('')).totals.entryCount).toBe(7);
  });

  it.each([
    ['a short record', () => file.replace(lines[2] ?? '', (lines[2] ?? '').slice(0, 93)), /93 characters/],
    ['a missing padding record', () => `${lines.slice(0, -1).join('\n')}\n`, /whole number of blocks/],
    ['an empty file', () => '', /empty/],
    ['a non-ASCII character', () => edit(2, 5, 'É'), /character/],
    ['a bad file header', () => edit(1, 35, '095'), /record size/],
    ['a bad creation time', () => edit(1, 30, '2460'), /creation time/],
    ['a blank immediate destination', () => edit(1, 4, ' '.repeat(10)), /immediate destination/],
    ['a wrong check digit', () => edit(lineOf('6'), 12, '2'), /check digit/],
    ['a letter in an amount', () => edit(lineOf('6'), 35, 'X'), /amount: must be digits/],
    ['an unknown transaction code', () => edit(lineOf('6'), 2, '55'), /transaction code 55/],
    [
      'an amount the control does not add up',
      () => edit(lineOf('6'), 39, '1'),
      /batch control total credits/,
    ],
    ['a wrong batch entry hash', () => edit(lineOf('8'), 20, '9'), /batch control entry hash/],
    ['a wrong batch count of entries', () => edit(lineOf('8'), 10, '9'), /entry\/addenda count/],
    ['a batch control for another batch', () => edit(lineOf('8'), 94, '9'), /does not match its header/],
    ['a wrong file hash', () => edit(lineOf('9'), 31, '0'), /file control entry hash/],
    ['a wrong file debit total', () => edit(lineOf('9'), 43, '1'), /file control total debits/],
    ['a wrong block count', () => edit(lineOf('9'), 13, '3'), /block count/],
    ['a wrong batch count', () => edit(lineOf('9'), 7, '5'), /batch count/],
    ['an addenda indicator without addenda', () => edit(lineOf('6'), 79, '1'), /addenda record indicator/],
    ['a debit in a credits-only batch', () => edit(lineOf('5200'), 2, '220'), /debit entry in a batch of/],
    ['garbage after the file control', () => edit(lines.length, 1, '1'), /9-filled/],
    ['a lost batch control', () => file.replace(/\n8[^\n]*/, `\n${'9'.repeat(94)}`), /batch control/],
  ])('rejects %s whole, with the reason', (_name, mutate, reason) => {
    const error = rejection(mutate());
    expect(error.message).toMatch(reason);
  });

  it('names the line of the problem', () => {
    const error = rejection(edit(3, 12, '2'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: /);
  });

  it('rejects trace numbers out of order within a batch', () => {
    const first = lineOf('6');
    const swapped = [...lines];
    [swapped[first - 1], swapped[first]] = [swapped[first] ?? '', swapped[first - 1] ?? ''];
    expect(rejection(`${swapped.join('\n')}\n`).message).toMatch(/ascend/);
  });
});
