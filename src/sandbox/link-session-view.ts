import type { LinkSessionSuccessMetadataAccount } from 'plaid';
import { accountsForItem, type SandboxAccount } from './data/accounts.js';
import { findInstitution, institutionLogo, type SandboxInstitution } from './data/institutions.js';
import { type MfaPrompt, mfaPrompt } from './data/mfa.js';
import type { SandboxContext } from './endpoint.js';
import { type PlaidApiError, plaidErrorBody } from './errors.js';
import {
  type AccountSelection,
  accountSelection,
  eligibleAccounts,
  isUpdateMode,
  type LinkTokenRow,
  parseLogin,
  sessionAccounts,
} from './link-session.js';
import type { LinkSessionRow } from './state.js';
import type { Wire } from './wire.js';

/** What the Link front end is shown of a session: the screen the user is at and what it needs. */

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

/** The error the user saw, kept for onExit and /link/token/get. */
export function sessionError(error: PlaidApiError): SessionError {
  return { ...plaidErrorBody(error, ''), request_id: null };
}
