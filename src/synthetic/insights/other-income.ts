import { addDays } from '../../lib/banking-calendar.js';
import { type CaseBuilder, everyDays, type Look, onDaysOfMonth } from './case-builder.js';
import type { Household } from './employment.js';
import type { Profile } from './profile.js';
import { between, chance, int, pick } from './random.js';

/**
 * Regular money in from no employer, to tempt the employer detector: a pension, a property
 * manager's owner disbursement, child support, an annuity. Each is a stream; none is an employer,
 * and only one of them says so in words a lexicon would know.
 */
const SOURCES = [
  { name: 'CALPERS RETIREMENT', purpose: 'PENSION', detailed: 'INCOME_RETIREMENT_PENSION' },
  { name: 'PINE RIDGE PROPERTY MGMT', purpose: 'OWNER DISB', detailed: 'INCOME_OTHER_INCOME' },
  { name: 'STATE TEACHERS RET SYS', purpose: 'MONTHLY BEN', detailed: 'INCOME_RETIREMENT_PENSION' },
  { name: 'NYS CHILD SUPPORT', purpose: 'PAYMENT', detailed: 'INCOME_OTHER_INCOME' },
  { name: 'HARBOR LIFE ANNUITY CO', purpose: 'ANNUITY PMT', detailed: 'INCOME_OTHER_INCOME' },
  { name: 'MAPLE STREET DUPLEX LLC', purpose: 'DISTRIBUTION', detailed: 'INCOME_OTHER_INCOME' },
] as const;

export function addOtherIncome(b: CaseBuilder, profile: Profile, home: Household): void {
  const { random } = b;
  const source = pick(random, SOURCES);
  const style = int(random, 0, profile.achStyles - 1);
  const amount = between(random, 300, 2400);
  const biweekly = chance(random, 0.2);
  const look = (_k: number, date: string): Look => ({
    name: profile.ach(source.name, source.purpose, date, home.person, style, random),
    merchant_name: null,
    category: chance(random, profile.categoryRate) ? { primary: 'INCOME', detailed: source.detailed } : null,
    channel: 'other',
  });
  b.stream({
    label: 'other-income',
    accountId: home.checking,
    inflow: true,
    schedule: biweekly
      ? everyDays('BIWEEKLY', addDays(b.from, int(random, 0, 13)))
      : onDaysOfMonth('MONTHLY', [int(random, 1, 28)]),
    roll: 'forward',
    start: addDays(b.from, -400),
    amount: () => amount,
    look,
  });
}
