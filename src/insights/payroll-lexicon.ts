/**
 * The words of payroll: providers that originate paychecks for employers, the entry descriptions
 * payroll carries, and the inflows that are regular but come from no employer (benefits, refunds,
 * transfers, interest).
 */

/** Payroll providers: the canonical name and the words that name it in a descriptor. */
// prettier-ignore
export const PROVIDERS: ReadonlyArray<{ name: string; words: readonly string[] }> = [
  { name: 'ADP', words: ['adp', 'totalsource'] },
  { name: 'Paychex', words: ['paychex', 'paychx'] },
  { name: 'Gusto', words: ['gusto', 'zenpayroll'] },
  { name: 'Paylocity', words: ['paylocity', 'paylocty'] },
  { name: 'Workday', words: ['workday'] },
  { name: 'Dayforce', words: ['dayforce', 'ceridian'] },
  { name: 'Paycom', words: ['paycom'] },
  { name: 'Rippling', words: ['rippling'] },
  { name: 'Justworks', words: ['justworks'] },
  { name: 'TriNet', words: ['trinet'] },
  { name: 'Insperity', words: ['insperity'] },
  { name: 'Paycor', words: ['paycor'] },
  { name: 'UKG', words: ['ukg', 'ultipro', 'kronos'] },
  { name: 'Intuit', words: ['intuit', 'qbooks', 'quickbooks'] },
  { name: 'Namely', words: ['namely'] },
  { name: 'Zenefits', words: ['zenefits'] },
  { name: 'OnPay', words: ['onpay'] },
  { name: 'SurePayroll', words: ['surepayroll'] },
  { name: 'isolved', words: ['isolved'] },
  { name: 'Deel', words: ['deel'] },
  { name: 'BambooHR', words: ['bamboohr'] },
  { name: 'Heartland', words: ['heartland'] },
  { name: 'Paypro', words: ['paypro'] },
];

export const PROVIDER_BY_WORD: ReadonlyMap<string, string> = new Map(
  PROVIDERS.flatMap((p) => p.words.map((word) => [word, p.name] as const)),
);

/** What providers append to their name in a descriptor (PAYCHEX-HRS, TRINET HRIII, ADP WAGE PAY). */
// prettier-ignore
export const PROVIDER_TAILS = new Set([
  'eib', 'hrs', 'tps', 'hcm', 'hr', 'hriii', 'peo', 'empl', 'svcs', 'svc', 'services', 'service', 'wage', 'wages',
  'pay', 'inc', 'corp', 'llc', 'co', 'sol', 'solutions', 'fincl', 'tx', 'total', 'source', 'pro', 'ultimate', 'software',
  'workforce', 'now', 'run', 'flex', 'payroll', 'payrol', 'payrl', 'online', 'usa', 'us', 'employer',
]);

/** One-word entry descriptions of pay. */
// prettier-ignore
export const PAY_WORDS = new Set([
  'payroll', 'payrll', 'payrol', 'pyrl', 'prl', 'payrl', 'salary', 'sal', 'wages', 'wage', 'paycheck', 'paychk',
  'dirdep', 'directdep', 'bonus', 'payday', 'earnings', 'commission', 'commissions',
]);

/** Two-word entry descriptions of pay (DIR DEP, NET PAY), as "first second". */
// prettier-ignore
export const PAY_PAIRS = new Set([
  'dir dep', 'direct dep', 'direct deposit', 'dir deposit', 'net pay', 'reg salary', 'reg sal', 'regular pay',
  'pay check', 'off cycle', 'payroll dep', 'pr payment', 'pr pmt',
]);

/**
 * Regular inflows from no employer. A descriptor holding one of these words (or pairs) is never
 * payroll: benefits, the Treasury, refunds, interest, transfers and person-to-person money.
 */
// prettier-ignore
export const NOT_PAY_WORDS = new Set([
  'irs', 'ssa', 'ssi', 'unemployment', 'ui', 'dol', 'edd', 'twc', 'refund', 'refunds', 'reversal', 'returned',
  'interest', 'intrst', 'dividend', 'dividends', 'venmo', 'zelle', 'cashapp', 'sqc', 'paypal', 'cashout', 'transfer', 'xfer',
  'atm', 'pension', 'annuity', 'rebate', 'cashback', 'rewards', 'reimbursement', 'alimony',
]);

/**
 * Money in that is not wages unless the descriptor says pay: the Treasury (which also pays federal
 * salaries), benefits, payouts from payment and trading platforms (which also employ people), rent,
 * claims and settlements (Enterprise Rent-A-Car pays wages too).
 */
// prettier-ignore
export const PAYOUT_WORDS = new Set([
  'treas', 'benefit', 'benefits', 'stripe', 'coinbase', 'robinhood', 'shopify', 'etsy', 'rent', 'claim', 'settlement',
]);
// prettier-ignore
export const NOT_PAY_PAIRS = new Set([
  'soc sec', 'tax ref', 'child support', 'va benefit', 'from savings', 'from checking', 'mobile deposit', 'mobile dep',
]);

/** Legal suffixes, left out of employer names (NACHA's 16 characters cut them anyway). */
// prettier-ignore
export const LEGAL_SUFFIXES = new Set([
  'inc', 'llc', 'corp', 'corporation', 'co', 'company', 'ltd', 'lp', 'llp', 'pllc', 'pc', 'incorporated', 'plc', 'na',
]);

/** Words around a company name in ACH text that are never the start or end of it. */
// prettier-ignore
export const EDGE_WORDS = new Set([
  'ach', 'credit', 'cr', 'deposit', 'dep', 'direct', 'dir', 'electronic', 'elec', 'ppd', 'ccd', 'des', 'id', 'indn',
  'orig', 'co', 'name', 'entry', 'descr', 'sec', 'trace', 'eed', 'trn', 'web', 'tel', 'ref', 'conf', 'from', 'for',
  'via', 'by', 'to', 'pay', 'payment', 'pmt', 'online', 'ind', 'date', 'desc', 'tc', 'and', 'of', 'at',
  'ck', 'ach_credit', 'incoming', 'received', 'recd', 'rcvd', 'external', 'ext', 'employer', 'reg', 'net', 'regular',
  'edi', 'pymnts', 'pymnt', 'pmts', 'ppd', 'dda', 'deposited', 'mobile', 'pr', 'svcs', 'svc',
]);

/** The first word of each pair: only after one of these is a pair worth spelling out and looking up. */
const startsOf = (pairs: ReadonlySet<string>) => new Set([...pairs].map((pair) => pair.split(' ')[0] ?? ''));
export const PAY_PAIR_STARTS: ReadonlySet<string> = startsOf(PAY_PAIRS);
export const NOT_PAY_PAIR_STARTS: ReadonlySet<string> = startsOf(NOT_PAY_PAIRS);
