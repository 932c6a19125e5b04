import { bill, mmdd, type PayrollNote, type Profile, sub, yymmdd } from './profile.js';
import { alnum, digits, pick, type Random } from './random.js';

/**
 * The main profile: upper-case descriptors in the styles of large US banks (NACHA fields spelled
 * out, DES:/INDN: and ORIG CO NAME: layouts, card prefixes such as PURCHASE AUTHORIZED ON and
 * CHECKCARD), merchant names and categories mostly present.
 */

const PREFIXES = [
  'Acme',
  'Blue Harbor',
  'Northwind',
  'Summit',
  'Pioneer',
  'Redwood',
  'Silverline',
  'Granite',
  'Evergreen',
  'Cobalt',
  'Lakeside',
  'Keystone',
  'Brightwater',
  'Ironwood',
  'Meridian',
  'Old Mill',
  'Copperleaf',
  'Bayview',
];
const TRADES = [
  'Robotics',
  'Logistics',
  'Dental Group',
  'Health Partners',
  'Software',
  'Construction',
  'Foods',
  'Manufacturing',
  'Hospitality',
  'Analytics',
  'Energy',
  'Veterinary Clinic',
  'Architects',
  'Plumbing',
];
const SUFFIXES = ['Inc', 'LLC', 'Corp', '', '', 'Co'];

function employers(): string[] {
  const out: string[] = [
    'Target Corporation',
    'Kroger Co',
    'County of Alameda',
    'Springfield Unified School District',
    'St Mary Medical Center',
    'Starbucks Corp',
  ];
  for (let i = 0; i < PREFIXES.length; i++) {
    for (let j = 0; j < 3; j++) {
      const trade = TRADES[(i * 5 + j * 3) % TRADES.length] ?? '';
      const suffix = SUFFIXES[(i + j) % SUFFIXES.length] ?? '';
      out.push(`${PREFIXES[i]} ${trade}${suffix ? ` ${suffix}` : ''}`);
    }
  }
  return out;
}

const PROVIDERS = [
  { name: 'ADP', tags: ['ADP', 'ADP PAYROLL', 'ADP WAGE PAY'] },
  { name: 'Paychex', tags: ['PAYCHEX', 'PAYCHEX EIB', 'PAYCHEX INC'] },
  { name: 'Gusto', tags: ['GUSTO', 'ZENPAYROLL'] },
  { name: 'Paylocity', tags: ['PAYLOCITY', 'PAYLOCITY CORP'] },
  { name: 'Workday', tags: ['WORKDAY', 'WORKDAY PAYROLL'] },
  { name: 'Dayforce', tags: ['CERIDIAN', 'DAYFORCE'] },
  { name: 'Paycom', tags: ['PAYCOM'] },
  { name: 'Rippling', tags: ['RIPPLING'] },
  { name: 'Justworks', tags: ['JUSTWORKS'] },
  { name: 'TriNet', tags: ['TRINET', 'TRINET HR'] },
  { name: 'Insperity', tags: ['INSPERITY'] },
  { name: 'Paycor', tags: ['PAYCOR'] },
] as const;

const up = (text: string) => text.toUpperCase();
/** NACHA's company name field is sixteen characters. */
const company16 = (text: string) => up(text).slice(0, 16).trim();
const tag = (note: PayrollNote, random: Random) => (note.provider ? pick(random, note.provider.tags) : '');

function payroll(note: PayrollNote, random: Random): string {
  const p = note.person;
  const emp = up(note.employer);
  switch (note.style) {
    case 0:
      return `${company16(note.employer)} DES:${note.purpose} ID:${alnum(random, 11)} INDN:${up(p.last)} ${up(p.first)} CO ID:${digits(random, 10)} PPD`;
    case 1:
      return `ORIG CO NAME:${company16(note.employer)} ORIG ID:${digits(random, 10)} DESC DATE:${yymmdd(note.date)} CO ENTRY DESCR:${note.purpose} SEC:PPD TRACE#:${digits(random, 15)} EED:${yymmdd(note.date)} IND ID:${alnum(random, 9)} IND NAME:${up(p.first)} ${up(p.last)} TRN: ${digits(random, 10)}TC`;
    case 2:
      return note.provider
        ? `${tag(note, random)} ${note.purpose} ${emp} ${digits(random, 6)}`
        : `${emp} ${note.purpose} ${digits(random, 6)}`;
    case 3:
      return `${emp} ${note.purpose} PPD ID: ${digits(random, 10)}`;
    case 4:
      return `DIRECT DEP ${emp}${note.provider ? ` ${tag(note, random)}` : ''} ${alnum(random, 8)}`;
    default:
      return `ACH CREDIT ${emp} ${note.purpose} ${mmdd(note.date)}`;
  }
}

function ach(
  company: string,
  purpose: string,
  date: string,
  person: { first: string; last: string },
  style: number,
  random: Random,
): string {
  switch (style) {
    case 0:
      return `${company16(company)} DES:${purpose} ID:${alnum(random, 12)} INDN:${up(person.first)} ${up(person.last)} CO ID:${digits(random, 10)} WEB`;
    case 1:
      return `ORIG CO NAME:${company16(company)} ORIG ID:${digits(random, 10)} DESC DATE:${yymmdd(date)} CO ENTRY DESCR:${purpose} SEC:PPD TRACE#:${digits(random, 15)} EED:${yymmdd(date)}`;
    default:
      return `${up(company)} ${purpose} ${digits(random, 9)}`;
  }
}

function card(descriptor: string, date: string, style: number, random: Random): string {
  switch (style) {
    case 0:
      return `PURCHASE AUTHORIZED ON ${mmdd(date)} ${descriptor} S${digits(random, 15)} CARD ${digits(random, 4)}`;
    case 1:
      return `CHECKCARD ${mmdd(date, '')} ${descriptor} ${digits(random, 23)}`;
    case 2:
      return `POS DEBIT ${descriptor}`;
    default:
      return descriptor;
  }
}

export const mainProfile: Profile = {
  name: 'main',
  employers: employers(),
  providers: PROVIDERS,
  // prettier-ignore
  people: {
    first: ['JOHN', 'MARIA', 'DAVID', 'SARAH', 'JAMES', 'LINDA', 'ROBERT', 'AISHA', 'WEI', 'CARLOS', 'EMILY', 'KWAME'],
    last: ['SMITH', 'GARCIA', 'JOHNSON', 'NGUYEN', 'BROWN', 'PATEL', 'MILLER', 'DAVIS', 'LOPEZ', 'WILSON', 'OKAFOR', 'CHEN'],
  },
  payrollStyles: 6,
  payroll,
  providerOnlyPayroll: (note, random) =>
    note.provider
      ? `${tag(note, random)} DES:${note.purpose} ID:${alnum(random, 11)} INDN:${up(note.person.last)} ${up(note.person.first)} CO ID:${digits(random, 10)} PPD`
      : null,
  ach,
  achStyles: 3,
  card,
  cardStyles: 4,
  p2p: (rail, who, outgoing, random) => {
    switch (rail) {
      case 'zelle':
        return outgoing
          ? `ZELLE PAYMENT TO ${up(who)} CONF# ${alnum(random, 9)}`
          : `ZELLE PAYMENT FROM ${up(who)} CONF# ${alnum(random, 9)}`;
      case 'venmo':
        return outgoing
          ? `VENMO PAYMENT ${digits(random, 10)} ${up(who)}`
          : `VENMO CASHOUT ${digits(random, 10)}`;
      default:
        return `CASH APP*${up(who)} ${outgoing ? 'SENT' : 'RECEIVED'} ${digits(random, 6)}`;
    }
  },
  transfer: (outgoing, mask, random) =>
    outgoing
      ? `ONLINE TRANSFER TO SAV XXXXXX${mask} REF #IB${alnum(random, 8)}`
      : `ONLINE TRANSFER FROM CHK XXXXXX${mask} REF #IB${alnum(random, 8)}`,
  check: (number) => `CHECK ${number}`,
  merchantNameRate: 0.8,
  categoryRate: 0.9,
  // prettier-ignore
  noise: { postingLagDays: 1, pendingDays: 2, pendingTwinRate: 0.1, amountJitterRate: 0.1, styleChangeRate: 0.05, refundRate: 0.05, splitRentRate: 0.05 },
  // prettier-ignore
  subscriptions: [
    sub('NETFLIX.COM 866-579-7172 CA', 'Netflix', [15.49, 17.99], 'ENTERTAINMENT_TV_AND_MOVIES'),
    sub('SPOTIFY USA 877-778-1161 NY', 'Spotify', [10.99, 11.99], 'ENTERTAINMENT_MUSIC_AND_AUDIO'),
    sub('HULU 877-8244858 CA', 'Hulu', [7.99, 9.99], 'ENTERTAINMENT_TV_AND_MOVIES'),
    sub('DISNEY PLUS 888-905-7888 CA', 'Disney+', [13.99], 'ENTERTAINMENT_TV_AND_MOVIES'),
    sub('APPLE.COM/BILL 866-712-7753 CA', 'Apple', [2.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES'),
    sub('APPLE.COM/BILL 866-712-7753 CA', 'Apple', [10.99], 'ENTERTAINMENT_MUSIC_AND_AUDIO'),
    sub(`AMZN PRIME*`, 'Amazon Prime', [14.99], 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES'),
    sub('AUDIBLE*', 'Audible', [14.95], 'ENTERTAINMENT_MUSIC_AND_AUDIO'),
    sub(
      'NYTIMES*NYTIMES SUBSCR',
      'The New York Times',
      [17.0, 25.0],
      'GENERAL_SERVICES_OTHER_GENERAL_SERVICES',
    ),
    sub('ADOBE *CREATIVE CLOUD', 'Adobe', [54.99, 59.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES'),
    sub('DROPBOX*', 'Dropbox', [11.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES'),
    sub('PLANET FITNESS CLUB FEES', 'Planet Fitness', [24.99], 'PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS', {
      channel: 'in store',
    }),
    sub('GOOGLE *YOUTUBEPREMIUM G.CO/HELPPAY#', 'YouTube Premium', [13.99], 'ENTERTAINMENT_TV_AND_MOVIES'),
    sub('PELOTON* MEMBERSHIP', 'Peloton', [44.0], 'PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS'),
  ],
  // prettier-ignore
  utilities: [
    bill('PGANDE WEB ONLINE', 'PG&E', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'),
    bill('CON ED OF NY', 'Con Edison', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'),
    bill('DUKE ENERGY', 'Duke Energy', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'),
    bill('CITY OF AUSTIN UTILITIES', 'City of Austin', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_WATER'),
    bill('NATIONAL GRID', 'National Grid', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'),
  ],
  // prettier-ignore
  fixedBills: [
    bill('VERIZON WIRELESS', 'Verizon', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_TELEPHONE'),
    bill('COMCAST XFINITY', 'Xfinity', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_INTERNET_AND_CABLE'),
    bill('T-MOBILE', 'T-Mobile', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_TELEPHONE'),
    bill('GEICO AUTO', 'GEICO', 'GENERAL_SERVICES', 'GENERAL_SERVICES_INSURANCE'),
    bill('STATE FARM RO 27', 'State Farm', 'GENERAL_SERVICES', 'GENERAL_SERVICES_INSURANCE'),
  ],
  // prettier-ignore
  lenders: [
    bill('NAVIENT', 'Navient', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT'),
    bill('TOYOTA FINANCIAL', 'Toyota Financial Services', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_CAR_PAYMENT'),
    bill('WELLS FARGO HOME MTG', 'Wells Fargo', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_MORTGAGE_PAYMENT'),
    bill('CHASE CREDIT CRD', 'Chase', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT'),
  ],
  // prettier-ignore
  landlords: [
    bill('AVALONBAY COMMUNITIES', 'AvalonBay Communities', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_RENT'),
    bill('GREYSTAR PROPERTY', 'Greystar', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_RENT'),
  ],
  // prettier-ignore
  annualFees: [
    sub('AMAZON PRIME*ANNUAL', 'Amazon Prime', [139.0], 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES', {
      annual: true,
    }),
    sub('ANNUAL MEMBERSHIP FEE', 'Chase', [95.0], 'BANK_FEES_OTHER_BANK_FEES', { annual: true }),
    sub('COSTCO *ANNUAL RENEWAL', 'Costco', [65.0], 'GENERAL_MERCHANDISE_SUPERSTORES', { annual: true }),
    sub('MICROSOFT*MICROSOFT 365', 'Microsoft', [99.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES', {
      annual: true,
    }),
  ],
  // prettier-ignore
  everyday: {
    coffee: [
      bill('STARBUCKS STORE 08412', 'Starbucks', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'),
      bill('SQ *BLUE BOTTLE COFFEE', 'Blue Bottle Coffee', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'),
    ],
    grocery: [
      bill('KROGER #0412', 'Kroger', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
      bill('WHOLEFDS MKT 10233', 'Whole Foods', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
      bill("TRADER JOE'S #552", "Trader Joe's", 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
    ],
    fuel: [
      bill('SHELL OIL 574423', 'Shell', 'TRANSPORTATION', 'TRANSPORTATION_GAS'),
      bill('CHEVRON 0203911', 'Chevron', 'TRANSPORTATION', 'TRANSPORTATION_GAS'),
    ],
    shop: [
      bill('AMAZON.COM*', 'Amazon', 'GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES'),
      bill('TARGET 0002318', 'Target', 'GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_SUPERSTORES'),
      bill('CVS/PHARMACY #04321', 'CVS', 'MEDICAL', 'MEDICAL_PHARMACIES_AND_SUPPLEMENTS'),
    ],
    restaurant: [
      bill('CHIPOTLE 1422', 'Chipotle', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_FAST_FOOD'),
      bill('TST* THE LOCAL TAVERN', 'The Local Tavern', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_RESTAURANT'),
    ],
  },
};
