// A shop's checkout over real HTTP, on the memory store and on PGlite: a code issued, a cart
// evaluated with it, its usage reserved and committed, the order recorded, part of it returned;
// a retried request with the same Idempotency-Key. Amounts by hand in the comments.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { pgliteStores } from '../postgres/pglite-store.js';
import { cart, customer, discountedOrder, keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);
const pglite = pgliteStores('http');

const order = discountedOrder;

describe.each<[string, () => Store | Promise<Store>]>([
  ['memory', () => createMemoryStore()],
  ['PGlite', pglite],
])('a checkout over HTTP (%s store)', (_name, openStore) => {
  it('a coupon, an order and a partial return', async () => {
    const { client } = await startShop(await openStore());
    const issued = await client.call('POST', '/v1/promotions/five-off/codes', { key: keys.admin.key, idempotencyKey: 'batch-1', body: { count: 1, pattern: '####-####' } });
    expect(issued.status).toBe(200);
    const [code] = issued.body.codes as string[];
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // 2 × 10.00 + 30.00 = 50.00, 5.00 off split 20:30 → 2.00 and 3.00, total 45.00
    const evaluated = await client.call('POST', '/v1/checkouts/evaluate', { body: { cart, codes: [` ${code!.toLowerCase()} `], customer } });
    expect(evaluated.status).toBe(200);
    expect([evaluated.body.subtotal, evaluated.body.discount, evaluated.body.total]).toEqual(['50.00', '5.00', '45.00']);
    expect(evaluated.body.lines.map((l: { discount: string }) => l.discount)).toEqual(['2.00', '3.00']);

    const held = await client.call('POST', '/v1/checkouts/co-1/reservation', { idempotencyKey: 'reserve-co-1', body: { cart, codes: [code], customer, orderId: 'o1' } });
    expect(held.status).toBe(200);
    expect(held.body.reservation.ok).toBe(true);
    expect(held.body.reservation.reservations.map((r: { reservationId: string; status: string }) => [r.reservationId, r.status])).toEqual([['co-1:five-off', 'reserved']]);
    const committed = await client.call('POST', '/v1/checkouts/co-1/commit', { idempotencyKey: 'commit-co-1' });
    expect(committed.body.reservations.map((r: { status: string }) => r.status)).toEqual(['committed']);

    // 1 point per euro paid: 18 + 27 = 45, pending for 14 days
    const recorded = await client.call('POST', '/v1/orders', { idempotencyKey: 'order-o1', body: { order, customer } });
    expect(recorded.status).toBe(200);
    expect([recorded.body.status, recorded.body.points, recorded.body.lines.map((l: { points: number }) => l.points)]).toEqual(['applied', 45, [18, 27]]);

    // another checkout finds the single-use code used
    const again = await client.call('POST', '/v1/checkouts/evaluate', { body: { cart, codes: [code], customer } });
    expect([again.body.total, again.body.rejectedCodes.map((r: { reason: string }) => r.reason)]).toEqual(['50.00', ['LIMIT_REACHED']]);

    // one of the two teas back: half of l1's 18 points
    const returned = await client.call('POST', '/v1/returns', { idempotencyKey: 'return-r1', body: { id: 'r1', orderId: 'o1', at: '2026-03-09T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] } });
    expect(returned.status).toBe(200);
    expect(returned.body.pointsReversed).toBe(9);
    const balance = await client.call('GET', '/v1/customers/c1/balance');
    expect([balance.body.active, balance.body.pending]).toEqual([0, 36]);

    // the history, a page of one entry at a time
    const first = await client.call('GET', '/v1/customers/c1/history?limit=1');
    expect([first.body.entries.map((e: { kind: string }) => e.kind), first.body.next]).toEqual([['earn'], '1']);
    const rest = await client.call('GET', `/v1/customers/c1/history?limit=10&after=${first.body.next}`);
    expect(rest.body.entries.map((e: { points: number }) => e.points)).toEqual([-9]);
    expect(rest.body.next).toBeUndefined();
  });

  it('a retried request with the same Idempotency-Key: same body → the first result, other body → 409, nothing written', async () => {
    const { client, engine } = await startShop(await openStore());
    const first = await client.call('POST', '/v1/orders', { idempotencyKey: 'k-1', body: { order } });
    const retry = await client.call('POST', '/v1/orders', { idempotencyKey: 'k-1', body: { order } });
    expect([first.status, retry.status, first.body.status, retry.body.status]).toEqual([200, 200, 'applied', 'replayed']);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect({ ...retry.body, status: 'applied' }).toEqual(first.body);

    const other = { ...order, id: 'o2', lines: [{ ...order.lines[1]!, id: 'l9' }] };
    const conflict = await client.call('POST', '/v1/orders', { idempotencyKey: 'k-1', body: { order: other } });
    expect([conflict.status, conflict.headers.get('content-type'), conflict.body.code]).toEqual([409, 'application/problem+json', 'CONFLICT']);
    expect((await engine.history('c1')).length).toBe(1);

    // the same header from another API key is another key: no clash, and no one else's result
    const admin = await client.call('POST', '/v1/customers/c1/adjustments', { key: keys.admin.key, idempotencyKey: 'k-1', body: { points: 5, reason: 'goodwill', actor: 'agent:ann' } });
    expect([admin.status, admin.body.status, admin.body.points]).toEqual([200, 'applied', 5]);
    expect((await engine.history('c1')).map((e) => e.points)).toEqual([45, 5]);
  });
});
