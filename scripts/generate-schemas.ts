// Writes the JSON Schema of every public input and definition into schemas/<Name>.schema.json
// (published with the package as `fidelis/schemas/<Name>.schema.json`).
// Also writes the HTTP service's OpenAPI 3.1 document, schemas/openapi.json (built from the same
// zod schemas). `npm run schemas` regenerates them; test/core/json-schemas.test.ts and
// test/http/openapi.test.ts fail when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocumentText } from '../src/http/openapi-document.js';
import { publishedSchemas, renderJsonSchema } from './published-schemas.js';

const dir = fileURLToPath(new URL('../schemas/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(publishedSchemas)) {
  writeFileSync(`${dir}${name}.schema.json`, renderJsonSchema(name, schema));
  console.log(`schemas/${name}.schema.json`);
}
writeFileSync(`${dir}openapi.json`, openApiDocumentText());
console.log('schemas/openapi.json');
