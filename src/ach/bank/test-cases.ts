import { addDays } from '../../lib/banking-calendar.js';
import type { Direction } from '../ach.types.js';
import type { CorrectedData } from '../change-codes.js';

/** What the simulated RDFI does with an entry after it settles. */
export type BankOutcome =
  | { readonly kind: 'settle' }
  | {
      readonly kind: 'return';
      readonly returnCode: string;
      /** Banking days after settlement; the bank's default for the code when absent. */
      readonly afterBankingDays?: number;
      readonly dateOfDeath?: string;
    }
  | {
      readonly kind: 'change';
      readonly changeCode: 'C01' | 'C02' | 'C03';
      readonly corrected: CorrectedData;
      readonly afterBankingDays?: number;
    };

export interface TestCase {
  /** The last four characters of the account number that trigger it. */
  readonly suffix: string;
  readonly code: string;
  /** Debit-only reasons (insufficient funds, stop payment…) leave credits to settle. */
  readonly appliesTo: Direction | 'both';
  /** Banking days from settlement to the response; `undefined` means the unauthorised delay. */
  readonly afterBankingDays: number | undefined;
  readonly description: string;
}

/**
 * Account numbers ending in these four digits get these answers (docs in src/ach/README.md).
 * Any other account number settles and stays settled.
 */
export const TEST_CASES: readonly TestCase[] = [
  { suffix: '0001', code: 'R01', appliesTo: 'debit', afterBankingDays: 2, description: 'Insufficient funds' },
  { suffix: '0002', code: 'R02', appliesTo: 'both', afterBankingDays: 1, description: 'Account closed' },
  { suffix: '0003', code: 'R03', appliesTo: 'both', afterBankingDays: 1, description: 'No account' },
  {
    suffix: '0004',
    code: 'R04',
    appliesTo: 'both',
    afterBankingDays: 1,
    description: 'Invalid account number',
  },
  {
    suffix: '0007',
    code: 'R07',
    appliesTo: 'debit',
    afterBankingDays: undefined,
    description: 'Authorization revoked',
  },
  { suffix: '0008', code: 'R08', appliesTo: 'debit', afterBankingDays: 1, description: 'Payment stopped' },
  { suffix: '0009', code: 'R09', appliesTo: 'debit', afterBankingDays: 2, description: 'Uncollected funds' },
  {
    suffix: '0010',
    code: 'R10',
    appliesTo: 'debit',
    afterBankingDays: undefined,
    description: 'Not authorized',
  },
  {
    suffix: '0015',
    code: 'R15',
    appliesTo: 'both',
    afterBankingDays: 1,
    description: 'Account holder deceased',
  },
  { suffix: '0016', code: 'R16', appliesTo: 'both', afterBankingDays: 1, description: 'Account frozen' },
  {
    suffix: '0020',
    code: 'R20',
    appliesTo: 'both',
    afterBankingDays: 1,
    description: 'Non-transaction account',
  },
  {
    suffix: '0029',
    code: 'R29',
    appliesTo: 'debit',
    afterBankingDays: 2,
    description: 'Corporate: not authorized',
  },
  { suffix: '0101', code: 'C01', appliesTo: 'both', afterBankingDays: 2, description: 'NOC: account number' },
  { suffix: '0102', code: 'C02', appliesTo: 'both', afterBankingDays: 2, description: 'NOC: routing number' },
  {
    suffix: '0103',
    code: 'C03',
    appliesTo: 'both',
    afterBankingDays: 2,
    description: 'NOC: routing and account',
  },
];

/** The corrected account: the test suffix's last four digits replaced by 5555. */
export function correctedAccountNumber(accountNumber: string): string {
  return `${accountNumber.slice(0, -4)}5555`;
}

/** The corrected routing number: 026009593, or 021000021 when the entry already used that one. */
export function correctedRoutingNumber(routingNumber: string): string {
  return routingNumber === '026009593' ? '021000021' : '026009593';
}

function correctedData(code: string, entry: { accountNumber: string; routingNumber: string }): CorrectedData {
  const accountNumber = correctedAccountNumber(entry.accountNumber);
  const routingNumber = correctedRoutingNumber(entry.routingNumber);
  if (code === 'C01') return { accountNumber };
  if (code === 'C02') return { routingNumber };
  return { routingNumber, accountNumber };
}

/**
 * The documented answer for an entry, from its account number and direction. An R15 says the
 * account holder died thirty days before settlement.
 */
export function outcomeFor(
  entry: { accountNumber: string; routingNumber: string; direction: Direction },
  options: { unauthorizedReturnDays: number; settlementDate: string },
): BankOutcome {
  const testCase = TEST_CASES.find((c) => entry.accountNumber.endsWith(c.suffix));
  if (!testCase || (testCase.appliesTo !== 'both' && testCase.appliesTo !== entry.direction)) {
    return { kind: 'settle' };
  }
  const afterBankingDays = testCase.afterBankingDays ?? options.unauthorizedReturnDays;
  if (testCase.code.startsWith('C')) {
    const changeCode = testCase.code as 'C01' | 'C02' | 'C03';
    return { kind: 'change', changeCode, corrected: correctedData(changeCode, entry), afterBankingDays };
  }
  return {
    kind: 'return',
    returnCode: testCase.code,
    afterBankingDays,
    ...(testCase.code === 'R15' ? { dateOfDeath: addDays(options.settlementDate, -30) } : {}),
  };
}
