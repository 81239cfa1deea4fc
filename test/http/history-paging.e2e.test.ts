// The history endpoint pages through the store (memory and PGlite): 120 entries by 50 are
// 50, 50, 20, every entry once and in order; bad paging parameters are 400 naming them.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { pgliteStores } from '../postgres/pglite-store.js';
import { keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);
const pglite = pgliteStores('history');

describe.each<[string, () => Store | Promise<Store>]>([
  ['memory', () => createMemoryStore()],
  ['PGlite', pglite],
])('GET /v1/customers/{id}/history (%s store)', (_name, openStore) => {
  it('120 entries paged by 50: 50, 50, 20, each once and in order; `next` only while more follow', async () => {
    const { client, engine } = await startShop(await openStore());
    // adjustments of 1, 2, …, 120 points: the entries' points name their order
    for (let i = 1; i <= 120; i++) await engine.adjustPoints('c1', { points: i, reason: `seed ${i}`, actor: 'test' }, { idempotencyKey: `seed-${i}` });

    const sizes: number[] = [];
    const nexts: Array<string | undefined> = [];
    const points: number[] = [];
    let after: string | undefined;
    do {
      const r = await client.call('GET', `/v1/customers/c1/history?limit=50${after === undefined ? '' : `&after=${after}`}`);
      expect(r.status).toBe(200);
      sizes.push(r.body.entries.length);
      nexts.push(r.body.next);
      points.push(...r.body.entries.map((e: { points: number }) => e.points));
      after = r.body.next;
    } while (after !== undefined && sizes.length < 10);
    expect(sizes).toEqual([50, 50, 20]);
    expect(nexts).toEqual(['50', '100', undefined]);
    expect(points).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));

    // the default page is 100; a known customer read past the end gets an empty page
    expect((await client.call('GET', '/v1/customers/c1/history')).body.entries).toHaveLength(100);
    expect((await client.call('GET', '/v1/customers/c1/history?after=500')).body).toEqual({ entries: [] });
    // an unknown customer stays 404, at the start and past it
    for (const path of ['/v1/customers/c9/history', '/v1/customers/c9/history?after=50']) {
      const r = await client.call('GET', path);
      expect([r.status, r.body.code, r.body.details]).toEqual([404, 'NOT_FOUND', { path: 'customerId' }]);
    }
  });

  it('a bad limit or after: 400 VALIDATION_FAILED as problem+json naming the parameter', async () => {
    const { client, engine } = await startShop(await openStore());
    await engine.adjustPoints('c1', { points: 5, reason: 'seed', actor: 'test' }, { idempotencyKey: 'seed' });
    for (const [query, path] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=ten', 'limit'], ['limit=2.5', 'limit'], ['after=-1', 'after'], ['after=abc', 'after'], ['after=01', 'after']] as const) {
      const r = await client.call('GET', `/v1/customers/c1/history?${query}`, { key: keys.reader.key });
      expect([query, r.status, r.headers.get('content-type'), r.body.code]).toEqual([query, 400, 'application/problem+json', 'VALIDATION_FAILED']);
      expect(r.body.details.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    }
  });
});

describe('engine.historyPage', () => {
  it('reads the store a page at a time; a bad after or limit is VALIDATION_FAILED naming it', async () => {
    const { engine } = await startShop(createMemoryStore());
    for (let i = 1; i <= 3; i++) await engine.adjustPoints('c1', { points: i, reason: 'seed', actor: 'test' }, { idempotencyKey: `s${i}` });
    const first = await engine.historyPage('c1', { limit: 2 });
    expect([first.entries.map((e) => e.points), first.next]).toEqual([[1, 2], 2]);
    const last = await engine.historyPage('c1', { after: 2, limit: 2 });
    expect([last.entries.map((e) => e.points), last.next]).toEqual([[3], undefined]);
    expect(await engine.historyPage('nobody')).toEqual({ entries: [] });
    await expect(engine.historyPage('c1', { limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'limit' }] } });
    await expect(engine.historyPage('c1', { after: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'after' }] } });
  });
});
