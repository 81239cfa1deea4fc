// The dispatcher end to end over real HTTP: a local receiver gets and verifies the engine's
// events; failures are retried on the documented schedule (times worked out by hand from
// 1 m, 5 m, 30 m, 2 h, 5 h, 10 h, 10 h with the jitter drawn at 0) until dead; redeliver, replay,
// type filters, disabled subscriptions and rotated secrets; validation errors with their codes.
import { describe, expect, it } from 'vitest';
import { createPgWebhookStore, createMemoryWebhookStore, createWebhookDispatcher, type WebhookStore, verifyWebhook } from '../../../src/http/webhooks/index.js';
import type { Store } from '../../../src/index.js';
import { pgliteStores } from '../../postgres/pglite-store.js';
import { serverStores, serverUrl } from '../../postgres/server-store.js';
import { T0, receivers, teaShop } from './receiver.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const receiver = receivers();
const pglite = pgliteStores('dispatch');
const server = serverUrl === undefined ? undefined : serverStores('fidelis_dispatch');
const kinds = ['memory', 'PGlite', ...(server === undefined ? [] : ['server'])] as const;

/** A shop and a dispatcher with a fake clock and no jitter, over the memory or PGlite stores. */
async function setup(kind: (typeof kinds)[number] | 'server' = 'memory') {
  let store: Store | undefined;
  let webhooks: WebhookStore = createMemoryWebhookStore();
  if (kind !== 'memory') {
    const pg = kind === 'server' && server !== undefined ? await server.factory() : await pglite();
    store = pg;
    webhooks = createPgWebhookStore(pg);
  }
  const shop = teaShop(store);
  const dispatcher = createWebhookDispatcher({ engine: shop.engine, store: webhooks, clock: shop.clock, random: () => 0, timeoutMs: 2_000 });
  return { ...shop, dispatcher, webhooks };
}

describe.each(kinds)('a delivery received and verified (%s)', (kind) => {
  it('an order earns points: the receiver gets points.earned once, signed, with the outbox event as body', async () => {
    const { dispatcher, order, clock } = await setup(kind);
    const r = await receiver();
    await order('o0', 5); // before the subscription: not for it
    const { id, secret, status, eventTypes } = await dispatcher.subscribe({ url: r.url, eventTypes: ['points.earned'] });
    expect([id.startsWith('whsub_'), secret.startsWith('whsec_'), status, eventTypes]).toEqual([true, true, 'active', ['points.earned']]);
    await order('o1', 25);
    expect(await dispatcher.deliverDue()).toEqual({ queued: 1, attempted: 1, delivered: 1, retrying: 0, dead: 0 });
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['webhook-id']).toBe('ev_e2');
    expect(got.headers['webhook-timestamp']).toBe(String(T0.getTime() / 1000));
    expect(verifyWebhook({ secret, headers: got.headers as Record<string, string>, body: got.body, now: clock.now() })).toEqual({ ok: true, id: 'ev_e2', timestamp: T0.getTime() / 1000 });
    expect(JSON.parse(got.body)).toEqual({
      id: 'ev_e2', type: 'points.earned', version: 1, customerId: 'c1', at: T0.toISOString(),
      payload: { lotId: 'e2', source: 'order', orderId: 'o1', programId: 'tea', points: 25, activatesAt: T0.toISOString(), expiresAt: null, pending: false },
    });
    expect(Object.keys(JSON.parse(got.body))).toEqual(['id', 'type', 'version', 'customerId', 'at', 'payload']);
    expect(await dispatcher.deliverDue()).toEqual({ queued: 0, attempted: 0, delivered: 0, retrying: 0, dead: 0 });
    const { deliveries } = await dispatcher.deliveries(id);
    expect(deliveries).toEqual([{ id: expect.stringMatching(/^whdel_/), subscriptionId: id, eventId: 'ev_e2', eventType: 'points.earned', status: 'delivered', attempts: 1, deliveredAt: T0 }]);
  });

  it('a receiver that fails twice (500) then succeeds: pending → pending → delivered at the scheduled times', async () => {
    const { dispatcher, order, clock } = await setup(kind);
    const r = await receiver([500, 500, 200]);
    const { id } = await dispatcher.subscribe({ url: r.url, eventTypes: ['*'] });
    await order('o1', 25);
    const state = async () => (await dispatcher.deliveries(id)).deliveries[0];
    expect((await dispatcher.deliverDue()).retrying).toBe(1);
    expect(await state()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(T0.getTime() + MIN), lastError: 'HTTP 500' });
    clock.advance(MIN - 1); // not due yet
    expect((await dispatcher.deliverDue()).attempted).toBe(0);
    clock.advance(1);
    expect((await dispatcher.deliverDue()).retrying).toBe(1);
    expect(await state()).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: new Date(T0.getTime() + 6 * MIN), lastError: 'HTTP 500' });
    clock.advance(5 * MIN);
    expect((await dispatcher.deliverDue()).delivered).toBe(1);
    expect(await state()).toEqual(expect.objectContaining({ status: 'delivered', attempts: 3, deliveredAt: new Date(T0.getTime() + 6 * MIN) }));
    expect((await state())?.nextAttemptAt).toBeUndefined();
    expect(r.received.map((x) => [x.headers['webhook-id'], x.headers['webhook-timestamp']])).toEqual([
      ['ev_e1', String(T0.getTime() / 1000)], ['ev_e1', String(T0.getTime() / 1000 + 60)], ['ev_e1', String(T0.getTime() / 1000 + 360)],
    ]);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1); // the same bytes every time
  });
});

describe('retries until dead, and back', () => {
  it('a receiver that always fails: 8 attempts over 27 h 36 min, then dead; visible with status=dead; redeliver tries again at once', async () => {
    const { dispatcher, order, clock } = await setup();
    const r = await receiver([503]);
    const { id } = await dispatcher.subscribe({ url: r.url, eventTypes: ['points.earned'] });
    await order('o1', 25);
    // attempts at +0, +1 m, +6 m, +36 m, +2 h 36 m, +7 h 36 m, +17 h 36 m, +27 h 36 m
    const offsets = [0, MIN, 6 * MIN, 36 * MIN, 2 * HOUR + 36 * MIN, 7 * HOUR + 36 * MIN, 17 * HOUR + 36 * MIN, 27 * HOUR + 36 * MIN];
    for (const [n, offset] of offsets.entries()) {
      clock.set(new Date(T0.getTime() + offset));
      const report = await dispatcher.deliverDue();
      expect(report.attempted).toBe(1);
      const d = (await dispatcher.deliveries(id)).deliveries[0]!;
      expect(d.attempts).toBe(n + 1);
      if (n < offsets.length - 1) expect(d.nextAttemptAt).toEqual(new Date(T0.getTime() + offsets[n + 1]!));
    }
    const dead = await dispatcher.deliveries(id, { status: 'dead' });
    expect(dead.deliveries).toEqual([expect.objectContaining({ status: 'dead', attempts: 8, lastError: 'HTTP 503', eventId: 'ev_e1' })]);
    expect(dead.deliveries[0]?.nextAttemptAt).toBeUndefined();
    expect(offsets.at(-1)! - offsets[0]!).toBeGreaterThanOrEqual(24 * HOUR);
    clock.advance(10 * HOUR);
    expect((await dispatcher.deliverDue()).attempted).toBe(0); // dead stays dead
    expect((await dispatcher.deliveries(id, { status: 'pending' })).deliveries).toEqual([]);

    r.script([200]);
    const again = await dispatcher.redeliver(dead.deliveries[0]!.id);
    expect(again).toMatchObject({ status: 'pending', attempts: 8, nextAttemptAt: clock.now() });
    expect(await dispatcher.deliverDue()).toMatchObject({ attempted: 1, delivered: 1 });
    expect((await dispatcher.deliveries(id)).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 9, deliveredAt: clock.now() });
    expect(r.received).toHaveLength(9);
  });

  it('a redelivered delivery that fails again starts the schedule again (1 minute)', async () => {
    const { dispatcher, order, clock } = await setup();
    const r = await receiver([500]);
    const created = await dispatcher.subscribe({ url: r.url, eventTypes: ['*'] });
    await order('o1', 25);
    await dispatcher.deliverDue();
    const [d] = (await dispatcher.deliveries(created.id)).deliveries;
    clock.advance(3 * MIN);
    await dispatcher.redeliver(d!.id);
    await dispatcher.deliverDue();
    expect((await dispatcher.deliveries(created.id)).deliveries[0]).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: new Date(T0.getTime() + 4 * MIN) });
  });

  it('a schedule of its own and jitter: waits are lengthened by up to 10 % of themselves', async () => {
    const shop = teaShop();
    const r = await receiver([500]);
    const dispatcher = createWebhookDispatcher({ engine: shop.engine, store: createMemoryWebhookStore(), clock: shop.clock, schedule: [10_000], random: () => 0.5 });
    const { id } = await dispatcher.subscribe({ url: r.url, eventTypes: ['*'] });
    await shop.order('o1', 25);
    await dispatcher.deliverDue();
    expect((await dispatcher.deliveries(id)).deliveries[0]?.nextAttemptAt).toEqual(new Date(T0.getTime() + 10_500));
    shop.clock.advance(10_500);
    expect((await dispatcher.deliverDue()).dead).toBe(1); // one retry only
  });

  it('a timeout and a refused connection are failures with their reason', async () => {
    const shop = teaShop();
    const dispatcher = createWebhookDispatcher({ engine: shop.engine, store: createMemoryWebhookStore(), clock: shop.clock, timeoutMs: 200 });
    const hang = await receiver(['hang']);
    const a = await dispatcher.subscribe({ url: hang.url, eventTypes: ['*'] });
    const closed = await receiver();
    await closed.close();
    const b = await dispatcher.subscribe({ url: closed.url, eventTypes: ['*'] });
    await shop.order('o1', 25);
    expect(await dispatcher.deliverDue()).toMatchObject({ attempted: 2, retrying: 2 });
    expect((await dispatcher.deliveries(a.id)).deliveries[0]?.lastError).toBe('timeout');
    expect((await dispatcher.deliveries(b.id)).deliveries[0]?.lastError).toBe('connection refused');
  });
});
