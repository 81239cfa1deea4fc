// Over real HTTP, on the memory store and on PGlite: points as payment (reserve, a retried
// reserve, a refusal, commit, an expired reservation) and a webhook subscribed through the API,
// delivered from the outbox to a local receiver that fails twice (500, 500) and then takes it:
// three attempts at +0, +1 min and +6 min (the retry schedule, no jitter), signature verified.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryWebhookStore, createPgWebhookStore, createWebhookDispatcher, verifyWebhook, type WebhookStore } from '../../src/http/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import { pgliteStores } from '../postgres/pglite-store.js';
import { receivers } from './webhooks/receiver.js';
import { NOW, keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);
const receiver = receivers();
const pglite = pgliteStores('http-payment');
const admin = keys.admin.key;
const order = { id: 'o1', customerId: 'c1', placedAt: NOW.toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 2, unitPrice: '15.00' }] };

describe.each<[string, () => Promise<{ store: Store; webhooks: WebhookStore }>]>([
  ['memory', async () => ({ store: createMemoryStore(), webhooks: createMemoryWebhookStore() })],
  ['PGlite', async () => {
    const store = (await pglite()) as PostgresStore;
    return { store, webhooks: createPgWebhookStore(store) };
  }],
])('points as payment and a webhook over HTTP (%s)', (_name, open) => {
  it('reserve, retry, refuse, commit, expire; points.earned delivered on the third attempt and verified', async () => {
    const { store, webhooks } = await open();
    let dispatcher: ReturnType<typeof createWebhookDispatcher> | undefined;
    const { client, clock } = await startShop(store, (engine, clock) => {
      dispatcher = createWebhookDispatcher({ engine, store: webhooks, clock, random: () => 0, timeoutMs: 2_000 });
      return { webhooks: dispatcher };
    });
    const hooks = await receiver([500, 500, 204]);
    const subscribed = await client.call('POST', '/v1/webhooks', { key: admin, idempotencyKey: 'sub-1', body: { url: hooks.url, eventTypes: ['points.earned'] } });
    expect(subscribed.status).toBe(200);
    const secret = subscribed.body.secret as string;

    expect((await client.call('POST', '/v1/customers/c1/adjustments', { key: admin, idempotencyKey: 'seed', body: { points: 100, reason: 'welcome', actor: 'test' } })).status).toBe(200);
    const reserve = { idempotencyKey: 'pay-co-9', body: { checkoutId: 'co-9', points: 60 } };
    const held = await client.call('POST', '/v1/customers/c1/points-reservations', reserve);
    expect([held.status, held.body.points, held.body.activeAfter, held.body.expiresAt]).toEqual([200, 60, 40, '2026-03-07T10:15:00.000Z']);
    const again = await client.call('POST', '/v1/customers/c1/points-reservations', reserve);
    expect([again.status, again.headers.get('idempotent-replayed'), again.body]).toEqual([200, 'true', { ...held.body, status: 'replayed' }]);
    const short = await client.call('POST', '/v1/customers/c1/points-reservations', { idempotencyKey: 'pay-co-10', body: { checkoutId: 'co-10', points: 50 } });
    expect([short.status, short.headers.get('content-type'), short.body.code]).toEqual([422, 'application/problem+json', 'INSUFFICIENT_POINTS']);

    expect((await client.call('POST', '/v1/orders', { idempotencyKey: 'order-o1', body: { order } })).body.points).toBe(30);
    const paid = await client.call('POST', '/v1/customers/c1/points-reservations/co-9/commit', { idempotencyKey: 'paid-o1', body: { order } });
    expect([paid.status, paid.body.orderId, paid.body.points]).toEqual([200, 'o1', 60]);
    await client.call('POST', '/v1/customers/c1/points-reservations', { idempotencyKey: 'pay-co-11', body: { checkoutId: 'co-11', points: 10, ttl: 'PT1M' } });
    clock.set(new Date(NOW.getTime() + 2 * 60_000));
    const late = await client.call('POST', '/v1/customers/c1/points-reservations/co-11/commit', { idempotencyKey: 'paid-late', body: { order: { ...order, id: 'o2' } } });
    expect([late.status, late.body.code]).toEqual([409, 'RESERVATION_EXPIRED']);
    expect((await client.call('GET', '/v1/customers/c1/balance')).body).toMatchObject({ active: 40, reserved: 0 });

    // the webhook: 500 at +2 min (the first run), 500 a minute later, 204 five minutes after that
    const run = async (minutes: number) => {
      clock.set(new Date(NOW.getTime() + minutes * 60_000));
      return dispatcher?.deliverDue(clock.now());
    };
    expect(await run(2)).toMatchObject({ queued: 1, attempted: 1, retrying: 1 });
    expect(await run(2.5)).toMatchObject({ attempted: 0 });
    expect(await run(3)).toMatchObject({ attempted: 1, retrying: 1 });
    expect(await run(8)).toMatchObject({ attempted: 1, delivered: 1 });
    expect(hooks.received).toHaveLength(3);
    const got = hooks.received[2]!;
    expect(verifyWebhook({ secret, headers: got.headers as Record<string, string>, body: got.body, now: clock.now() })).toMatchObject({ ok: true });
    expect(JSON.parse(got.body)).toMatchObject({ type: 'points.earned', customerId: 'c1', payload: { orderId: 'o1', points: 30 } });
    const delivered = await client.call('GET', `/v1/webhooks/${subscribed.body.id as string}/deliveries?status=delivered`, { key: admin });
    expect(delivered.body.deliveries.map((d: { attempts: number; eventType: string }) => [d.eventType, d.attempts])).toEqual([['points.earned', 3]]);
  });
});
