import { addDays } from '../../lib/banking-calendar.js';
import { type CaseBuilder, everyDays, type Look, onDaysOfMonth, yearly } from './case-builder.js';
import type { Household } from './employment.js';
import type { Biller, Profile, Subscription } from './profile.js';
import { alnum, between, cents, chance, int, pick, type Random } from './random.js';

/**
 * Money out on a schedule: rent (by ACH, Zelle or check), utilities whose amount and date wander,
 * fixed bills, loans, card payments, subscriptions with descriptor noise, price changes and
 * cancellations (two at one merchant, sometimes), annual fees, and weekly or biweekly transfers.
 */

export interface Wallet extends Household {
  /** Where card subscriptions land: the credit card if there is one, else the checking account. */
  card: string;
  savings: { id: string; mask: string } | null;
  checkingMask: string;
}

function category(b: CaseBuilder, profile: Profile, biller: Biller) {
  return chance(b.random, profile.categoryRate)
    ? { primary: biller.primary, detailed: biller.detailed }
    : null;
}

function merchantName(b: CaseBuilder, profile: Profile, biller: Biller): string | null {
  return chance(b.random, profile.merchantNameRate) ? biller.merchant : null;
}

/** A descriptor style, which now and then changes once (the bank's new format). */
export function styleOver(b: CaseBuilder, profile: Profile, styles: number): (k: number) => number {
  const first = int(b.random, 0, styles - 1);
  const second = int(b.random, 0, styles - 1);
  const switchAt = chance(b.random, profile.noise.styleChangeRate) ? int(b.random, 2, 12) : Infinity;
  return (k) => (k >= switchAt ? second : first);
}

function achLook(b: CaseBuilder, profile: Profile, w: Wallet, biller: Biller, purpose: string) {
  const style = styleOver(b, profile, profile.achStyles);
  const merchant = merchantName(b, profile, biller);
  return (k: number, date: string): Look => ({
    name: profile.ach(biller.descriptor, purpose, date, w.person, style(k), b.random),
    merchant_name: merchant,
    category: category(b, profile, biller),
    channel: 'online',
  });
}

/** A day of the month to bill on (29-31 are clamped in shorter months). */
const billingDay = (random: Random) => int(random, 1, 31);

/** Now and then a stream stops: a cancelled subscription, a paid-off loan. */
function maybeEnd(b: CaseBuilder, p: number): string | undefined {
  return chance(b.random, p) ? addDays(b.asOf, -b.random() * 150 - 50) : undefined;
}

function addRent(b: CaseBuilder, profile: Profile, w: Wallet): void {
  const { random } = b;
  const rent = cents(between(random, 1100, 3200));
  const renewal = chance(random, 0.3) ? int(random, 2, 12) : Infinity;
  const split = chance(random, profile.noise.splitRentRate);
  const amount = (k: number) => (k >= renewal ? cents(rent * 1.04) : rent) / (split ? 2 : 1);
  const how = pick(random, ['ach', 'ach', 'ach', 'zelle', 'check'] as const);
  const landlord = pick(random, profile.landlords);
  const landlordName = `${pick(random, profile.people.first)} ${pick(random, profile.people.last)}`;
  let checkNumber = int(random, 1001, 3000);
  const look =
    how === 'ach'
      ? achLook(b, profile, w, landlord, 'RENT')
      : (): Look => ({
          name:
            how === 'zelle' ? profile.p2p('zelle', landlordName, true, random) : profile.check(checkNumber++),
          merchant_name: null,
          category: chance(random, profile.categoryRate)
            ? { primary: 'RENT_AND_UTILITIES', detailed: 'RENT_AND_UTILITIES_RENT' }
            : null,
          channel: 'other',
        });
  const schedule = split ? onDaysOfMonth('SEMI_MONTHLY', [1, 15]) : onDaysOfMonth('MONTHLY', [1]);
  b.stream({
    label: 'rent',
    accountId: w.checking,
    inflow: false,
    schedule,
    roll: how === 'ach' ? 'forward' : 'none',
    jitter: how === 'ach' ? 0 : 2,
    start: addDays(b.from, -400),
    amount,
    look,
    missRate: 0.02,
  });
}

function addBills(b: CaseBuilder, profile: Profile, w: Wallet): void {
  const { random } = b;
  const utilities = [...profile.utilities].sort(() => random() - 0.5).slice(0, chance(random, 0.4) ? 2 : 1);
  for (const biller of utilities) {
    const base = between(random, 40, 220);
    const day = int(random, 3, 26);
    const seasonal = (date: string) =>
      1 + 0.35 * Math.cos(((Number(date.slice(5, 7)) - 1) / 12) * 2 * Math.PI);
    b.stream({
      label: `utility:${biller.merchant}`,
      accountId: w.checking,
      inflow: false,
      schedule: onDaysOfMonth('MONTHLY', [day]),
      roll: 'forward',
      jitter: 3,
      start: addDays(b.from, -400),
      amount: (_k, date) => cents(base * seasonal(date) * between(random, 0.8, 1.2)),
      look: achLook(b, profile, w, biller, 'BILL PAY'),
      missRate: 0.03,
    });
  }
  const fixed = [...profile.fixedBills].sort(() => random() - 0.5).slice(0, int(random, 1, 3));
  for (const biller of fixed) {
    const price = cents(between(random, 35, 180));
    const change = chance(random, 0.2) ? int(random, 2, 10) : Infinity;
    b.stream({
      label: `bill:${biller.merchant}`,
      accountId: w.checking,
      inflow: false,
      schedule: onDaysOfMonth('MONTHLY', [billingDay(random)]),
      roll: 'forward',
      start: addDays(b.from, -400),
      amount: (k) => (k >= change ? cents(price + 5) : price) * between(random, 0.995, 1.005),
      look: achLook(b, profile, w, biller, 'AUTOPAY'),
      missRate: 0.02,
    });
  }
  for (const lender of [...profile.lenders].sort(() => random() - 0.5).slice(0, int(random, 0, 2))) {
    const payment = cents(between(random, 150, 900));
    const card = lender.detailed.endsWith('CREDIT_CARD_PAYMENT');
    const biweekly = !card && chance(random, 0.1);
    const schedule = biweekly
      ? everyDays('BIWEEKLY', addDays(b.from, int(random, 0, 13)))
      : onDaysOfMonth('MONTHLY', [billingDay(random)]);
    b.stream({
      label: `loan:${lender.merchant}`,
      accountId: w.checking,
      inflow: false,
      schedule,
      roll: 'forward',
      start: addDays(b.from, -400),
      end: maybeEnd(b, 0.08),
      amount: () => (card ? cents(between(random, 200, 2500)) : biweekly ? cents(payment / 2) : payment),
      look: achLook(b, profile, w, lender, card ? 'AUTOPAY' : 'LOAN PMT'),
    });
  }
}

function subscriptionLook(b: CaseBuilder, profile: Profile, sub: Subscription, accountId: string, w: Wallet) {
  const style = styleOver(b, profile, profile.cardStyles);
  const merchant = merchantName(b, profile, sub);
  const onCard = accountId !== w.checking;
  return (k: number, date: string): Look => {
    const descriptor = sub.descriptor.endsWith('*')
      ? `${sub.descriptor}${alnum(b.random, int(b.random, 8, 10))}`
      : sub.descriptor;
    return {
      name: onCard ? descriptor : profile.card(descriptor, date, style(k), b.random),
      merchant_name: merchant,
      category: category(b, profile, sub),
      channel: sub.channel,
    };
  };
}

function addSubscription(b: CaseBuilder, profile: Profile, w: Wallet, sub: Subscription, day: number): void {
  const { random } = b;
  const changeAt = sub.prices.length > 1 && chance(random, 0.5) ? int(random, 1, 10) : Infinity;
  const start = chance(random, 0.15)
    ? addDays(b.asOf, -int(random, 40, 150))
    : addDays(b.from, -int(random, 0, 400));
  const drift = chance(random, profile.noise.amountJitterRate) ? 0.02 : 0;
  const price = (k: number) =>
    cents((k >= changeAt ? (sub.prices[1] ?? 0) : (sub.prices[0] ?? 0)) * (1 + drift * (2 * random() - 1)));
  const schedule = sub.annual
    ? yearly(int(random, 1, 12), int(random, 1, 28))
    : onDaysOfMonth('MONTHLY', [day]);
  const look = subscriptionLook(b, profile, sub, w.card, w);
  const ids = b.stream({
    label: `sub:${sub.merchant}`,
    accountId: w.card,
    inflow: false,
    schedule,
    roll: 'none',
    lag: profile.noise.postingLagDays,
    start: sub.annual ? addDays(b.from, -400) : start,
    end: maybeEnd(b, 0.12),
    amount: price,
    look,
    missRate: 0.02,
  });
  if (ids.length > 1 && chance(random, profile.noise.refundRate)) refundOne(b, ids);
}

/** One charge refunded a few days later: money back under the same name. */
function refundOne(b: CaseBuilder, ids: readonly string[]): void {
  const charge = b.transactions.find((t) => t.transaction_id === pick(b.random, ids));
  if (!charge) return;
  const date = addDays(charge.date, int(b.random, 2, 9));
  if (date > b.asOf) return;
  b.add(charge.account_id, date, charge.amount, true, {
    name: charge.name,
    merchant_name: charge.merchant_name ?? null,
    category: null,
    channel: charge.payment_channel,
  });
}

function addSubscriptions(b: CaseBuilder, profile: Profile, w: Wallet): void {
  const { random } = b;
  const subs = [...profile.subscriptions].sort(() => random() - 0.5).slice(0, int(random, 2, 6));
  for (const sub of subs) addSubscription(b, profile, w, sub, billingDay(random));
  const twin = subs[0];
  // Two streams at one merchant: the same descriptor, another plan at another price and day.
  if (twin && !twin.annual && chance(random, 0.2)) {
    const price = cents((twin.prices[0] ?? 10) * between(random, 2.5, 4));
    addSubscription(b, profile, w, { ...twin, prices: [price] }, billingDay(random));
  }
  for (const fee of [...profile.annualFees].sort(() => random() - 0.5).slice(0, int(random, 0, 2)))
    addSubscription(b, profile, w, fee, 1);
}

function addTransfers(b: CaseBuilder, profile: Profile, w: Wallet): void {
  const { random } = b;
  if (w.savings && chance(random, 0.35)) {
    const frequency = chance(random, 0.6) ? 'WEEKLY' : 'BIWEEKLY';
    const amount = pick(random, [25, 50, 75, 100, 150, 200]);
    const schedule = everyDays(frequency, addDays(b.from, int(random, 0, 13)));
    const look = (): Look => ({
      name: profile.transfer(true, w.savings?.mask ?? '0000', random),
      merchant_name: null,
      category: chance(random, profile.categoryRate)
        ? { primary: 'TRANSFER_OUT', detailed: 'TRANSFER_OUT_SAVINGS' }
        : null,
      channel: 'other',
    });
    b.stream({
      label: 'transfer:savings',
      accountId: w.checking,
      inflow: false,
      schedule,
      roll: 'forward',
      start: addDays(b.from, -400),
      amount: () => amount,
      look,
    });
  }
  if (chance(random, 0.12)) {
    const kid = `${pick(random, profile.people.first)} ${pick(random, profile.people.last)}`;
    const amount = pick(random, [10, 15, 20, 25, 40]);
    const rail = pick(random, ['venmo', 'zelle', 'cashapp']);
    const look = (): Look => ({
      name: profile.p2p(rail, kid, true, random),
      merchant_name: rail === 'venmo' ? 'Venmo' : null,
      category: null,
      channel: 'other',
    });
    b.stream({
      label: 'p2p:allowance',
      accountId: w.checking,
      inflow: false,
      schedule: everyDays('WEEKLY', addDays(b.from, int(random, 0, 6))),
      roll: 'none',
      start: addDays(b.from, -int(random, 0, 200)),
      amount: () => amount,
      look,
    });
  }
}

export function addOutflows(b: CaseBuilder, profile: Profile, w: Wallet): void {
  if (chance(b.random, 0.85)) addRent(b, profile, w);
  addBills(b, profile, w);
  addSubscriptions(b, profile, w);
  addTransfers(b, profile, w);
}
