import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plaidClient } from '../src/sandbox/sandbox.test-helper.js';
import { freePort } from './support/net.js';
import { cleanEnv, type LongRunning, spawnUntil, stopGroup } from './support/processes.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const nodeTypes = path.join(repoRoot, 'node_modules', '@types');

async function run(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(command, args, {
      cwd,
      env: cleanEnv,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`.slice(-4000));
  }
}

/** A brand's own code, type-checked against the installed package and then run. */
const BRAND_CODE = `import { createLinkportClient, type LinkportError } from 'linkport/client';

const [baseUrl = '', identity = '', secret = ''] = process.argv.slice(2);
const linkport = createLinkportClient({ baseUrl, identity, secret });
const created = await linkport.POST('/api/v0.1/customers', {
  body: { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' },
});
if (!created.data) throw new Error(created.error.Message);
const read = await linkport.GET('/api/v0.1/customers/{customer_id}', {
  params: { path: { customer_id: created.data.customer_id } },
});
const missing: LinkportError | undefined = (
  await linkport.GET('/api/v0.1/customers/{customer_id}', { params: { path: { customer_id: 'nope' } } })
).error;
// The paths are typed, not any: an unknown one does not compile.
// @ts-expect-error
export const unknownPath = () => linkport.GET('/api/v0.1/no_such_path');
console.log(JSON.stringify({ read: read.data?.first_name, missing: missing?.Code }));
`;

/**
 * The package as a brand gets it: the committed HEAD cloned, packed the way `npm publish` packs it
 * (prepack builds), the tarball installed into an empty folder, then `npx linkport …` from there.
 * Slow (two installs, one compiling better-sqlite3), so it runs when TEST_PACK is set, as CI does.
 */
describe.skipIf(!process.env.TEST_PACK)('the npm package, installed from its tarball', () => {
  let work: string;
  let tarball: string;
  let brand: string;
  const running: LongRunning[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'linkport-pack-'));
    const clone = path.join(work, 'clone');
    const head = (await run('git', ['rev-parse', 'HEAD'], repoRoot)).trim();
    await run('git', ['clone', '--quiet', '--no-checkout', repoRoot, clone], work);
    await run('git', ['checkout', '--quiet', head], clone);
    // The build needs only the compiler: skip the dependencies' install scripts (better-sqlite3's
    // native build). The tarball is the same; npm pack still runs prepack.
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], clone);
    await run('npm', ['pack', '--pack-destination', work], clone);
    tarball = path.join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) ?? 'no tarball');

    brand = path.join(work, 'brand');
    mkdirSync(brand);
    writeFileSync(
      path.join(brand, 'package.json'),
      JSON.stringify({ name: 'brand-ci', private: true, type: 'module' }),
    );
    await run('npm', ['install', '--no-audit', '--no-fund', tarball], brand);
  }, 600_000);

  /** `npx linkport …` in the brand's folder, as its CI runs it; ready once the banner is printed. */
  const npxLinkport = (args: string[]) => {
    const started = spawnUntil('npx', ['linkport', ...args, '--log-level', 'warn'], 'PLAID-SECRET:', {
      cwd: brand,
      detached: true,
    });
    running.push(started);
    return started;
  };

  afterAll(async () => {
    for (const { child } of running) await stopGroup(child, 'SIGKILL');
    if (work) rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('holds the built code, the web assets and an executable bin, and nothing else', async () => {
    const listing = (await run('tar', ['-tvzf', tarball], work)).trim().split('\n');
    const modes = new Map(listing.map((line) => [line.split(/\s+/).at(-1) ?? '', line.slice(0, 10)]));
    const files = [...modes.keys()];
    expect(files).toEqual(
      expect.arrayContaining([
        'package/package.json',
        'package/README.md',
        'package/dist/main.js',
        'package/dist/client/index.js',
        'package/dist/client/index.d.ts',
        'package/dist/client/schema.d.ts',
        'package/web/link/link-initialize.js',
        'package/web/demo/index.html',
      ]),
    );
    const unwanted = [
      /\.(test|test-helper)\./,
      /\.map$/,
      /^package\/dist\/(?!client\/).*\.d\.ts$/,
      /^package\/(src|test|bench|scripts|docs)\//,
    ];
    expect(files.filter((f) => unwanted.some((pattern) => pattern.test(f)))).toEqual([]);
    expect(modes.get('package/dist/main.js')).toMatch(/^-rwx/);
    const bin = await run('tar', ['-xzOf', tarball, 'package/dist/main.js'], work);
    expect(bin.split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('npx linkport sandbox answers the official plaid client', async () => {
    const port = await freePort();
    const dataDir = path.join(work, 'sandbox-data');
    const sandbox = npxLinkport(['sandbox', '--port', String(port), '--data-dir', dataDir]);
    await sandbox.ready;
    const keys = JSON.parse(readFileSync(path.join(dataDir, 'sandbox-client.json'), 'utf8')) as {
      client_id: string;
      secret: string;
    };
    const url = `http://127.0.0.1:${port}`;
    const plaid = plaidClient(url, { 'PLAID-CLIENT-ID': keys.client_id, 'PLAID-SECRET': keys.secret });

    const { data: created } = await plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: item } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
    const { data: auth } = await plaid.authGet({ access_token: item.access_token });
    expect(auth.item.institution_id).toBe('ins_109508');
    expect(auth.accounts.length).toBeGreaterThan(0);
    expect(auth.numbers.ach.length).toBeGreaterThan(0);
    expect(auth.numbers.ach[0]).toMatchObject({ account: expect.stringMatching(/^\d+$/) as string });

    const script = await fetch(`${url}/link/v2/stable/link-initialize.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('Plaid');

    expect(await stopGroup(sandbox.child)).toBe(true);
  }, 120_000);

  it('npx linkport start serves the API and the demo, and linkport/client is typed and works', async () => {
    const [port, sandboxPort] = [await freePort(), await freePort()];
    const dataDir = path.join(work, 'start-data');
    const args = ['--port', String(port), '--sandbox-port', String(sandboxPort), '--data-dir', dataDir];
    const linkport = npxLinkport(['start', ...args]);
    await linkport.ready;
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/demo`)).status).toBe(200);
    expect((await fetch(`${url}/docs/`)).status).toBe(200);

    writeFileSync(path.join(brand, 'brand.ts'), BRAND_CODE);
    const compilerFlags = ['--strict', '--target', 'es2023', '--module', 'nodenext', '--outDir', 'out'];
    await run(
      process.execPath,
      [tsc, ...compilerFlags, '--typeRoots', nodeTypes, '--types', 'node', 'brand.ts'],
      brand,
    );
    const demo = JSON.parse(readFileSync(path.join(dataDir, 'demo-brand.json'), 'utf8')) as {
      identity: string;
      secret: string;
    };
    const printed = await run(process.execPath, ['out/brand.js', url, demo.identity, demo.secret], brand);
    expect(JSON.parse(printed)).toEqual({ read: 'Ada', missing: 'not_found' });

    expect(await stopGroup(linkport.child)).toBe(true);
  }, 120_000);
});
