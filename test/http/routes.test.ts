// The other endpoints over real HTTP, each once with values worked out by hand: previews,
// rewards, partners, codes, releases, signed codes, contacts, the outbox, GDPR, webhooks.
import { afterEach, describe, expect, it } from 'vitest';
import { parseContactPolicy, parseJourney } from '../../src/calendar/index.js';
import { signCode } from '../../src/coupons/index.js';
import type { WebhookAdmin } from '../../src/http/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { NOW, cart, customer, keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);

const order = { id: 'o1', customerId: 'c1', placedAt: NOW.toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 2, unitPrice: '20.00' }] };
const admin = keys.admin.key;

describe('points endpoints', () => {
  it('preview records nothing; rewards and partners burn and credit what the program says', async () => {
    const { client, engine } = await startShop(createMemoryStore());
    const preview = await client.call('POST', '/v1/orders/preview', { body: { order } });
    expect([preview.status, preview.body.totalPoints]).toEqual([200, 40]); // 2 × 20.00 at 1 point per euro
    expect(await engine.history('c1')).toEqual([]);

    // 1,500 miles at 0.5 → 750 points, active at once
    const earned = await client.call('POST', '/v1/partner-earnings', { key: admin, idempotencyKey: 'sky-1', body: { customerId: 'c1', partnerId: 'sky', units: 1500, at: NOW.toISOString(), reference: 'LH1' } });
    expect([earned.status, earned.body.points]).toEqual([200, 750]);
    // the reward costs 30; 100 points at the partner give 100 × 2 = 200 miles
    const reward = await client.call('POST', '/v1/customers/c1/reward-redemptions', { idempotencyKey: 'rw-1', body: { rewardId: 'pot-off' } });
    expect([reward.status, reward.body.points]).toEqual([200, 30]);
    const miles = await client.call('POST', '/v1/partner-redemptions', { key: admin, idempotencyKey: 'sky-r1', body: { customerId: 'c1', partnerId: 'sky', points: 100 } });
    expect([miles.status, miles.body.partner.units]).toEqual([200, 200]);
    const burned = await client.call('POST', '/v1/customers/c1/redemptions', { idempotencyKey: 'pay-1', body: { points: 20, reason: 'order o9' } });
    expect([burned.status, burned.body.points]).toEqual([200, 20]);
    expect((await client.call('GET', '/v1/customers/c1/balance')).body.active).toBe(750 - 30 - 100 - 20);

    const settlement = await client.call('GET', `/v1/partners/sky/settlement?from=2026-03-01T00:00:00Z&until=2026-04-01T00:00:00Z`, { key: admin });
    expect(settlement.status).toBe(200);
    // the partner pays for 750 points it issued and is paid for 100 redeemed, at 0.008 €: 6.00 − 0.80
    expect(settlement.body).toMatchObject({ earnedPoints: 750, redeemedPoints: 100, partnerUnits: 200, direction: 'partner-pays', amountDue: { amount: '5.20', currency: 'EUR' } });
  });
});

describe('coupon endpoints', () => {
  it('imports codes, releases a reservation (the code is free again), verifies a signed code', async () => {
    const signingKey = { id: 1, secret: 'a-secret-of-at-least-32-characters!!' };
    const { client } = await startShop(createMemoryStore(), { signingKeys: [signingKey] });
    const imported = await client.call('POST', '/v1/promotions/five-off/codes/import', { key: admin, idempotencyKey: 'imp-1', body: { codes: ['TEA-ALICE', { code: 'TEA-BOB', assignedTo: 'c2' }] } });
    expect(imported.body).toEqual({ added: 2 });
    const held = await client.call('POST', '/v1/checkouts/co-9/reservation', { idempotencyKey: 'r', body: { cart, codes: ['tea-alice'], customer } });
    expect(held.body.evaluation.total).toBe('45.00');
    const released = await client.call('POST', '/v1/checkouts/co-9/release', { idempotencyKey: 'rel' });
    expect(released.body.reservations.map((r: { status: string }) => r.status)).toEqual(['released']);
    expect((await client.call('POST', '/v1/checkouts/evaluate', { body: { cart, codes: ['TEA-ALICE'], customer } })).body.total).toBe('45.00');
    expect((await client.call('POST', '/v1/checkouts/nothing/commit', { idempotencyKey: 'c' })).status).toBe(404);

    const code = signCode({ campaign: 'SPRING26', serial: 7, expiresAt: new Date('2026-12-31T23:00:00Z') }, signingKey);
    const verified = await client.call('POST', '/v1/codes/verify', { body: { code } });
    expect([verified.status, verified.body.valid, verified.body.campaign, verified.body.serial, verified.body.expiresAt]).toEqual([200, true, 'SPR1NG26', 7, '2026-12-31T23:00:00.999Z']); // the campaign as its normalised key: I reads as 1
    const forged = await client.call('POST', '/v1/codes/verify', { body: { code: `${code.slice(0, -2)}${code.endsWith('AA') ? 'BB' : 'AA'}` } });
    expect([forged.body.valid, forged.body.reason]).toEqual([false, 'BAD_SIGNATURE']);
  });
});

describe('contacts, outbox and GDPR endpoints', () => {
  it('plans with the service journeys, records a contact, reads and acks the outbox, exports and erases', async () => {
    const journey = parseJourney({
      id: 'welcome', name: 'Welcome', anchor: { event: 'purchase' }, activeFor: 'P1M',
      steps: [{ id: 'thanks', timing: { type: 'offset', offset: 'P0D' }, channel: 'in-store', contentKey: 'thank-you', priority: 10 }],
    });
    const policy = parseContactPolicy({ consent: { notRequiredFor: ['in-store'] }, caps: [] });
    const { client, engine } = await startShop(createMemoryStore(), { contacts: { journeys: [journey], policy } });
    const plan = await client.call('POST', '/v1/contact-plans', {
      key: admin,
      body: { customers: [customer], events: [{ customerId: 'c1', type: 'purchase', id: 'o1', at: NOW.toISOString() }], from: NOW.toISOString(), until: '2026-03-14T00:00:00Z' },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.contacts.map((c: { customerId: string; stepId: string }) => [c.customerId, c.stepId])).toEqual([['c1', 'thanks']]);
    const planned = plan.body.contacts[0];
    const sent = { id: planned.id, customerId: 'c1', channel: 'in-store', kind: 'marketing', at: planned.at, journeyId: 'welcome', stepId: 'thanks' };
    const recorded = await client.call('POST', '/v1/contacts', { key: admin, idempotencyKey: 'ct-1', body: sent });
    const again = await client.call('POST', '/v1/contacts', { key: admin, idempotencyKey: 'ct-1', body: sent });
    expect([recorded.body.replayed, again.body.replayed]).toEqual([false, true]);

    await client.call('POST', '/v1/orders', { idempotencyKey: 'o1', body: { order } });
    const page = await client.call('GET', '/v1/events?limit=10', { key: admin });
    expect(page.body.events.map((e: { type: string }) => e.type)).toEqual((await engine.events.read({ limit: 10 })).events.map((e) => e.type));
    expect(page.body.events.length).toBeGreaterThan(0);
    const ack = await client.call('POST', '/v1/events/ack', { key: admin, idempotencyKey: 'ack-1', body: { consumer: 'crm', cursor: page.body.cursor } });
    expect(ack.status).toBe(200);
    expect((await client.call('GET', '/v1/events?consumer=crm', { key: admin })).body.events).toEqual([]);

    const exported = await client.call('GET', '/v1/customers/c1/export', { key: keys.gdpr.key });
    expect([exported.body.customerId, exported.body.entries.length, exported.body.contacts.length]).toEqual(['c1', 1, 1]);
    const erased = await client.call('DELETE', '/v1/customers/c1', { key: keys.gdpr.key, idempotencyKey: 'erase-c1' });
    expect([erased.status, erased.body.contactsErased]).toEqual([200, 1]);
    expect((await client.call('GET', '/v1/customers/c1/export', { key: keys.gdpr.key })).status).toBe(404);
  });

  it('without journeys configured, contact plans answer 404 NOT_FOUND', async () => {
    const { client } = await startShop(createMemoryStore());
    const r = await client.call('POST', '/v1/contact-plans', { key: admin, body: { customers: [customer], from: NOW.toISOString(), until: '2026-03-14T00:00:00Z' } });
    expect([r.status, r.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('webhook endpoints', () => {
  it('pass each call to the WebhookAdmin, dates as ISO strings; absent without one', async () => {
    const calls: unknown[][] = [];
    const sub = { id: 'whsub_1', url: 'https://shop.example/hooks', eventTypes: ['*'], status: 'active' as const, createdAt: NOW };
    const delivery = { id: 'whdel_1', subscriptionId: 'whsub_1', eventId: 'ev1', eventType: 'points.earned', status: 'dead' as const, attempts: 9, lastError: 'HTTP 500' };
    const log = <T>(name: string, value: T) => async (...args: unknown[]): Promise<T> => {
      calls.push([name, ...args]);
      return value;
    };
    const webhooks: WebhookAdmin = {
      subscribe: log('subscribe', { ...sub, secret: 'whsec_x' }), subscriptions: log('subscriptions', [sub]), subscription: log('subscription', sub),
      unsubscribe: log('unsubscribe', { ...sub, status: 'disabled' as const }), rotateSecret: log('rotateSecret', { ...sub, secret: 'whsec_y' }),
      deliveries: log('deliveries', { deliveries: [delivery], next: 'whdel_1' }), redeliver: log('redeliver', delivery), replay: log('replay', { queued: 3 }), eraseCustomer: log('eraseCustomer', 0),
    };
    const { client } = await startShop(createMemoryStore(), { webhooks });
    const o = { key: admin, idempotencyKey: 'w' };
    expect((await client.call('POST', '/v1/webhooks', { ...o, body: { url: sub.url, eventTypes: ['*'] } })).body).toEqual({ ...sub, createdAt: NOW.toISOString(), secret: 'whsec_x' });
    expect((await client.call('GET', '/v1/webhooks', o)).body.subscriptions).toHaveLength(1);
    expect((await client.call('GET', '/v1/webhooks/whsub_1', o)).body.id).toBe('whsub_1');
    expect((await client.call('POST', '/v1/webhooks/whsub_1/disable', o)).body.status).toBe('disabled');
    expect((await client.call('POST', '/v1/webhooks/whsub_1/rotate-secret', o)).body.secret).toBe('whsec_y');
    expect((await client.call('GET', '/v1/webhooks/whsub_1/deliveries?status=dead&limit=5', o)).body.next).toBe('whdel_1');
    expect((await client.call('POST', '/v1/webhooks/deliveries/whdel_1/redeliver', o)).body.attempts).toBe(9);
    expect((await client.call('POST', '/v1/webhooks/whsub_1/replay', { ...o, body: { after: '0' } })).body).toEqual({ queued: 3 });
    expect(calls).toEqual([
      ['subscribe', { url: sub.url, eventTypes: ['*'] }], ['subscriptions'], ['subscription', 'whsub_1'], ['unsubscribe', 'whsub_1'], ['rotateSecret', 'whsub_1'],
      ['deliveries', 'whsub_1', { status: 'dead', limit: 5 }], ['redeliver', 'whdel_1'], ['replay', 'whsub_1', { after: '0' }],
    ]);
    expect((await client.call('GET', '/v1/webhooks', { key: keys.shop.key })).status).toBe(403);
  });

  it('without a dispatcher the webhook paths do not exist', async () => {
    const { client } = await startShop(createMemoryStore());
    expect((await client.call('GET', '/v1/webhooks', { key: admin })).status).toBe(404);
  });
});
