import { addDays, nextBusinessDay } from '../../lib/banking-calendar.js';
import {
  type CaseBuilder,
  everyDays,
  type Look,
  onDaysOfMonth,
  type Roll,
  type Schedule,
} from './case-builder.js';
import { type PayrollProvider, type Person, type Profile, WAGES } from './profile.js';
import { between, chance, int, pick, type Random, weighted } from './random.js';

/**
 * Paychecks: one job, a job change (the old employer stops, a new one starts), or none (retired on
 * Social Security, on unemployment benefits, or no regular income at all). Jobs pay through many
 * providers on weekly, biweekly, semi-monthly or monthly schedules rolled back before weekends and
 * Federal Reserve holidays, with raises, bonuses and off-cycle pay.
 */

export interface Household {
  person: Person;
  checking: string;
}

function weekdayOnOrAfter(date: string, weekday: number): string {
  let day = date;
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== weekday) day = addDays(day, 1);
  return day;
}

function paySchedule(random: Random, from: string): Schedule {
  const frequency = weighted(random, [
    ['BIWEEKLY', 45],
    ['SEMI_MONTHLY', 25],
    ['WEEKLY', 15],
    ['MONTHLY', 15],
  ] as const);
  switch (frequency) {
    case 'WEEKLY':
    case 'BIWEEKLY': {
      const weekday = weighted(random, [
        [5, 75],
        [4, 15],
        [3, 10],
      ] as const);
      return everyDays(frequency, weekdayOnOrAfter(addDays(from, int(random, 0, 13)), weekday));
    }
    case 'SEMI_MONTHLY':
      return onDaysOfMonth(
        'SEMI_MONTHLY',
        weighted(random, [
          [[15, 31], 60],
          [[1, 15], 25],
          [[5, 20], 15],
        ] as const),
      );
    case 'MONTHLY':
      return onDaysOfMonth('MONTHLY', [
        weighted(random, [
          [31, 50],
          [1, 25],
          [15, 25],
        ] as const),
      ]);
  }
}

const PAY_PERIODS = { WEEKLY: 52, BIWEEKLY: 26, SEMI_MONTHLY: 24, MONTHLY: 12, ANNUALLY: 1 } as const;
const PURPOSES = ['PAYROLL', 'PAYROLL', 'DIR DEP', 'DIRECT DEP', 'PAYRLL', 'SALARY', 'NET PAY', 'REG SALARY'];

interface Job {
  employer: string;
  provider: PayrollProvider | null;
  start: string;
  end?: string | undefined;
}

interface PayStyle {
  style: number;
  providerOnly: boolean;
  merchant: string | null;
}

/** How one job's deposits read: one descriptor style for the job, the entry description per deposit. */
function payLook(b: CaseBuilder, profile: Profile, home: Household, job: Job, how: PayStyle) {
  return (purpose: string) =>
    (_k: number, date: string): Look => {
      const note = {
        employer: job.employer,
        provider: job.provider,
        purpose,
        date,
        person: home.person,
        style: how.style,
      };
      const name =
        (how.providerOnly ? profile.providerOnlyPayroll(note, b.random) : null) ??
        profile.payroll(note, b.random);
      return {
        name,
        merchant_name: how.merchant,
        category: chance(b.random, profile.categoryRate) ? WAGES : null,
        channel: 'other',
      };
    };
}

function payStyle(random: Random, profile: Profile, job: Job): PayStyle & { nameable: boolean } {
  const providerOnly = job.provider !== null && chance(random, 0.04);
  const choice = weighted(random, [
    ['employer', 35],
    ['provider', 15],
    ['none', 50],
  ] as const);
  const merchant =
    choice === 'employer' ? job.employer : choice === 'provider' ? (job.provider?.name ?? null) : null;
  const style = int(random, 0, profile.payrollStyles - 1);
  return { style, providerOnly, merchant, nameable: !providerOnly || choice === 'employer' };
}

/** A bonus or off-cycle check on a business day within the job, with the same name. */
function addBonuses(
  b: CaseBuilder,
  home: Household,
  job: Job,
  size: number,
  look: (purpose: string) => (k: number, date: string) => Look,
  purpose: string,
): string[] {
  const { random } = b;
  const ids: string[] = [];
  for (let n = int(random, 1, 2); n > 0; n--) {
    const lastDay = job.end !== undefined && job.end < b.asOf ? job.end : b.asOf;
    const span = Math.max(4, (Date.parse(lastDay) - Date.parse(b.from)) / 86_400_000);
    const date = nextBusinessDay(addDays(b.from, int(random, 0, Math.floor(span) - 3)));
    if (date > b.asOf) continue;
    const bonusPurpose = chance(random, 0.5) ? 'BONUS' : purpose;
    ids.push(b.add(home.checking, date, size * between(random, 0.3, 2), true, look(bonusPurpose)(0, date)));
  }
  return ids;
}

/** One job's paychecks (salaried: the same net pay or within a percent; hourly: within 15%), bonuses, gold. */
function addJob(b: CaseBuilder, profile: Profile, home: Household, job: Job): void {
  const { random } = b;
  const schedule = paySchedule(random, b.from);
  const perPeriod = (between(random, 30_000, 150_000) * 0.72) / PAY_PERIODS[schedule.frequency];
  const spread = weighted(random, [
    [0, 45],
    [0.01, 25],
    [0.15, 30],
  ] as const);
  const raiseAt = chance(random, 0.4) ? int(random, 3, 20) : Infinity;
  const raise = 1 + between(random, 0.03, 0.08);
  const purpose = pick(random, PURPOSES);
  const how = payStyle(random, profile, job);
  const look = payLook(b, profile, home, job, how);
  const amount = (k: number) => perPeriod * (k >= raiseAt ? raise : 1) * (1 + spread * (2 * random() - 1));
  const roll: Roll = chance(random, 0.92) ? 'back' : 'none';
  const ids = b.stream({
    label: 'payroll',
    accountId: home.checking,
    inflow: true,
    schedule,
    roll,
    start: job.start,
    end: job.end,
    amount,
    look: look(purpose),
  });
  const bonuses =
    ids.length > 2 && chance(random, 0.3) ? addBonuses(b, home, job, perPeriod, look, purpose) : [];
  b.gold.employers.push({
    name: job.employer,
    provider: job.provider?.name ?? null,
    is_active: job.end === undefined || job.end > b.asOf,
    nameable: how.nameable,
    transaction_ids: [...ids, ...bonuses],
  });
}

/** Income that is regular but from no employer: Social Security, unemployment insurance. */
function addBenefits(b: CaseBuilder, profile: Profile, home: Household): void {
  const { random } = b;
  const style = int(random, 0, profile.achStyles - 1);
  const look =
    (company: string, purpose: string, detailed: string) =>
    (_k: number, date: string): Look => ({
      name: profile.ach(company, purpose, date, home.person, style, random),
      merchant_name: null,
      category: chance(random, profile.categoryRate) ? { primary: 'INCOME', detailed } : null,
      channel: 'other',
    });
  if (chance(random, 0.5)) {
    const amount = between(random, 900, 2600);
    b.stream({
      label: 'social-security',
      accountId: home.checking,
      inflow: true,
      schedule: onDaysOfMonth('MONTHLY', [3]),
      roll: 'back',
      start: addDays(b.from, -400),
      amount: () => amount,
      look: look('SSA TREAS 310', 'XXSOC SEC', 'INCOME_RETIREMENT_PENSION'),
    });
  } else {
    const amount = between(random, 250, 600);
    const start = addDays(b.asOf, -int(random, 60, 180));
    b.stream({
      label: 'unemployment',
      accountId: home.checking,
      inflow: true,
      schedule: everyDays('WEEKLY', weekdayOnOrAfter(start, 2)),
      roll: 'forward',
      start,
      amount: () => amount,
      look: look('NYS DOL UI', 'UI BENEFIT', 'INCOME_UNEMPLOYMENT'),
    });
  }
}

export function addEmployment(b: CaseBuilder, profile: Profile, home: Household): void {
  const { random } = b;
  const situation = weighted(random, [
    ['job', 62],
    ['change', 20],
    ['new', 5],
    ['benefits', 8],
    ['none', 5],
  ] as const);
  const employers = [...profile.employers];
  const takeEmployer = () => employers.splice(int(random, 0, employers.length - 1), 1)[0] ?? 'Acme Inc';
  const provider = () => (chance(random, 0.75) ? pick(random, profile.providers) : null);
  const longAgo = addDays(b.from, -int(random, 30, 900));
  switch (situation) {
    case 'job':
      return addJob(b, profile, home, { employer: takeEmployer(), provider: provider(), start: longAgo });
    case 'new':
      return addJob(b, profile, home, {
        employer: takeEmployer(),
        provider: provider(),
        start: addDays(b.asOf, -int(random, 20, 75)),
      });
    case 'change': {
      const end = addDays(b.asOf, -int(random, 45, 200));
      if (end <= addDays(b.from, 40))
        return addJob(b, profile, home, { employer: takeEmployer(), provider: provider(), start: longAgo });
      addJob(b, profile, home, { employer: takeEmployer(), provider: provider(), start: longAgo, end });
      return addJob(b, profile, home, {
        employer: takeEmployer(),
        provider: provider(),
        start: addDays(end, int(random, 7, 30)),
      });
    }
    case 'benefits':
      return addBenefits(b, profile, home);
    case 'none':
      return;
  }
}
