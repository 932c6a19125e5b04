/**
 * NACHA return reason codes (R01–R85) with what Linkport does about each. Categories follow Nacha's
 * return-rate monitoring: unauthorised (R05, R07, R10, R11, R29, R51; threshold 0.5%), administrative
 * (R02, R03, R04; 3%); funds (R01, R09) may be re-presented; dishonoured and contested returns are
 * the ODFI and RDFI arguing over a return; everything else is other.
 */

export type ReturnCategory =
  'unauthorized' | 'administrative' | 'funds' | 'dishonored' | 'contested' | 'other';

export interface ReturnCodeInfo {
  readonly code: string;
  readonly description: string;
  readonly category: ReturnCategory;
  /** The account cannot take entries: stop using it until the customer links it again. */
  readonly blocksAccount: boolean;
  /** How many times the entry may be re-presented (reinitiated) after this return. */
  readonly maxRepresentments: number;
  /** A debit the consumer disputes in writing may come back up to 60 days after settlement. */
  readonly extendedReturnWindow: boolean;
}

const DESCRIPTIONS: Record<string, string> = {
  R01: 'Insufficient funds',
  R02: 'Account closed',
  R03: 'No account / unable to locate account',
  R04: 'Invalid account number structure',
  R05: 'Unauthorized debit to consumer account using corporate SEC code',
  R06: "Returned per ODFI's request",
  R07: 'Authorization revoked by customer',
  R08: 'Payment stopped',
  R09: 'Uncollected funds',
  R10: 'Customer advises originator is not known to receiver and/or not authorized to debit the account',
  R11: 'Customer advises entry not in accordance with the terms of the authorization',
  R12: 'Account sold to another DFI',
  R13: 'Invalid ACH routing number',
  R14: 'Representative payee deceased or unable to continue in that capacity',
  R15: 'Beneficiary or account holder (other than a representative payee) deceased',
  R16: 'Account frozen / entry returned per OFAC instruction',
  R17: 'File record edit criteria / entry with invalid account number initiated under questionable circumstances',
  R18: 'Improper effective entry date',
  R19: 'Amount field error',
  R20: 'Non-transaction account',
  R21: 'Invalid company identification',
  R22: 'Invalid individual ID number',
  R23: 'Credit entry refused by receiver',
  R24: 'Duplicate entry',
  R25: 'Addenda error',
  R26: 'Mandatory field error',
  R27: 'Trace number error',
  R28: 'Routing number check digit error',
  R29: 'Corporate customer advises not authorized',
  R30: 'RDFI not participant in check truncation program',
  R31: 'Permissible return entry (CCD and CTX only)',
  R32: 'RDFI non-settlement',
  R33: 'Return of XCK entry',
  R34: 'Limited participation DFI',
  R35: 'Return of improper debit entry',
  R36: 'Return of improper credit entry',
  R37: 'Source document presented for payment',
  R38: 'Stop payment on source document',
  R39: 'Improper source document / source document presented for payment',
  R40: 'Return of ENR entry by federal government agency',
  R41: 'Invalid transaction code (ENR)',
  R42: 'Routing number / check digit error (ENR)',
  R43: 'Invalid DFI account number (ENR)',
  R44: 'Invalid individual ID number / identification number (ENR)',
  R45: 'Invalid individual name / company name (ENR)',
  R46: 'Invalid representative payee indicator (ENR)',
  R47: 'Duplicate enrollment (ENR)',
  R50: 'State law affecting RCK acceptance',
  R51: 'Item related to RCK entry is ineligible or RCK entry is improper',
  R52: 'Stop payment on item related to RCK entry',
  R53: 'Item and RCK entry presented for payment',
  R61: 'Misrouted return',
  R62: 'Return of erroneous or reversing debit',
  R67: 'Duplicate return',
  R68: 'Untimely return',
  R69: 'Field error(s)',
  R70: 'Permissible return entry not accepted / return not requested by ODFI',
  R71: 'Misrouted dishonored return',
  R72: 'Untimely dishonored return',
  R73: 'Timely original return',
  R74: 'Corrected return',
  R75: 'Return not a duplicate',
  R76: 'No errors found',
  R77: 'Non-acceptance of R62 dishonored return',
  R80: 'IAT entry coding error',
  R81: 'Non-participant in IAT program',
  R82: 'Invalid foreign receiving DFI identification',
  R83: 'Foreign receiving DFI unable to settle',
  R84: 'Entry not processed by gateway',
  R85: 'Incorrectly coded outbound international payment',
};

const UNAUTHORIZED = new Set(['R05', 'R07', 'R10', 'R11', 'R29', 'R51']);
const ADMINISTRATIVE = new Set(['R02', 'R03', 'R04']);
const FUNDS = new Set(['R01', 'R09']);
const DISHONORED = new Set(['R61', 'R62', 'R67', 'R68', 'R69', 'R70']);
const CONTESTED = new Set(['R71', 'R72', 'R73', 'R74', 'R75', 'R76', 'R77']);
const BLOCKS_ACCOUNT = new Set(['R02', 'R03', 'R04', 'R16', 'R20']);
/** Consumer disputes with the 60-calendar-day return window. */
const EXTENDED = new Set(['R05', 'R07', 'R10', 'R11', 'R37', 'R38', 'R51', 'R52', 'R53']);

function categoryOf(code: string): ReturnCategory {
  if (UNAUTHORIZED.has(code)) return 'unauthorized';
  if (ADMINISTRATIVE.has(code)) return 'administrative';
  if (FUNDS.has(code)) return 'funds';
  if (DISHONORED.has(code)) return 'dishonored';
  if (CONTESTED.has(code)) return 'contested';
  return 'other';
}

/** What a return reason code means; undefined for a code NACHA does not define. */
export function describeReturnCode(code: string): ReturnCodeInfo | undefined {
  const description = DESCRIPTIONS[code];
  if (description === undefined) return undefined;
  return {
    code,
    description,
    category: categoryOf(code),
    blocksAccount: BLOCKS_ACCOUNT.has(code),
    // Nacha's Reinitiation rule: insufficient or uncollected funds, at most twice more.
    maxRepresentments: FUNDS.has(code) ? 2 : 0,
    extendedReturnWindow: EXTENDED.has(code),
  };
}

export const RETURN_CODES: readonly string[] = Object.keys(DESCRIPTIONS);
