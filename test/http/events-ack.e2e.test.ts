// Acknowledging the outbox over HTTP (memory and PGlite): a consumer's cursor moves up to the
// newest event and no further; a cursor past it is 400 VALIDATION_FAILED naming `cursor`, and
// the consumer's position stays where it was.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { pgliteStores } from '../postgres/pglite-store.js';
import { keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);
const pglite = pgliteStores('ack');
const admin = keys.admin.key;

describe.each<[string, () => Store | Promise<Store>]>([
  ['memory', () => createMemoryStore()],
  ['PGlite', pglite],
])('POST /v1/events/ack (%s store)', (_name, openStore) => {
  it('refuses a cursor past the newest event, writing nothing; the newest itself is fine', async () => {
    const { client, engine } = await startShop(await openStore());
    const ack = (cursor: string, key: string) => client.call('POST', '/v1/events/ack', { key: admin, idempotencyKey: key, body: { consumer: 'crm', cursor } });
    // an empty outbox: only 0 (the start) can be acknowledged
    expect((await ack('0', 'a0')).status).toBe(200);
    const early = await ack('1', 'a1');
    expect([early.status, early.headers.get('content-type'), early.body.code, early.body.details.issues]).toEqual([
      400, 'application/problem+json', 'VALIDATION_FAILED', [{ path: 'cursor', message: 'is past the newest event: acknowledge a cursor that events.read returned' }],
    ]);

    // three adjustments: three points.adjusted events, cursors 1, 2, 3
    for (let i = 1; i <= 3; i++) await engine.adjustPoints('c1', { points: i, reason: 'seed', actor: 'test' }, { idempotencyKey: `s${i}` });
    expect((await ack('2', 'a2')).body).toEqual({ consumer: 'crm', cursor: '2' });
    for (const cursor of ['4', '1000', '999999999999999']) {
      const r = await ack(cursor, `past-${cursor}`);
      expect([cursor, r.status, r.body.code, r.body.details.issues[0].path]).toEqual([cursor, 400, 'VALIDATION_FAILED', 'cursor']);
    }
    // nothing written: the consumer still continues after 2
    const next = await client.call('GET', '/v1/events?consumer=crm', { key: admin });
    expect(next.body.events.map((e: { cursor: string; payload: { points: number } }) => [e.cursor, e.payload.points])).toEqual([['3', 3]]);
    expect((await ack('3', 'a3')).status).toBe(200);
    expect((await client.call('GET', '/v1/events?consumer=crm', { key: admin })).body.events).toEqual([]);
  });
});
