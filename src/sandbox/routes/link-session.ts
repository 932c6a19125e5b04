import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SANDBOX_INSTITUTIONS } from '../data/institutions.js';
import { expectedMfaAnswers } from '../data/mfa.js';
import { defineLinkEndpoint } from '../endpoint.js';
import { invalidField, PlaidApiError } from '../errors.js';
import { checkSandboxLogin } from '../item-creation.js';
import { requireInstitution } from '../items.js';
import {
  afterLogin,
  finish,
  requireStatus,
  requireUpdateItem,
  resumeOAuth,
  step,
  toOAuth,
} from '../link-session-flow.js';
import { linkInstitution, presentSession } from '../link-session-view.js';
import {
  findSession,
  insertSession,
  isUpdateMode,
  mfaStep,
  offersInstitution,
  parseLogin,
  requireLinkToken,
  requireSession,
  type SessionLogin,
  updateSession,
} from '../link-session.js';

const sessionRequest = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject({ link_token: z.string(), link_session_id: z.string(), ...shape });

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
