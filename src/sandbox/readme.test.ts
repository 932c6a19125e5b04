import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ENDPOINTS } from './app.js';
import { SERVED_PRODUCTS } from './data/products.js';

/** The sandbox's README is what a brand reads to know what it may call: it must list what is served. */
const sandboxReadme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
const mainReadme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}`);
  expect(start, `section "${heading}"`).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf('\n## ', start + 3);
  return markdown.slice(start, next === -1 ? undefined : next);
}

/** Backticked values of the first column of a markdown table. */
function firstColumn(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
}

describe('the sandbox README', () => {
  it('lists every endpoint the sandbox serves, and nothing it does not', () => {
    const listed = new Set(firstColumn(section(sandboxReadme, 'Endpoints served today')));
    const linkFlow = new Set(firstColumn(section(sandboxReadme, 'The Link flow')));
    const served = SANDBOX_ENDPOINTS.map((e) => e.path);
    const api = SANDBOX_ENDPOINTS.filter((e) => e.auth !== 'link_token').map((e) => e.path);
    expect(api.filter((path) => !listed.has(path))).toEqual([]);
    expect([...listed].filter((path) => !served.includes(path))).toEqual([]);
    const front = SANDBOX_ENDPOINTS.filter((e) => e.auth === 'link_token').map((e) => e.path);
    expect(front.filter((path) => !linkFlow.has(path))).toEqual([]);
  });

  it('names the products it serves', () => {
    const intro = section(sandboxReadme, 'Endpoints served today').split('\n\n')[1] ?? '';
    const named = [...intro.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    for (const product of SERVED_PRODUCTS) expect(named).toContain(product);
  });

  it('and the main README name the same sandbox users', () => {
    const users = (text: string) => new Set([...text.matchAll(/`(user_[a-z_]+)`/g)].map((m) => m[1]));
    const table = users(section(sandboxReadme, 'Sandbox users and institutions'));
    const summary = users(section(mainReadme, 'The built-in Plaid sandbox'));
    expect([...summary].sort()).toEqual([...table].sort());
  });
});
