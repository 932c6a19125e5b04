import { randomUUID } from 'node:crypto';
import { loginAccounts, type SandboxAccount } from './data/accounts.js';
import type { SandboxInstitution } from './data/institutions.js';
import { type MfaChallenge, mfaStatus } from './data/mfa.js';
import type { SandboxContext } from './endpoint.js';
import { invalidField, PlaidApiError } from './errors.js';
import { isWellFormedToken, newPlaidId } from './ids.js';
import type { LinkTokenConfig } from './routes/link.js';
import type { LinkSessionRow, SandboxDb } from './state.js';

/**
 * Link sessions: the state behind the Link screens (issue 5 draws them). A session walks
 * institution → credentials (or the bank's OAuth page) → MFA → account select → success, or ends in
 * an exit. Each step is an endpoint the Link front end calls with the link token; none takes the
 * brand's API credentials, which never reach a browser.
 *
 * Here: the link token and session records and the rules of the flow. What a screen is shown is
 * link-session-view.ts; the steps several screens take, link-session-flow.ts; the endpoints,
 * routes/link-session.ts.
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
