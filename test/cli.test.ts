import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkportSync, spawnLinkport } from './support/cli.js';
import { exitCode } from './support/processes.js';
import { freePort } from './support/net.js';
import { startLinkport } from './support/running.js';
import { CountryCode, Products } from 'plaid';
import { plaidClient } from '../src/sandbox/sandbox.test-helper.js';
import { openStore } from '../src/store/db.js';

function linkport(args: string[], dataDir: string) {
  return linkportSync([...args, '--data-dir', dataDir]);
}

function startSandboxProcess(dataDir: string, port: number) {
  return spawnLinkport(
    ['sandbox', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn'],
    'PLAID-SECRET:',
  );
}

/** The sandbox URL and credentials the start banner prints, as a brand would copy them. */
function sandboxFromBanner(output: string) {
  const url = /Plaid sandbox:\s+(\S+)/.exec(output)?.[1] ?? '';
  const clientId = /PLAID-CLIENT-ID: (\S+)/.exec(output)?.[1] ?? '';
  const secret = /PLAID-SECRET:\s+(\S+)/.exec(output)?.[1] ?? '';
  return { url, client: plaidClient(url, { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret }) };
}

/** Each test starts the CLI from the TypeScript sources, several times: slow on a loaded machine. */
describe('linkport CLI', { timeout: 180_000 }, () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('brands create prints credentials once and stores only a hash of the secret', () => {
    const result = linkport(['brands', 'create', '--name', 'Acme'], dataDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Created brand "Acme"');
    const secret = /Authorization: (\S+)/.exec(result.stdout)?.[1] ?? '';
    expect(secret).toMatch(/^lpsk_/);
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('linkport.db'))) {
      expect(readFileSync(path.join(dataDir, file)).includes(secret.slice(5))).toBe(false);
    }
    const list = linkport(['brands', 'list'], dataDir);
    expect(list.stdout).toContain('Acme');
  });

  it('brands enable-integration plaid turns the integration on, and names an unknown brand', () => {
    const created = linkport(['brands', 'create', '--name', 'Acme', '--json'], dataDir);
    const brandId = (JSON.parse(created.stdout) as { brand_id: string }).brand_id;
    const enabled = linkport(['brands', 'enable-integration', 'plaid', '--brand', brandId], dataDir);
    expect(enabled.status).toBe(0);
    expect(enabled.stdout).toContain(`Plaid integration enabled for brand ${brandId}`);
    const unknown = linkport(['brands', 'enable-integration', 'plaid', '--brand', 'nope'], dataDir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no brand nope');
    const wrong = linkport(['brands', 'enable-integration', 'stripe', '--brand', brandId], dataDir);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown integration "stripe"');
  });

  it("brands keys create, list and revoke manage a brand's keys, the secret shown once", () => {
    const created = linkport(['brands', 'create', '--name', 'Acme', '--json'], dataDir);
    const brandId = (JSON.parse(created.stdout) as { brand_id: string }).brand_id;
    const made = linkport(
      [
        'brands',
        'keys',
        'create',
        '--brand',
        brandId,
        '--name',
        'CI',
        '--scopes',
        'links,transfers',
        '--json',
      ],
      dataDir,
    );
    expect(made.status).toBe(0);
    const key = JSON.parse(made.stdout) as { api_key_id: string; secret: string };
    expect(key.secret).toMatch(/^lpsk_/);
    const listed = linkport(['brands', 'keys', 'list', '--brand', brandId], dataDir);
    expect(listed.stdout).toContain('Initial key');
    expect(listed.stdout).toContain(`${key.api_key_id}  CI  links,transfers  active`);
    expect(listed.stdout).not.toContain(key.secret);
    const revoked = linkport(['brands', 'keys', 'revoke', key.api_key_id, '--brand', brandId], dataDir);
    expect(revoked.status).toBe(0);
    expect(linkport(['brands', 'keys', 'list', '--brand', brandId], dataDir).stdout).toMatch(/CI .* revoked/);
    const bad = linkport(
      ['brands', 'keys', 'create', '--brand', brandId, '--name', 'X', '--scopes', 'money'],
      dataDir,
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--scopes');
  });

  it('brands allow-redirect registers a redirect URI or Android package, refusing a bad URI', async () => {
    const created = linkport(['brands', 'create', '--name', 'Acme', '--json'], dataDir);
    const brandId = (JSON.parse(created.stdout) as { brand_id: string }).brand_id;
    const web = linkport(
      ['brands', 'allow-redirect', '--brand', brandId, 'https://app.example.com/oauth'],
      dataDir,
    );
    expect(web.status).toBe(0);
    expect(web.stdout).toContain('may now open Link with redirect_uri https://app.example.com/oauth');
    const android = linkport(
      ['brands', 'allow-redirect', '--android', '--brand', brandId, 'com.example.app'],
      dataDir,
    );
    expect(android.stdout).toContain('android_package_name com.example.app');
    const query = linkport(
      ['brands', 'allow-redirect', '--brand', brandId, 'https://app.example.com/oauth?x=1'],
      dataDir,
    );
    expect(query.status).toBe(1);
    expect(query.stderr).toContain('redirect_uri: must be an https URL');
    const unknown = linkport(
      ['brands', 'allow-redirect', '--brand', 'nope', 'https://app.example.com/oauth'],
      dataDir,
    );
    expect(unknown.stderr).toContain('no brand nope');
    const store = await openStore({ kind: 'sqlite', file: path.join(dataDir, 'linkport.db') });
    try {
      const rows = await store.db
        .selectFrom('brand_redirects')
        .select(['kind', 'value'])
        .orderBy('kind')
        .execute();
      expect(rows).toEqual([
        { kind: 'android_package_name', value: 'com.example.app' },
        { kind: 'redirect_uri', value: 'https://app.example.com/oauth' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('sandbox keeps its state across a restart with the same data directory', async () => {
    const port = await freePort();
    const first = startSandboxProcess(dataDir, port);
    const { client } = sandboxFromBanner(await first.ready);
    const { data: pt } = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: exchanged } = await client.itemPublicTokenExchange({ public_token: pt.public_token });
    const before = await client.accountsGet({ access_token: exchanged.access_token });
    first.child.kill('SIGTERM');
    expect(await exitCode(first.child)).toBe(0);

    const second = startSandboxProcess(dataDir, port);
    const again = sandboxFromBanner(await second.ready);
    const after = await again.client.accountsGet({ access_token: exchanged.access_token });
    expect(after.data.accounts.map((a) => a.account_id)).toEqual(
      before.data.accounts.map((a) => a.account_id),
    );
    second.child.kill('SIGTERM');
    expect(await exitCode(second.child)).toBe(0);
  });

  it('migrate brings an empty database up to date, then has nothing to do', () => {
    expect(linkport(['migrate'], dataDir).stdout).toContain('Applied 0001_foundation');
    expect(linkport(['migrate'], dataDir).stdout).toContain('is up to date');
  });

  it('start creates a demo brand on first run, serves the API, and drains to exit 0 on SIGTERM', async () => {
    const first = await startLinkport(dataDir);
    const url = first.url;
    expect(first.output()).toContain('Created a demo brand');
    expect(first.output()).toContain(`${url}/docs`);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const sandbox = sandboxFromBanner(first.output());
    const institution = await sandbox.client.institutionsGetById({
      institution_id: 'ins_109508',
      country_codes: [CountryCode.Us],
    });
    expect(institution.data.institution.name).toBe('First Platypus Bank');

    const demo = JSON.parse(readFileSync(path.join(dataDir, 'demo-brand.json'), 'utf8')) as {
      identity: string;
      secret: string;
      webhook_endpoint_id: string;
      webhook_secret: string;
    };
    // The demo brand's backend is its own webhook endpoint, its secret kept beside its credentials.
    const endpoints = async (at: string) =>
      (
        (await (
          await fetch(`${at}/api/v0.1/webhook_endpoints`, {
            headers: { identity: demo.identity, authorization: demo.secret },
          })
        ).json()) as { data: { id: string; url: string }[] }
      ).data;
    expect(await endpoints(url)).toEqual([
      expect.objectContaining({ id: demo.webhook_endpoint_id, url: `${url}/demo/webhooks` }),
    ]);
    expect(demo.webhook_secret).toMatch(/^whsec_/);
    const created = await fetch(`${url}/api/v0.1/customers`, {
      method: 'POST',
      headers: { identity: demo.identity, authorization: demo.secret, 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' }),
    });
    expect(created.status).toBe(201);

    first.child.kill('SIGTERM');
    expect(await exitCode(first.child)).toBe(0);
    expect(existsSync(path.join(dataDir, 'master.key'))).toBe(true);

    const second = await startLinkport(dataDir);
    const moved = second.url;
    expect(second.output()).not.toContain('Created a demo brand');
    // On another port, the same endpoint follows it.
    expect(await endpoints(moved)).toEqual([
      expect.objectContaining({ id: demo.webhook_endpoint_id, url: `${moved}/demo/webhooks` }),
    ]);
    second.child.kill('SIGTERM');
    expect(await exitCode(second.child)).toBe(0);
  });
});
