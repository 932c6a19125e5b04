import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runInsights } from './insights.js';
import { UsageError } from './jobs.js';

const paycheck = (date: string, i: number) => ({
  transaction_id: `pay-${i}`,
  account_id: 'checking',
  amount: -2100,
  date,
  name: `ACME ROBOTICS DES:PAYROLL ID:X${i} INDN:DOE JANE CO ID:1234 PPD`,
  merchant_name: null,
  pending: false,
  payment_channel: 'other',
});

const input = {
  as_of: '2024-03-20',
  accounts: [{ account_id: 'checking' }],
  transactions: ['2024-01-05', '2024-01-19', '2024-02-02', '2024-02-16', '2024-03-01', '2024-03-15'].map(
    paycheck,
  ),
};

describe('linkport insights', () => {
  let dir: string;
  const stderr: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'linkport-insights-'));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void stderr.push(line));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    stderr.length = 0;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the result for a file', async () => {
    const file = path.join(dir, 'jane.json');
    writeFileSync(file, JSON.stringify(input));
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    await runInsights('employer', { input: file });
    const result = JSON.parse(out) as { employer_matches: Array<{ employer_name: string }>; as_of: string };
    expect(result.as_of).toBe('2024-03-20');
    expect(result.employer_matches.map((m) => m.employer_name)).toEqual(['Acme Robotics']);
  });

  it('writes <name>.<kind>.json for every input in a directory and skips the rest with a warning', async () => {
    writeFileSync(path.join(dir, 'jane.json'), JSON.stringify(input));
    writeFileSync(path.join(dir, 'notes.json'), JSON.stringify({ hello: 'world' }));
    writeFileSync(path.join(dir, 'broken.json'), '{');
    // A feed that leaves names out is still an input: transactions are read by merchant name.
    const unnamed = input.transactions.map((t) => ({ ...t, name: null, merchant_name: 'Acme Robotics' }));
    writeFileSync(path.join(dir, 'unnamed.json'), JSON.stringify({ ...input, transactions: unnamed }));
    const out = path.join(dir, 'out');
    await runInsights('recurrence', { input: dir, out, asOf: '2024-03-25' });
    expect(readdirSync(out).sort()).toEqual(['jane.recurrence.json', 'unnamed.recurrence.json']);
    const result = JSON.parse(readFileSync(path.join(out, 'jane.recurrence.json'), 'utf8')) as {
      inflow_streams: Array<{ frequency: string; predicted_next_date: string }>;
      as_of: string;
    };
    expect(result.as_of).toBe('2024-03-25');
    expect(result.inflow_streams[0]).toMatchObject({
      frequency: 'BIWEEKLY',
      predicted_next_date: '2024-03-29',
    });
    expect(stderr.join('\n')).toMatch(/skipping .*broken\.json: not JSON/);
    expect(stderr.join('\n')).toMatch(/skipping .*notes\.json: transactions: /);
  });

  it('refuses bad input with a message that names the problem', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ transactions: [{ ...paycheck('2024-02-30', 0) }] }));
    await expect(runInsights('employer', { input: file })).rejects.toThrow(
      /transactions\[0\]\.date: expected a YYYY-MM-DD date/,
    );
    await expect(runInsights('employer', { input: path.join(dir, 'missing.json') })).rejects.toThrow(
      UsageError,
    );
    await expect(runInsights('employer', { input: file, asOf: '03/01/2024' })).rejects.toThrow(/--as-of/);
    await expect(runInsights('employer', { input: dir })).rejects.toThrow(/--out/);
  });
});
