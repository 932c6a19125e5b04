import { addDays } from '../../lib/banking-calendar.js';
import type { CaseBuilder, Look } from './case-builder.js';
import type { Wallet } from './bills.js';
import type { Biller, Profile } from './profile.js';
import { between, cents, chance, int, pick, type Random } from './random.js';

/**
 * What must not become a stream: habits (coffee most weeks, groceries, fuel), shopping, restaurants,
 * person-to-person payments at no rhythm, ATM cash, refunds, a tax refund, money in from friends.
 */

function lookOf(
  b: CaseBuilder,
  profile: Profile,
  place: Biller,
  style: number,
  accountId: string,
  w: Wallet,
) {
  const merchant = chance(b.random, profile.merchantNameRate) ? place.merchant : null;
  return (date: string): Look => {
    const descriptor = place.descriptor.endsWith('*')
      ? `${place.descriptor}${int(b.random, 100000, 999999)}`
      : place.descriptor;
    return {
      name: accountId === w.checking ? profile.card(descriptor, date, style, b.random) : descriptor,
      merchant_name: merchant,
      category: chance(b.random, profile.categoryRate)
        ? { primary: place.primary, detailed: place.detailed }
        : null,
      channel: place.detailed.endsWith('ONLINE_MARKETPLACES') ? 'online' : 'in store',
    };
  };
}

/** Visits every `gap()` days from the window's start, each with its own amount. */
function habit(
  b: CaseBuilder,
  profile: Profile,
  w: Wallet,
  place: Biller,
  gap: () => number,
  amount: () => number,
): void {
  const accountId = chance(b.random, 0.5) ? w.card : w.checking;
  const look = lookOf(b, profile, place, int(b.random, 0, profile.cardStyles - 1), accountId, w);
  for (
    let date = addDays(b.from, int(b.random, 0, 6));
    date <= b.asOf;
    date = addDays(date, Math.max(1, gap()))
  ) {
    b.add(accountId, date, cents(amount()), false, look(date));
  }
}

function everyday(b: CaseBuilder, profile: Profile, w: Wallet): void {
  const { random } = b;
  const places = profile.everyday;
  // Coffee most weeks: about weekly, never on the same weekday for long, never the same amount.
  if (chance(random, 0.5))
    habit(
      b,
      profile,
      w,
      pick(random, places.coffee),
      () => int(random, 4, 10),
      () => between(random, 3.5, 9),
    );
  else
    habit(
      b,
      profile,
      w,
      pick(random, places.coffee),
      () => int(random, 1, 4),
      () => between(random, 3.5, 9),
    );
  habit(
    b,
    profile,
    w,
    pick(random, places.grocery),
    () => int(random, 5, 9),
    () => between(random, 35, 220),
  );
  if (chance(random, 0.7))
    habit(
      b,
      profile,
      w,
      pick(random, places.fuel),
      () => int(random, 5, 13),
      () => between(random, 28, 75),
    );
  habit(
    b,
    profile,
    w,
    pick(random, places.shop),
    () => int(random, 2, 12),
    () => between(random, 8, 180),
  );
  habit(
    b,
    profile,
    w,
    pick(random, places.restaurant),
    () => int(random, 3, 15),
    () => between(random, 12, 85),
  );
}

function irregularPeerToPeer(b: CaseBuilder, profile: Profile, w: Wallet): void {
  const { random } = b;
  const friends = Array.from(
    { length: int(random, 1, 4) },
    () => `${pick(random, profile.people.first)} ${pick(random, profile.people.last)}`,
  );
  for (const friend of friends) {
    const rail = pick(random, ['venmo', 'zelle', 'cashapp']);
    const usual = pick(random, [20, 25, 30, 50, 60]);
    for (
      let date = addDays(b.from, int(random, 0, 30));
      date <= b.asOf;
      date = addDays(date, int(random, 6, 45))
    ) {
      const outgoing = chance(random, 0.7);
      const look: Look = {
        name: profile.p2p(rail, friend, outgoing, random),
        merchant_name: rail === 'venmo' ? 'Venmo' : null,
        category: null,
        channel: 'other',
      };
      b.add(w.checking, date, chance(random, 0.5) ? usual : cents(between(random, 8, 140)), !outgoing, look);
    }
  }
}

function oneOffs(b: CaseBuilder, profile: Profile, w: Wallet, random: Random): void {
  const style = int(random, 0, profile.achStyles - 1);
  const atm = { name: 'ATM WITHDRAWAL', merchant_name: null, category: null, channel: 'in store' as const };
  for (
    let date = addDays(b.from, int(random, 0, 20));
    date <= b.asOf;
    date = addDays(date, int(random, 7, 40))
  ) {
    b.add(w.checking, date, pick(random, [40, 60, 100, 200]), false, {
      ...atm,
      name: `ATM WITHDRAWAL ${int(random, 1000, 9999)} MAIN ST`,
    });
  }
  if (chance(random, 0.6)) {
    const date = addDays(b.asOf, -int(random, 10, 300));
    if (date >= b.from) {
      b.add(w.checking, date, between(random, 200, 3000), true, {
        name: profile.ach('IRS TREAS 310', 'TAX REF', date, w.person, style, random),
        merchant_name: null,
        category: chance(random, profile.categoryRate)
          ? { primary: 'INCOME', detailed: 'INCOME_TAX_REFUND' }
          : null,
        channel: 'other',
      });
    }
  }
  if (w.savings && chance(random, 0.4)) {
    const date = addDays(b.asOf, -int(random, 5, 200));
    if (date >= b.from)
      b.add(w.checking, date, pick(random, [300, 500, 1000]), true, {
        name: profile.transfer(false, w.checkingMask, random),
        merchant_name: null,
        category: null,
        channel: 'other',
      });
  }
}

export function addDecoys(b: CaseBuilder, profile: Profile, w: Wallet): void {
  everyday(b, profile, w);
  if (chance(b.random, 0.7)) irregularPeerToPeer(b, profile, w);
  oneOffs(b, profile, w, b.random);
}
