/**
 * Words that say how money moved rather than who it went to: ACH and card boilerplate, NACHA field
 * labels and SEC codes, and filler. A descriptor's key is what is left.
 */
// prettier-ignore
export const BOILERPLATE = new Set([
  // card and POS wording
  'pos', 'purchase', 'purchased', 'authorized', 'auth', 'preauthorized', 'preauth', 'on', 'card', 'checkcard',
  'visa', 'mastercard', 'mc', 'debit', 'credit', 'dbt', 'crd', 'cr', 'dr', 'recurring', 'recur', 'rec',
  'signature', 'pin', 'contactless', 'tap', 'chip', 'international', 'intl', 'fee', 'return',
  // ACH wording and NACHA field labels
  'ach', 'electronic', 'elec', 'withdrawal', 'wd', 'withdrwl', 'deposit', 'dep', 'des', 'desc', 'id', 'indn',
  'co', 'orig', 'name', 'entry', 'descr', 'sec', 'trace', 'eed', 'ind', 'trn', 'ppd', 'ccd', 'web', 'tel',
  'ctx', 'arc', 'boc', 'iat', 'cie', 'pop', 'rck', 'effective', 'eff', 'date', 'settlement',
  // payment and transfer wording
  'payment', 'payments', 'pmt', 'pymt', 'paymt', 'paymnt', 'pmnt', 'autopay', 'auto', 'bill', 'billpay',
  'online', 'xfer', 'transfer', 'trnsfr', 'xfr', 'ref', 'reference', 'conf', 'confirmation', 'txn', 'trans',
  'transaction', 'memo', 'check', 'chk', 'inst', 'instant', 'external', 'ext',
  // filler, web and place words
  'to', 'from', 'the', 'of', 'and', 'for', 'at', 'by', 'via', 'www', 'com', 'net', 'org', 'http', 'https',
  'store', 'str', 'no', 'num', 'nbr', 'usa', 'us',
  'inc', 'llc', 'corp', 'ltd', 'lp',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  // card processors that stand in front of the merchant (SQ *, TST*, PAYPAL *)
  'sq', 'tst', 'sp', 'pp', 'py', 'paypal', 'ppl',
]);

/** Person-to-person rails: the counterparty's name is part of who the money went to. */
export const PEER_TO_PEER = new Set(['venmo', 'zelle', 'cashapp', 'sqc', 'popmoney', 'applecash']);

/** Two-letter US state and territory codes, which end many card descriptors. */
// prettier-ignore
export const US_STATES = new Set([
  'al', 'ak', 'az', 'ar', 'ca', 'co', 'ct', 'de', 'dc', 'fl', 'ga', 'hi', 'id', 'il', 'in', 'ia', 'ks', 'ky',
  'la', 'me', 'md', 'ma', 'mi', 'mn', 'ms', 'mo', 'mt', 'ne', 'nv', 'nh', 'nj', 'nm', 'ny', 'nc', 'nd', 'oh',
  'ok', 'or', 'pa', 'pr', 'ri', 'sc', 'sd', 'tn', 'tx', 'ut', 'vt', 'va', 'wa', 'wv', 'wi', 'wy',
]);
