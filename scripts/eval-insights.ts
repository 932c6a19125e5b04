/**
 * npm run eval:insights: generates the seeded evaluation corpus (main profile and the held-out
 * profile), runs the detectors and the naive baseline on every case, and prints stream precision,
 * recall and F1, frequency, status and next-date accuracy, and employer accuracy, wrong employers
 * and abstentions. Options: --cases N (per profile, default 400), --seed S, --profile main|heldout,
 * --json (one JSON object instead of the table), --verbose (what was missed and invented),
 * --write <dir> (also write each case as <dir>/<profile>/inputs/<name>.json, the CLI's input, and
 * its truth as <dir>/<profile>/gold/<name>.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeTransactions } from '../src/insights/index.js';
import { PROFILES, generateCorpus } from '../src/synthetic/insights/corpus.js';
import type { CorpusCase } from '../src/synthetic/insights/corpus.types.js';
import { baselineEmployer, baselineRecurring } from './insights-eval/baseline.js';
import {
  type EmployerTally,
  newEmployerTally,
  newStreamTally,
  scoreEmployers,
  scoreStreams,
  type StreamTally,
} from './insights-eval/metrics.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '400' },
    seed: { type: 'string', default: 'linkport-insights-eval' },
    profile: { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    write: { type: 'string' },
  },
});

function writeCase(dir: string, c: CorpusCase): void {
  for (const [sub, body] of [
    ['inputs', c.input],
    ['gold', c.gold],
  ] as const) {
    mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, sub, `${c.name}.json`), `${JSON.stringify(body)}\n`);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Number((a / b).toFixed(4)));

function summarise(s: StreamTally, e: EmployerTally) {
  const precision = ratio(s.matched, s.predicted);
  const recall = ratio(s.matched, s.gold);
  return {
    streams: {
      gold: s.gold,
      predicted: s.predicted,
      matched: s.matched,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
    },
    frequencyAccuracy: ratio(s.frequencyRight, s.matched),
    statusAccuracy: ratio(s.statusRight, s.matched),
    isActiveAccuracy: ratio(s.activeRight, s.matched),
    nextDateWithin3Days: ratio(s.nextWithin3, s.withNext),
    employer: {
      casesWithCurrentEmployer: e.withCurrent,
      namedCorrectly: ratio(e.correct, e.withCurrent),
      wrongPerCase: ratio(e.wrong, e.cases),
      wrongNamesPerReportedMatch: ratio(e.wrongNames, e.reported),
      abstentions: ratio(e.abstained, e.withCurrent),
      previousEmployerReportedInactive: ratio(e.previousReported, e.withPrevious),
    },
  };
}

function run(profileName: string, cases: number) {
  const profile = PROFILES[profileName];
  if (!profile) throw new Error(`unknown profile ${profileName}`);
  const corpus = generateCorpus({ profile, seed: values.seed, cases });
  const ours = { s: newStreamTally(), e: newEmployerTally() };
  const naive = { s: newStreamTally(), e: newEmployerTally() };
  let transactions = 0;
  for (const c of corpus) {
    if (values.write) writeCase(path.join(values.write, profileName), c);
    transactions += c.input.transactions.length;
    const result = analyzeTransactions(c.input.transactions, { asOf: c.input.as_of });
    scoreStreams(ours.s, c, result.recurring);
    scoreEmployers(ours.e, c, result.employer);
    scoreStreams(naive.s, c, baselineRecurring(c.input.transactions, c.input.as_of));
    scoreEmployers(naive.e, c, baselineEmployer(c.input.transactions, c.input.as_of));
  }
  const top = (m: Map<string, number>) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).slice(0, 10));
  const calibration = Object.fromEntries(
    [...ours.e.calibration]
      .sort((a, b) => a[0] - b[0])
      .map(([b, [n, r]]) => [`${b / 10}-${(b + 1) / 10}`, `${r}/${n}`]),
  );
  const detail = values.verbose
    ? {
        missed: top(ours.s.missedLabels),
        invented: top(ours.s.falseLabels),
        wrongFrequency: top(ours.s.wrongFrequency),
        employerCalibration: calibration,
        wrongEmployers: ours.e.wrongExamples,
      }
    : {};
  return {
    profile: profileName,
    cases,
    transactions,
    linkport: summarise(ours.s, ours.e),
    baseline: summarise(naive.s, naive.e),
    ...detail,
  };
}

function printTable(reports: ReturnType<typeof run>[]): void {
  const rows: Array<[string, (r: ReturnType<typeof summarise>) => number]> = [
    ['stream precision', (r) => r.streams.precision],
    ['stream recall', (r) => r.streams.recall],
    ['stream F1', (r) => r.streams.f1],
    ['frequency accuracy', (r) => r.frequencyAccuracy],
    ['status accuracy', (r) => r.statusAccuracy],
    ['is_active accuracy', (r) => r.isActiveAccuracy],
    ['next date within 3 days', (r) => r.nextDateWithin3Days],
    ['employer named correctly', (r) => r.employer.namedCorrectly],
    ['wrong employers (per case)', (r) => r.employer.wrongPerCase],
    ['wrong names (per match)', (r) => r.employer.wrongNamesPerReportedMatch],
    ['employer abstentions', (r) => r.employer.abstentions],
    ['previous employer inactive', (r) => r.employer.previousEmployerReportedInactive],
  ];
  const header = ['metric', ...reports.flatMap((r) => [`${r.profile} linkport`, `${r.profile} baseline`])];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(28) : h.padStart(18))).join(''));
  for (const [label, get] of rows) {
    const cells = reports.flatMap((r) => [get(r.linkport), get(r.baseline)]);
    console.log(label.padEnd(28) + cells.map((v) => v.toFixed(4).padStart(18)).join(''));
  }
  for (const r of reports) {
    console.log(
      `\n${r.profile}: ${r.cases} cases, ${r.transactions} transactions; gold streams ${r.linkport.streams.gold}, predicted ${r.linkport.streams.predicted}`,
    );
    if (values.verbose)
      console.log(
        JSON.stringify(
          {
            missed: r.missed,
            invented: r.invented,
            wrongFrequency: r.wrongFrequency,
            calibration: r.employerCalibration,
            wrongEmployers: r.wrongEmployers,
          },
          null,
          1,
        ),
      );
  }
}

const profiles = values.profile ? [values.profile] : ['main', 'heldout'];
const reports = profiles.map((p) => run(p, Number(values.cases)));
if (values.json) console.log(JSON.stringify(reports, null, 2));
else printTable(reports);
