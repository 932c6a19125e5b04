import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoWebhookEndpoint } from '../../src/api/routes/demo/demo-webhooks.routes.js';
import { createPlaidGateway } from '../../src/plaid/client/plaid-gateway.js';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from '../../src/sandbox/sandbox.test-helper.js';
import { startWebhookDelivery } from '../../src/sandbox/webhooks.js';
import type { Dispatcher } from '../../src/webhooks/dispatcher.js';
import { createWorker, type Worker } from '../../src/jobs/worker.js';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../support/app.js';
import { testDatabases } from '../support/databases.js';
import { hasChromium, launchChromium, screenshot } from './chromium.js';

const [sqlite] = testDatabases;

/**
 * The demo brand app at /demo, clicked through as a newcomer would: on the processor-token tab link,
 * reveal, break, repair, remove; on the hosted-linking tab (seed 003) link, break, repair, change accounts;
 * on the transfers tab move money in and out, advance the simulated bank's days and see a return.
 */
describe.skipIf(!hasChromium || !sqlite)('the demo brand app in Chromium', () => {
  let sandbox: SandboxHarness;
  let server: TestServer;
  let browser: Browser;
  let stopDelivery: () => Promise<void>;
  const brand = { identity: '', secret: '' };
  let webhookEndpoint: DemoWebhookEndpoint | undefined;
  let dispatcher: Dispatcher | undefined;
  let worker: Worker | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
    stopDelivery = startWebhookDelivery(sandbox.state, 100);
    server = await startTestServer(sqlite as NonNullable<typeof sqlite>, {
      overrides: {
        plaid: createPlaidGateway(sandbox.url, () => TEST_CLIENT),
        webhookUrl: () => `${server.url}/webhooks/plaid`,
      },
      app: {
        demo: {
          brand,
          plaidBaseUrl: sandbox.url,
          plaidCredentials: TEST_CLIENT,
          apiUrl: () => server.url,
          webhookEndpoint: () => webhookEndpoint,
        },
      },
    });
    const created = await server.createBrand('Demo Brand');
    brand.identity = created.headers.identity ?? '';
    brand.secret = created.headers.authorization ?? '';
    // As `linkport start` does at the first start: the demo backend is the brand's webhook endpoint.
    const registered = await fetch(`${server.url}/api/v0.1/webhook_endpoints`, {
      method: 'POST',
      headers: created.headers,
      body: JSON.stringify({ url: `${server.url}/demo/webhooks` }),
    });
    const endpoint = (await registered.json()) as { id: string; secret: string };
    webhookEndpoint = { endpointId: endpoint.id, secret: endpoint.secret };
    dispatcher = server.container.webhooks.dispatcher({ pollMs: 20 });
    dispatcher.start();
    // As `linkport start` does: a worker runs the jobs (insights) beside the API.
    const { store, catalog, clock, logger } = server.container;
    worker = createWorker({ store, catalog, clock, logger, pollMs: 50 });
    worker.start();
    await fetch(`${server.url}/admin/brands/${created.brandId}/integrations/plaid`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stopDelivery?.();
    await dispatcher?.stop();
    await worker?.stop();
    await server?.close();
    await sandbox?.close();
  });

  it('links, lists, reveals, breaks, repairs and removes an account', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(`${server.url}/demo`);
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText(/^Customer .* with card account/).waitFor();

    await page.getByRole('button', { name: 'Link a bank account' }).click();
    await linkFirstPlatypus(page);

    const row = page.locator('[data-linked-account]');
    await row.getByText('First Platypus Bank · checking').waitFor();
    await expect.poll(() => row.locator('.numbers').textContent()).toBe('Account ****0000');
    expect(await row.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'demo-linked');

    await row.getByRole('button', { name: 'Show full number' }).click();
    await expect.poll(() => row.locator('.numbers').textContent()).toContain('1111222233330000');

    await row.getByRole('button', { name: 'Break login' }).click();
    await row.getByText('login required').waitFor({ timeout: 10_000 });
    await screenshot(page, 'demo-broken');

    // Linkport told the brand's backend, signed: the Webhooks tab shows it verified; a replay
    // arrives again under the same webhook-id.
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    const hook = page.locator('.webhook', { hasText: 'external_account.login_required' });
    await hook.getByText('Verified').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.webhook', { hasText: 'external_account.linked' }).count()).toBe(1);
    await hook.getByRole('button', { name: 'Replay' }).click();
    await hook.getByText('received 2 times').waitFor({ timeout: 10_000 });
    await screenshot(page, 'demo-webhooks');
    await page.getByRole('tab', { name: 'Processor tokens' }).click();

    await row.getByRole('button', { name: 'Repair' }).click();
    const repair = await linkFrame(page);
    await logIn(repair);
    await repair.getByRole('button', { name: 'Continue' }).click();
    await row.getByText('active').waitFor({ timeout: 10_000 });

    await row.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.locator('[data-linked-account]').count()).toBe(0);
    // Nothing secret reached the browser.
    const html = await page.content();
    expect(html).not.toMatch(/processor-sandbox-|access-sandbox-|lpsk_/);
    await page.close();
  }, 90_000);

  it("answers the demo backend's bad input with a 400 naming the field", async () => {
    const response = await fetch(`${server.url}/demo/api/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ last_name: 'Charleson' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { Message: string }).Message).toContain('first_name');
    // The transfers tab's routes too: only the return codes the page offers, whole cents.
    for (const [path, body, field] of [
      ['/demo/api/transfers/some-transfer/force', { return_code: 'R99' }, 'return_code'],
      ['/demo/api/transfers/fund', { account_id: 'a', amount_cents: '12.50' }, 'amount_cents'],
    ] as const) {
      const bad = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(bad.status, path).toBe(400);
      expect(((await bad.json()) as { Message: string }).Message).toContain(field);
    }
    // A webhook that does not carry the endpoint's signature is refused and shown as such.
    const forged = await fetch(`${server.url}/demo/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
      body: JSON.stringify({ type: 'external_account.removed', timestamp: '', data: {} }),
    });
    expect(forged.status).toBe(400);
    const { received } = (await (await fetch(`${server.url}/demo/api/webhooks`)).json()) as {
      received: { webhook_id: string; verified: boolean }[];
    };
    expect(received.find((r) => r.webhook_id === 'evt_forged')).toMatchObject({ verified: false });
  });

  async function linkFrame(page: Page): Promise<Frame> {
    const link = await (await page.waitForSelector('iframe[title="Plaid Link"]')).contentFrame();
    if (!link) throw new Error('no Link frame');
    return link;
  }

  /** Link's whole flow for one account at First Platypus Bank as user_good. */
  async function linkFirstPlatypus(page: Page): Promise<void> {
    const link = await linkFrame(page);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await logIn(link);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByText('Success').waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
  }

  async function logIn(link: Frame): Promise<void> {
    await link.getByLabel('Username').fill('user_good');
    await link.getByLabel('Password').fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
  }

  it('links a bank for insights and shows its employer and recurring streams on timelines', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
    await page.goto(`${server.url}/demo`);
    await page.getByRole('tab', { name: 'Insights' }).click();
    await page.getByRole('button', { name: 'Link a bank for insights' }).click();
    await linkFirstPlatypus(page);

    // The worker pulls the transactions and runs both jobs; the page shows the results.
    await page.getByRole('heading', { name: 'Recurring transactions' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-stream]').count()).toBeGreaterThan(0);
    const stream = page.locator('[data-stream]').first();
    expect(await stream.locator('circle.occurrence').count()).toBeGreaterThan(1);
    expect(await stream.locator('circle.predicted').count()).toBe(1);
    await expect
      .poll(() => page.locator('#insights-status').textContent())
      .toContain('employer-classification: completed');
    await screenshot(page, 'demo-insights');
    expect(await page.content()).not.toMatch(/processor-sandbox-|access-sandbox-/);
    await page.close();
  }, 90_000);

  it('moves money in and out of the card, settles it a banking day later and shows a return', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    await page.goto(`${server.url}/demo`);
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText(/^Customer .* with card account/).waitFor();
    await page.getByRole('button', { name: 'Link a bank account' }).click();
    await linkFirstPlatypus(page);
    await page.locator('[data-linked-account]').getByText('First Platypus Bank · checking').waitFor();

    await page.getByRole('tab', { name: 'Transfers' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Transfers' });
    const balances = () => panel.locator('.balances').innerText();
    const shown = (current: string, available: string) =>
      `Current balance\n${current}\nAvailable balance\n${available}`;
    await expect
      .poll(() => panel.getByLabel('Linked account').locator('option').allTextContents())
      .toEqual(['First Platypus Bank · checking · ****0000']);
    await expect.poll(balances).toBe(shown('$0.00', '$0.00'));
    const amount = panel.getByLabel('Amount (USD)');
    const click = async (name: string) => {
      const target = panel.getByRole('button', { name, exact: true });
      await expect.poll(() => target.isEnabled()).toBe(true);
      await target.click();
    };

    // A push the card cannot cover: Linkport's message, in the page.
    await amount.fill('25.00');
    await click('Move money out');
    await expect
      .poll(() => panel.getByRole('alert').textContent())
      .toMatch(/available balance .* does not cover it/);

    await amount.fill('100');
    await click('Fund card');
    await expect.poll(balances).toBe(shown('$100.00', '$100.00'));
    await expect.poll(() => panel.getByRole('alert').isVisible()).toBe(false);
    await amount.fill('25.00');
    await click('Move money out');
    const out = panel.locator('[data-transfer]', { hasText: 'Out $25.00 to First Platypus Bank · checking' });
    await expect.poll(() => out.locator('.status').textContent(), { timeout: 10_000 }).toBe('Pending');
    await expect.poll(balances).toBe(shown('$100.00', '$75.00'));
    await amount.fill('50.00');
    await click('Move money in');
    const into = panel.locator('[data-transfer]', {
      hasText: 'In $50.00 from First Platypus Bank · checking',
    });
    await expect.poll(() => into.locator('.status').textContent(), { timeout: 10_000 }).toBe('Pending');
    // One more push, canceled before it is sent: its hold is lifted.
    await amount.fill('10.00');
    await click('Move money out');
    const canceled = panel.locator('[data-transfer]', { hasText: 'Out $10.00' });
    await expect.poll(balances).toBe(shown('$100.00', '$65.00'));
    await canceled.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => canceled.locator('.status').textContent(), { timeout: 10_000 }).toBe('Canceled');
    await expect.poll(balances).toBe(shown('$100.00', '$75.00'));

    // A banking day: both settle; the push has left, the pull has arrived but is held.
    await click('Advance a banking day');
    await expect.poll(() => out.locator('.status').textContent(), { timeout: 10_000 }).toBe('Settled');
    await expect.poll(() => into.locator('.status').textContent(), { timeout: 10_000 }).toBe('Settled');
    await expect.poll(balances).toBe(shown('$125.00', '$75.00'));
    await into.getByText(/^Funds held until \d{4}-\d\d-\d\d$/).waitFor();
    const steps = out.getByRole('list', { name: 'Status timeline' }).getByRole('listitem');
    await expect
      .poll(() => steps.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Pending · \w{3} \d+, \d{4}, \d+:\d\d [AP]M/),
        expect.stringMatching(/^Processing · /),
        expect.stringMatching(/^Settled · /),
      ]);
    expect(await canceled.getByRole('button').count()).toBe(0);
    await screenshot(page, 'demo-transfers-settled');

    // A push the bank will send back as R02: it settles, then comes back a banking day later.
    await amount.fill('30.00');
    await click('Move money out');
    const returned = panel.locator('[data-transfer]', { hasText: 'Out $30.00' });
    await expect.poll(() => returned.locator('.status').textContent(), { timeout: 10_000 }).toBe('Pending');
    await returned.getByLabel('Return code').selectOption('R02');
    await returned.getByRole('button', { name: 'Force return' }).click();
    await panel.getByText(/will return Out \$30\.00 .* with R02/).waitFor();
    await click('Advance a banking day');
    await expect.poll(() => returned.locator('.status').textContent(), { timeout: 10_000 }).toBe('Settled');
    await expect.poll(() => panel.locator('#balance-current').textContent()).toBe('$95.00');
    await click('Advance a banking day');
    await expect.poll(() => returned.locator('.status').textContent(), { timeout: 10_000 }).toBe('Returned');
    await returned.getByText('Returned R02: Account closed').waitFor();
    // The push's money is back on the card; the pull's hold has ended meanwhile.
    await expect.poll(balances).toBe(shown('$125.00', '$125.00'));
    await screenshot(page, 'demo-transfers-returned');

    // Nothing secret reached the browser.
    const html = await page.content();
    expect(html).not.toMatch(/processor-sandbox-|access-sandbox-|lpsk_|1111222233330000/);
    await page.close();
  }, 120_000);

  it('links a bank with two accounts, breaks and repairs its login, and keeps one account', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(`${server.url}/demo`);
    // The tabs work from the keyboard: the right arrow selects the hosted tab.
    await page.getByRole('tab', { name: 'Processor tokens' }).focus();
    await page.keyboard.press('ArrowRight');
    const tab = page.getByRole('tab', { name: 'Hosted linking' });
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    expect((await page.locator(':focus').textContent())?.trim()).toBe('Hosted linking');
    const panel = page.getByRole('tabpanel', { name: 'Hosted linking' });
    await expect.poll(() => page.getByRole('button', { name: 'Create customer' }).isVisible()).toBe(false);

    await panel.getByRole('button', { name: 'Create profile' }).click();
    await panel.getByText(/^Profile \S+$/).waitFor();

    await panel.getByRole('button', { name: 'Link a bank' }).click();
    const link = await linkFrame(page);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await logIn(link);
    await link.getByRole('checkbox', { name: /Plaid Checking/ }).check();
    await link.getByRole('checkbox', { name: /Plaid Saving/ }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByText('Success').waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();

    const item = panel.locator('[data-plaid-item]');
    await item.getByText('First Platypus Bank').waitFor();
    await item.getByText('Login OK').waitFor();
    const accounts = item.getByRole('listitem');
    await expect
      .poll(() => accounts.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Checking ••0000 · Routing 011401533\s+Open$/),
        expect.stringMatching(/^Savings ••1111 · Routing 011401533\s+Open$/),
      ]);
    await screenshot(page, 'demo-hosted-linked');

    await item.getByRole('button', { name: 'Break login' }).click();
    await item.getByText('Login required').waitFor({ timeout: 10_000 });
    await screenshot(page, 'demo-hosted-broken');

    // The flag clears after the repair: update mode goes straight to the bank login.
    await item.getByRole('button', { name: 'Repair login' }).click();
    const repair = await linkFrame(page);
    await logIn(repair);
    await repair.getByText('reconnected').waitFor();
    await repair.getByRole('button', { name: 'Continue' }).click();
    await item.getByText('Login OK').waitFor({ timeout: 10_000 });
    expect(await item.getByText('Login required').count()).toBe(0);

    // Update mode with the account select: both accounts start ticked; the user keeps savings.
    await item.getByRole('button', { name: 'Change accounts' }).click();
    const change = await linkFrame(page);
    await logIn(change);
    const checking = change.getByRole('checkbox', { name: /Plaid Checking/ });
    expect(await checking.isChecked()).toBe(true);
    await checking.uncheck();
    expect(await change.getByRole('checkbox', { name: /Plaid Saving/ }).isChecked()).toBe(true);
    await change.getByRole('button', { name: 'Continue' }).click();
    await change.getByText('Success').waitFor();
    await change.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => accounts.allInnerTexts())
      .toEqual([expect.stringMatching(/^Savings ••1111 · Routing 011401533\s+Open$/)]);
    await item.getByText('Login OK').waitFor();
    await expect.poll(() => panel.getByRole('alert').isVisible()).toBe(false);
    await screenshot(page, 'demo-hosted-changed');

    // Nothing secret reached the browser.
    const html = await page.content();
    expect(html).not.toMatch(/public-sandbox-|access-sandbox-|lpsk_/);
    await page.close();
  }, 90_000);

  it("shows Linkport's error message in the page", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(`${server.url}/demo`);
    await page.getByRole('tab', { name: 'Hosted linking' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Hosted linking' });
    await panel.getByRole('button', { name: 'Create profile' }).click();
    await panel.getByText(/^Profile \S+$/).waitFor();
    // The profile goes away behind the page's back (another tab, another device): Linkport says so.
    await page.route('**/demo/api/hosted/link_token', (route) =>
      route.continue({ postData: JSON.stringify({ profile_id: 'no-such-profile' }) }),
    );
    await panel.getByRole('button', { name: 'Link a bank' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toBe('Profile not found.');

    // The processor tab shows its errors too: a customer whose card account is gone.
    await page.getByRole('tab', { name: 'Processor tokens' }).click();
    const processor = page.getByRole('tabpanel', { name: 'Processor tokens' });
    await processor.getByRole('button', { name: 'Create customer' }).click();
    await processor.getByText(/^Customer .* with card account/).waitFor();
    await page.route('**/demo/api/accounts/*/external_accounts*', (route) =>
      route.continue({ url: `${server.url}/demo/api/accounts/no-such-account/external_accounts?full=false` }),
    );
    await processor.getByRole('button', { name: 'Link a bank account' }).click();
    await expect.poll(() => processor.getByRole('alert').textContent()).toBe('Account not found.');
    await page.close();
  }, 30_000);

  it("answers the hosted routes' bad input with a 400 naming the field", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/demo/api/hosted${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const cases: [string, unknown, string][] = [
      ['/profiles', { last_name: 'Charleson' }, 'first_name'],
      [
        '/items',
        { profile_id: 'p', public_token: 't', institution: { name: 'x' }, account_ids: ['a'] },
        'institution.institution_id',
      ],
      ['/items/some-item/link_token', { select_accounts: 'maybe' }, 'select_accounts'],
    ];
    for (const [path, body, field] of cases) {
      const response = await post(path, body);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { Message: string }).Message).toContain(field);
    }
  });
});
