// Writes the JSON Schema of every public input and definition into schemas/<Name>.schema.json
// (published with the package as `fidelis/schemas/<Name>.schema.json`).
// `npm run schemas` regenerates them; test/core/json-schemas.test.ts fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedSchemas, renderJsonSchema } from './published-schemas.js';

const dir = fileURLToPath(new URL('../schemas/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(publishedSchemas)) {
  writeFileSync(`${dir}${name}.schema.json`, renderJsonSchema(name, schema));
  console.log(`schemas/${name}.schema.json`);
}
