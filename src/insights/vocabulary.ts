import { type DescriptorWords, descriptorWords, hasDigit } from './descriptor.js';
import { type PayrollReading, readPayroll } from './employer-name.js';
import { extendedShape } from './extended-shape.js';
import { ShapeTable } from './shape-memo.js';

/**
 * Words, descriptor form texts and group labels as small numbers, so that what an account learns
 * about its words and how its charges join are array lookups rather than hashes of strings; and
 * the readings of descriptors by their extended shape (extended-shape.ts), which every run shares:
 * what descriptorWords reads depends on that text alone, so a descriptor is read once, not once
 * per person. A run still takes the first descriptor of each shape as the one its shape stands for
 * (shape-memo.ts); the table only spares reading it again. Both start over between runs once past
 * a bound. Per-account tables indexed by these ids are stamped (StampedTable), never cleared.
 */
export class Vocabulary {
  private readonly wordIds = new Map<string, number>();
  private readonly textIds = new Map<string, number>();
  private readonly labelIds = new Map<string, number>();

  get size(): number {
    return this.wordIds.size + this.textIds.size + this.labelIds.size;
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

/** A descriptor's reading with its words' ids, shared by the runs. */
export class SharedForm implements DescriptorWords {
  readonly words: string[];
  readonly afterNoise: boolean[];
  readonly form: string;
  readonly fallback: string;
  readonly peerToPeer: boolean;
  readonly wordIds: number[];
  /** The id of the form's text. */
  readonly textId: number;
  /** Its labels where an account skips none of its words, once worked out (grouping.ts)... */
  plain: PlainLabels | undefined = undefined;
  /** ...and where it skips some, by the skipped words' mask. */
  masked: Map<number, PlainLabels> | undefined = undefined;
  /** Whether it is the reading of every descriptor of its extended shape (kept in the shared table). */
  shareable = false;
  /** A shareable form's payroll reading, once read (formPayroll)... */
  payroll: PayrollReading | undefined = undefined;
  /** ...and the label of the employer it names, -1 for none, once worked out (grouping.ts). */
  employer: number | undefined = undefined;
  /** Whether its words may be a paycheck's (mayBePayroll), once asked. */
  mayBePayroll: boolean | undefined = undefined;

  constructor(d: DescriptorWords, vocabulary: Vocabulary) {
    this.words = d.words;
    this.afterNoise = d.afterNoise;
    this.form = d.form;
    this.fallback = d.fallback;
    this.peerToPeer = d.peerToPeer;
    this.wordIds = d.words.map((word) => vocabulary.word(word));
    this.textId = vocabulary.text(d.form);
  }
}

/** Past this many entries the shared tables start over (between runs). */
const SHARED_LIMIT = 100_000;

/** Per descriptor shape, the run's form (shape-memo.ts). */
export type ShapeForms = ShapeTable<RunForm, SharedForm>;

const newShapeForms = (): ShapeForms =>
  new ShapeTable((form: RunForm) => (form.shared.shareable ? form.shared : undefined));

let vocabulary = new Vocabulary();
let sharedForms = new Map<string, SharedForm>();
let sharedReadings = new Map<string, PayrollReading>();
/** Per merchant name without digits (whose shape is itself), its inflow and outflow labels (grouping.ts). */
let merchants = { inflow: new Map<string, number>(), outflow: new Map<string, number>() };
let shapes = newShapeForms();

export interface SharedTables {
  vocabulary: Vocabulary;
  merchants: { inflow: Map<string, number>; outflow: Map<string, number> };
  shapes: ShapeForms;
}

/** The shared tables for a new run, started over first when they have grown past their bound. */
export function beginRun(): SharedTables {
  const size =
    sharedForms.size + sharedReadings.size + merchants.inflow.size + merchants.outflow.size + shapes.size;
  if (vocabulary.size + size > SHARED_LIMIT) {
    vocabulary = new Vocabulary();
    sharedForms = new Map();
    sharedReadings = new Map();
    merchants = { inflow: new Map(), outflow: new Map() };
    shapes = newShapeForms();
  }
  return { vocabulary, merchants, shapes };
}

/** descriptorWords(name) with ids, from the shared table when a descriptor of its extended shape was read. */
export function readForm(name: string, words: Vocabulary): SharedForm {
  const shape = extendedShape(name);
  if (shape !== undefined) {
    const known = sharedForms.get(shape);
    if (known !== undefined && words === vocabulary) return known;
  }
  const form = new SharedForm(descriptorWords(name), words);
  // A fallback (nothing but boilerplate) is made of the whole text, digits included.
  if (shape !== undefined && words === vocabulary && (form.fallback === '' || shape === name)) {
    form.shareable = true;
    sharedForms.set(shape, form);
  }
  return form;
}

/**
 * readPayroll(name), from the shared table when a descriptor of its extended shape was read. The
 * employer's name is printed from the text, digits included, so a reading that names one with a
 * digit (3M COMPANY) is not shared.
 */
export function readPayrollShared(name: string): PayrollReading {
  const shape = extendedShape(name);
  if (shape !== undefined) {
    const known = sharedReadings.get(shape);
    if (known !== undefined) return known;
  }
  const reading = readPayroll(name);
  if (shape !== undefined && isShared(reading)) sharedReadings.set(shape, reading);
  return reading;
}

/** Whether a reading may stand for its extended shape: the employer it names holds no digit. */
const isShared = (reading: PayrollReading) =>
  !hasDigit(reading.employer ?? '') && !hasDigit(reading.employerKey ?? '');

/**
 * The payroll reading of a run's form (of its first descriptor). A shareable form stands for every
 * descriptor of its extended shape, so it keeps what readPayrollShared would share for them, and the
 * next run's form of that shape reads it without building the extended shape again.
 */
export function formPayroll(form: RunForm): PayrollReading {
  const shared = form.shared;
  if (shared.payroll !== undefined) return shared.payroll;
  const reading = readPayrollShared(form.name);
  if (shared.shareable && isShared(reading)) shared.payroll = reading;
  return reading;
}

/** A descriptor's words in one run (one per descriptor shape): its shared reading and what the run works out. */
export class RunForm implements DescriptorWords {
  readonly words: string[];
  readonly afterNoise: boolean[];
  readonly form: string;
  readonly fallback: string;
  readonly peerToPeer: boolean;
  readonly wordIds: number[];
  readonly textId: number;
  /** This form's number in the run. */
  readonly index: number;
  /** The label of the employer a payroll-like deposit of this shape names, -1 for none, once read. */
  employer: number | undefined = undefined;
  /** The payroll reading of the run's first descriptor of this shape, once asked... */
  payroll: PayrollReading | undefined = undefined;
  /** ...or only the payroll provider it names (null: none), once asked. */
  provider: string | null | undefined = undefined;

  constructor(
    readonly shared: SharedForm,
    index: number,
    /** The run's first descriptor of this shape, which stands for it. */
    readonly name: string,
  ) {
    this.words = shared.words;
    this.afterNoise = shared.afterNoise;
    this.form = shared.form;
    this.fallback = shared.fallback;
    this.peerToPeer = shared.peerToPeer;
    this.wordIds = shared.wordIds;
    this.textId = shared.textId;
    this.index = index;
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
