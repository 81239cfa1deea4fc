// The engine's outbox: what each operation writes, with exact payloads worked out from the
// program (1 point per euro, 14 days pending to the next local midnight, expiry 12 months to the
// month's end, Europe/Paris), read back in order, acknowledged, exported and erased.
import { describe, expect, it } from 'vitest';
import {
  type StoredEvent,
  createLoyaltyEngine,
  createMemoryStore,
  eventJsonSchemas,
  eventPayloadSchemas,
  manualClock,
  orderFromCheckout,
  parseCart,
  parseProgram,
  parsePromotion,
  sequentialIdGenerator,
} from '../../src/index.js';

const program = parseProgram({
  id: 'tea',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  rounding: 'down',
  pending: 'P14D',
  expiry: { after: 'P12M', roundTo: 'month' },
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'card', kind: 'stamp-card', stampsRequired: 2, stampsPer: 'line', reward: { rewardId: 'free-tea' } },
  ],
  rewards: [{ id: 'free-tea', cost: 1, effect: { type: 'product', sku: 'TEA-1' } }],
  tiers: { basis: 'points', window: { calendar: 'year' }, review: 'year', levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '100' }] },
});

function teaShop(now = '2026-03-01T12:00:00Z') {
  const clock = manualClock(new Date(now));
  const engine = createLoyaltyEngine({ store: createMemoryStore(), programs: [program], clock, ids: sequentialIdGenerator('e') });
  return { engine, clock };
}

/** 70 € + 50 €: 120 points, two stamps (one full card of 2 → the free tea), gold reached (100 points). */
const order = { id: 'o1', customerId: 'c1', placedAt: '2026-03-01T10:00:00Z', currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '70.00' }, { id: 'l2', sku: 'B', quantity: 1, unitPrice: '50.00' }] };

const brief = (events: readonly StoredEvent[]) => events.map((e) => [e.type, e.payload]);

async function everything(engine: ReturnType<typeof teaShop>['engine']): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let page = await engine.events.read({ limit: 1000 }); page.events.length > 0; page = await engine.events.read({ after: page.cursor, limit: 1000 })) out.push(...page.events);
  return out;
}

describe('the engine writes its events with the state change', () => {
  it('an order: points earned (pending 14 days), the tier reached, the stamp card filled and its reward, each with a stable id', async () => {
    const { engine } = teaShop();
    await engine.recordOrder(order, { idempotencyKey: 'k1' });
    await engine.recordOrder(order, { idempotencyKey: 'k1' }); // a replay writes nothing
    const events = await everything(engine);
    // placed 1 Mar 11:00 Paris; + 14 days → spendable from 16 Mar 00:00 Paris (23:00Z); expiry
    // 1 Mar 2027 rounded to the month's end: 31 Mar 2027 23:59:59.999 CEST (21:59:59.999Z)
    expect(events).toEqual([
      { id: 'ev_e1', type: 'points.earned', version: 1, customerId: 'c1', at: '2026-03-01T10:00:00.000Z', cursor: '1',
        payload: { lotId: 'e1', source: 'order', orderId: 'o1', programId: 'tea', points: 120, activatesAt: '2026-03-15T23:00:00.000Z', expiresAt: '2027-03-31T21:59:59.999Z', pending: true } },
      { id: 'ev_e2', type: 'tier.changed', version: 1, customerId: 'c1', at: '2026-03-01T10:00:00.000Z', cursor: '2', payload: { from: null, to: 'gold' } },
      { id: 'ev_stamps_o1_card', type: 'stamp_card.completed', version: 1, customerId: 'c1', at: '2026-03-01T10:00:00.000Z', cursor: '3', payload: { orderId: 'o1', ruleId: 'card', cards: 1 } },
      { id: 'ev_reward_o1_card_free-tea', type: 'reward.unlocked', version: 1, customerId: 'c1', at: '2026-03-01T10:00:00.000Z', cursor: '4', payload: { orderId: 'o1', ruleId: 'card', rewardId: 'free-tea', count: 1 } },
    ]);
  });

  it('jobs: activation and the expiring-soon notice once however often they run, a redemption, then the expiry of what is left', async () => {
    const { engine, clock } = teaShop();
    await engine.recordOrder(order, { idempotencyKey: 'k1' });
    const march16 = new Date('2026-03-16T08:00:00Z');
    clock.set(march16);
    expect((await engine.runDueJobs(march16)).expiringSoon).toBe(0); // 31 Mar 2027 is beyond 30 days
    await engine.redeemPoints('c1', 50, { idempotencyKey: 'burn-1', reason: 'reward' });
    const march10 = new Date('2027-03-10T12:00:00Z'); // 21 days before the expiry
    clock.set(march10);
    expect((await engine.runDueJobs(march10)).expiringSoon).toBe(1);
    expect((await engine.runDueJobs(march10, { expiringSoonWithin: 'P60D' })).expiringSoon).toBe(0);
    const april = new Date('2027-04-01T08:00:00Z');
    clock.set(april);
    expect((await engine.runDueJobs(april)).expiry).toEqual({ customers: 1, lotsExpired: 1, pointsExpired: 70 });
    const later = (await everything(engine)).slice(4);
    expect(brief(later)).toEqual([
      ['points.pending_activated', { lotId: 'e1', points: 120 }],
      ['points.redeemed', { points: 50, entryId: later[1]?.payload['entryId'] }],
      ['points.expiring_soon', { lotId: 'e1', points: 70, expiresAt: '2027-03-31T21:59:59.999Z' }],
      ['points.expired', { lotId: 'e1', points: 70 }],
    ]);
    expect(later[2]?.id).toBe('ev_expiring_soon_e1');
    // business time: the activation and the expiry at the lot's own instants, the others when they ran
    expect(later.map((e) => e.at)).toEqual(['2026-03-15T23:00:00.000Z', '2026-03-16T08:00:00.000Z', '2027-03-10T12:00:00.000Z', '2027-03-31T21:59:59.999Z']);
  });

  it('a checkout: coupons reserved and redeemed, the order earned on what was paid, a partial return reversed; no usage restored, no event for it', async () => {
    const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' } as const;
    const engine = createLoyaltyEngine({
      store: createMemoryStore(),
      clock: manualClock(new Date('2026-03-07T10:00:00Z')),
      programs: [parseProgram({ id: 'shop', currency: 'EUR', timeZone: 'Europe/Paris', expiry: 'never', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] })],
      promotions: {
        timeZone: 'Europe/Paris',
        promotions: [
          parsePromotion({ id: 'tea-3for2', name: '3 teas for 2', activation: 'automatic', effect: { type: 'buy-x-get-y', buy: { quantity: 2, lines: tea }, get: { quantity: 1, lines: tea } } }),
          parsePromotion({ id: 'welcome-5', name: '5 € welcome', codes: ['WELCOME5'], effect: { type: 'amount-off', amount: { EUR: '5.00' } }, limits: { perCustomer: 1 } }),
        ],
      },
    });
    const cart = { currency: 'EUR', lines: [{ id: 'tea', sku: 'TEA', quantity: 3, unitPrice: '5.00', categories: ['tea'] }, { id: 'mug', sku: 'MUG', quantity: 1, unitPrice: '12.00', categories: ['mugs'] }] };
    const evaluation = await engine.evaluateCheckout({ cart, codes: ['WELCOME5'], customer: { id: 'c1', joinedAt: new Date('2026-01-01T00:00:00Z') }, checkoutId: 'co-42' });
    const held = await engine.reserveCoupons({ checkoutId: 'co-42', evaluation, customerId: 'c1', orderId: 'o-42', ttl: 'PT15M' });
    await engine.commitCoupons(held);
    await engine.commitCoupons(held); // a retried commit moves nothing: no second event
    await engine.recordOrder(orderFromCheckout(parseCart(cart), evaluation, { id: 'o-42', customerId: 'c1', placedAt: '2026-03-07T10:00:00Z' }), { idempotencyKey: 'order-o-42' });
    await engine.recordReturn({ id: 'ret-7', orderId: 'o-42', at: '2026-03-08T10:00:00Z', lines: [{ lineId: 'tea', quantity: 1 }] }, { idempotencyKey: 'return-ret-7' });
    await engine.restoreCoupons({ orderId: 'o-42', returnId: 'ret-7', lines: [{ lineId: 'tea', quantity: 1 }] });
    const events = await everything(engine);
    // 3 teas (15 €) − one free (5 €) + mug 12 € = 22 €, − 5 € welcome = 17 € paid → 17 points
    expect(brief(events)).toEqual([
      ['coupon.reserved', { reservationId: 'co-42:tea-3for2', promotionId: 'tea-3for2', checkoutId: 'co-42', discountMinor: 500, currency: 'EUR', expiresAt: '2026-03-07T10:15:00.000Z' }],
      ['coupon.reserved', { reservationId: 'co-42:welcome-5', promotionId: 'welcome-5', checkoutId: 'co-42', discountMinor: 500, currency: 'EUR', expiresAt: '2026-03-07T10:15:00.000Z' }],
      ['coupon.redeemed', { reservationId: 'co-42:tea-3for2', promotionId: 'tea-3for2', orderId: 'o-42', discountMinor: 500, currency: 'EUR' }],
      ['coupon.redeemed', { reservationId: 'co-42:welcome-5', promotionId: 'welcome-5', orderId: 'o-42', discountMinor: 500, currency: 'EUR' }],
      ['points.earned', { lotId: events[4]?.payload['lotId'], source: 'order', orderId: 'o-42', programId: 'shop', points: 17, activatesAt: '2026-03-07T10:00:00.000Z', expiresAt: null, pending: false }],
      ['points.reversed', { orderId: 'o-42', returnId: 'ret-7', points: 2, debt: 0 }],
    ]);
    expect(events.every((e) => e.customerId === 'c1')).toBe(true);
  });

  it('a consumer reads from where it acknowledged', async () => {
    const { engine } = teaShop();
    await engine.recordOrder(order, { idempotencyKey: 'k1' });
    const first = await engine.events.read({ consumer: 'crm', limit: 3 });
    expect(first.events.map((e) => e.cursor)).toEqual(['1', '2', '3']);
    await engine.events.ack('crm', first.cursor);
    expect((await engine.events.read({ consumer: 'crm' })).events.map((e) => e.type)).toEqual(['reward.unlocked']);
    expect((await engine.events.read({ consumer: 'other' })).events).toHaveLength(4);
  });

  it('contacts report; export carries the customer\'s events; erasure moves them to the anonymous id and says so', async () => {
    const { engine } = teaShop();
    await engine.recordOrder(order, { idempotencyKey: 'k1' });
    await engine.recordContact({ id: 'ct1', customerId: 'c1', channel: 'email', kind: 'marketing', at: new Date('2026-03-02T09:00:00Z'), journeyId: 'welcome', stepId: 'hello' });
    const exported = await engine.exportCustomerData('c1');
    expect(exported.events.map((e) => e.type)).toEqual(['points.earned', 'tier.changed', 'stamp_card.completed', 'reward.unlocked', 'contact.recorded']);
    expect(exported.events[4]?.payload).toEqual({ contactId: 'ct1', channel: 'email', kind: 'marketing', journeyId: 'welcome', stepId: 'hello' });
    const erased = await engine.eraseCustomer('c1');
    expect(erased.eventsAnonymised).toBe(5);
    const events = await everything(engine);
    expect(events.some((e) => e.customerId === 'c1' || JSON.stringify(e).includes('"c1"'))).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'customer.erased', customerId: erased.anonymousId, payload: { entries: 2, contacts: 1 } });
    expect((await engine.exportCustomerData('c1')).events).toEqual([]);
  });

  it('every event written matches its published schema, and every type has a JSON Schema', async () => {
    const { engine, clock } = teaShop();
    await engine.recordOrder(order, { idempotencyKey: 'k1' });
    await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l2', quantity: 1 }] }, { idempotencyKey: 'r1' });
    await engine.adjustPoints('c1', { points: 5, reason: 'goodwill', actor: 'ops' }, { idempotencyKey: 'adj-1' });
    clock.set(new Date('2027-03-10T00:00:00Z'));
    await engine.runDueJobs(new Date('2027-03-10T00:00:00Z'));
    await engine.eraseCustomer('c1');
    const events = await everything(engine);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['points.earned', 'tier.changed', 'stamp_card.completed', 'reward.unlocked', 'points.reversed', 'points.adjusted', 'points.pending_activated', 'points.expiring_soon', 'customer.erased']));
    for (const e of events) expect(eventPayloadSchemas[e.type as keyof typeof eventPayloadSchemas].safeParse(e.payload).success).toBe(true);
    const schemas = eventJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(eventPayloadSchemas).sort());
    expect(schemas['points.redeemed']).toMatchObject({ type: 'object', required: ['points', 'entryId'], additionalProperties: false, title: 'points.redeemed', 'x-version': 1 });
  });

  it('a bad cursor or consumer is VALIDATION_FAILED; a bad horizon too, before anything is written', async () => {
    const { engine } = teaShop();
    await expect(engine.events.read({ after: 'x1' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(engine.events.ack('', '1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // an empty outbox: acknowledging past its end is refused, the consumer never acknowledged
    await expect(engine.events.ack('crm', '1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'cursor' }] } });
    await engine.events.ack('crm', '0');
    expect((await engine.events.read({ consumer: 'crm' })).cursor).toBe('0');
    await expect(engine.runDueJobs(new Date(), { expiringSoonWithin: '30 days' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
