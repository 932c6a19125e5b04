import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The Link front end's files (web/link), at Plaid's paths. Read once; they are small. */
const ASSETS: Record<string, string> = {
  'link-initialize.js': 'text/javascript; charset=utf-8',
  'link.html': 'text/html; charset=utf-8',
  'link.js': 'text/javascript; charset=utf-8',
  'link.css': 'text/css; charset=utf-8',
};

const WEB_DIR = new URL('../../web/link/', import.meta.url);

export function registerLinkAssets(app: FastifyInstance): void {
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(name, WEB_DIR), 'utf8');
    app.get(`/link/v2/stable/${name}`, (_request, reply) => {
      void reply.type(type).header('cache-control', 'no-cache').send(body);
    });
  }
  const bank = readFileSync(new URL('oauth.html', WEB_DIR), 'utf8');
  // The bank's own OAuth page, reached from Link's OAUTH screen.
  app.get('/link/oauth/authorize', (_request, reply) => {
    void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(bank);
  });
}
