// The OpenAPI document cannot lie about these bodies: real responses over HTTP (memory store and
// PGlite) are parsed with the very response schemas the document is generated from. They are
// strict objects, so a field the engine adds and the schema lacks fails here, as does a wrong type.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import type { HttpRoute } from '../../src/http/http-route.js';
import { couponRoutes } from '../../src/http/coupons-routes.js';
import { pointsRoutes } from '../../src/http/points-routes.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { pgliteStores } from '../postgres/pglite-store.js';
import { cart, customer, discountedOrder, keys, NOW, type Reply, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);
const pglite = pgliteStores('responses');

const routes = new Map<string, HttpRoute>(
  [...pointsRoutes(createLoyaltyEngine({ store: createMemoryStore() })), ...couponRoutes(createLoyaltyEngine({ store: createMemoryStore() }), { signingKeys: [], clock: systemClock })].map((r) => [
    `${r.method.toUpperCase()} ${r.path}`,
    r,
  ]),
);

/** Parse a 200 body with the declared response of `route` (`POST /v1/orders`): the zod error names the field when they differ. */
function declared(route: string, reply: Reply): void {
  expect([route, reply.status]).toEqual([route, 200]);
  const schema = routes.get(route)?.response;
  if (schema === undefined) throw new Error(`no route ${route}`);
  const parsed = schema.safeParse(reply.body);
  expect(parsed.success ? [] : parsed.error.issues, route).toEqual([]);
}

const order = discountedOrder;

describe.each<[string, () => Store | Promise<Store>]>([
  ['memory', () => createMemoryStore()],
  ['PGlite', pglite],
])('declared response schemas against real responses (%s store)', (_name, openStore) => {
  it('points: order, return, balance, history, redemptions, points reservations', async () => {
    const { client } = await startShop(await openStore());
    const recorded = await client.call('POST', '/v1/orders', { idempotencyKey: 'o1', body: { order, customer } });
    declared('POST /v1/orders', recorded);
    expect(recorded.body.points).toBe(45); // 50.00 − 5.00 at 1 point per euro
    declared('POST /v1/orders', await client.call('POST', '/v1/orders', { idempotencyKey: 'o1', body: { order, customer } })); // the replay
    declared('POST /v1/returns', await client.call('POST', '/v1/returns', { idempotencyKey: 'r1', body: { id: 'r1', orderId: 'o1', at: NOW.toISOString(), lines: [{ lineId: 'l1', quantity: 1 }] } }));
    // pending points are not spendable: an adjustment gives 200 active points
    declared('POST /v1/customers/{customerId}/adjustments', await client.call('POST', '/v1/customers/c1/adjustments', { key: keys.admin.key, idempotencyKey: 'a1', body: { points: 200, reason: 'seed', actor: 'test' } }));
    declared('GET /v1/customers/{customerId}/balance', await client.call('GET', '/v1/customers/c1/balance'));
    declared('GET /v1/customers/{customerId}/balance', await client.call('GET', '/v1/customers/c1/balance?at=2026-03-30T00:00:00Z'));
    declared('POST /v1/customers/{customerId}/redemptions', await client.call('POST', '/v1/customers/c1/redemptions', { idempotencyKey: 'b1', body: { points: 10, reason: 'order o9' } }));
    declared('POST /v1/customers/{customerId}/reward-redemptions', await client.call('POST', '/v1/customers/c1/reward-redemptions', { idempotencyKey: 'rw1', body: { rewardId: 'pot-off' } }));
    for (const [checkoutId, end] of [['co-1', 'commit'], ['co-2', 'release']] as const) {
      declared('POST /v1/customers/{customerId}/points-reservations', await client.call('POST', '/v1/customers/c1/points-reservations', { idempotencyKey: `p-${checkoutId}`, body: { checkoutId, points: 20 } }));
      const body = end === 'commit' ? { order: { ...order, id: 'o2' } } : undefined;
      declared(
        `POST /v1/customers/{customerId}/points-reservations/{checkoutId}/${end}`,
        await client.call('POST', `/v1/customers/c1/points-reservations/${checkoutId}/${end}`, { idempotencyKey: `e-${checkoutId}`, ...(body === undefined ? {} : { body }) }),
      );
    }
    const history = await client.call('GET', '/v1/customers/c1/history?limit=3');
    declared('GET /v1/customers/{customerId}/history', history);
    expect(history.body.next).toBe('3');
    declared('GET /v1/customers/{customerId}/history', await client.call('GET', '/v1/customers/c1/history?after=3'));
  });

  it('coupons: evaluate a cart, reserve → commit and reserve → release a checkout', async () => {
    const { client } = await startShop(await openStore());
    const issued = await client.call('POST', '/v1/promotions/five-off/codes', { key: keys.admin.key, idempotencyKey: 'batch', body: { count: 2, pattern: '####-####' } });
    const [first, second] = issued.body.codes as string[];
    const evaluated = await client.call('POST', '/v1/checkouts/evaluate', { body: { cart, codes: [first, 'NO-SUCH-CODE'], customer } });
    declared('POST /v1/checkouts/evaluate', evaluated);
    expect([evaluated.body.total, evaluated.body.rejectedCodes.length]).toEqual(['45.00', 1]);
    for (const [checkoutId, code, end] of [['co-1', first, 'commit'], ['co-2', second, 'release']] as const) {
      const held = await client.call('POST', `/v1/checkouts/${checkoutId}/reservation`, { idempotencyKey: `h-${checkoutId}`, body: { cart, codes: [code], customer, orderId: `o-${checkoutId}` } });
      declared('POST /v1/checkouts/{checkoutId}/reservation', held);
      expect(held.body.reservation.ok).toBe(true);
      const ended = await client.call('POST', `/v1/checkouts/${checkoutId}/${end}`, { idempotencyKey: `e-${checkoutId}` });
      declared(`POST /v1/checkouts/{checkoutId}/${end}`, ended);
      expect(ended.body.reservations.map((r: { status: string }) => r.status)).toEqual([end === 'commit' ? 'committed' : 'released']);
    }
    // a used-up code: the reservation is refused (ok false), in the same declared shape
    const refused = await client.call('POST', '/v1/checkouts/co-3/reservation', { idempotencyKey: 'h-co-3', body: { cart, codes: [first], customer } });
    declared('POST /v1/checkouts/{checkoutId}/reservation', refused);
  });
});
