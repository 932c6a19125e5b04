import { type AccountWords, learnWords, skipOf, skipsNone, wordSet } from './account-words.js';
import { type DescriptorWords, keyOf } from './descriptor.js';
import { mayBePayroll } from './employer-name.js';
import type { Entry, Keys } from './history.js';

/**
 * Grouping an account's entries: a group is one counterparty in one direction. Charges join by
 * their descriptor's key, by its word set (`Direct Deposit - Acme` and `Acme Direct Dep`), by
 * Plaid's merchant name (so "NETFLIX.COM 866-579" and "Netflix" meet) except on person-to-person
 * rails, where the merchant (Venmo, Zelle) says nothing about who was paid, and by the employer a
 * payroll-like deposit names. Labels are worked out once per descriptor form and direction, and
 * once per merchant name; per charge there are only array lookups and unions.
 */

/** Union-find over group labels, local to one account. */
class Labels {
  private readonly ids = new Map<string, number>();
  private readonly parent: number[] = [];

  get size(): number {
    return this.parent.length;
  }

  id(label: string): number {
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.parent.length;
      this.ids.set(label, id);
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

/**
 * The label of a descriptor form in one direction: its key and, with two words or more, its word
 * set; for a payroll-like deposit also the employer it names (ULTIPRO MAGNOLIA CAFE and UKG PRO
 * MAGNOLIA CAFE are one paycheck, and so are names cut at different lengths).
 */
function formLabel(entry: Entry, keys: Keys, account: AccountWords, labels: Labels): number {
  const { words: d, inflow } = entry;
  const side = inflow ? 'i' : 'o';
  let id: number;
  if (skipsNone(d, account)) {
    const plain = plainLabelsOf(d, keys);
    id = labels.id(inflow ? plain.inKey : plain.outKey);
    if (plain.inSet) labels.union(id, labels.id(inflow ? plain.inSet : plain.outSet));
  } else {
    const skip = skipOf(d, account);
    id = labels.id(side + keyOf(d, skip));
    // A set of two words or more; fewer says nothing the key does not (and none would join everything).
    const set = d.words.length > 1 ? wordSet(d, skip) : '';
    if (set.includes(' ')) labels.union(id, labels.id(`${side}w${set}`));
  }
  if (inflow && mayBePayroll(d.words)) {
    const reading = keys.payroll(entry.tx.name);
    if (reading.employerKey && (reading.payWord || reading.provider) && !reading.notPay) {
      labels.union(id, labels.id(`ie${reading.employerKey.split(' ', 2).slice(0, 2).join(' ')}`));
    }
  }
  return id;
}

/**
 * A form's key and word set labels when its account skips none of its words, which depend on the
 * form alone: worked out once per run (an empty set label: none, as with fewer than two words).
 */
export interface PlainLabels {
  inKey: string;
  outKey: string;
  inSet: string;
  outSet: string;
}

function plainLabelsOf(d: DescriptorWords, keys: Keys): PlainLabels {
  let plain = keys.plainLabels.get(d);
  if (plain === undefined) {
    const key = keyOf(d);
    const set = d.words.length > 1 ? wordSet(d) : '';
    const many = set.includes(' ');
    plain = {
      inKey: `i${key}`,
      outKey: `o${key}`,
      inSet: many ? `iw${set}` : '',
      outSet: many ? `ow${set}` : '',
    };
    keys.plainLabels.set(d, plain);
  }
  return plain;
}

/** A merchant name's label, or -1 for an inflow's payroll provider (which would join two employers). */
function merchantLabel(name: string, inflow: boolean, keys: Keys, labels: Labels): number {
  if (inflow && keys.provider(name) !== null) return -1;
  return labels.id(`${inflow ? 'i' : 'o'}m${keys.merchant(name)}`);
}

/** The account's descriptor forms, first seen first, with how many entries have each. */
interface Forms {
  words: DescriptorWords[];
  counts: number[];
  /** Each entry's form. */
  of: number[];
}

function formsOf(entries: readonly Entry[]): Forms {
  const index = new Map<DescriptorWords, number>();
  const forms: Forms = { words: [], counts: [], of: [] };
  for (let i = 0; i < entries.length; i++) {
    const d = (entries[i] as Entry).words;
    let f = index.get(d);
    if (f === undefined) {
      f = forms.words.length;
      index.set(d, f);
      forms.words.push(d);
      forms.counts.push(0);
    }
    forms.counts[f] = (forms.counts[f] as number) + 1;
    forms.of.push(f);
  }
  return forms;
}

/** Each entry's label: its form's in its direction, joined with its merchant name's. */
function labelEntries(entries: readonly Entry[], forms: Forms, keys: Keys, labels: Labels): number[] {
  const account = learnWords(forms.words, forms.counts);
  // Per form and direction (form * 2 + inflow): its label, -1 until worked out, and the merchant
  // name last joined to it (a form's charges mostly carry one).
  const formLabels = new Array<number>(forms.words.length * 2).fill(-1);
  const lastMerchant = new Array<string>(forms.words.length * 2).fill('');
  const merchantLabels = [new Map<string, number>(), new Map<string, number>()];
  const labelOf: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as Entry;
    const slot = (forms.of[i] as number) * 2 + (entry.inflow ? 1 : 0);
    let id = formLabels[slot] as number;
    if (id < 0) formLabels[slot] = id = formLabel(entry, keys, account, labels);
    const merchant = entry.tx.merchant_name;
    if (merchant && !entry.words.peerToPeer && merchant !== lastMerchant[slot]) {
      lastMerchant[slot] = merchant;
      const byName = merchantLabels[slot & 1] as Map<string, number>;
      let label = byName.get(merchant);
      if (label === undefined)
        byName.set(merchant, (label = merchantLabel(merchant, entry.inflow, keys, labels)));
      if (label >= 0) labels.union(id, label);
    }
    labelOf.push(id);
  }
  return labelOf;
}

/** An account's entries (in date order) in groups, each in date order, by first entry. */
export function groupEntries(entries: readonly Entry[], keys: Keys): Entry[][] {
  const labels = new Labels();
  const labelOf = labelEntries(entries, formsOf(entries), keys, labels);
  const groupOfRoot = new Array<number>(labels.size).fill(-1);
  const groups: Entry[][] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as Entry;
    const root = labels.root(labelOf[i] as number);
    const g = groupOfRoot[root] as number;
    if (g >= 0) (groups[g] as Entry[]).push(entry);
    else {
      groupOfRoot[root] = groups.length;
      groups.push([entry]);
    }
  }
  return groups;
}
