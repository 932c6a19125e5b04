import { renderLogoPng } from './logo.js';

/** Products a sandbox institution supports (Plaid's `Products` values). */
const STANDARD_PRODUCTS = [
  'assets',
  'auth',
  'balance',
  'identity',
  'identity_match',
  'investments',
  'investments_auth',
  'liabilities',
  'recurring_transactions',
  'signal',
  'transactions',
  'transfer',
  'processor_payments',
  'processor_identity',
] as const;

export interface SandboxInstitution {
  institution_id: string;
  name: string;
  products: readonly string[];
  country_codes: readonly string[];
  routing_numbers: readonly string[];
  oauth: boolean;
  url: string;
  primary_color: string;
  status: 'HEALTHY' | 'DEGRADED' | 'DOWN';
}

const institution = (
  institution_id: string,
  name: string,
  primary_color: string,
  extra: Partial<SandboxInstitution> = {},
): SandboxInstitution => ({
  institution_id,
  name,
  products: STANDARD_PRODUCTS,
  country_codes: ['US'],
  routing_numbers: ['011401533', '021000021'],
  oauth: false,
  url: 'https://www.plaid.com/',
  primary_color,
  status: 'HEALTHY',
  ...extra,
});

/** Plaid's sandbox institutions (docs: sandbox/institutions). */
export const SANDBOX_INSTITUTIONS: readonly SandboxInstitution[] = [
  institution('ins_109508', 'First Platypus Bank', '#1f1f1f'),
  institution('ins_130016', 'First Platypus Balance Bank', '#2b6cb0'),
  institution('ins_109509', 'First Gingham Credit Union', '#c53030'),
  institution('ins_109510', 'Tattersall Federal Credit Union', '#2f855a'),
  institution('ins_109511', 'Tartan Bank', '#174e7c'),
  institution('ins_109512', 'Houndstooth Bank', '#6b46c1', { routing_numbers: ['021000021'] }),
  institution('ins_127287', 'Platypus OAuth Bank', '#dd6b20', { oauth: true }),
  institution('ins_132241', 'First Platypus OAuth App2App Bank', '#b7791f', { oauth: true }),
  institution('ins_135858', 'Windowpane Bank', '#319795', { routing_numbers: ['333333334'] }),
  institution('ins_132363', 'Unhealthy Platypus Bank - Degraded', '#718096', { status: 'DEGRADED' }),
  institution('ins_132361', 'Unhealthy Platypus Bank - Down', '#4a5568', { status: 'DOWN' }),
  institution('ins_43', 'Tartan-Dominion Bank of Canada', '#9b2c2c', { country_codes: ['CA'] }),
  institution('ins_116834', 'Flexible Platypus Open Banking', '#2c5282', {
    country_codes: ['GB'],
    oauth: true,
  }),
  institution('ins_117650', 'Royal Bank of Plaid', '#22543d', { country_codes: ['GB'] }),
];

const byId = new Map(SANDBOX_INSTITUTIONS.map((i) => [i.institution_id, i]));
const logos = new Map<string, string>();

export function findInstitution(id: string): SandboxInstitution | undefined {
  return byId.get(id);
}

/** Base64 PNG, drawn on first use and kept. */
export function institutionLogo(institution: SandboxInstitution): string {
  let logo = logos.get(institution.institution_id);
  if (!logo) {
    logo = renderLogoPng(institution.primary_color).toString('base64');
    logos.set(institution.institution_id, logo);
  }
  return logo;
}
