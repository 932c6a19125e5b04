import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_DOCUMENT_PATH, renderOpenApiDocument } from './openapi-document.js';

describe('docs/openapi.json', () => {
  it('matches the document generated from the routes (run `npm run openapi` after changing a route)', async () => {
    expect(readFileSync(OPENAPI_DOCUMENT_PATH, 'utf8')).toBe(await renderOpenApiDocument());
  });

  it('documents the error body and the brand credentials on brand routes', async () => {
    const doc = JSON.parse(await renderOpenApiDocument()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.components.schemas.Error?.properties ?? {})).toEqual([
      'Message',
      'Status',
      'Code',
      'Type',
      'RequestId',
      'Scope',
    ]);
    const create = doc.paths['/api/v0.1/customers']?.post;
    expect(create?.security).toEqual([{ Identity: [], Authorization: [] }]);
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '401', '403']),
    );
  });
});
