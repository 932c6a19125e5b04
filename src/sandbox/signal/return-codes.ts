/**
 * ACH return codes as Signal sorts them. Plaid's two score families name their usual codes:
 * bank-initiated (the account could not pay or cannot be debited, answered within 2 banking days)
 * and customer-initiated (the holder disputes the debit, up to 60 days later).
 */

/** Nacha's return codes run from R01 to R85. */
const ACH_RETURN_CODE = /^R(0[1-9]|[1-7]\d|8[0-5])$/;

const BANK_INITIATED = new Set([
  'R01',
  'R02',
  'R03',
  'R04',
  'R06',
  'R08',
  'R09',
  'R13',
  'R16',
  'R17',
  'R20',
  'R23',
]);

/** Returns that say the account itself cannot be debited: closed, missing, invalid, frozen, non-transaction. */
const ACCOUNT_UNUSABLE = new Set(['R02', 'R03', 'R04', 'R16', 'R20']);

const CUSTOMER_INITIATED = new Set(['R05', 'R07', 'R10', 'R11', 'R29']);

export type ReturnFamily = 'bank' | 'customer' | 'other';

export function isAchReturnCode(code: string): boolean {
  return ACH_RETURN_CODE.test(code);
}

export function returnFamily(code: string): ReturnFamily {
  if (BANK_INITIATED.has(code)) return 'bank';
  if (CUSTOMER_INITIATED.has(code)) return 'customer';
  return 'other';
}

export function makesAccountUnusable(code: string): boolean {
  return ACCOUNT_UNUSABLE.has(code);
}
