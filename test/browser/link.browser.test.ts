import { createServer, type Server } from 'node:http';
import { CountryCode, Products } from 'plaid';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxHarness, startSandbox } from '../../src/sandbox/sandbox.test-helper.js';
import { hasChromium, launchChromium, screenshot } from './chromium.js';

/**
 * A brand's page written for Plaid's documented Plaid.create API (seed 002's snippet, with fetch
 * for jQuery), loading the Link script from the sandbox instead of Plaid's CDN.
 */
function brandPage(sandboxUrl: string): string {
  return `<!doctype html><html><head><title>Brand</title>
<script src="${sandboxUrl}/link/v2/stable/link-initialize.js"></script></head>
<body><button id="linkButton">Link account</button>
<script>
window.results = { events: [], success: null, exit: null, loaded: false };
(async function () {
  // Coming back from the bank (OAuth): the same link token, and the URL the bank redirected to.
  var returning = window.location.pathname === '/oauth';
  var token = returning
    ? localStorage.getItem('link_token')
    : (await (await fetch('/create_link_token' + window.location.search, { method: 'POST' })).json()).link_token;
  localStorage.setItem('link_token', token);
  var linkHandler = Plaid.create({
    token: token,
    receivedRedirectUri: returning ? window.location.href : undefined,
    onSuccess: function (public_token, metadata) { window.results.success = { public_token: public_token, metadata: metadata }; },
    onExit: function (err, metadata) { window.results.exit = { err: err, metadata: metadata }; },
    onEvent: function (eventName, metadata) { window.results.events.push({ eventName: eventName, metadata: metadata }); },
    onLoad: function () { window.results.loaded = true; },
  });
  document.getElementById('linkButton').onclick = function () { linkHandler.open(); };
  if (returning) linkHandler.open();
})();
</script></body></html>`;
}

describe.skipIf(!hasChromium)('Plaid Link served by the sandbox, in Chromium', () => {
  let sandbox: SandboxHarness;
  let browser: Browser;
  let server: Server;
  let pageUrl = '';
  /** The Item a test repairs in update mode. */
  let updateAccessToken = '';

  beforeAll(async () => {
    sandbox = await startSandbox();
    server = createServer((request, response) => {
      if (request.method === 'POST' && request.url?.startsWith('/create_link_token')) {
        const mode = new URL(request.url, pageUrl).searchParams.get('mode');
        sandbox.plaid
          .linkTokenCreate({
            client_name: 'Plaid Test App',
            language: 'en',
            country_codes: [CountryCode.Us],
            user: { client_user_id: 'user-1' },
            ...(mode === 'update'
              ? { access_token: updateAccessToken }
              : {
                  products: [Products.Auth],
                  ...(mode === 'oauth' ? { redirect_uri: `${pageUrl}oauth` } : {}),
                }),
          })
          .then(({ data }) =>
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data)),
          )
          .catch(() => response.writeHead(500).end());
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' }).end(brandPage(sandbox.url));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    pageUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await sandbox?.close();
  });

  async function linkFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector('iframe[title="Plaid Link"]');
    const link = await handle.contentFrame();
    if (!link) throw new Error('no Link frame');
    return link;
  }

  async function openLink(mode = ''): Promise<{ page: Page; link: Frame }> {
    const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
    await page.goto(`${pageUrl}${mode ? `?mode=${mode}` : ''}`);
    await page.waitForFunction(
      () => (globalThis as unknown as { results: { loaded: boolean } }).results.loaded,
    );
    await page.click('#linkButton');
    return { page, link: await linkFrame(page) };
  }

  const results = (page: Page) =>
    page.evaluate(
      () =>
        (
          globalThis as unknown as {
            results: {
              events: { eventName: string; metadata: Record<string, unknown> }[];
              success: { public_token: string; metadata: Record<string, unknown> } | null;
              exit: { err: Record<string, unknown> | null; metadata: Record<string, unknown> } | null;
            };
          }
        ).results,
    );

  it('links an account with user_good and hands back a public token with Plaid metadata', async () => {
    const { page, link } = await openLink();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByLabel('Search institutions').fill('first platypus');
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await link.getByLabel('Username').fill('user_good');
    await link.getByLabel('Password').fill('pass_good');
    await screenshot(page, 'link-credentials');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByText('Plaid Checking').waitFor();
    await screenshot(page, 'link-select-account');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByText('Success').waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
    await page.waitForFunction(
      () => (globalThis as unknown as { results: { success: unknown } }).results.success !== null,
    );

    const { success, events } = await results(page);
    expect(success?.public_token).toMatch(/^public-sandbox-/);
    expect(success?.metadata).toEqual({
      institution: { name: 'First Platypus Bank', institution_id: 'ins_109508' },
      accounts: [
        {
          id: expect.any(String) as unknown,
          name: 'Plaid Checking',
          mask: '0000',
          type: 'depository',
          subtype: 'checking',
          verification_status: null,
          class_type: null,
        },
      ],
      link_session_id: expect.any(String) as unknown,
      transfer_status: null,
    });
    const names = events.map((e) =>
      e.eventName === 'TRANSITION_VIEW' ? `TRANSITION_VIEW:${String(e.metadata.view_name)}` : e.eventName,
    );
    expect(names).toEqual([
      'OPEN',
      'TRANSITION_VIEW:CONSENT',
      'TRANSITION_VIEW:SELECT_INSTITUTION',
      'SEARCH_INSTITUTION',
      'SELECT_INSTITUTION',
      'TRANSITION_VIEW:CREDENTIAL',
      'SUBMIT_CREDENTIALS',
      'TRANSITION_VIEW:LOADING',
      'TRANSITION_VIEW:SELECT_ACCOUNT',
      'TRANSITION_VIEW:CONNECTED',
      'HANDOFF',
    ]);
    for (const event of events) {
      expect(event.metadata.link_session_id).toBe(success?.metadata.link_session_id);
      expect(String(event.metadata.timestamp)).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    }
    expect(await page.$('iframe[title="Plaid Link"]')).toBeNull();
    // The public token is real: the brand's backend exchanges it.
    const { data } = await sandbox.plaid.itemPublicTokenExchange({
      public_token: success?.public_token ?? '',
    });
    expect(data.access_token).toMatch(/^access-sandbox-/);
    await page.close();
  }, 60_000);

  it('ends an error_<CODE> password on the error screen and in onExit with that error, by keyboard alone', async () => {
    const { page, link } = await openLink();
    // Each screen puts the focus where the user starts; Tab and Enter do the rest.
    await link.getByRole('button', { name: 'Continue' }).waitFor();
    await page.keyboard.press('Enter');
    await link.getByLabel('Search institutions').waitFor();
    await page.keyboard.type('first platypus bank');
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await link.getByLabel('Username').waitFor();
    await page.keyboard.type('user_good');
    await page.keyboard.press('Tab');
    await page.keyboard.type('error_ITEM_LOCKED');
    await page.keyboard.press('Enter');
    await link.getByText('Error code: ITEM_LOCKED').waitFor();
    await screenshot(page, 'link-error');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => (globalThis as unknown as { results: { exit: unknown } }).results.exit !== null,
    );
    const { exit, events } = await results(page);
    expect(exit?.err).toEqual({
      error_type: 'ITEM_ERROR',
      error_code: 'ITEM_LOCKED',
      error_message: expect.any(String) as unknown,
      display_message: expect.any(String) as unknown,
    });
    expect(exit?.metadata).toMatchObject({
      institution: { name: 'First Platypus Bank', institution_id: 'ins_109508' },
      status: 'requires_credentials',
      link_session_id: expect.any(String) as unknown,
    });
    expect(events.map((e) => e.eventName)).toContain('ERROR');
    expect(events.at(-1)?.eventName).toBe('EXIT');
    await page.close();
  }, 60_000);

  it('leaves for an OAuth bank and finishes when the page re-creates Link with receivedRedirectUri', async () => {
    const { page, link } = await openLink('oauth');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Platypus OAuth Bank', exact: true }).click();
    await link.getByRole('button', { name: 'Continue to Platypus OAuth Bank' }).click();
    await page.waitForURL(/\/link\/oauth\/authorize\?oauth_state_id=/);
    await screenshot(page, 'link-oauth-bank');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/oauth\?oauth_state_id=/);
    const back = await linkFrame(page);
    await back.getByText('Plaid Checking').waitFor();
    await back.getByRole('button', { name: 'Continue' }).click();
    await back.getByText('Success').waitFor();
    await back.getByRole('button', { name: 'Continue' }).click();
    await page.waitForFunction(
      () => (globalThis as unknown as { results: { success: unknown } }).results.success !== null,
    );
    const { success } = await results(page);
    expect(success?.metadata.institution).toEqual({
      name: 'Platypus OAuth Bank',
      institution_id: 'ins_127287',
    });
    expect(success?.public_token).toMatch(/^public-sandbox-/);
    await page.close();
  }, 60_000);

  it('repairs a broken login in update mode, straight from the bank login', async () => {
    const { data: created } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: exchanged } = await sandbox.plaid.itemPublicTokenExchange({
      public_token: created.public_token,
    });
    await sandbox.plaid.sandboxItemResetLogin({ access_token: exchanged.access_token });
    updateAccessToken = exchanged.access_token;

    const { page, link } = await openLink('update');
    await link.getByLabel('Username').fill('user_good');
    await link.getByLabel('Password').fill('pass_good');
    await screenshot(page, 'link-update-mode');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByText('reconnected').waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
    await page.waitForFunction(
      () => (globalThis as unknown as { results: { success: unknown } }).results.success !== null,
    );
    const { events } = await results(page);
    expect(events[0]).toMatchObject({ eventName: 'OPEN', metadata: { is_update_mode: 'true' } });
    const { data } = await sandbox.plaid.itemGet({ access_token: exchanged.access_token });
    expect(data.item.error).toBeNull();
    await page.close();
  }, 60_000);
});
