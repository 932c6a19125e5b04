import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { detectEmployer, detectRecurring } from '../insights/index.js';
import {
  describeInputError,
  type InsightInput,
  insightInputSchema,
  isoDateSchema,
} from '../insights/input.schema.js';
import { isoDate } from '../lib/banking-calendar.js';
import { UsageError } from './jobs.js';

/**
 * `linkport insights recurrence|employer --input <file|dir> [--out <dir>] [--as-of YYYY-MM-DD]`:
 * the insight detectors on Plaid transactions in a JSON file `{as_of?, accounts?, transactions}`.
 * A file's result goes to stdout (or to `<out>/<name>.<kind>.json`); a directory's `<name>.json`
 * files each give `<out>/<name>.<kind>.json`, and a file that is not that shape is skipped with a
 * warning. Bad input is one line on stderr and exit 2.
 */

type Kind = 'recurrence' | 'employer';

interface InsightFlags {
  input: string;
  out?: string;
  asOf?: string;
}

/** Our own outputs, never inputs (an --out inside the input directory). */
const OUTPUT_SUFFIX = /\.(recurrence|employer)\.json$/;

function analyze(kind: Kind, input: InsightInput, asOfFlag: string | undefined): unknown {
  const asOf = asOfFlag ?? input.as_of ?? (input.transactions.length === 0 ? isoDate(new Date()) : undefined);
  const options = { asOf };
  return kind === 'recurrence'
    ? detectRecurring(input.transactions, options)
    : detectEmployer(input.transactions, options);
}

/** The file's input, or why it is not one. */
async function readInput(file: string): Promise<InsightInput | string> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return err instanceof SyntaxError ? `not JSON (${err.message})` : `cannot be read (${String(err)})`;
  }
  const parsed = insightInputSchema.safeParse(json);
  return parsed.success ? parsed.data : describeInputError(parsed.error);
}

async function writeResult(out: string, file: string, kind: Kind, result: unknown): Promise<string> {
  const target = path.join(out, `${path.basename(file, '.json')}.${kind}.json`);
  await writeFile(target, `${JSON.stringify(result, null, 2)}\n`);
  return target;
}

async function runFile(kind: Kind, flags: InsightFlags): Promise<void> {
  const input = await readInput(flags.input);
  if (typeof input === 'string') throw new UsageError(`${flags.input}: ${input}`);
  const result = analyze(kind, input, flags.asOf);
  if (flags.out === undefined) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  await mkdir(flags.out, { recursive: true });
  console.error(`wrote ${await writeResult(flags.out, flags.input, kind, result)}`);
}

async function runDirectory(kind: Kind, flags: InsightFlags): Promise<void> {
  if (flags.out === undefined) throw new UsageError('--out <dir> is needed when --input is a directory');
  const names = (await readdir(flags.input))
    .filter((name) => name.endsWith('.json') && !OUTPUT_SUFFIX.test(name))
    .sort();
  if (names.length === 0) throw new UsageError(`${flags.input} holds no <name>.json input files`);
  await mkdir(flags.out, { recursive: true });
  let written = 0;
  for (const name of names) {
    const file = path.join(flags.input, name);
    const input = await readInput(file);
    if (typeof input === 'string') {
      console.error(`linkport: skipping ${file}: ${input}`);
      continue;
    }
    await writeResult(flags.out, file, kind, analyze(kind, input, flags.asOf));
    written++;
  }
  if (written === 0) throw new UsageError(`none of the ${names.length} files in ${flags.input} is an input`);
  console.error(`wrote ${written} ${kind} result${written === 1 ? '' : 's'} to ${flags.out}`);
}

export async function runInsights(kind: Kind, flags: InsightFlags): Promise<void> {
  if (flags.asOf !== undefined && !isoDateSchema.safeParse(flags.asOf).success)
    throw new UsageError(`--as-of must be a YYYY-MM-DD date (got "${flags.asOf}")`);
  const info = await stat(flags.input).catch(() => undefined);
  if (!info) throw new UsageError(`--input ${flags.input} does not exist`);
  return info.isDirectory() ? runDirectory(kind, flags) : runFile(kind, flags);
}

export function addInsightCommands(program: Command): void {
  const insights = program
    .command('insights')
    .description('recurring streams and employers from Plaid transactions in JSON files (no server needed)');
  const kinds: Array<[Kind, string]> = [
    ['recurrence', "recurring inflow and outflow streams, in Plaid's /transactions/recurring/get shape"],
    ['employer', 'employer matches from payroll deposits (an empty list when none is found)'],
  ];
  for (const [kind, description] of kinds) {
    insights
      .command(kind)
      .description(description)
      .requiredOption(
        '--input <path>',
        'a JSON file {as_of?, accounts?, transactions}, or a directory of them',
      )
      .option('--out <dir>', `where <name>.${kind}.json results go (required for a directory)`)
      .option(
        '--as-of <date>',
        "the day the answer is about, YYYY-MM-DD (default: the file's as_of, else its latest date)",
      )
      .action((flags: InsightFlags) => runInsights(kind, flags));
  }
}
