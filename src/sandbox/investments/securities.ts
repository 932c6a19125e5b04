import type { Security } from 'plaid';
import { derivedPlaidId } from '../ids.js';
import { DAY_MS } from '../transactions/calendar.js';
import { seededRandom } from '../transactions/random.js';
import type { Wire } from '../wire.js';

export type SecurityType = 'equity' | 'etf' | 'mutual fund' | 'fixed income' | 'cash';

/** A security the sandbox's investment accounts hold: its price today and how it behaves. */
export interface SandboxSecurity {
  security_id: string;
  ticker: string;
  name: string;
  type: SecurityType;
  subtype: string;
  /** Today's price (a bond's, per 100 of face value). */
  price: number;
  /** Annual distribution yield, as a fraction (0.015 is 1.5 %). */
  yield: number;
  mic: string | null;
  sector: string | null;
  industry: string | null;
  fixedIncome?: Wire<NonNullable<Security['fixed_income']>>;
}

type Row = Omit<SandboxSecurity, 'security_id'>;

const security = (row: Row): SandboxSecurity => ({
  ...row,
  security_id: derivedPlaidId(`security:${row.ticker}`),
});

const equity = (ticker: string, name: string, price: number, yld: number, sector: string, industry: string) =>
  security({
    ticker,
    name,
    type: 'equity',
    subtype: 'common stock',
    price,
    yield: yld,
    mic: 'XNAS',
    sector,
    industry,
  });

const fund = (ticker: string, name: string, type: 'etf' | 'mutual fund', price: number, yld: number) =>
  security({
    ticker,
    name,
    type,
    subtype: type,
    price,
    yield: yld,
    mic: type === 'etf' ? 'ARCX' : null,
    sector: null,
    industry: null,
  });

/** Cash as Plaid models it: a security of its own, priced at 1. */
export const CASH = security({
  ticker: 'CUR:USD',
  name: 'U S Dollar',
  type: 'cash',
  subtype: 'cash',
  price: 1,
  yield: 0,
  mic: null,
  sector: null,
  industry: null,
});

// prettier-ignore
export const STOCKS: readonly SandboxSecurity[] = [
  equity('AAPL', 'Apple Inc.', 189.84, 0.005, 'Electronic Technology', 'Telecommunications Equipment'),
  equity('MSFT', 'Microsoft Corporation', 415.26, 0.007, 'Technology Services', 'Packaged Software'),
  equity('JNJ', 'Johnson & Johnson', 156.32, 0.031, 'Health Technology', 'Pharmaceuticals: Major'),
  equity('JPM', 'JPMorgan Chase & Co.', 198.47, 0.023, 'Finance', 'Major Banks'),
  equity('KO', 'The Coca-Cola Company', 62.14, 0.031, 'Consumer Non-Durables', 'Beverages: Non-Alcoholic'),
  equity('COST', 'Costco Wholesale Corporation', 725.41, 0.006, 'Retail Trade', 'Discount Stores'),
];

// prettier-ignore
export const ETFS: readonly SandboxSecurity[] = [
  fund('VTI', 'Vanguard Total Stock Market ETF', 'etf', 252.37, 0.013),
  fund('VXUS', 'Vanguard Total International Stock ETF', 'etf', 60.21, 0.031),
  fund('SPY', 'SPDR S&P 500 ETF Trust', 'etf', 512.29, 0.012),
  fund('BND', 'Vanguard Total Bond Market ETF', 'etf', 72.34, 0.034),
];

// prettier-ignore
export const RETIREMENT_FUNDS: readonly SandboxSecurity[] = [
  fund('VTTHX', 'Vanguard Target Retirement 2035 Fund', 'mutual fund', 24.83, 0.021),
  fund('FXAIX', 'Fidelity 500 Index Fund', 'mutual fund', 182.64, 0.012),
  fund('VTIAX', 'Vanguard Total International Stock Index Fund Admiral Shares', 'mutual fund', 32.17, 0.03),
  fund('VBTLX', 'Vanguard Total Bond Market Index Fund Admiral Shares', 'mutual fund', 9.65, 0.035),
  fund('VIMAX', 'Vanguard Mid-Cap Index Fund Admiral Shares', 'mutual fund', 308.92, 0.014),
];

export const TREASURY_NOTE = security({
  ticker: 'T 4.25 11/15/34',
  name: 'US Treasury Note 4.25% 15/11/2034 USD 100',
  type: 'fixed income',
  subtype: 'note',
  price: 98.41,
  yield: 0.0425,
  mic: null,
  sector: 'Government',
  industry: 'Sovereign Government',
  fixedIncome: {
    yield_rate: { percentage: 4.25, type: 'coupon' },
    maturity_date: '2034-11-15',
    issue_date: '2024-11-15',
    face_value: 100,
  },
});

/** How far a security's price wanders from its trend on a given day, and how fast it grows. */
const VOLATILITY: Record<SecurityType, number> = {
  equity: 0.03,
  etf: 0.015,
  'mutual fund': 0.01,
  'fixed income': 0.004,
  cash: 0,
};
const ANNUAL_GROWTH: Record<SecurityType, number> = {
  equity: 0.09,
  etf: 0.07,
  'mutual fund': 0.06,
  'fixed income': 0.01,
  cash: 0,
};

/**
 * The security's closing price on `date`, for a history that ends at `anchor` with today's price:
 * a growth trend back from the anchor and a deterministic daily wobble around it.
 */
export function priceOn(sec: SandboxSecurity, date: string, anchor: string): number {
  if (date >= anchor || sec.type === 'cash') return sec.price;
  const years = (Date.parse(anchor) - Date.parse(date)) / (365 * DAY_MS);
  const trend = sec.price / (1 + ANNUAL_GROWTH[sec.type]) ** years;
  const wobble = (seededRandom(`${sec.ticker}:${date}`)() * 2 - 1) * VOLATILITY[sec.type];
  return Math.round(trend * (1 + wobble) * 100) / 100;
}

/** Bonds trade by CUSIP, not by ticker: Plaid lists them without a ticker symbol. */
export const tickerSymbol = (sec: SandboxSecurity): string | null =>
  sec.type === 'fixed income' ? null : sec.ticker;

/** The security as Plaid lists it, priced as of the last close. */
export function presentSecurity(sec: SandboxSecurity, priceAsOf: string): Wire<Security> {
  return {
    security_id: sec.security_id,
    isin: null,
    cusip: null,
    sedol: null,
    institution_security_id: null,
    institution_id: null,
    proxy_security_id: null,
    name: sec.name,
    ticker_symbol: tickerSymbol(sec),
    is_cash_equivalent: sec.type === 'cash',
    type: sec.type,
    subtype: sec.subtype,
    close_price: sec.price,
    close_price_as_of: sec.type === 'cash' ? null : priceAsOf,
    update_datetime: null,
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
    market_identifier_code: sec.mic,
    sector: sec.sector,
    industry: sec.industry,
    cfi_code: null,
    figi: null,
    option_contract: null,
    fixed_income: sec.fixedIncome ?? null,
  };
}
