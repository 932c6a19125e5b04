import { describeTransactionCode } from './nacha-records.js';

/**
 * Notification of Change codes (C01–C13) and how to read their corrected data, whose layout
 * depends on the code (Nacha Operating Rules, Appendix Five).
 */

export const CHANGE_CODES: Readonly<Record<string, string>> = {
  C01: 'Incorrect DFI account number',
  C02: 'Incorrect routing number',
  C03: 'Incorrect routing number and incorrect DFI account number',
  C04: 'Incorrect individual name / receiving company name',
  C05: 'Incorrect transaction code',
  C06: 'Incorrect DFI account number and incorrect transaction code',
  C07: 'Incorrect routing number, incorrect DFI account number and incorrect transaction code',
  C08: 'Incorrect receiving DFI identification (IAT only)',
  C09: 'Incorrect individual identification number',
  C10: 'Incorrect company name',
  C11: 'Incorrect company identification',
  C12: 'Incorrect company name and company identification',
  C13: 'Addenda format error',
};

/** What the RDFI says the originator should use from now on. */
export interface CorrectedData {
  readonly accountNumber?: string;
  readonly routingNumber?: string;
  readonly accountType?: 'checking' | 'savings';
  readonly transactionCode?: number;
  readonly individualName?: string;
  readonly individualId?: string;
}

const at = (data: string, start: number, length: number) => data.slice(start, start + length).trim();

function withTransactionCode(code: string): CorrectedData {
  const transactionCode = Number(code);
  const meaning = describeTransactionCode(transactionCode);
  return meaning ? { transactionCode, accountType: meaning.accountType } : {};
}

/** The corrected data field (29 characters) read as its change code lays it out. */
export function readCorrectedData(changeCode: string, data: string): CorrectedData {
  switch (changeCode) {
    case 'C01':
      return { accountNumber: at(data, 0, 17) };
    case 'C02':
      return { routingNumber: at(data, 0, 9) };
    case 'C03':
      return { routingNumber: at(data, 0, 9), accountNumber: at(data, 12, 17) };
    case 'C04':
      return { individualName: at(data, 0, 22) };
    case 'C05':
      return withTransactionCode(at(data, 0, 2));
    case 'C06':
      return { accountNumber: at(data, 0, 17), ...withTransactionCode(at(data, 20, 2)) };
    case 'C07':
      return {
        routingNumber: at(data, 0, 9),
        accountNumber: at(data, 9, 17),
        ...withTransactionCode(at(data, 26, 2)),
      };
    case 'C09':
      return { individualId: at(data, 0, 22) };
    default:
      return {};
  }
}

/** The corrected data field for a change, laid out as `readCorrectedData` reads it. */
export function writeCorrectedData(changeCode: string, corrected: CorrectedData): string {
  const account = (corrected.accountNumber ?? '').padEnd(17, ' ');
  const routing = corrected.routingNumber ?? '';
  const code = corrected.transactionCode === undefined ? '' : String(corrected.transactionCode);
  switch (changeCode) {
    case 'C01':
      return account;
    case 'C02':
      return routing;
    case 'C03':
      return `${routing}   ${account}`;
    case 'C05':
      return code;
    case 'C06':
      return `${account}   ${code}`;
    case 'C07':
      return `${routing}${account}${code}`;
    default:
      return '';
  }
}
