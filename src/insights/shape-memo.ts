/*
 * A descriptor's shape: the descriptor with every word that holds a digit (an id, a date, a masked
 * or store number) reduced to one "0". Two charges that differ only there have one shape, and all
 * descriptor.ts and the payroll reader derive from a descriptor is read once per shape and run.
 */

/** The second half of shapeHash's 64-bit fingerprint (a variable, not an object: this runs per charge). */
let shapeHash2 = 0;
/**
 * What the extended shape (extended-shape.ts) adds to the shape, left by shapeHash: a 1 bit, then a
 * bit per word holding a digit, set when it is longer than one character; -1 when there is no
 * extended shape (a capital run inside such a word) or more than 30 such words.
 */
let shapeLengths = 1;

const isDigit = (c: number) => (c - 48) >>> 0 < 10;
/** A-Z or a-z: setting bit 5 lower-cases a capital and moves nothing else into a-z. */
const isLetter = (c: number) => ((c | 32) - 97) >>> 0 < 26;
const isLower = (c: number) => (c - 97) >>> 0 < 26;
const isUpper = (c: number) => (c - 65) >>> 0 < 26;

/** Whether name[start, end) has a lower-case letter, then two capitals: unglue splits it there. */
function hasCapitalRun(name: string, start: number, end: number): boolean {
  for (let i = start + 1; i + 1 < end; i++)
    if (isLower(name.charCodeAt(i - 1)) && isUpper(name.charCodeAt(i)) && isUpper(name.charCodeAt(i + 1)))
      return true;
  return false;
}

/** shapeLengths after a word with a digit, name[start, end). */
function addDigitWord(lengths: number, name: string, start: number, end: number): number {
  if (lengths < 0 || lengths >= 1 << 30 || hasCapitalRun(name, start, end)) return -1;
  return lengths * 2 + (end - start > 1 ? 1 : 0);
}
/**
 * Two 32-bit FNV-1a style hashes of the name's shape (different offsets and primes), computed
 * without building it: the first is returned, the second left in shapeHash2. Two shapes sharing all
 * 64 bits among one person's few hundred descriptors is not a chance worth a string comparison per
 * charge. A separator goes in as itself; a word (a run of letters and digits) is hashed on its own,
 * then goes in as that hash, or as "0" when it holds a digit. The word loop has one branch, its end:
 * a digit is noted with arithmetic (its sign bits), since a branch per character mispredicts on ids.
 */
function shapeHash(name: string): number {
  let h = 0x811c9dc5;
  let g = 0x050c5d1f;
  let lengths = 1;
  const n = name.length;
  let i = 0;
  while (i < n) {
    const c = name.charCodeAt(i);
    if (!isLetter(c) && !isDigit(c)) {
      h = Math.imul(h ^ c, 0x01000193);
      g = Math.imul(g ^ c, 0x5bd1e995);
      i++;
      continue;
    }
    const start = i;
    let wordH = 0x2f1b3c5d;
    let wordG = 0x6a09e667;
    let digits = 0;
    for (; i < n; i++) {
      const d = name.charCodeAt(i);
      if (!isDigit(d) && !isLetter(d)) break;
      // 1 when 48 <= d < 58: d - 58 negative and d - 48 not.
      digits |= ((d - 58) & ~(d - 48)) >>> 31;
      wordH = Math.imul(wordH ^ d, 0x01000193);
      wordG = Math.imul(wordG ^ d, 0x5bd1e995);
    }
    if (digits !== 0) {
      wordH = 48;
      wordG = 48;
      lengths = addDigitWord(lengths, name, start, i);
    }
    h = Math.imul(h ^ wordH, 0x01000193);
    g = Math.imul(g ^ wordG, 0x5bd1e995);
  }
  shapeHash2 = g;
  shapeLengths = lengths;
  return h;
}

/** Slots of the recent-name cache in ShapeTable, less one. */
const RECENT_MASK = 1023;

/**
 * A function of a descriptor's shape, memoised per run: charges that differ only in ids and dates
 * are read once in a run (the first name of a shape stands for it), and looking one up costs a scan
 * of its characters, not a new string. One table serves every run: a slot holds the run that last
 * made its value (runs are stamps, so nothing is cleared between them), and the reading that value
 * was made from when it may serve another run (`readingOf`), with the lengths of its digit words:
 * a later run whose first name of the shape has the same lengths has the same extended shape, and
 * makes its value from that reading instead of reading the name again. An open-addressed table.
 */
export class ShapeTable<V, R> {
  private mask = 31;
  private count = 0;
  private hashes = new Int32Array(32);
  private checks = new Int32Array(32);
  private runs = new Float64Array(32);
  private lengths = new Int32Array(32);
  private values: Array<V | undefined> = new Array<V | undefined>(32).fill(undefined);
  private readings: Array<R | undefined> = new Array<R | undefined>(32).fill(undefined);
  /**
   * The last name seen in a run per slot of a cheap key (length and three characters), with its
   * value: a name equal to it has its shape, and needs no hash.
   */
  private readonly recentRuns = new Float64Array(RECENT_MASK + 1);
  private readonly recentNames = new Array<string>(RECENT_MASK + 1).fill('');
  private readonly recentValues = new Array<V | undefined>(RECENT_MASK + 1).fill(undefined);

  /** The reading a value was made from, when it may serve another run of the same extended shape. */
  constructor(private readonly readingOf: (value: V) => R | undefined) {}

  /** Shapes held (each run's first names of them). */
  get size(): number {
    return this.count;
  }

  /** The run's value for the name's shape, made on the run's first name of it by `make`. */
  get(name: string, run: number, make: (name: string, reading: R | undefined) => V): V {
    // The same descriptor again (a subscription's, a store's) is one comparison away.
    const n = name.length;
    const recent =
      (n * 31 + name.charCodeAt(0) * 7 + name.charCodeAt(n >> 1) * 13 + name.charCodeAt(n - 1)) & RECENT_MASK;
    if (this.recentRuns[recent] === run && this.recentNames[recent] === name)
      return this.recentValues[recent] as V;
    const value = this.lookUp(name, run, make);
    this.recentRuns[recent] = run;
    this.recentNames[recent] = name;
    this.recentValues[recent] = value;
    return value;
  }

  private lookUp(name: string, run: number, make: (name: string, reading: R | undefined) => V): V {
    const hash = shapeHash(name);
    const check = shapeHash2;
    const lengths = shapeLengths;
    let slot = hash & this.mask;
    for (;;) {
      if (this.values[slot] === undefined) break;
      if (this.hashes[slot] === hash && this.checks[slot] === check) {
        if (this.runs[slot] === run) return this.values[slot] as V;
        const known = lengths >= 0 && this.lengths[slot] === lengths ? this.readings[slot] : undefined;
        return this.put(slot, run, lengths, make(name, known));
      }
      slot = (slot + 1) & this.mask;
    }
    this.hashes[slot] = hash;
    this.checks[slot] = check;
    this.readings[slot] = undefined;
    const value = this.put(slot, run, lengths, make(name, undefined));
    if (++this.count * 2 > this.mask) this.grow();
    return value;
  }

  private put(slot: number, run: number, lengths: number, value: V): V {
    const reading = this.readingOf(value);
    this.runs[slot] = run;
    this.values[slot] = value;
    // A reading that may not serve other runs leaves the last one that may in place.
    if (reading !== undefined) {
      this.readings[slot] = reading;
      this.lengths[slot] = lengths;
    }
    return value;
  }

  private grow(): void {
    const { hashes, checks, runs, lengths, values, readings } = this;
    const length = (this.mask + 1) * 2;
    this.mask = length - 1;
    this.hashes = new Int32Array(length);
    this.checks = new Int32Array(length);
    this.runs = new Float64Array(length);
    this.lengths = new Int32Array(length);
    this.values = new Array<V | undefined>(length).fill(undefined);
    this.readings = new Array<R | undefined>(length).fill(undefined);
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) continue;
      let slot = (hashes[i] as number) & this.mask;
      while (this.values[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.hashes[slot] = hashes[i] as number;
      this.checks[slot] = checks[i] as number;
      this.runs[slot] = runs[i] as number;
      this.lengths[slot] = lengths[i] as number;
      this.values[slot] = values[i];
      this.readings[slot] = readings[i];
    }
  }
}
