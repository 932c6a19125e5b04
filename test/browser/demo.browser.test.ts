import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaidGateway } from '../../src/plaid/client/plaid-gateway.js';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from '../../src/sandbox/sandbox.test-helper.js';
import { startWebhookDelivery } from '../../src/sandbox/webhooks.js';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../support/app.js';
import { testDatabases } from '../support/databases.js';
import { hasChromium, launchChromium, screenshot } from './chromium.js';

const [sqlite] = testDatabases;

/** The demo brand app at /demo, clicked through as a newcomer would: link, reveal, break, repair, remove. */
describe.skipIf(!hasChromium || !sqlite)('the demo brand app in Chromium', () => {
  let sandbox: SandboxHarness;
  let server: TestServer;
  let browser: Browser;
  let stopDelivery: () => Promise<void>;
  const brand = { identity: '', secret: '' };

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
        },
      },
    });
    const created = await server.createBrand('Demo Brand');
    brand.identity = created.headers.identity ?? '';
    brand.secret = created.headers.authorization ?? '';
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
    await server?.close();
    await sandbox?.close();
  });

  it('links, lists, reveals, breaks, repairs and removes an account', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(`${server.url}/demo`);
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText(/^Customer .* with card account/).waitFor();

    await page.getByRole('button', { name: 'Link a bank account' }).click();
    const link = await (await page.waitForSelector('iframe[title="Plaid Link"]')).contentFrame();
    if (!link) throw new Error('no Link frame');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await link.getByLabel('Username').fill('user_good');
    await link.getByLabel('Password').fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByText('Success').waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();

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

    await row.getByRole('button', { name: 'Repair' }).click();
    const repair = await (await page.waitForSelector('iframe[title="Plaid Link"]')).contentFrame();
    if (!repair) throw new Error('no Link frame');
    await repair.getByLabel('Username').fill('user_good');
    await repair.getByLabel('Password').fill('pass_good');
    await repair.getByRole('button', { name: 'Submit' }).click();
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
  });
});
