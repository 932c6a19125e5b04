import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { accountsForItem } from '../data/accounts.js';
import { SANDBOX_INSTITUTIONS } from '../data/institutions.js';
import { expectedMfaAnswers } from '../data/mfa.js';
import { defineLinkEndpoint, type SandboxContext } from '../endpoint.js';
import { invalidField, PlaidApiError } from '../errors.js';
import { newToken } from '../ids.js';
import {
  checkSandboxLogin,
  createItemWithPublicToken,
  DEFAULT_DAYS_REQUESTED,
  insertPublicToken,
  requireInstitution,
} from '../items.js';
import {
  accountSelection,
  eligibleAccounts,
  findSession,
  isUpdateMode,
  itemProducts,
  linkInstitution,
  type LinkTokenRow,
  loggedIn,
  mfaStep,
  offersInstitution,
  parseLogin,
  presentSession,
  requireLinkToken,
  requireSession,
  type SessionLogin,
  sessionAccounts,
  sessionError,
  successAccount,
  type SuccessMetadata,
  updateSession,
  insertSession,
} from '../link-session.js';
import type { LinkSessionRow, SandboxDb } from '../state.js';
import { enqueueItemWebhook } from '../webhooks.js';

const sessionRequest = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject({ link_token: z.string(), link_session_id: z.string(), ...shape });

/** The client the link token was created by: Items made in the session are that client's. */
const asClient = (ctx: SandboxContext, token: LinkTokenRow): SandboxContext => ({
  ...ctx,
  clientId: token.client_id,
});

function requireStatus(session: LinkSessionRow, ...statuses: string[]): void {
  if (!statuses.includes(session.status)) {
    throw invalidField(`link_session_id: the session is at ${session.status}, not ${statuses.join(' or ')}`);
  }
}

/** Runs a step; a Plaid error it ends in is kept on the session, for the error screen and onExit. */
async function step<T>(ctx: SandboxContext, session: LinkSessionRow, run: () => Promise<T>): Promise<T> {
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

async function requireUpdateItem(db: SandboxDb, token: LinkTokenRow) {
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
async function finish(
  ctx: SandboxContext,
  token: LinkTokenRow,
  session: LinkSessionRow,
  accountIds: string[] | null,
): Promise<LinkSessionRow> {
  const login = parseLogin(session);
  if (!login || !session.item_id || !session.institution_id)
    throw new Error('finish needs a logged-in session');
  const institution = requireInstitution(session.institution_id);
  const client = asClient(ctx, token);
  const now = ctx.now.toISOString();
  const metadataFor = (accounts: ReturnType<typeof successAccount>[]): SuccessMetadata => ({
    institution: { name: institution.name, institution_id: institution.institution_id },
    accounts,
    link_session_id: session.link_session_id,
    transfer_status: null,
  });

  if (!isUpdateMode(token)) {
    const chosen = chosenAccounts(token, session, login, accountIds ?? []);
    const metadata = metadataFor(chosen.map(successAccount));
    let finished = session;
    await createItemWithPublicToken(
      client,
      {
        itemId: session.item_id,
        institution,
        username: login.username,
        products: itemProducts(token, institution),
        webhook: token.config.webhook ?? null,
        daysRequested: token.config.transactions?.days_requested ?? DEFAULT_DAYS_REQUESTED,
        customConfig: login.custom_config ? (JSON.parse(login.custom_config) as never) : null,
        accountIds: chosen.map((a) => a.account_id),
      },
      async (tx, publicToken) => {
        finished = await updateSession(tx, session, {
          status: 'connected',
          result: JSON.stringify({ public_token: publicToken, metadata }),
          finished_at: now,
          last_error: null,
        });
      },
    );
    return finished;
  }

  const item = await requireUpdateItem(ctx.state.db, token);
  const selecting = token.config.update?.account_selection_enabled === true;
  const accountIdsJson = selecting
    ? JSON.stringify(chosenAccounts(token, session, login, accountIds ?? []).map((a) => a.account_id))
    : item.account_ids;
  const updated = { ...item, login_required: 0, account_ids: accountIdsJson };
  const metadata = metadataFor(accountsForItem(updated).map(successAccount));
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
    return updateSession(tx, session, {
      status: 'connected',
      result: JSON.stringify({ public_token: publicToken, metadata }),
      finished_at: now,
      last_error: null,
    });
  });
}

/** After the login and any MFA: account select, or straight to success in plain update mode. */
async function afterLogin(
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

async function toOAuth(db: SandboxDb, session: LinkSessionRow, institutionId: string) {
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
async function resumeOAuth(ctx: SandboxContext, token: LinkTokenRow, receivedRedirectUri: string) {
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

const linkEvent = z.strictObject({
  event_name: z.string().min(1).max(64),
  timestamp: z.string().max(64),
  event_metadata: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
});
const MAX_EVENTS = 500;

export const linkSessionEndpoints = [
  defineLinkEndpoint(
    '/link/session/start',
    z.strictObject({ link_token: z.string(), received_redirect_uri: z.string().optional() }),
    async (request, ctx) => {
      const token = await requireLinkToken(ctx, request.link_token);
      if (request.received_redirect_uri) {
        return presentSession(ctx, token, await resumeOAuth(ctx, token, request.received_redirect_uri));
      }
      if (!isUpdateMode(token))
        return presentSession(ctx, token, await insertSession(ctx.state.db, token, ctx.now, null));
      const item = await requireUpdateItem(ctx.state.db, token);
      const institution = requireInstitution(item.institution_id);
      let session = await insertSession(ctx.state.db, token, ctx.now, {
        institution_id: item.institution_id,
        item_id: item.item_id,
      });
      if (institution.oauth) session = await toOAuth(ctx.state.db, session, institution.institution_id);
      return presentSession(ctx, token, session);
    },
  ),

  defineLinkEndpoint('/link/session/get', sessionRequest({}), async (request, ctx) => {
    const token = await requireLinkToken(ctx, request.link_token);
    return presentSession(ctx, token, await findSession(ctx, token, request.link_session_id));
  }),

  defineLinkEndpoint(
    '/link/session/institutions',
    z.strictObject({ link_token: z.string(), query: z.string().max(200).optional() }),
    async (request, ctx) => {
      const token = await requireLinkToken(ctx, request.link_token);
      const words = (request.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const institutions = SANDBOX_INSTITUTIONS.filter(
        (i) => offersInstitution(token, i) && words.every((w) => i.name.toLowerCase().includes(w)),
      ).map(linkInstitution);
      return { institutions };
    },
  ),

  defineLinkEndpoint(
    '/link/session/institution',
    sessionRequest({ institution_id: z.string() }),
    async (request, ctx) => {
      const token = await requireLinkToken(ctx, request.link_token);
      let session = await requireSession(ctx, token, request.link_session_id);
      if (isUpdateMode(token)) throw invalidField("institution_id: update mode keeps the Item's institution");
      requireStatus(session, 'institution_not_found', 'requires_credentials', 'requires_oauth');
      session = await step(ctx, session, async () => {
        const institution = requireInstitution(request.institution_id);
        if (!offersInstitution(token, institution)) {
          throw new PlaidApiError('PRODUCTS_NOT_SUPPORTED', {
            products: JSON.stringify(token.config.products ?? []),
          });
        }
        if (institution.oauth) return toOAuth(ctx.state.db, session, institution.institution_id);
        return updateSession(ctx.state.db, session, {
          institution_id: institution.institution_id,
          status: 'requires_credentials',
          last_error: null,
        });
      });
      return presentSession(ctx, token, session);
    },
  ),

  defineLinkEndpoint(
    '/link/session/credentials',
    sessionRequest({ username: z.string().min(1).max(200), password: z.string().min(1).max(20_000) }),
    async (request, ctx) => {
      const token = await requireLinkToken(ctx, request.link_token);
      let session = await requireSession(ctx, token, request.link_session_id);
      requireStatus(session, 'requires_credentials');
      session = await step(ctx, session, async () => {
        const institution = requireInstitution(session.institution_id ?? '');
        if (institution.status === 'DOWN') throw new PlaidApiError('INSTITUTION_DOWN');
        if (isUpdateMode(token)) {
          const item = await requireUpdateItem(ctx.state.db, token);
          if (item.username !== request.username) throw new PlaidApiError('INVALID_CREDENTIALS');
        }
        const { customConfig, mfa } = checkSandboxLogin(request.username, request.password);
        const login: SessionLogin = {
          username: request.username,
          custom_config: customConfig ? JSON.stringify(customConfig) : null,
          mfa,
          round: 0,
        };
        if (mfa) return updateSession(ctx.state.db, session, mfaStep(login));
        return afterLogin(ctx, token, session, login);
      });
      return presentSession(ctx, token, session);
    },
  ),

  defineLinkEndpoint(
    '/link/session/mfa',
    sessionRequest({ answers: z.array(z.string().max(200)).min(1).max(9) }),
    async (request, ctx) => {
      const token = await requireLinkToken(ctx, request.link_token);
      let session = await requireSession(ctx, token, request.link_session_id);
      requireStatus(session, 'requires_code', 'requires_questions', 'requires_selections');
      const login = parseLogin(session);
      if (!login?.mfa) throw new Error('an MFA status without a challenge');
      const challenge = login.mfa;
      session = await step(ctx, session, async () => {
        const expected = expectedMfaAnswers(challenge, login.round);
        const given = request.answers.map((a) => a.trim());
        if (given.length !== expected.length || given.some((a, i) => a !== expected[i])) {
          throw new PlaidApiError('INVALID_MFA');
        }
        const rounds = challenge.type === 'device' ? 1 : challenge.rounds;
        if (login.round + 1 < rounds) {
          return updateSession(ctx.state.db, session, mfaStep({ ...login, round: login.round + 1 }));
        }
        return afterLogin(ctx, token, session, login);
      });
      return presentSession(ctx, token, session);
    },
  ),

  defineLinkEndpoint(
    '/link/session/accounts',
    sessionRequest({ account_ids: z.array(z.string()).max(100) }),
    async (request, ctx) => {
      const token = await requireLinkToken(ctx, request.link_token);
      let session = await requireSession(ctx, token, request.link_session_id);
      requireStatus(session, 'requires_account_selection');
      session = await step(ctx, session, () => finish(ctx, token, session, request.account_ids));
      return presentSession(ctx, token, session);
    },
  ),

  defineLinkEndpoint('/link/session/exit', sessionRequest({}), async (request, ctx) => {
    const token = await requireLinkToken(ctx, request.link_token);
    const session = await requireSession(ctx, token, request.link_session_id);
    const institution = session.institution_id ? requireInstitution(session.institution_id) : null;
    const exit = {
      error: session.last_error ? (JSON.parse(session.last_error) as object) : null,
      metadata: {
        institution: institution
          ? { name: institution.name, institution_id: institution.institution_id }
          : null,
        status: session.status,
        link_session_id: session.link_session_id,
        request_id: ctx.requestId,
      },
    };
    await updateSession(ctx.state.db, session, {
      exit: JSON.stringify(exit),
      finished_at: ctx.now.toISOString(),
    });
    return exit;
  }),

  defineLinkEndpoint(
    '/link/session/events',
    sessionRequest({ events: z.array(linkEvent).max(100) }),
    async (request, ctx) => {
      const token = await requireLinkToken(ctx, request.link_token);
      // Plaid delivers most events at the end of the flow, so an ended session still takes them.
      const session = await findSession(ctx, token, request.link_session_id);
      const events = [
        ...(JSON.parse(session.events) as object[]),
        ...request.events.map((e) => ({ ...e, event_id: randomUUID() })),
      ].slice(-MAX_EVENTS);
      await ctx.state.db
        .updateTable('sandbox_link_sessions')
        .set({ events: JSON.stringify(events) })
        .where('link_session_id', '=', session.link_session_id)
        .execute();
      return { recorded: request.events.length };
    },
  ),

  /**
   * The bank's OAuth page approves the connection (the page itself is the Link front end's). With a
   * `redirect_uri` on the token, Link leaves for it with the state id; without one (a pop-up), Link
   * sees the session move on.
   */
  defineLinkEndpoint(
    '/link/oauth/authorize',
    z.strictObject({ oauth_state_id: z.string() }),
    async (request, ctx) => {
      const session = await ctx.state.db
        .selectFrom('sandbox_link_sessions')
        .selectAll()
        .where('oauth_state_id', '=', request.oauth_state_id)
        .executeTakeFirst();
      if (!session || session.finished_at !== null) throw new PlaidApiError('OAUTH_STATE_ID_NOT_FOUND');
      if (session.status !== 'requires_oauth') throw new PlaidApiError('OAUTH_STATE_ID_ALREADY_PROCESSED');
      const token = await requireLinkToken(ctx, session.link_token);
      // OAuth institutions log in as Plaid's default sandbox user.
      let username = 'user_good';
      if (isUpdateMode(token)) username = (await requireUpdateItem(ctx.state.db, token)).username;
      await afterLogin(ctx, token, session, { username, custom_config: null, mfa: null, round: 0 });
      const redirectUri = token.config.redirect_uri;
      return {
        redirect_uri: redirectUri ? `${redirectUri}?oauth_state_id=${request.oauth_state_id}` : null,
      };
    },
  ),
];
