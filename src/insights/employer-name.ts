import { isNoiseToken, tokenize } from './descriptor.js';
import {
  EDGE_WORDS,
  LEGAL_SUFFIXES,
  NOT_PAY_PAIRS,
  NOT_PAY_WORDS,
  PAY_PAIRS,
  PAY_WORDS,
  PROVIDER_BY_WORD,
  PROVIDER_TAILS,
} from './payroll-lexicon.js';

/**
 * Reading a deposit's descriptor for payroll: whether it says pay (PAYROLL, DIR DEP, NET PAY), which
 * provider originated it (ADP, Gusto...), whether it is money that is never wages (benefits,
 * refunds, transfers), and the employer's name. The name is the run of words nearest the pay words:
 * the company field of a NACHA layout (before DES:, after ORIG CO NAME:) when there is one, else
 * the words just before the first pay or provider word, else those just after it. Ids, dates,
 * masked numbers and the account holder's name (which follows the ids) fall outside that run.
 */

export interface PayrollReading {
  payWord: boolean;
  provider: string | null;
  /** Never wages: benefits, Treasury, refunds, interest, transfers, person-to-person. */
  notPay: boolean;
  /** The employer as printed (title-cased when the bank shouts), or null when the text names none. */
  employer: string | null;
  /** The employer's comparison key: lower-case words without legal suffixes. */
  employerKey: string | null;
  /** Where the name came from: a NACHA company field, the words around the pay words, or the only words. */
  source: 'field' | 'near' | 'bare' | null;
}

type Kind = 'name' | 'pay' | 'provider' | 'noise';

interface Word {
  raw: string;
  tokens: string[];
  segment: number;
}

/** Hard field breaks: slashes, colons, asterisks, a spaced dash, runs of padding. */
const BREAKS = /[/:;*#|,]|\s-\s|\s{2,}/;

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  text.split(BREAKS).forEach((segment, index) => {
    for (const raw of segment.trim().split(/\s+/)) {
      const tokens = tokenize(raw);
      if (tokens.length > 0)
        words.push({ raw: raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.&']+$/gu, ''), tokens, segment: index });
    }
  });
  return words;
}

function classify(words: readonly Word[]): Kind[] {
  const flat = words.map((w) => w.tokens.join(''));
  const kinds: Kind[] = flat.map((t, i) => {
    const word = words[i] as Word;
    if (word.tokens.some((tok) => PROVIDER_BY_WORD.has(tok))) return 'provider';
    if (PAY_WORDS.has(t) || word.tokens.some((tok) => PAY_WORDS.has(tok))) return 'pay';
    return word.tokens.every(isNoiseToken) && t.length > 1 ? 'noise' : 'name';
  });
  for (let i = 0; i + 1 < flat.length; i++) {
    if (PAY_PAIRS.has(`${flat[i]} ${flat[i + 1]}`)) kinds[i] = kinds[i + 1] = 'pay';
  }
  // A provider's own suffixes (PAYCHEX EIB, TRINET HRIII, ADP WAGE PAY) belong to the provider.
  for (let i = 1; i < flat.length; i++) {
    const previous = kinds[i - 1];
    if (
      (previous === 'provider' || previous === 'pay') &&
      kinds[i] === 'name' &&
      PROVIDER_TAILS.has(flat[i] ?? '') &&
      kinds.slice(0, i).includes('provider')
    )
      kinds[i] = 'provider';
  }
  return kinds;
}

function isEdge(word: Word): boolean {
  const token = word.tokens.join('');
  return EDGE_WORDS.has(token) || token.length < 2 || isNoiseToken(token);
}

/** Runs of name words within one segment, with ACH wording trimmed from their ends. */
function runsOf(words: readonly Word[], kinds: readonly Kind[]): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  let start = -1;
  for (let i = 0; i <= words.length; i++) {
    const continues =
      i < words.length && kinds[i] === 'name' && (start < 0 || words[i]?.segment === words[start]?.segment);
    if (continues) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      let s = start;
      let e = i;
      while (s < e && isEdge(words[s] as Word)) s++;
      while (e > s && isEdge(words[e - 1] as Word)) e--;
      if (e > s) runs.push({ start: s, end: e });
      start = i < words.length && kinds[i] === 'name' ? i : -1;
    }
  }
  return runs;
}

function pickRun(runs: Array<{ start: number; end: number }>, kinds: readonly Kind[]) {
  const anchor = kinds.findIndex((k) => k === 'pay' || k === 'provider');
  if (anchor < 0) return runs[0] ? { run: runs[0], source: 'bare' as const } : undefined;
  const before = runs.filter((r) => r.end <= anchor).pop();
  const after = runs.find((r) => r.start > anchor);
  const run = before ?? after;
  return run ? { run, source: 'near' as const } : undefined;
}

/** NACHA layouts name the company in a field: before " DES:", after "ORIG CO NAME:". */
function companyField(text: string): string | undefined {
  const orig =
    /ORIG(?:INATOR)? CO(?:MPANY)? NAME:\s*(.+?)(?:\s+(?:ORIG ID|CO ID|CO ENTRY|DESC DATE|SEC:|ENTRY DESCR|TRACE)|$)/i.exec(
      text,
    );
  if (orig?.[1]) return orig[1];
  const des = /^(.+?)\s+DES:/i.exec(text);
  return des?.[1];
}

function keyOf(words: readonly Word[]): string | null {
  const tokens = words.flatMap((w) => w.tokens);
  while (tokens.length > 1 && LEGAL_SUFFIXES.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  const letters = tokens.join('').replace(/[0-9]/g, '').length;
  if (letters < 3 || tokens.every((t) => EDGE_WORDS.has(t) || LEGAL_SUFFIXES.has(t))) return null;
  return tokens.join(' ');
}

/** The printed name: legal suffixes dropped, an all-capitals name title-cased. */
export function displayName(raws: readonly string[]): string {
  const kept = [...raws];
  while (kept.length > 1 && LEGAL_SUFFIXES.has(tokenize(kept[kept.length - 1] ?? '').join(''))) kept.pop();
  const text = kept.join(' ');
  if (/\p{Ll}/u.test(text)) return text;
  return text
    .toLowerCase()
    .replace(/(^|[\s\-/&.])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

function hasNotPay(words: readonly Word[]): boolean {
  const tokens = words.flatMap((w) => w.tokens);
  for (let i = 0; i < tokens.length; i++) {
    if (NOT_PAY_WORDS.has(tokens[i] ?? '')) return true;
    if (i + 1 < tokens.length && NOT_PAY_PAIRS.has(`${tokens[i]} ${tokens[i + 1]}`)) return true;
  }
  return false;
}

export function readPayroll(text: string): PayrollReading {
  const words = wordsOf(text);
  const kinds = classify(words);
  const providerWord = words
    .find((_, i) => kinds[i] === 'provider')
    ?.tokens.find((t) => PROVIDER_BY_WORD.has(t));
  const reading: PayrollReading = {
    payWord: kinds.includes('pay'),
    provider: providerWord ? (PROVIDER_BY_WORD.get(providerWord) ?? null) : null,
    notPay: hasNotPay(words),
    employer: null,
    employerKey: null,
    source: null,
  };
  const field = companyField(text);
  const fieldWords = field === undefined ? undefined : wordsOf(field);
  const chosen = fieldWords
    ? { words: fieldWords, runs: runsOf(fieldWords, classify(fieldWords)), source: 'field' as const }
    : undefined;
  const picked = chosen
    ? chosen.runs[0]
      ? { run: chosen.runs[0], source: chosen.source }
      : undefined
    : pickRun(runsOf(words, kinds), kinds);
  const from = chosen ? chosen.words : words;
  if (!picked) return reading;
  const runWords = from.slice(picked.run.start, picked.run.end);
  const key = keyOf(runWords);
  if (key === null) return reading;
  return {
    ...reading,
    employer: displayName(runWords.map((w) => w.raw)),
    employerKey: key,
    source: picked.source,
  };
}
