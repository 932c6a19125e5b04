import type { DescriptorWords } from './descriptor.js';

/**
 * One run's words, descriptor forms and group labels as small numbers (ids restart with each
 * analyzeTransactions call), so that what an account learns about its words and how its charges
 * join are array lookups rather than hashes of strings. Per-account tables indexed by these ids are
 * stamped (StampedTable), never cleared.
 */
export class Vocabulary {
  private readonly wordIds = new Map<string, number>();
  private readonly textIds = new Map<string, number>();
  private readonly labelIds = new Map<string, number>();
  /** How many RunForms the run has made. */
  formCount = 0;

  get wordCount(): number {
    return this.wordIds.size;
  }

  get textCount(): number {
    return this.textIds.size;
  }

  get labelCount(): number {
    return this.labelIds.size;
  }

  word(word: string): number {
    return idOf(this.wordIds, word);
  }

  /** A form's text (forms that read alike share it). */
  text(text: string): number {
    return idOf(this.textIds, text);
  }

  /** A group label: `o` or `i` for the direction, then a key, `w` and a word set, `m` and a merchant... */
  label(label: string): number {
    return idOf(this.labelIds, label);
  }
}

function idOf(ids: Map<string, number>, text: string): number {
  let id = ids.get(text);
  if (id === undefined) ids.set(text, (id = ids.size));
  return id;
}

/** A form's key and word set labels where an account skips none of its words (-1: no set label). */
export interface PlainLabels {
  inKey: number;
  outKey: number;
  inSet: number;
  outSet: number;
}

/** A descriptor's words in one run (one per descriptor shape), with their ids and what grouping works out once. */
export class RunForm implements DescriptorWords {
  readonly words: string[];
  readonly afterNoise: boolean[];
  readonly form: string;
  readonly fallback: string;
  readonly peerToPeer: boolean;
  readonly wordIds: number[];
  /** The id of the form's text. */
  readonly textId: number;
  /** This form's number in the run. */
  readonly index: number;
  /** Its labels where an account skips none of its words, once worked out. */
  plain: PlainLabels | undefined = undefined;
  /** The label of the employer a payroll-like deposit of this shape names, -1 for none, once read. */
  employer: number | undefined = undefined;

  constructor(d: DescriptorWords, vocabulary: Vocabulary) {
    this.words = d.words;
    this.afterNoise = d.afterNoise;
    this.form = d.form;
    this.fallback = d.fallback;
    this.peerToPeer = d.peerToPeer;
    this.wordIds = d.words.map((word) => vocabulary.word(word));
    this.textId = vocabulary.text(d.form);
    this.index = vocabulary.formCount++;
  }
}

/** Stamps for StampedTable: each use takes a new one, so nothing is ever cleared (a double: never runs out). */
let lastStamp = 0;

export function nextStamp(): number {
  return ++lastStamp;
}

/** Numbers by id, valid for one stamp: an id last set under another stamp reads as 0. */
export class StampedTable {
  private stamps = new Float64Array(64);
  private values = new Float64Array(64);

  get(id: number, stamp: number): number {
    return id < this.stamps.length && this.stamps[id] === stamp ? (this.values[id] as number) : 0;
  }

  set(id: number, stamp: number, value: number): void {
    if (id >= this.stamps.length) this.grow(id);
    this.stamps[id] = stamp;
    this.values[id] = value;
  }

  private grow(id: number): void {
    const length = Math.max(id + 1, this.stamps.length * 2);
    const stamps = new Float64Array(length);
    const values = new Float64Array(length);
    stamps.set(this.stamps);
    values.set(this.values);
    this.stamps = stamps;
    this.values = values;
  }
}
