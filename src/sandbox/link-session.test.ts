import { CountryCode, Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxHarness, startSandbox } from './sandbox.test-helper.js';

/** The Link front end's calls: JSON posts carrying the link token, never the API credentials. */
interface View {
  link_session_id: string;
  view: string;
  status: string;
  is_update_mode: boolean;
  institution: { institution_id: string; name: string; logo: string; oauth: boolean } | null;
  mfa: {
    mfa_type: string;
    round: number;
    rounds: number;
    questions: { question: string; answers: string[] | null }[];
  } | null;
  account_selection: string;
  accounts: { id: string; name: string; mask: string; subtype: string; selected: boolean }[] | null;
  oauth: { oauth_state_id: string; authorize_url: string } | null;
  success: {
    public_token: string;
    metadata: {
      institution: { name: string; institution_id: string };
      accounts: Record<string, unknown>[];
      link_session_id: string;
      transfer_status: null;
    };
  } | null;
  error: { error_code: string } | null;
}

describe('sandbox Link sessions', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  async function call(
    path: string,
    body: object,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function step(path: string, body: object): Promise<View> {
    const response = await call(path, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as unknown as View;
  }

  async function linkToken(extra: Record<string, unknown> = {}): Promise<string> {
    const { data } = await sandbox.plaid.linkTokenCreate({
      client_name: 'Acme',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'user-1' },
      products: [Products.Auth],
      ...extra,
    });
    return data.link_token;
  }

  /** Open Link, pick the bank, log in: the session as the account select shows it (or the MFA screen). */
  async function login(token: string, password = 'pass_good', institution = 'ins_109508'): Promise<View> {
    const started = await step('/link/session/start', { link_token: token });
    const session = { link_token: token, link_session_id: started.link_session_id };
    await step('/link/session/institution', { ...session, institution_id: institution });
    return step('/link/session/credentials', { ...session, username: 'user_good', password });
  }

  const itemCount = async () =>
    Number(
      (
        await sandbox.state.db
          .selectFrom('sandbox_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('walks a new link from institution to public token, and the Item has only the chosen account', async () => {
    const token = await linkToken({ webhook: 'http://127.0.0.1:9/hook' });
    const started = await step('/link/session/start', { link_token: token });
    expect(started).toMatchObject({
      view: 'SELECT_INSTITUTION',
      status: 'institution_not_found',
      is_update_mode: false,
    });
    const session = { link_token: token, link_session_id: started.link_session_id };

    const search = (await call('/link/session/institutions', { link_token: token, query: 'platypus' }))
      .body as {
      institutions: { institution_id: string; logo: string }[];
    };
    expect(search.institutions.map((i) => i.institution_id)).toContain('ins_109508');
    expect(
      Buffer.from(search.institutions[0]?.logo ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const credential = await step('/link/session/institution', { ...session, institution_id: 'ins_109508' });
    expect(credential).toMatchObject({ view: 'CREDENTIAL', institution: { name: 'First Platypus Bank' } });
    const select = await step('/link/session/credentials', {
      ...session,
      username: 'user_good',
      password: 'pass_good',
    });
    expect(select.view).toBe('SELECT_ACCOUNT');
    expect(select.account_selection).toBe('single');
    // Auth can read checking, savings and cash management only.
    expect(select.accounts?.map((a) => a.subtype)).toEqual(['checking', 'savings', 'cash management']);
    const checking = select.accounts?.[0];

    const two = await call('/link/session/accounts', {
      ...session,
      account_ids: select.accounts?.map((a) => a.id),
    });
    expect(two.status).toBe(400);
    expect(two.body.error_message).toContain('account_ids');

    const done = await step('/link/session/accounts', { ...session, account_ids: [checking?.id] });
    expect(done.view).toBe('CONNECTED');
    expect(done.success?.public_token).toMatch(/^public-sandbox-/);
    expect(done.success?.metadata).toEqual({
      institution: { name: 'First Platypus Bank', institution_id: 'ins_109508' },
      accounts: [
        {
          id: checking?.id,
          name: 'Plaid Checking',
          mask: '0000',
          type: 'depository',
          subtype: 'checking',
          verification_status: null,
          class_type: null,
        },
      ],
      link_session_id: started.link_session_id,
      transfer_status: null,
    });

    const { data: exchanged } = await sandbox.plaid.itemPublicTokenExchange({
      public_token: done.success?.public_token ?? '',
    });
    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token: exchanged.access_token });
    expect(accounts.accounts.map((a) => a.account_id)).toEqual([checking?.id]);
    expect(accounts.item.webhook).toBe('http://127.0.0.1:9/hook');

    // The session is over; /link/token/get reports it with the events the front end sent.
    expect((await call('/link/session/accounts', { ...session, account_ids: [checking?.id] })).status).toBe(
      400,
    );
    await step('/link/session/events', {
      ...session,
      events: [
        { event_name: 'HANDOFF', timestamp: new Date().toISOString(), event_metadata: { view_name: null } },
      ],
    });
    const { data: got } = await sandbox.plaid.linkTokenGet({ link_token: token });
    expect(got.link_sessions).toHaveLength(1);
    expect(got.link_sessions?.[0]?.results?.item_add_results[0]).toMatchObject({
      public_token: done.success?.public_token,
      institution: { institution_id: 'ins_109508' },
    });
    expect(got.link_sessions?.[0]?.events?.[0]?.event_name).toBe('HANDOFF');
    expect(got.link_sessions?.[0]?.events?.[0]?.event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('asks the device code for mfa_device and accepts 1234 only', async () => {
    const token = await linkToken();
    const mfa = await login(token, 'mfa_device');
    expect(mfa).toMatchObject({ view: 'MFA', status: 'requires_code', mfa: { mfa_type: 'device' } });
    const session = { link_token: token, link_session_id: mfa.link_session_id };
    const wrong = await call('/link/session/mfa', { ...session, answers: ['0000'] });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error_code: 'INVALID_MFA', error_type: 'ITEM_ERROR' });
    expect((await step('/link/session/get', session)).view).toBe('MFA');
    expect((await step('/link/session/mfa', { ...session, answers: ['1234'] })).view).toBe('SELECT_ACCOUNT');
  });

  it('asks n rounds of m questions for mfa_questions_<n>_<m>', async () => {
    const token = await linkToken();
    const first = await login(token, 'mfa_questions_2_2');
    expect(first).toMatchObject({
      status: 'requires_questions',
      mfa: { mfa_type: 'questions', round: 0, rounds: 2 },
    });
    expect(first.mfa?.questions).toHaveLength(2);
    const session = { link_token: token, link_session_id: first.link_session_id };
    const second = await step('/link/session/mfa', { ...session, answers: ['answer_0_0', 'answer_0_1'] });
    expect(second.mfa?.round).toBe(1);
    expect(
      (await call('/link/session/mfa', { ...session, answers: ['answer_0_0', 'answer_0_1'] })).status,
    ).toBe(400);
    expect(
      (await step('/link/session/mfa', { ...session, answers: ['answer_1_0', 'answer_1_1'] })).view,
    ).toBe('SELECT_ACCOUNT');
  });

  it('offers selections for mfa_selections and mfa_selections_<n>_<m>_<o>', async () => {
    const token = await linkToken();
    const simple = await login(token, 'mfa_selections');
    expect(simple.mfa?.questions[0]?.answers).toEqual(['Yes', 'No']);
    const simpleSession = { link_token: token, link_session_id: simple.link_session_id };
    expect((await step('/link/session/mfa', { ...simpleSession, answers: ['Yes'] })).view).toBe(
      'SELECT_ACCOUNT',
    );

    const many = await login(token, 'mfa_selections_1_2_3');
    expect(many.mfa?.questions.map((q) => q.answers?.length)).toEqual([3, 3]);
    const session = { link_token: token, link_session_id: many.link_session_id };
    expect(
      (await call('/link/session/mfa', { ...session, answers: ['answer_0_0_1', 'answer_0_1_0'] })).status,
    ).toBe(400);
    const answers = many.mfa?.questions.map((q) => q.answers?.[0]);
    expect((await step('/link/session/mfa', { ...session, answers })).view).toBe('SELECT_ACCOUNT');
  });

  it('ends an error_<CODE> login in that error, reported on exit, with no Item created', async () => {
    const token = await linkToken();
    const started = await step('/link/session/start', { link_token: token });
    const session = { link_token: token, link_session_id: started.link_session_id };
    await step('/link/session/institution', { ...session, institution_id: 'ins_109508' });
    const failed = await call('/link/session/credentials', {
      ...session,
      username: 'user_good',
      password: 'error_ITEM_LOCKED',
    });
    expect(failed.status).toBe(400);
    expect(failed.body).toMatchObject({ error_code: 'ITEM_LOCKED', error_type: 'ITEM_ERROR' });
    expect((await step('/link/session/get', session)).error?.error_code).toBe('ITEM_LOCKED');

    const exit = (await call('/link/session/exit', session)).body;
    expect(exit).toMatchObject({
      error: { error_code: 'ITEM_LOCKED', error_type: 'ITEM_ERROR' },
      metadata: {
        institution: { name: 'First Platypus Bank', institution_id: 'ins_109508' },
        status: 'requires_credentials',
        link_session_id: started.link_session_id,
      },
    });
    expect((exit.metadata as { request_id: string }).request_id).toHaveLength(15);
    expect(await itemCount()).toBe(0);
    const { data } = await sandbox.plaid.linkTokenGet({ link_token: token });
    expect(data.link_sessions?.[0]?.exit?.error?.error_code).toBe('ITEM_LOCKED');
  });

  it('refuses a down institution, an expired link token, and a product the bank lacks', async () => {
    const token = await linkToken();
    const down = await login(token, 'pass_good', 'ins_132361').catch((e: unknown) => e);
    expect(String(down)).toContain('INSTITUTION_DOWN');
    sandbox.clock.advance(4 * 60 * 60 * 1000 + 1);
    const expired = await call('/link/session/start', { link_token: token });
    expect(expired).toMatchObject({ status: 400, body: { error_code: 'INVALID_LINK_TOKEN' } });
    const missing = await call('/link/session/start', {});
    expect(missing).toMatchObject({ status: 400, body: { error_code: 'MISSING_FIELDS' } });
  });

  it('filters the account select by account_filters and lets account_select_multiple pick several', async () => {
    const token = await linkToken({
      products: [Products.Transactions],
      link_customization_name: 'account_select_multiple',
      account_filters: {
        credit: { account_subtypes: ['credit card'] },
        depository: { account_subtypes: ['savings'] },
      },
    });
    const select = await login(token);
    expect(select.account_selection).toBe('multiple');
    expect(select.accounts?.map((a) => a.subtype).sort()).toEqual(['credit card', 'credit card', 'savings']);
    const session = { link_token: token, link_session_id: select.link_session_id };
    const done = await step('/link/session/accounts', {
      ...session,
      account_ids: select.accounts?.map((a) => a.id),
    });
    expect(done.success?.metadata.accounts).toHaveLength(3);
  });

  describe('update mode', () => {
    async function linkedItem() {
      const { data: created } = await sandbox.plaid.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
        options: { webhook: 'http://127.0.0.1:9/item' },
      });
      const { data } = await sandbox.plaid.itemPublicTokenExchange({ public_token: created.public_token });
      const { data: accounts } = await sandbox.plaid.accountsGet({ access_token: data.access_token });
      const checking = accounts.accounts[0]?.account_id ?? '';
      const { data: processor } = await sandbox.plaid.processorTokenCreate({
        access_token: data.access_token,
        account_id: checking,
        processor: 'linkport' as never,
      });
      await sandbox.plaid.processorTokenWebhookUpdate({
        processor_token: processor.processor_token,
        webhook: 'http://127.0.0.1:9/processor',
      });
      return {
        accessToken: data.access_token,
        itemId: data.item_id,
        checking,
        processorToken: processor.processor_token,
      };
    }

    const queued = async (url: string) =>
      (
        await sandbox.state.db
          .selectFrom('sandbox_webhooks')
          .select('body')
          .where('url', '=', url)
          .orderBy('created_at')
          .execute()
      ).map((w) => JSON.parse(w.body) as Record<string, unknown>);

    it('repairs a broken login with the same access token, and tells the processor token', async () => {
      const item = await linkedItem();
      await sandbox.plaid.sandboxItemResetLogin({ access_token: item.accessToken });
      const broken = await sandbox.plaid
        .processorAuthGet({ processor_token: item.processorToken })
        .catch((e: { response: { data: { error_code: string } } }) => e.response.data.error_code);
      expect(broken).toBe('ITEM_LOGIN_REQUIRED');
      expect((await queued('http://127.0.0.1:9/processor')).at(-1)).toMatchObject({
        webhook_type: 'ITEM',
        webhook_code: 'ERROR',
        account_id: item.checking,
        error: { error_code: 'ITEM_LOGIN_REQUIRED', status: 400 },
      });
      expect((await queued('http://127.0.0.1:9/item')).at(-1)).toMatchObject({
        webhook_code: 'ERROR',
        item_id: item.itemId,
      });

      const updateToken = await linkToken({ access_token: item.accessToken, products: undefined });
      const started = await step('/link/session/start', { link_token: updateToken });
      expect(started).toMatchObject({
        view: 'CREDENTIAL',
        is_update_mode: true,
        institution: { institution_id: 'ins_109508' },
      });
      const session = { link_token: updateToken, link_session_id: started.link_session_id };
      expect(
        (await call('/link/session/institution', { ...session, institution_id: 'ins_109509' })).status,
      ).toBe(400);
      const done = await step('/link/session/credentials', {
        ...session,
        username: 'user_good',
        password: 'pass_good',
      });
      expect(done.view).toBe('CONNECTED');
      expect(done.success?.metadata.accounts).toHaveLength(12);

      const { data: got } = await sandbox.plaid.itemGet({ access_token: item.accessToken });
      expect(got.item.error).toBeNull();
      const { data: auth } = await sandbox.plaid.processorAuthGet({ processor_token: item.processorToken });
      expect(auth.account.account_id).toBe(item.checking);
      expect((await queued('http://127.0.0.1:9/processor')).at(-1)).toMatchObject({
        webhook_type: 'ITEM',
        webhook_code: 'LOGIN_REPAIRED',
        account_id: item.checking,
      });
      // The brand ran update mode itself: its Item webhook hears nothing more.
      expect((await queued('http://127.0.0.1:9/item')).at(-1)).toMatchObject({ webhook_code: 'ERROR' });
      // Exchanging the update-mode public token gives back the same access token.
      const { data: again } = await sandbox.plaid.itemPublicTokenExchange({
        public_token: done.success?.public_token ?? '',
      });
      expect(again.access_token).toBe(item.accessToken);
    });

    it('lets the user change the accounts with update.account_selection_enabled', async () => {
      const item = await linkedItem();
      const updateToken = await linkToken({
        access_token: item.accessToken,
        products: undefined,
        update: { account_selection_enabled: true },
      });
      const started = await step('/link/session/start', { link_token: updateToken });
      const session = { link_token: updateToken, link_session_id: started.link_session_id };
      const wrongUser = await call('/link/session/credentials', {
        ...session,
        username: 'user_custom',
        password: '{}',
      });
      expect(wrongUser.body.error_code).toBe('INVALID_CREDENTIALS');
      const select = await step('/link/session/credentials', {
        ...session,
        username: 'user_good',
        password: 'pass_good',
      });
      expect(select.view).toBe('SELECT_ACCOUNT');
      expect(select.accounts?.every((a) => a.selected)).toBe(true);
      const savings = select.accounts?.find((a) => a.subtype === 'savings');
      const { data: moneyMarket } = await sandbox.plaid.processorTokenCreate({
        access_token: item.accessToken,
        account_id: select.accounts?.find((a) => a.subtype === 'cash management')?.id ?? '',
        processor: 'linkport' as never,
      });
      const done = await step('/link/session/accounts', {
        ...session,
        account_ids: [item.checking, savings?.id],
      });
      expect(done.success?.metadata.accounts.map((a) => a.subtype)).toEqual(['checking', 'savings']);
      const { data } = await sandbox.plaid.accountsGet({ access_token: item.accessToken });
      expect(data.accounts.map((a) => a.subtype)).toEqual(['checking', 'savings']);
      // The deselected account's processor token is dead; the kept one still reads.
      const dead = await sandbox.plaid
        .processorAuthGet({ processor_token: moneyMarket.processor_token })
        .catch((e: { response: { data: { error_code: string } } }) => e.response.data.error_code);
      expect(dead).toBe('INVALID_PROCESSOR_TOKEN');
      const { data: kept } = await sandbox.plaid.processorAuthGet({ processor_token: item.processorToken });
      expect(kept.account.account_id).toBe(item.checking);
    });
  });

  describe('OAuth', () => {
    it('leaves for the bank, comes back through redirect_uri, and finishes in the same session', async () => {
      const token = await linkToken({ redirect_uri: 'http://localhost:3000/oauth' });
      const started = await step('/link/session/start', { link_token: token });
      const session = { link_token: token, link_session_id: started.link_session_id };
      const oauth = await step('/link/session/institution', { ...session, institution_id: 'ins_127287' });
      expect(oauth).toMatchObject({ view: 'OAUTH', status: 'requires_oauth' });
      const stateId = oauth.oauth?.oauth_state_id ?? '';
      expect(oauth.oauth?.authorize_url).toContain(stateId);

      const early = await step('/link/session/start', {
        link_token: token,
        received_redirect_uri: `http://localhost:3000/oauth?oauth_state_id=${stateId}`,
      });
      expect(early.view).toBe('OAUTH');

      const approved = (await call('/link/oauth/authorize', { oauth_state_id: stateId })).body;
      expect(approved).toMatchObject({
        redirect_uri: `http://localhost:3000/oauth?oauth_state_id=${stateId}`,
      });
      const redirectUri = String(approved.redirect_uri);

      const otherToken = await linkToken({ redirect_uri: 'http://localhost:3000/oauth' });
      const wrongToken = await call('/link/session/start', {
        link_token: otherToken,
        received_redirect_uri: redirectUri,
      });
      expect(wrongToken).toMatchObject({
        status: 400,
        body: { error_code: 'INCORRECT_LINK_TOKEN', error_type: 'OAUTH_ERROR' },
      });
      const unknown = await call('/link/session/start', {
        link_token: token,
        received_redirect_uri:
          'http://localhost:3000/oauth?oauth_state_id=00000000-0000-4000-8000-000000000000',
      });
      expect(unknown).toMatchObject({ status: 404, body: { error_code: 'OAUTH_STATE_ID_NOT_FOUND' } });

      const resumed = await step('/link/session/start', {
        link_token: token,
        received_redirect_uri: redirectUri,
      });
      expect(resumed).toMatchObject({ view: 'SELECT_ACCOUNT', link_session_id: started.link_session_id });
      const again = await call('/link/session/start', {
        link_token: token,
        received_redirect_uri: redirectUri,
      });
      expect(again).toMatchObject({ status: 208, body: { error_code: 'OAUTH_STATE_ID_ALREADY_PROCESSED' } });

      const done = await step('/link/session/accounts', {
        ...session,
        account_ids: [resumed.accounts?.[0]?.id],
      });
      expect(done.success?.metadata.institution).toEqual({
        name: 'Platypus OAuth Bank',
        institution_id: 'ins_127287',
      });
    });
  });
});
