import { isNoiseToken, tokenize } from './descriptor.js';
import {
  EDGE_WORDS,
  LEGAL_SUFFIXES,
  NOT_PAY_PAIR_STARTS,
  NOT_PAY_PAIRS,
  NOT_PAY_WORDS,
  PAYOUT_WORDS,
  PAY_PAIR_STARTS,
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

/** Hard field breaks: / : ; * # | , (and, below, a spaced dash and runs of padding). */
function isBreak(c: number): boolean {
  return c === 47 || c === 58 || c === 59 || c === 42 || c === 35 || c === 124 || c === 44;
}

const isSpace = (c: number) => c === 32 || c === 9;

/** A word's printable form: leading punctuation and trailing punctuation other than . & ' cut. */
function alnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

function trimWord(raw: string): string {
  let s = 0;
  let e = raw.length;
  while (s < e && !alnum(raw.charCodeAt(s))) s++;
  while (e > s && !alnum(raw.charCodeAt(e - 1)) && !".&'".includes(raw[e - 1] ?? '')) e--;
  return raw.slice(s, e);
}

/** Words with the field (segment) each stands in: fields break at the hard breaks. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let segment = 0;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      let j = i;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      const dash = text.charCodeAt(j) === 45 && (j + 1 >= text.length || isSpace(text.charCodeAt(j + 1)));
      if (j - i >= 2 || dash) segment++;
      i = dash ? j + 1 : j;
      continue;
    }
    if (isBreak(c)) {
      segment++;
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && !isSpace(text.charCodeAt(j)) && !isBreak(text.charCodeAt(j))) j++;
    const raw = text.slice(i, j);
    const tokens = tokenize(raw);
    // A lone & stays as a word of no tokens: it joins a name (JOHNSON & JOHNSON) but no key.
    if (tokens.length > 0 || raw === '&')
      words.push({ raw: raw === '&' ? raw : trimWord(raw), tokens, segment });
    i = j;
  }
  return words;
}

function classify(words: readonly Word[]): Kind[] {
  const flat = words.map((w) => (w.tokens.length === 1 ? (w.tokens[0] as string) : w.tokens.join('')));
  const kinds: Kind[] = flat.map((t, i) => {
    const word = words[i] as Word;
    if (word.tokens.some((tok) => PROVIDER_BY_WORD.has(tok))) return 'provider';
    if (PAY_WORDS.has(t) || word.tokens.some((tok) => PAY_WORDS.has(tok))) return 'pay';
    return word.tokens.every(isNoiseToken) && t.length > 1 ? 'noise' : 'name';
  });
  for (let i = 0; i + 1 < flat.length; i++) {
    if (PAY_PAIR_STARTS.has(flat[i] as string) && PAY_PAIRS.has(`${flat[i]} ${flat[i + 1]}`))
      kinds[i] = kinds[i + 1] = 'pay';
  }
  // A provider's own suffixes (PAYCHEX EIB, TRINET HRIII, ADP WAGE PAY) belong to the provider.
  let provider = kinds[0] === 'provider';
  for (let i = 1; i < flat.length; i++) {
    const previous = kinds[i - 1];
    if (
      provider &&
      (previous === 'provider' || previous === 'pay') &&
      kinds[i] === 'name' &&
      PROVIDER_TAILS.has(flat[i] ?? '')
    )
      kinds[i] = 'provider';
    if (kinds[i] === 'provider') provider = true;
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

type Run = { start: number; end: number };

/**
 * The runs to try, best first: before the first pay or provider word the leftmost (the company
 * opens the line; what follows an id is a person or a place), then after it the nearest.
 */
function runOrder(
  runs: readonly Run[],
  kinds: readonly Kind[],
): Array<{ run: Run; source: 'near' | 'bare' }> {
  const anchor = kinds.findIndex((k) => k === 'pay' || k === 'provider');
  if (anchor < 0) return runs.map((run) => ({ run, source: 'bare' as const }));
  const before = runs.filter((r) => r.end <= anchor);
  const after = runs.filter((r) => r.start > anchor);
  return [...before, ...after].map((run) => ({ run, source: 'near' as const }));
}

const FIELD_ENDS = [' orig id', ' co id', ' co entry', ' desc date', ' sec:', ' entry descr', ' trace'];

/** NACHA layouts name the company in a field: after "ORIG CO NAME:", before " DES:". */
function companyField(text: string): string | undefined {
  const lower = text.toLowerCase();
  const orig = lower.indexOf('orig co name:');
  if (orig >= 0) {
    const start = orig + 'orig co name:'.length;
    let end = text.length;
    for (const label of FIELD_ENDS) {
      const at = lower.indexOf(label, start);
      if (at >= 0 && at < end) end = at;
    }
    const field = text.slice(start, end).trim();
    return field.length > 0 ? field : undefined;
  }
  const des = lower.indexOf(' des:');
  return des > 0 ? text.slice(0, des) : undefined;
}

/** The words' tokens in order (a loop: flatMap costs more than the reading it feeds). */
function tokensOf(words: readonly Word[]): string[] {
  const tokens: string[] = [];
  for (const word of words) for (const token of word.tokens) tokens.push(token);
  return tokens;
}

function keyOf(words: readonly Word[]): string | null {
  const tokens = tokensOf(words);
  while (tokens.length > 1 && LEGAL_SUFFIXES.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  let letters = 0;
  let plain = true;
  for (const t of tokens) {
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 97) letters++;
    if (!EDGE_WORDS.has(t) && !LEGAL_SUFFIXES.has(t)) plain = false;
  }
  return letters < 3 || plain ? null : tokens.join(' ');
}

/** The printed name: legal suffixes dropped, an all-capitals name title-cased. */
export function displayName(raws: readonly string[]): string {
  const kept = [...raws];
  while (kept.length > 1 && LEGAL_SUFFIXES.has(tokenize(kept[kept.length - 1] ?? '').join(''))) kept.pop();
  const text = kept.join(' ');
  if (text !== text.toUpperCase()) return text;
  let out = '';
  let upper = true;
  for (const ch of text.toLowerCase()) {
    out += upper ? ch.toUpperCase() : ch;
    upper = ' -/&.'.includes(ch);
  }
  return out;
}

/** A never-pay word (or, without pay words, a payout word) or pair among the words' tokens. */
function hasNotPay(words: readonly Word[], payWord: boolean): boolean {
  let previous = '';
  for (const word of words) {
    for (const token of word.tokens) {
      if (NOT_PAY_WORDS.has(token)) return true;
      if (!payWord && PAYOUT_WORDS.has(token)) return true;
      if (NOT_PAY_PAIR_STARTS.has(previous) && NOT_PAY_PAIRS.has(`${previous} ${token}`)) return true;
      previous = token;
    }
  }
  return false;
}

/** Words that may start a pay phrase whose other word is boilerplate (DIRECT DEP, NET PAY). */
const PAY_HINTS = new Set(['direct', 'dir', 'pay']);

/**
 * A cheap first look at a descriptor's words (descriptor.ts): could it be payroll at all? Only then
 * is the descriptor read in full. Pay words, a provider, or DIRECT (DIRECT DEP: DEP is boilerplate).
 */
export function mayBePayroll(words: readonly string[]): boolean {
  for (const word of words) {
    if (PAY_WORDS.has(word) || PROVIDER_BY_WORD.has(word) || PAY_HINTS.has(word)) return true;
  }
  for (let i = 0; i + 1 < words.length; i++) {
    if (PAY_PAIR_STARTS.has(words[i] as string) && PAY_PAIRS.has(`${words[i]} ${words[i + 1]}`)) return true;
  }
  return false;
}

/**
 * The payroll provider a text names: readPayroll's `provider` without reading the rest. The first
 * word naming a provider is the first that holds a provider token, and the words' tokens in order
 * are the text's tokens, so it is the first provider token of the text.
 */
export function readProvider(text: string): string | null {
  for (const token of tokenize(text)) {
    const provider = PROVIDER_BY_WORD.get(token);
    if (provider !== undefined) return provider;
  }
  return null;
}

export function readPayroll(text: string): PayrollReading {
  const words = wordsOf(text);
  const kinds = classify(words);
  const providerWord = words
    .find((_, i) => kinds[i] === 'provider')
    ?.tokens.find((t) => PROVIDER_BY_WORD.has(t));
  const payWord = kinds.includes('pay');
  const reading: PayrollReading = {
    payWord,
    provider: providerWord ? (PROVIDER_BY_WORD.get(providerWord) ?? null) : null,
    notPay: hasNotPay(words, payWord),
    employer: null,
    employerKey: null,
    source: null,
  };
  const field = companyField(text);
  const fieldWords = field === undefined ? undefined : wordsOf(field);
  const from = fieldWords ?? words;
  const tries = fieldWords
    ? runsOf(fieldWords, classify(fieldWords)).map((run) => ({ run, source: 'field' as const }))
    : runOrder(runsOf(words, kinds), kinds);
  for (const { run, source } of tries) {
    const runWords = from.slice(run.start, run.end);
    const key = keyOf(runWords);
    if (key !== null) {
      reading.employer = displayName(runWords.map((w) => w.raw));
      reading.employerKey = key;
      reading.source = source;
      return reading;
    }
  }
  return reading;
}
