import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Internal product-document numbers ("seed 003") mean nothing to a brand reading Linkport's text. */
const INTERNAL_REFERENCE = /\bseeds? ?0\d\d\b/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Lines of TypeScript that are code, not comments: where error messages and OpenAPI text live. */
function codeLines(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'));
}

describe('user-facing text', () => {
  it('names the APIs by what they are, never by internal document numbers', () => {
    const documents = ['README.md', 'src/sandbox/README.md', 'docs/openapi.json', ...filesUnder('web')];
    const offenders = documents.filter((file) => INTERNAL_REFERENCE.test(readFileSync(file, 'utf8')));
    const sources = filesUnder('src').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    for (const file of sources) {
      const hit = codeLines(readFileSync(file, 'utf8')).find((line) => INTERNAL_REFERENCE.test(line));
      if (hit) offenders.push(`${file}: ${hit.trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});
