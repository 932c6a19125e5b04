import { randomUUID } from 'node:crypto';
import { accountsForItem } from './data/accounts.js';
import type { SandboxInstitution } from './data/institutions.js';
import type { SandboxContext } from './endpoint.js';
import { invalidField, PlaidApiError } from './errors.js';
import { newToken } from './ids.js';
import { createItemWithPublicToken, DEFAULT_DAYS_REQUESTED, insertPublicToken } from './item-creation.js';
import { requireInstitution } from './items.js';
import { type SuccessMetadata, sessionError, successAccount } from './link-session-view.js';
import {
  accountSelection,
  eligibleAccounts,
  isUpdateMode,
  itemProducts,
  type LinkTokenRow,
  loggedIn,
  parseLogin,
  type SessionLogin,
  sessionAccounts,
  updateSession,
} from './link-session.js';
import type { LinkSessionRow, SandboxDb } from './state.js';
import { enqueueItemWebhook } from './webhooks.js';

/**
 * The steps of a Link session that more than one screen takes: a step's error kept for onExit, the
 * OAuth detour, and the end of a successful login (a new Item, or the updated one).
 */

/** The client the link token was created by: Items made in the session are that client's. */
const asClient = (ctx: SandboxContext, token: LinkTokenRow): SandboxContext => ({
  ...ctx,
  clientId: token.client_id,
});

export function requireStatus(session: LinkSessionRow, ...statuses: string[]): void {
  if (!statuses.includes(session.status)) {
    throw invalidField(`link_session_id: the session is at ${session.status}, not ${statuses.join(' or ')}`);
  }
}

/** Runs a step; a Plaid error it ends in is kept on the session, for the error screen and onExit. */
export async function step<T>(
  ctx: SandboxContext,
  session: LinkSessionRow,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof PlaidApiError &&
      error.type !== 'INVALID_REQUEST' &&
      error.code !== 'INVALID_FIELD'
    ) {
      await updateSession(ctx.state.db, session, { last_error: JSON.stringify(sessionError(error)) });
    }
    throw error;
  }
}

export async function requireUpdateItem(db: SandboxDb, token: LinkTokenRow) {
  const item = await db
    .selectFrom('sandbox_items')
    .selectAll()
    .where('item_id', '=', token.item_id ?? '')
    .executeTakeFirst();
  if (!item || item.removed_at !== null) throw new PlaidApiError('ITEM_NOT_FOUND');
  return item;
}

/** The accounts the user picked, checked against what Link offered and the selection mode. */
function chosenAccounts(token: LinkTokenRow, session: LinkSessionRow, login: SessionLogin, ids: string[]) {
  const offered = eligibleAccounts(token, sessionAccounts(session, login));
  if (offered.length === 0) {
    throw new PlaidApiError(
      (token.config.products ?? []).includes('auth') ? 'NO_AUTH_ACCOUNTS' : 'NO_ACCOUNTS',
    );
  }
  const unique = [...new Set(ids)];
  const chosen = offered.filter((a) => unique.includes(a.account_id));
  if (chosen.length !== unique.length) throw invalidField('account_ids: must be accounts Link offered');
  if (chosen.length === 0) throw invalidField('account_ids: choose at least one account');
  if (accountSelection(token) === 'single' && chosen.length > 1) {
    throw invalidField('account_ids: this Link session lets the user choose one account');
  }
  return chosen;
}

/**
 * The end of a successful session. A new login becomes an Item with the chosen accounts and a
 * public token; in update mode the Item's login is repaired (its processor tokens hear
 * LOGIN_REPAIRED; the brand's own Item webhook does not, as it ran update mode itself), and with
 * account selection enabled its accounts become the chosen ones.
 */
export async function finish(
  ctx: SandboxContext,
  token: LinkTokenRow,
  session: LinkSessionRow,
  accountIds: string[] | null,
): Promise<LinkSessionRow> {
  const login = parseLogin(session);
  if (!login || !session.item_id || !session.institution_id)
    throw new Error('finish needs a logged-in session');
  const ended: Ended = {
    session,
    login,
    itemId: session.item_id,
    institution: requireInstitution(session.institution_id),
    accountIds: accountIds ?? [],
  };
  return isUpdateMode(token) ? finishUpdate(ctx, token, ended) : finishNew(ctx, token, ended);
}

/** A session at its end: its login, the Item id the login's accounts derive from, the user's pick. */
interface Ended {
  session: LinkSessionRow;
  login: SessionLogin;
  itemId: string;
  institution: SandboxInstitution;
  accountIds: string[];
}

function metadataFor(ended: Ended, accounts: ReturnType<typeof successAccount>[]): SuccessMetadata {
  const { institution } = ended;
  return {
    institution: { name: institution.name, institution_id: institution.institution_id },
    accounts,
    link_session_id: ended.session.link_session_id,
    transfer_status: null,
  };
}

/** Success: the session is connected, and onSuccess gets the public token and the metadata. */
function connected(ctx: SandboxContext, publicToken: string, metadata: SuccessMetadata) {
  return {
    status: 'connected',
    result: JSON.stringify({ public_token: publicToken, metadata }),
    finished_at: ctx.now.toISOString(),
    last_error: null,
  };
}

/** A new login: the Item is created with the chosen accounts. */
async function finishNew(ctx: SandboxContext, token: LinkTokenRow, ended: Ended): Promise<LinkSessionRow> {
  const { session, login, institution } = ended;
  const chosen = chosenAccounts(token, session, login, ended.accountIds);
  const metadata = metadataFor(ended, chosen.map(successAccount));
  let finished = session;
  await createItemWithPublicToken(
    asClient(ctx, token),
    {
      itemId: ended.itemId,
      institution,
      username: login.username,
      products: itemProducts(token, institution),
      webhook: token.config.webhook ?? null,
      daysRequested: token.config.transactions?.days_requested ?? DEFAULT_DAYS_REQUESTED,
      customConfig: login.custom_config ? (JSON.parse(login.custom_config) as never) : null,
      accountIds: chosen.map((a) => a.account_id),
    },
    async (tx, publicToken) => {
      finished = await updateSession(tx, session, connected(ctx, publicToken, metadata));
    },
  );
  return finished;
}

/** Update mode: the Item's login is repaired, and its accounts become the chosen ones if selecting. */
async function finishUpdate(ctx: SandboxContext, token: LinkTokenRow, ended: Ended): Promise<LinkSessionRow> {
  const { session, login } = ended;
  const item = await requireUpdateItem(ctx.state.db, token);
  const selecting = token.config.update?.account_selection_enabled === true;
  const accountIdsJson = selecting
    ? JSON.stringify(chosenAccounts(token, session, login, ended.accountIds).map((a) => a.account_id))
    : item.account_ids;
  const updated = { ...item, login_required: 0, account_ids: accountIdsJson };
  const metadata = metadataFor(ended, accountsForItem(updated).map(successAccount));
  const publicToken = newToken('public');
  return ctx.state.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('sandbox_items')
      .set({ login_required: 0, account_ids: accountIdsJson })
      .where('item_id', '=', item.item_id)
      .execute();
    await insertPublicToken(tx, publicToken, item.item_id, ctx.now);
    if (item.login_required) {
      await enqueueItemWebhook(
        tx,
        ctx.now,
        item,
        { webhook_type: 'ITEM', webhook_code: 'LOGIN_REPAIRED' },
        { toItem: false },
      );
    }
    return updateSession(tx, session, connected(ctx, publicToken, metadata));
  });
}

/** After the login and any MFA: account select, or straight to success in plain update mode. */
export async function afterLogin(
  ctx: SandboxContext,
  token: LinkTokenRow,
  session: LinkSessionRow,
  login: SessionLogin,
): Promise<LinkSessionRow> {
  const next = await updateSession(ctx.state.db, session, loggedIn(session, login));
  if (isUpdateMode(token) && token.config.update?.account_selection_enabled !== true) {
    return finish(ctx, token, next, null);
  }
  return next;
}

export async function toOAuth(db: SandboxDb, session: LinkSessionRow, institutionId: string) {
  return updateSession(db, session, {
    institution_id: institutionId,
    status: 'requires_oauth',
    oauth_state_id: randomUUID(),
    last_error: null,
  });
}

function oauthStateIdOf(receivedRedirectUri: string): string {
  let url: URL;
  try {
    url = new URL(receivedRedirectUri);
  } catch {
    throw invalidField('received_redirect_uri: must be the URL the bank redirected to');
  }
  const state = url.searchParams.get('oauth_state_id');
  if (!state) throw invalidField('received_redirect_uri: has no oauth_state_id');
  return state;
}

/** Re-opening Link after the bank's redirect: the session the OAuth state id belongs to goes on. */
export async function resumeOAuth(ctx: SandboxContext, token: LinkTokenRow, receivedRedirectUri: string) {
  const stateId = oauthStateIdOf(receivedRedirectUri);
  const session = await ctx.state.db
    .selectFrom('sandbox_link_sessions')
    .selectAll()
    .where('oauth_state_id', '=', stateId)
    .executeTakeFirst();
  if (!session) throw new PlaidApiError('OAUTH_STATE_ID_NOT_FOUND');
  if (session.link_token !== token.link_token) throw new PlaidApiError('INCORRECT_LINK_TOKEN');
  if (session.oauth_resumed_at !== null) throw new PlaidApiError('OAUTH_STATE_ID_ALREADY_PROCESSED');
  if (session.status === 'requires_oauth') return session;
  return updateSession(ctx.state.db, session, { oauth_resumed_at: ctx.now.toISOString() });
}
