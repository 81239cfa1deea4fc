// The WebhookStore contract on every adapter: memory, PGlite, and a PostgreSQL server when
// FIDELIS_TEST_PG_URL is set. Deliveries are one per (subscription, event); claims lease due
// pending deliveries of active subscriptions, oldest due first, never one a live lease holds;
// an attempt counts only under its lease.
import { describe, expect, it } from 'vitest';
import { createMemoryWebhookStore, createPgWebhookStore, type NewWebhookDelivery, type StoredWebhookSubscription, type WebhookStore } from '../../../src/http/webhooks/index.js';
import { pgliteStores } from '../../postgres/pglite-store.js';
import { serverStores, serverUrl } from '../../postgres/server-store.js';

const T = new Date('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);

const sub = (id: string, status: 'active' | 'disabled' = 'active'): StoredWebhookSubscription => ({
  id, url: `https://shop.example/${id}`, eventTypes: ['points.earned', 'tier.changed'], status, createdAt: T, secret: `whsec_${Buffer.from(id).toString('base64')}`, startAfter: '0',
});
const delivery = (id: string, subscriptionId: string, eventId: string): NewWebhookDelivery => ({
  id, subscriptionId, eventId, eventType: 'points.earned', body: JSON.stringify({ id: eventId, note: 'Zoë ☕ "quoted"' }),
});

const pglite = pgliteStores('webhooks');
const backends: Array<[string, () => Promise<WebhookStore>]> = [
  ['memory', async () => createMemoryWebhookStore()],
  ['PGlite', async () => createPgWebhookStore(await pglite())],
];
if (serverUrl !== undefined) {
  const server = serverStores('fidelis_webhooks');
  backends.push(['server', async () => createPgWebhookStore(await server.factory())]);
}

describe.each(backends)('WebhookStore (%s)', (_name, open) => {
  it('stores subscriptions oldest first, reads one back, changes status and secret', async () => {
    const store = await open();
    await store.insertSubscription(sub('whsub_b'));
    await store.insertSubscription(sub('whsub_a'));
    expect((await store.subscriptions()).map((s) => s.id)).toEqual(['whsub_b', 'whsub_a']);
    expect(await store.subscription('whsub_a')).toEqual(sub('whsub_a'));
    expect(await store.subscription('whsub_x')).toBeUndefined();
    expect(await store.updateSubscription('whsub_a', { status: 'disabled' })).toEqual({ ...sub('whsub_a'), status: 'disabled' });
    expect(await store.updateSubscription('whsub_a', { secret: 'whsec_bmV3' })).toEqual({ ...sub('whsub_a'), status: 'disabled', secret: 'whsec_bmV3' });
    expect(await store.updateSubscription('whsub_x', { status: 'disabled' })).toBeUndefined();
  });

  it('queues one delivery per subscription and event; a requeue puts an existing one back into a new round', async () => {
    const store = await open();
    await store.insertSubscription(sub('whsub_1'));
    expect(await store.queueDeliveries([delivery('whdel_1', 'whsub_1', 'ev_1'), delivery('whdel_2', 'whsub_1', 'ev_2')], { at: T, requeue: false })).toBe(2);
    expect(await store.queueDeliveries([delivery('whdel_3', 'whsub_1', 'ev_1')], { at: T, requeue: false })).toBe(0);
    expect(await store.queueDeliveries([], { at: T, requeue: false })).toBe(0);
    expect(await store.delivery('whdel_1')).toEqual({ ...delivery('whdel_1', 'whsub_1', 'ev_1'), status: 'pending', attempts: 0, retryStep: 0, nextAttemptAt: T });
    expect(await store.delivery('whdel_3')).toBeUndefined();
    const [claim] = await store.claimDue({ now: T, leaseUntil: at(2), lease: 'L1', limit: 1 });
    expect(claim?.delivery.id).toBe('whdel_1');
    await store.recordAttempt('whdel_1', 'L1', { status: 'dead', lastError: 'HTTP 500' });
    expect(await store.queueDeliveries([delivery('whdel_9', 'whsub_1', 'ev_1')], { at: at(5), requeue: true })).toBe(1);
    expect(await store.delivery('whdel_1')).toEqual({ ...delivery('whdel_1', 'whsub_1', 'ev_1'), status: 'pending', attempts: 1, retryStep: 0, nextAttemptAt: at(5), lastError: 'HTTP 500' });
  });

  it('claims due pending deliveries of active subscriptions, oldest due first, and never one a live lease holds', async () => {
    const store = await open();
    await store.insertSubscription(sub('whsub_on'));
    await store.insertSubscription(sub('whsub_off', 'disabled'));
    await store.queueDeliveries([delivery('d_late', 'whsub_on', 'ev_1')], { at: at(3), requeue: false });
    await store.queueDeliveries([delivery('d_early', 'whsub_on', 'ev_2'), delivery('d_off', 'whsub_off', 'ev_2')], { at: at(1), requeue: false });
    await store.queueDeliveries([delivery('d_future', 'whsub_on', 'ev_3')], { at: at(60), requeue: false });
    const first = await store.claimDue({ now: at(5), leaseUntil: at(6), lease: 'A', limit: 10 });
    expect(first.map((c) => [c.delivery.id, c.url, c.secret, c.lease])).toEqual([
      ['d_early', 'https://shop.example/whsub_on', sub('whsub_on').secret, 'A'],
      ['d_late', 'https://shop.example/whsub_on', sub('whsub_on').secret, 'A'],
    ]);
    expect(await store.claimDue({ now: at(5), leaseUntil: at(6), lease: 'B', limit: 10 })).toEqual([]); // leased until 6
    expect(await store.recordAttempt('d_early', 'B', { status: 'delivered', deliveredAt: at(5) })).toBeUndefined(); // not B's lease
    const reclaimed = await store.claimDue({ now: at(6), leaseUntil: at(7), lease: 'C', limit: 1 }); // A's lease ran out
    expect(reclaimed.map((c) => c.delivery.id)).toEqual(['d_early']);
    expect(await store.recordAttempt('d_early', 'A', { status: 'delivered', deliveredAt: at(6) })).toBeUndefined(); // A lost it
    expect(await store.recordAttempt('d_early', 'C', { status: 'delivered', deliveredAt: at(6) })).toEqual({
      ...delivery('d_early', 'whsub_on', 'ev_2'), status: 'delivered', attempts: 1, retryStep: 0, deliveredAt: at(6),
    });
    expect(await store.recordAttempt('d_early', 'C', { status: 'delivered', deliveredAt: at(6) })).toBeUndefined(); // the lease is released
  });

  it('concurrent claims (10 at a time) share the due deliveries: each is leased exactly once', async () => {
    const store = await open();
    await store.insertSubscription(sub('whsub_1'));
    await store.queueDeliveries(Array.from({ length: 30 }, (_, i) => delivery(`d${i}`, 'whsub_1', `ev_${i}`)), { at: T, requeue: false });
    // a claimer that waited on rows another took skips them (it may come back short on a server):
    // rounds of 10 concurrent claims until none is left; no delivery is ever leased twice
    const ids: string[] = [];
    for (let round = 0; round < 30 && ids.length < 30; round++) {
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claimDue({ now: T, leaseUntil: at(1), lease: `L${round}-${i}`, limit: 5 })));
      ids.push(...claims.flat().map((c) => c.delivery.id));
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
  });

  it('records failures in the round, pages deliveries oldest first by status, and requeues one into a new round', async () => {
    const store = await open();
    await store.insertSubscription(sub('whsub_1'));
    await store.insertSubscription(sub('whsub_2'));
    await store.queueDeliveries(['a', 'b', 'c', 'd', 'e'].map((x) => delivery(`d_${x}`, 'whsub_1', `ev_${x}`)), { at: T, requeue: false });
    await store.queueDeliveries([delivery('d_other', 'whsub_2', 'ev_a')], { at: T, requeue: false });
    for (const c of await store.claimDue({ now: T, leaseUntil: at(1), lease: 'L', limit: 3 })) {
      await store.recordAttempt(c.delivery.id, 'L', c.delivery.id === 'd_b' ? { status: 'delivered', deliveredAt: T } : { status: 'pending', nextAttemptAt: at(1), lastError: 'HTTP 500' });
    }
    expect(await store.delivery('d_a')).toMatchObject({ status: 'pending', attempts: 1, retryStep: 1, nextAttemptAt: at(1), lastError: 'HTTP 500' });
    const all = await store.deliveries('whsub_1', { limit: 2 });
    expect(all.deliveries.map((d) => d.id)).toEqual(['d_a', 'd_b']);
    const rest = await store.deliveries('whsub_1', { limit: 2, ...(all.next === undefined ? {} : { after: all.next }) });
    expect(rest.deliveries.map((d) => d.id)).toEqual(['d_c', 'd_d']);
    const last = await store.deliveries('whsub_1', { limit: 2, ...(rest.next === undefined ? {} : { after: rest.next }) });
    expect(last).toEqual({ deliveries: [expect.objectContaining({ id: 'd_e' })] });
    expect((await store.deliveries('whsub_1', { status: 'delivered', limit: 10 })).deliveries.map((d) => d.id)).toEqual(['d_b']);
    expect((await store.deliveries('whsub_1', { status: 'pending', limit: 10 })).deliveries.map((d) => d.id)).toEqual(['d_a', 'd_c', 'd_d', 'd_e']);
    expect(await store.requeueDelivery('d_a', at(2))).toEqual({ ...delivery('d_a', 'whsub_1', 'ev_a'), status: 'pending', attempts: 1, retryStep: 0, nextAttemptAt: at(2), lastError: 'HTTP 500' });
    expect(await store.requeueDelivery('d_x', at(2))).toBeUndefined();
  });

  it('erases a customer id from the stored bodies where it is a JSON string value, and nowhere else', async () => {
    const store = await open();
    await store.insertSubscription(sub('whsub_1'));
    const body = (customerId: string) => JSON.stringify({ id: `ev_${customerId}`, customerId, payload: { referrerId: customerId, note: 'c1x' } });
    await store.queueDeliveries(
      [{ ...delivery('d_1', 'whsub_1', 'ev_1'), body: body('c1') }, { ...delivery('d_2', 'whsub_1', 'ev_2'), body: body('c10') }],
      { at: T, requeue: false },
    );
    expect(await store.eraseCustomerDeliveries('c1', 'anon_7')).toBe(1);
    expect((await store.delivery('d_1'))?.body).toBe('{"id":"ev_c1","customerId":"anon_7","payload":{"referrerId":"anon_7","note":"c1x"}}');
    expect((await store.delivery('d_2'))?.body).toBe(body('c10'));
    expect(await store.eraseCustomerDeliveries('c1', 'anon_7')).toBe(0);
  });
});
