import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG, EVENT_TYPES } from '../src/domain/events/catalog.js';
import { RETRY_DELAYS_MS } from '../src/webhooks/schedule.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's table of webhook event types: type → its example `data`. */
function exampleRows(): Map<string, unknown> {
  const rows = new Map<string, unknown>();
  for (const match of readme.matchAll(/^\| `([a-z_.-]+)` +\| [^|]+\| `(\{.*\})` +\|$/gm))
    rows.set(match[1] ?? '', JSON.parse(match[2] ?? 'null'));
  return rows;
}

function spoken(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  return `${ms / 3_600_000} h`;
}

describe("the README's webhooks section", () => {
  it('lists every event type with an example body its schema accepts', () => {
    const rows = exampleRows();
    expect([...rows.keys()].sort()).toEqual([...EVENT_TYPES].sort());
    for (const [type, data] of rows) {
      const parsed = EVENT_CATALOG[type as keyof typeof EVENT_CATALOG].data.safeParse(data);
      expect(parsed.success, `${type}: ${parsed.error?.message ?? ''}`).toBe(true);
    }
  });

  it('gives the retry schedule the sender follows', () => {
    const delays = RETRY_DELAYS_MS.map(spoken);
    const listed = `${delays.slice(0, -1).join(', ')} and ${delays.at(-1) ?? ''}`;
    expect(readme.replace(/\s+/g, ' ')).toContain(`retried after ${listed}`);
  });
});
