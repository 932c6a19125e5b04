/** Writes docs/openapi.json from the routes, or with --check fails when the committed copy is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { OPENAPI_DOCUMENT_PATH, renderOpenApiDocument } from '../src/api/openapi-document.js';

const document = await renderOpenApiDocument();
if (process.argv.includes('--check')) {
  const committed = readFileSync(OPENAPI_DOCUMENT_PATH, 'utf8');
  if (committed !== document) {
    console.error(`${OPENAPI_DOCUMENT_PATH} is out of date: run npm run openapi and commit the result.`);
    process.exit(1);
  }
  console.log(`${OPENAPI_DOCUMENT_PATH} is up to date.`);
} else {
  writeFileSync(OPENAPI_DOCUMENT_PATH, document);
  console.log(`Wrote ${OPENAPI_DOCUMENT_PATH}.`);
}
