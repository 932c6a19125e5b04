import { type AccountWords, learnWords, skipMask, skipOf, wordSet } from './account-words.js';
import { splitByBucket } from './buckets.js';
import { hasDigit, keyOf } from './descriptor.js';
import { mayBePayroll, type PayrollReading } from './employer-name.js';
import type { Entry, Keys } from './history.js';
import { nextStamp, type PlainLabels, type RunForm, type SharedForm, StampedTable } from './vocabulary.js';

/**
 * Grouping an account's entries: a group is one counterparty in one direction. Charges join by
 * their descriptor's key, by its word set (`Direct Deposit - Acme` and `Acme Direct Dep`), by
 * Plaid's merchant name (so "NETFLIX.COM 866-579" and "Netflix" meet) except on person-to-person
 * rails, where the merchant (Venmo, Zelle) says nothing about who was paid, and by the employer a
 * payroll-like deposit names. Labels are the run's label ids (vocabulary.ts), worked out once per
 * descriptor form where the account does not change them, and once per merchant name; per charge
 * there are only array lookups and unions.
 */

/** Per run label: its label in the account being grouped, plus one (0: none yet). */
const localLabels = new StampedTable();

/** Union-find over group labels, local to one account. */
class Labels {
  private readonly parent: number[] = [];
  private readonly stamp = nextStamp();

  get size(): number {
    return this.parent.length;
  }

  /** The account's label for a run label. */
  id(runLabel: number): number {
    let id = localLabels.get(runLabel, this.stamp) - 1;
    if (id < 0) {
      id = this.parent.length;
      localLabels.set(runLabel, this.stamp, id + 1);
      this.parent.push(id);
    }
    return id;
  }

  root(id: number): number {
    let node = id;
    while (this.parent[node] !== node) {
      const up = this.parent[node] ?? node;
      this.parent[node] = this.parent[up] ?? up;
      node = up;
    }
    return node;
  }

  union(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.parent[rb] = ra;
  }
}

/** A form's key and word set labels, leaving out the words `skip` names (by index). */
function labelsOf(d: SharedForm, keys: Keys, skip?: (index: number) => boolean): PlainLabels {
  const { vocabulary } = keys;
  const key = keyOf(d, skip);
  // A set of two words or more; fewer says nothing the key does not (and none would join everything).
  const set = d.words.length > 1 ? wordSet(d, skip) : '';
  const many = set.includes(' ');
  return {
    inKey: vocabulary.label(`i${key}`),
    outKey: vocabulary.label(`o${key}`),
    inSet: many ? vocabulary.label(`iw${set}`) : -1,
    outSet: many ? vocabulary.label(`ow${set}`) : -1,
  };
}

/**
 * A form's labels in an account: they depend on the form and the words the account skips alone,
 * so they are worked out once per form and mask (none skipped, most often) and shared.
 */
function formLabels(form: RunForm, keys: Keys, account: AccountWords): PlainLabels {
  const d = form.shared;
  const mask = skipMask(form, account);
  if (mask === 0) return (d.plain ??= labelsOf(d, keys));
  if (mask < 0) return labelsOf(d, keys, skipOf(form, account));
  d.masked ??= new Map();
  let labels = d.masked.get(mask);
  if (labels === undefined) {
    labels = labelsOf(d, keys, (i) => ((mask >> i) & 1) === 1);
    d.masked.set(mask, labels);
  }
  return labels;
}

/** The employer a payroll-like deposit of the entry's shape names, as a label, or -1. */
function employerLabel(entry: Entry, keys: Keys): number {
  const d = entry.words;
  if (d.employer === undefined) {
    const reading = keys.payroll(d);
    // A reading every descriptor of the shape shares (formPayroll) names the same employer in every run.
    const shared = d.shared.payroll === reading ? d.shared : undefined;
    d.employer = shared?.employer ?? readEmployerLabel(reading, keys);
    if (shared) shared.employer = d.employer;
  }
  return d.employer;
}

function readEmployerLabel(reading: PayrollReading, keys: Keys): number {
  return reading.employerKey && (reading.payWord || reading.provider) && !reading.notPay
    ? keys.vocabulary.label(`ie${reading.employerKey.split(' ', 2).slice(0, 2).join(' ')}`)
    : -1;
}

/**
 * The label of a descriptor form in one direction: its key and, with two words or more, its word
 * set; for a payroll-like deposit also the employer it names (ULTIPRO MAGNOLIA CAFE and UKG PRO
 * MAGNOLIA CAFE are one paycheck, and so are names cut at different lengths).
 */
function formLabel(entry: Entry, keys: Keys, account: AccountWords, labels: Labels): number {
  const { words: d, inflow } = entry;
  const form = formLabels(d, keys, account);
  const id = labels.id(inflow ? form.inKey : form.outKey);
  if (form.inSet >= 0) labels.union(id, labels.id(inflow ? form.inSet : form.outSet));
  if (inflow && (d.shared.mayBePayroll ??= mayBePayroll(d.words))) {
    const employer = employerLabel(entry, keys);
    if (employer >= 0) labels.union(id, labels.id(employer));
  }
  return id;
}

/**
 * A merchant name's label, or -1 for an inflow's payroll provider (which would join two employers).
 * A name without digits is its own shape, so what the run's memos give for it is what it reads as
 * itself: those are shared by the runs.
 */
function merchantLabel(name: string, inflow: boolean, keys: Keys): number {
  const shared = !hasDigit(name);
  const byName = shared
    ? inflow
      ? keys.sharedMerchants.inflow
      : keys.sharedMerchants.outflow
    : inflow
      ? keys.inflowMerchants
      : keys.outflowMerchants;
  let label = byName.get(name);
  if (label === undefined) {
    label =
      inflow && keys.provider(name) !== null
        ? -1
        : keys.vocabulary.label(`${inflow ? 'i' : 'o'}m${keys.merchant(name)}`);
    byName.set(name, label);
  }
  return label;
}

/** Per run form: its number in the account being grouped, plus one (0: not seen yet). */
const localForms = new StampedTable();

/** The account's descriptor forms, first seen first, with how many entries have each. */
interface Forms {
  forms: RunForm[];
  counts: number[];
  /** Each entry's form (scratch: valid until the next account is grouped). */
  of: Int32Array<ArrayBuffer>;
}

/**
 * Per-entry numbers of the account being grouped (its entries' forms, then their labels) and per
 * label its group: scratch reused by every account, since grouping one account never re-enters.
 */
let entryForms = new Int32Array(1024);
let entryLabels = new Int32Array(1024);
let groupOfRoot = new Int32Array(1024);

const atLeast = (table: Int32Array<ArrayBuffer>, n: number) =>
  table.length >= n ? table : new Int32Array(n * 2);

function formsOf(entries: readonly Entry[]): Forms {
  const stamp = nextStamp();
  entryForms = atLeast(entryForms, entries.length);
  const forms: Forms = { forms: [], counts: [], of: entryForms };
  for (let i = 0; i < entries.length; i++) {
    const d = (entries[i] as Entry).words;
    let f = localForms.get(d.index, stamp) - 1;
    if (f < 0) {
      f = forms.forms.length;
      localForms.set(d.index, stamp, f + 1);
      forms.forms.push(d);
      forms.counts.push(0);
    }
    forms.counts[f] = (forms.counts[f] as number) + 1;
    forms.of[i] = f;
  }
  return forms;
}

/**
 * Each entry's label (in scratch, valid until the next account): its form's in its direction,
 * joined with its merchant name's.
 */
function labelEntries(
  entries: readonly Entry[],
  forms: Forms,
  keys: Keys,
  labels: Labels,
): Int32Array<ArrayBuffer> {
  const account = learnWords(forms.forms, forms.counts);
  // Per form and direction (form * 2 + inflow): its label, -1 until worked out, and the merchant
  // name last joined to it (a form's charges mostly carry one).
  const formLabels = new Array<number>(forms.forms.length * 2).fill(-1);
  const lastMerchant = new Array<string>(forms.forms.length * 2).fill('');
  entryLabels = atLeast(entryLabels, entries.length);
  const labelOf = entryLabels;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as Entry;
    const slot = (forms.of[i] as number) * 2 + (entry.inflow ? 1 : 0);
    let id = formLabels[slot] as number;
    if (id < 0) formLabels[slot] = id = formLabel(entry, keys, account, labels);
    const merchant = entry.tx.merchant_name;
    if (merchant && !entry.words.peerToPeer && merchant !== lastMerchant[slot]) {
      lastMerchant[slot] = merchant;
      const label = merchantLabel(merchant, entry.inflow, keys);
      if (label >= 0) labels.union(id, labels.id(label));
    }
    labelOf[i] = id;
  }
  return labelOf;
}

/** An account's entries (in date order) in groups, each in date order, by first entry. */
export function groupEntries(entries: readonly Entry[], keys: Keys): Entry[][] {
  const labels = new Labels();
  const labelOf = labelEntries(entries, formsOf(entries), keys, labels);
  groupOfRoot = atLeast(groupOfRoot, labels.size);
  // Group number plus one per root label (0: none yet); each entry's label becomes its group.
  const groupOf = groupOfRoot.fill(0, 0, labels.size);
  let count = 0;
  for (let i = 0; i < entries.length; i++) {
    const root = labels.root(labelOf[i] as number);
    if (groupOf[root] === 0) groupOf[root] = ++count;
    labelOf[i] = (groupOf[root] as number) - 1;
  }
  return splitByBucket(entries, labelOf, count);
}
