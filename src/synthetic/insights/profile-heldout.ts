import { bill, mmdd, type PayrollNote, type Profile, sub, titleCase, yymmdd } from './profile.js';
import { alnum, digits, pick, type Random } from './random.js';

/**
 * The held-out profile, written apart from the main one: regional banks and credit unions,
 * mixed-case cleaned names next to raw ACH text, descriptors cut at 22 or 32 characters, slashes
 * and dashes, dates and reference numbers in other places, other employers and merchants, and
 * merchant names and categories far sparser.
 */

const EMPLOYERS = [
  'Harborview Medical Center',
  'Tri-County Transit Authority',
  'Maple Leaf Bakery',
  'Quantum Data Systems',
  'Orion Aerospace',
  'Sunrise Senior Living',
  'Delta Mechanical',
  'Westfield Public Schools',
  'Crescent Hotel Group',
  'Pinnacle Staffing',
  'Juniper Networks Consulting',
  'Bright Horizons Academy',
  'Coastal Credit Union',
  'Ridgeline Outfitters',
  'Atlas Freight Lines',
  'Nova Biotech',
  'Hillcrest Family Dental',
  'Union Pacific Rail Services',
  'Greenleaf Landscaping',
  'Sterling Law Partners',
  'Walmart Inc',
  'Home Depot USA',
  'Costco Wholesale',
  'State of Ohio',
  'Lakeview Animal Hospital',
  'Beacon Hill Realty',
  'Cardinal Roofing',
  'Vertex Pharmaceuticals Svc',
  'Prairie Wind Energy',
  'Magnolia Cafe',
];

const PROVIDERS = [
  { name: 'ADP', tags: ['ADP PAYROLL SVCS', 'ADP'] },
  { name: 'Paychex', tags: ['PAYCHEX-HRS', 'PAYCHEX TPS'] },
  { name: 'Gusto', tags: ['GUSTO PAYROLL', 'GUSTO'] },
  { name: 'Paylocity', tags: ['PAYLOCITY PAYROL'] },
  { name: 'Workday', tags: ['WORKDAY INC'] },
  { name: 'Dayforce', tags: ['DAYFORCE HCM', 'CERIDIAN HCM'] },
  { name: 'Paycom', tags: ['PAYCOM PAYROLL'] },
  { name: 'Rippling', tags: ['RIPPLING PEO'] },
  { name: 'Justworks', tags: ['JUSTWORKS EMPL'] },
  { name: 'TriNet', tags: ['TRINET HRIII'] },
  { name: 'Intuit', tags: ['INTUIT PAYROLL', 'QBOOKS PAYROLL'] },
  { name: 'UKG', tags: ['ULTIPRO', 'UKG PRO'] },
] as const;

const up = (text: string) => text.toUpperCase();
const cut = (text: string, length: number) => text.slice(0, length).trim();

function payroll(note: PayrollNote, random: Random): string {
  const emp = note.employer;
  const tag = note.provider ? pick(random, note.provider.tags) : '';
  switch (note.style) {
    case 0: // a regional bank: company, entry description, date, masked id, the account holder
      return `${up(emp)} ${note.purpose} ${yymmdd(note.date)} XXXXX${digits(random, 4)} ${up(note.person.first)} ${up(note.person.last)}`;
    case 1: // a neobank's cleaned names
      return note.purpose === 'BONUS'
        ? `${emp} Bonus`
        : pick(random, [`${emp} Payroll`, `Direct Deposit - ${emp}`, `${emp} Direct Dep`]);
    case 2: // a credit union's ACH deposit line
      return `ACH DEPOSIT ${cut(up(emp), 22)} - ${note.purpose}${tag ? ` ${tag}` : ''}`;
    case 3: // slash style
      return `${up(emp)}/${note.purpose}`;
    case 4: // provider first, employer after, cut at 32
      return note.provider
        ? cut(`${tag} ${up(emp)} ${note.purpose}`, 32)
        : cut(`ELECTRONIC DEPOSIT ${up(emp)}`, 32);
    default: // entry detail with trace
      return `PPD ${up(emp)} ${note.purpose} TRACE ${digits(random, 15)}`;
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
      return `${up(company)} ${purpose} ${yymmdd(date)} ${alnum(random, 10)} ${up(person.first)} ${up(person.last)}`;
    case 1:
      return `${titleCase(company)} ${titleCase(purpose)}`;
    default:
      return `ACH WITHDRAWAL ${cut(up(company), 22)} ${purpose} WEB ID ${digits(random, 10)}`;
  }
}

function card(descriptor: string, date: string, style: number, random: Random): string {
  switch (style) {
    case 0:
      return `DBT CRD ${digits(random, 4)} ${mmdd(date)}/${date.slice(2, 4)} ${cut(descriptor, 22)}`;
    case 1:
      return `VISA DDA PUR ${digits(random, 6)} ${cut(descriptor, 22)}`;
    case 2:
      return titleCase(descriptor);
    default:
      return `POS PURCHASE - ${descriptor} ${mmdd(date)} ${digits(random, 2)}:${digits(random, 2)}`;
  }
}

export const heldoutProfile: Profile = {
  name: 'heldout',
  employers: EMPLOYERS,
  providers: PROVIDERS,
  // prettier-ignore
  people: {
    first: ['Olivia', 'Liam', 'Priya', 'Mateo', 'Hannah', 'Omar', 'Grace', 'Yuki', 'Andre', 'Fatima', 'Noah', 'Elena'],
    last: ['Anderson', 'Kowalski', 'Ramirez', 'Thompson', 'Haddad', 'Sato', 'Murphy', 'Osei', 'Fischer', 'Rossi', 'Kim', 'Baker'],
  },
  payrollStyles: 6,
  payroll,
  providerOnlyPayroll: (note, random) =>
    note.provider ? `${pick(random, note.provider.tags)} DIRECT DEPOSIT ${digits(random, 7)}` : null,
  ach,
  achStyles: 3,
  card,
  cardStyles: 4,
  p2p: (rail, who, outgoing, random) => {
    switch (rail) {
      case 'zelle':
        return outgoing
          ? `Zelle Transfer Conf# ${alnum(random, 10)}; ${titleCase(who)}`
          : `Zelle From ${titleCase(who)} on ${digits(random, 2)}/${digits(random, 2)} Ref # ${alnum(random, 12)}`;
      case 'venmo':
        return outgoing ? `Venmo *${titleCase(who)}` : `VENMO TRANSFER ${alnum(random, 10)}`;
      default:
        return outgoing ? `SQC*CASH APP*${up(who)} Oakland CA` : `CASH APP TRANSFER ${digits(random, 8)}`;
    }
  },
  transfer: (outgoing, mask, random) =>
    outgoing
      ? `Transfer to Savings -${mask} Conf ${alnum(random, 8)}`
      : `Transfer from Checking -${mask} Conf ${alnum(random, 8)}`,
  check: (number) => `Check #${number}`,
  merchantNameRate: 0.45,
  categoryRate: 0.5,
  // prettier-ignore
  noise: { postingLagDays: 3, pendingDays: 3, pendingTwinRate: 0.3, amountJitterRate: 0.25, styleChangeRate: 0.2, refundRate: 0.1, splitRentRate: 0.1 },
  // prettier-ignore
  subscriptions: [
    sub('PARAMOUNT+ 888-274-5343', 'Paramount+', [5.99, 7.99], 'ENTERTAINMENT_TV_AND_MOVIES'),
    sub('PEACOCK PREMIUM', 'Peacock', [5.99, 7.99], 'ENTERTAINMENT_TV_AND_MOVIES'),
    sub('SIRIUSXM RADIO', 'SiriusXM', [10.99], 'ENTERTAINMENT_MUSIC_AND_AUDIO'),
    sub('CRUNCHYROLL *MEMBERSHIP', 'Crunchyroll', [7.99], 'ENTERTAINMENT_TV_AND_MOVIES'),
    sub('GOOGLE *Google One', 'Google', [1.99, 2.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES'),
    sub('Microsoft*Xbox Game Pass', 'Microsoft', [16.99], 'ENTERTAINMENT_VIDEO_GAMES'),
    sub('HELLOFRESH 646-846-3663', 'HelloFresh', [71.92, 79.92], 'FOOD_AND_DRINK_GROCERIES'),
    sub('BARKBOX*', 'BarkBox', [29.0], 'GENERAL_MERCHANDISE_PET_SUPPLIES'),
    sub('LINKEDIN P*', 'LinkedIn', [39.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES'),
    sub(
      'WSJ DIGITAL 800-568-7625',
      'The Wall Street Journal',
      [38.99],
      'GENERAL_SERVICES_OTHER_GENERAL_SERVICES',
    ),
    sub('CALM.COM', 'Calm', [14.99], 'PERSONAL_CARE_OTHER_PERSONAL_CARE'),
    sub('ANYTIME FITNESS 1042', 'Anytime Fitness', [41.99], 'PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS', {
      channel: 'in store',
    }),
    sub('ZOOM.US 888-799-9666', 'Zoom', [15.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES'),
    sub('PATREON* MEMBERSHIP', 'Patreon', [5.0, 6.0], 'ENTERTAINMENT_OTHER_ENTERTAINMENT'),
  ],
  // prettier-ignore
  utilities: [
    bill('XCEL ENERGY-PSCO', 'Xcel Energy', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'),
    bill(
      'DOMINION ENERGY VA',
      'Dominion Energy',
      'RENT_AND_UTILITIES',
      'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY',
    ),
    bill('SOCALGAS', 'SoCalGas', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'),
    bill('GEORGIA POWER', 'Georgia Power', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY'),
    bill('DENVER WATER', 'Denver Water', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_WATER'),
  ],
  // prettier-ignore
  fixedBills: [
    bill('COX COMMUNICATIONS', 'Cox', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_INTERNET_AND_CABLE'),
    bill('OPTIMUM 7800', 'Optimum', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_INTERNET_AND_CABLE'),
    bill('CRICKET WIRELESS', 'Cricket Wireless', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_TELEPHONE'),
    bill('ALLSTATE INS CO', 'Allstate', 'GENERAL_SERVICES', 'GENERAL_SERVICES_INSURANCE'),
    bill('LIBERTY MUTUAL', 'Liberty Mutual', 'GENERAL_SERVICES', 'GENERAL_SERVICES_INSURANCE'),
  ],
  // prettier-ignore
  lenders: [
    bill('NELNET STUDENT LN', 'Nelnet', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT'),
    bill('ALLY AUTO', 'Ally', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_CAR_PAYMENT'),
    bill('ROCKET MORTGAGE', 'Rocket Mortgage', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_MORTGAGE_PAYMENT'),
    bill('DISCOVER E-PAYMENT', 'Discover', 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT'),
  ],
  // prettier-ignore
  landlords: [
    bill('ESSEX PROPERTY TRUST', 'Essex', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_RENT'),
    bill('APPFOLIO RENT', 'AppFolio', 'RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_RENT'),
  ],
  // prettier-ignore
  annualFees: [
    sub('SAMS CLUB MEMBERSHIP', "Sam's Club", [50.0], 'GENERAL_MERCHANDISE_SUPERSTORES', { annual: true }),
    sub('AAA MEMBERSHIP RENEWAL', 'AAA', [79.0], 'GENERAL_SERVICES_AUTOMOTIVE', { annual: true }),
    sub('GODADDY.COM DOMAIN', 'GoDaddy', [21.99], 'GENERAL_SERVICES_OTHER_GENERAL_SERVICES', {
      annual: true,
    }),
    sub('CARD ANNUAL FEE', 'Capital One', [95.0], 'BANK_FEES_OTHER_BANK_FEES', { annual: true }),
  ],
  // prettier-ignore
  everyday: {
    coffee: [
      bill('DUNKIN #354012', "Dunkin'", 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'),
      bill('PEETS COFFEE', "Peet's Coffee", 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'),
    ],
    grocery: [
      bill('SAFEWAY #1184', 'Safeway', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
      bill('PUBLIX SUPER MAR 1432', 'Publix', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
      bill('ALDI 72031', 'Aldi', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
    ],
    fuel: [
      bill('EXXONMOBIL 4471', 'ExxonMobil', 'TRANSPORTATION', 'TRANSPORTATION_GAS'),
      bill('SPEEDWAY 06612', 'Speedway', 'TRANSPORTATION', 'TRANSPORTATION_GAS'),
    ],
    shop: [
      bill('WAL-MART #2281', 'Walmart', 'GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_SUPERSTORES'),
      bill('THE HOME DEPOT #0631', 'The Home Depot', 'HOME_IMPROVEMENT', 'HOME_IMPROVEMENT_HARDWARE'),
      bill('EBAY O*', 'eBay', 'GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES'),
    ],
    restaurant: [
      bill('PANERA BREAD #601', 'Panera Bread', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_FAST_FOOD'),
      bill('DOORDASH*THAI BASIL', 'DoorDash', 'FOOD_AND_DRINK', 'FOOD_AND_DRINK_RESTAURANT'),
    ],
  },
};
