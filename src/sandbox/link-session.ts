import { randomUUID } from 'node:crypto';
import type { LinkSessionSuccessMetadataAccount } from 'plaid';
import { accountsForItem, loginAccounts, type SandboxAccount } from './data/accounts.js';
import { findInstitution, institutionLogo, type SandboxInstitution } from './data/institutions.js';
import { type MfaChallenge, type MfaPrompt, mfaPrompt, mfaStatus } from './data/mfa.js';
import type { SandboxContext } from './endpoint.js';
import { invalidField, PlaidApiError, plaidErrorBody } from './errors.js';
import { isWellFormedToken, newPlaidId } from './ids.js';
import type { LinkTokenConfig } from './routes/link.js';
import type { LinkSessionRow, SandboxDb } from './state.js';
import type { Wire } from './wire.js';

/**
 * Link sessions: the state behind the Link screens (issue 5 draws them). A session walks
 * institution → credentials (or the bank's OAuth page) → MFA → account select → success, or ends in
 * an exit. Each step is an endpoint the Link front end calls with the link token; none takes the
 * brand's API credentials, which never reach a browser.
 */

export interface LinkTokenRow {
  link_token: string;
  client_id: string;
  item_id: string | null;
  config: LinkTokenConfig;
  expires_at: string;
}

/** The login a session holds between the credentials and the account select. */
export interface SessionLogin {
  username: string;
  custom_config: string | null;
  mfa: MfaChallenge | null;
  /** The MFA round the user is at, from 0. */
  round: number;
}

export type AccountSelection = 'single' | 'multiple';

/** Where the user is, as Plaid's `view_name` of the screen Link shows. */
export type LinkView =
  'SELECT_INSTITUTION' | 'CREDENTIAL' | 'OAUTH' | 'MFA' | 'SELECT_ACCOUNT' | 'CONNECTED' | 'EXIT';

const VIEW_BY_STATUS: Record<string, LinkView> = {
  institution_not_found: 'SELECT_INSTITUTION',
  requires_credentials: 'CREDENTIAL',
  requires_oauth: 'OAUTH',
  requires_code: 'MFA',
  requires_questions: 'MFA',
  requires_selections: 'MFA',
  requires_account_selection: 'SELECT_ACCOUNT',
  connected: 'CONNECTED',
};

export async function requireLinkToken(ctx: SandboxContext, linkToken: string): Promise<LinkTokenRow> {
  if (!isWellFormedToken('link', linkToken)) throw new PlaidApiError('INVALID_LINK_TOKEN');
  const row = await ctx.state.db
    .selectFrom('sandbox_link_tokens')
    .selectAll()
    .where('link_token', '=', linkToken)
    .executeTakeFirst();
  if (!row || new Date(row.expires_at) <= ctx.now) throw new PlaidApiError('INVALID_LINK_TOKEN');
  return { ...row, config: JSON.parse(row.config) as LinkTokenConfig };
}

/** A session of this link token, ended or not. */
export async function findSession(
  ctx: SandboxContext,
  token: LinkTokenRow,
  linkSessionId: string,
): Promise<LinkSessionRow> {
  const session = await ctx.state.db
    .selectFrom('sandbox_link_sessions')
    .selectAll()
    .where('link_session_id', '=', linkSessionId)
    .where('link_token', '=', token.link_token)
    .executeTakeFirst();
  if (!session) throw invalidField('link_session_id: is not a Link session of this link token');
  return session;
}

/** A live session of this link token. */
export async function requireSession(
  ctx: SandboxContext,
  token: LinkTokenRow,
  linkSessionId: string,
): Promise<LinkSessionRow> {
  const session = await findSession(ctx, token, linkSessionId);
  if (session.finished_at !== null) throw invalidField('link_session_id: this Link session has ended');
  return session;
}

export function isUpdateMode(token: LinkTokenRow): boolean {
  return token.item_id !== null;
}

/**
 * Account Select, as the Link customization would set it (there is no dashboard here):
 * `link_customization_name` `account_select_multiple` or `account_select_all` lets the user pick
 * several (the latter with all preselected); anything else picks one, Plaid's default. Update mode
 * with `update.account_selection_enabled` always lets the user change the whole selection.
 */
export function accountSelection(token: LinkTokenRow): AccountSelection {
  if (isUpdateMode(token)) return 'multiple';
  const name = token.config.link_customization_name;
  return name === 'account_select_multiple' || name === 'account_select_all' ? 'multiple' : 'single';
}

/** The products the Item is created with: `products`, and `required_if_supported_products` it supports. */
export function itemProducts(token: LinkTokenRow, institution: SandboxInstitution): string[] {
  const required = token.config.products ?? [];
  const ifSupported = (token.config.required_if_supported_products ?? []).filter((p) =>
    institution.products.includes(p),
  );
  return [...required, ...ifSupported];
}

/** Institutions Link may offer for this token: in its countries, supporting its products. */
export function offersInstitution(token: LinkTokenRow, institution: SandboxInstitution): boolean {
  return (
    institution.country_codes.some((c) => token.config.country_codes.includes(c as never)) &&
    (token.config.products ?? []).every((p) => institution.products.includes(p))
  );
}

/**
 * Accounts the user may pick: those the token's products can use (Auth reads checking, savings and
 * cash management only) and its `account_filters` allow.
 */
export function eligibleAccounts(token: LinkTokenRow, accounts: readonly SandboxAccount[]): SandboxAccount[] {
  const products = token.config.products ?? [];
  const filters = token.config.account_filters as
    Partial<Record<string, { account_subtypes: string[] }>> | undefined;
  return accounts.filter((a) => {
    if (products.includes('auth') && a.ach === null) return false;
    if (!filters) return true;
    const filter = filters[String(a.type)];
    if (!filter) return false;
    return filter.account_subtypes.includes('all') || filter.account_subtypes.includes(String(a.subtype));
  });
}

export function parseLogin(session: LinkSessionRow): SessionLogin | null {
  return session.login ? (JSON.parse(session.login) as SessionLogin) : null;
}

/** The accounts of the session's login: the would-be Item's (new) or the Item's whole login (update). */
export function sessionAccounts(session: LinkSessionRow, login: SessionLogin): readonly SandboxAccount[] {
  if (!session.item_id) return [];
  return loginAccounts({
    item_id: session.item_id,
    username: login.username,
    custom_config: login.custom_config,
  });
}

export function successAccount(account: SandboxAccount): Wire<LinkSessionSuccessMetadataAccount> & {
  id: string;
} {
  return {
    id: account.account_id,
    name: account.name,
    mask: account.mask,
    type: String(account.type),
    subtype: String(account.subtype),
    verification_status: null,
    class_type: null,
  };
}

export interface LinkInstitution {
  institution_id: string;
  name: string;
  logo: string;
  primary_color: string;
  oauth: boolean;
  status: 'HEALTHY' | 'DEGRADED' | 'DOWN';
}

export function linkInstitution(institution: SandboxInstitution): LinkInstitution {
  return {
    institution_id: institution.institution_id,
    name: institution.name,
    logo: institutionLogo(institution),
    primary_color: institution.primary_color,
    oauth: institution.oauth,
    status: institution.status,
  };
}

/** What every session endpoint answers: where the user is and what that screen needs. */
export interface SessionView {
  link_session_id: string;
  view: LinkView;
  status: string;
  is_update_mode: boolean;
  client_name: string;
  language: string;
  products: string[];
  institution: LinkInstitution | null;
  mfa: MfaPrompt | null;
  account_selection: AccountSelection;
  accounts:
    | (ReturnType<typeof successAccount> & { balance: number | null; currency: string; selected: boolean })[]
    | null;
  /**
   * The bank's page for an OAuth login. With a `redirect_uri` on the token Link leaves for it and the
   * page re-creates Link with `receivedRedirectUri`; without one it opens in a pop-up.
   */
  oauth: { oauth_state_id: string; authorize_url: string; redirect: boolean } | null;
  success: { public_token: string; metadata: SuccessMetadata } | null;
  error: SessionError | null;
}

export type SessionError = Omit<ReturnType<typeof plaidErrorBody>, 'request_id'> & {
  request_id: string | null;
};

export interface SuccessMetadata {
  institution: { name: string; institution_id: string } | null;
  accounts: ReturnType<typeof successAccount>[];
  link_session_id: string;
  transfer_status: null;
}

export async function presentSession(
  ctx: SandboxContext,
  token: LinkTokenRow,
  session: LinkSessionRow,
): Promise<SessionView> {
  const institution = session.institution_id ? findInstitution(session.institution_id) : undefined;
  const login = parseLogin(session);
  const view: LinkView = session.exit ? 'EXIT' : (VIEW_BY_STATUS[session.status] ?? 'SELECT_INSTITUTION');
  let accounts: SessionView['accounts'] = null;
  if (view === 'SELECT_ACCOUNT' && login) {
    const current = await currentSelection(ctx, token, session);
    const all =
      accountSelection(token) === 'multiple' && token.config.link_customization_name === 'account_select_all';
    accounts = eligibleAccounts(token, sessionAccounts(session, login)).map((a) => ({
      ...successAccount(a),
      balance: a.balances.current,
      currency: a.balances.iso_currency_code,
      selected: all || current.has(a.account_id),
    }));
  }
  const result = session.result
    ? (JSON.parse(session.result) as { public_token: string; metadata: SuccessMetadata })
    : null;
  return {
    link_session_id: session.link_session_id,
    view,
    status: session.status,
    is_update_mode: isUpdateMode(token),
    client_name: token.config.client_name,
    language: token.config.language,
    products: token.config.products ?? [],
    institution: institution ? linkInstitution(institution) : null,
    mfa: view === 'MFA' && login?.mfa ? mfaPrompt(login.mfa, login.round) : null,
    account_selection: accountSelection(token),
    accounts,
    oauth:
      view === 'OAUTH' && session.oauth_state_id
        ? {
            oauth_state_id: session.oauth_state_id,
            authorize_url: `/link/oauth/authorize?oauth_state_id=${session.oauth_state_id}`,
            redirect: Boolean(token.config.redirect_uri),
          }
        : null,
    success: result,
    error: session.last_error ? (JSON.parse(session.last_error) as SessionError) : null,
  };
}

/** In update mode, the Item's current accounts start selected. */
async function currentSelection(
  ctx: SandboxContext,
  token: LinkTokenRow,
  session: LinkSessionRow,
): Promise<Set<string>> {
  if (!isUpdateMode(token) || !session.item_id) return new Set();
  const item = await ctx.state.db
    .selectFrom('sandbox_items')
    .select(['item_id', 'username', 'custom_config', 'account_ids'])
    .where('item_id', '=', session.item_id)
    .executeTakeFirst();
  return new Set(item ? accountsForItem(item).map((a) => a.account_id) : []);
}

export async function insertSession(
  db: SandboxDb,
  token: LinkTokenRow,
  now: Date,
  update: { institution_id: string; item_id: string } | null,
): Promise<LinkSessionRow> {
  const row: LinkSessionRow = {
    link_session_id: randomUUID(),
    link_token: token.link_token,
    client_id: token.client_id,
    status: update ? 'requires_credentials' : 'institution_not_found',
    institution_id: update?.institution_id ?? null,
    login: null,
    item_id: update?.item_id ?? null,
    oauth_state_id: null,
    oauth_resumed_at: null,
    last_error: null,
    result: null,
    exit: null,
    events: '[]',
    started_at: now.toISOString(),
    finished_at: null,
  };
  await db.insertInto('sandbox_link_sessions').values(row).execute();
  return row;
}

export async function updateSession(
  db: SandboxDb,
  session: LinkSessionRow,
  changes: Partial<Omit<LinkSessionRow, 'link_session_id'>>,
): Promise<LinkSessionRow> {
  await db
    .updateTable('sandbox_link_sessions')
    .set(changes)
    .where('link_session_id', '=', session.link_session_id)
    .execute();
  return { ...session, ...changes };
}

/** The error the user saw, kept for onExit and /link/token/get. */
export function sessionError(error: PlaidApiError): SessionError {
  return { ...plaidErrorBody(error, ''), request_id: null };
}

/** After a successful login (and MFA): the new Item's id is chosen now, so its accounts can be shown. */
export function loggedIn(session: LinkSessionRow, login: SessionLogin): Partial<LinkSessionRow> {
  return {
    login: JSON.stringify({ ...login, mfa: null, round: 0 }),
    item_id: session.item_id ?? newPlaidId(),
    status: 'requires_account_selection',
    last_error: null,
  };
}

export function mfaStep(login: SessionLogin): Partial<LinkSessionRow> {
  if (!login.mfa) throw new Error('mfaStep needs a challenge');
  return { login: JSON.stringify(login), status: mfaStatus(login.mfa), last_error: null };
}
