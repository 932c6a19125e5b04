import type { AchEntryInput, AchSettingsInput } from './ach.types.js';

/** Fixtures for the ACH tests: a bank's settings and entries of every SEC code, direction and account. */

export const SETTINGS: AchSettingsInput = {
  immediateDestination: '011000015',
  immediateDestinationName: 'Federal Reserve Bank',
  immediateOrigin: '121000358',
  immediateOriginName: 'Sponsor Bank NA',
  companyName: 'Linkport Brand',
  companyId: '1123456789',
  odfiId: '12100035',
};

export const ODFI_ROUTING = '121000358';

export function entry(overrides: Partial<AchEntryInput> & { id: string }): AchEntryInput {
  return {
    amountCents: 12_345,
    direction: 'debit',
    accountType: 'checking',
    routingNumber: '021000021',
    accountNumber: '123456789',
    individualName: 'Ada Lovelace',
    individualId: 'CUST0001',
    secCode: 'PPD',
    companyEntryDescription: 'PAYMENT',
    effectiveDate: '2026-03-05',
    ...overrides,
  };
}

/** All three SEC codes, debits and credits, checking and savings, one with payment addenda. */
export const MIXED_ENTRIES: AchEntryInput[] = [
  entry({ id: 'e1', direction: 'credit', amountCents: 100_00 }),
  entry({
    id: 'e2',
    direction: 'debit',
    accountType: 'savings',
    amountCents: 25_50,
    routingNumber: '026009593',
  }),
  entry({ id: 'e3', secCode: 'WEB', direction: 'debit', amountCents: 9_99, paymentType: 'recurring' }),
  entry({ id: 'e4', secCode: 'WEB', direction: 'debit', accountType: 'savings', amountCents: 1 }),
  entry({
    id: 'e5',
    secCode: 'CCD',
    direction: 'credit',
    accountType: 'savings',
    amountCents: 1_000_000_00,
    routingNumber: '322271627',
    individualName: 'Acme Widgets Incorporated of America',
    addenda: 'INVOICE 42 SETTLEMENT',
  }),
  entry({ id: 'e6', secCode: 'CCD', direction: 'debit', amountCents: 5_000_00, routingNumber: '111000025' }),
  entry({ id: 'e7', direction: 'credit', amountCents: 1_23, effectiveDate: '2026-03-06' }),
];
