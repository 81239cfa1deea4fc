// The OpenAPI document: the committed schemas/openapi.json is what the code generates (run
// `npm run schemas` when this fails), and the service serves the same document.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openApiDocumentText } from '../../src/http/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { startShop, stopShops } from './fixtures.js';

afterEach(stopShops);

describe('the OpenAPI document', () => {
  const generated = openApiDocumentText();

  it('schemas/openapi.json is up to date (run npm run schemas)', () => {
    expect(readFileSync(new URL('../../schemas/openapi.json', import.meta.url), 'utf8')).toBe(generated);
  });

  it('describes every endpoint with its body from the domain schemas and the problem responses', () => {
    const doc = JSON.parse(generated);
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/v1/orders'].post;
    expect(post.requestBody.content['application/json'].schema.properties.order).toEqual({ $ref: '#/components/schemas/Order' });
    expect(doc.components.schemas.Order.properties.lines.items.properties.quantity).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    expect(post.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['header:Idempotency-Key']);
    expect(post.responses['409'] ?? post.responses['400']).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/webhooks', '/v1/checkouts/{checkoutId}/reservation', '/v1/events']));
  });

  it('the service serves the document without the webhooks it has no dispatcher for', async () => {
    const { client } = await startShop(createMemoryStore());
    const served = (await client.call('GET', '/openapi.json', { key: null })).body;
    const committed = JSON.parse(generated);
    expect(Object.keys(served.paths)).toEqual(Object.keys(committed.paths).filter((p) => !p.startsWith('/v1/webhooks')));
  });
});
