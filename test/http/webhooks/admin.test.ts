// The WebhookAdmin side of the dispatcher: type filters, disabled subscriptions, secret
// rotation, replay from an outbox cursor, validation errors with their codes (nothing
// written), at-least-once when a step fails between storing deliveries and acknowledging, and
// two dispatchers on one store delivering each delivery once.
import { describe, expect, it } from 'vitest';
import { type FidelisErrorCode, isFidelisError } from '../../../src/core/errors.js';
import { type WebhookStore, createMemoryWebhookStore, createPgWebhookStore, createWebhookDispatcher, verifyWebhook } from '../../../src/http/webhooks/index.js';
import { pgliteStores } from '../../postgres/pglite-store.js';
import { receivers, teaShop } from './receiver.js';

const receiver = receivers();
const pglite = pgliteStores('whadmin');

function setup(webhooks: WebhookStore = createMemoryWebhookStore()) {
  const shop = teaShop();
  const dispatcher = createWebhookDispatcher({ engine: shop.engine, store: webhooks, clock: shop.clock, random: () => 0 });
  return { ...shop, dispatcher, webhooks };
}

async function refusal(p: Promise<unknown>): Promise<{ code: FidelisErrorCode; message: string }> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isFidelisError(e)) throw new Error(`expected a FidelisError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

const ids = (r: { received: ReadonlyArray<{ headers: Record<string, unknown> }> }) => r.received.map((x) => x.headers['webhook-id']);

describe('subscriptions', () => {
  it('deliver only the types asked for; a disabled one gets nothing more, not even its pending retries', async () => {
    const { dispatcher, order, engine, clock } = setup();
    const earned = await receiver();
    const adjusted = await receiver();
    const all = await receiver([500]);
    await dispatcher.subscribe({ url: earned.url, eventTypes: ['points.earned'] });
    await dispatcher.subscribe({ url: adjusted.url, eventTypes: ['points.adjusted', 'points.adjusted'] });
    const off = await dispatcher.subscribe({ url: all.url, eventTypes: ['*'] });
    await order('o1', 25); // ev_e1 points.earned
    await engine.adjustPoints('c1', { points: 5, reason: 'goodwill', actor: 'ops' }, { idempotencyKey: 'adj-1' }); // ev_e2 points.adjusted
    expect((await dispatcher.subscriptions()).map((s) => s.eventTypes)).toEqual([['points.earned'], ['points.adjusted'], ['*']]);
    expect(await dispatcher.deliverDue()).toEqual({ queued: 4, attempted: 4, delivered: 2, retrying: 2, dead: 0 });
    expect([ids(earned), ids(adjusted), ids(all)]).toEqual([['ev_e1'], ['ev_e2'], ['ev_e1', 'ev_e2']]);
    const unsubscribed = await dispatcher.unsubscribe(off.id);
    expect(unsubscribed).toEqual({ id: off.id, url: all.url, eventTypes: ['*'], status: 'disabled', createdAt: off.createdAt });
    all.script([200]);
    clock.advance(60_000); // its retries are due, the subscription is disabled
    await order('o2', 10); // ev_e3
    expect(await dispatcher.deliverDue()).toEqual({ queued: 1, attempted: 1, delivered: 1, retrying: 0, dead: 0 });
    expect([ids(earned), ids(adjusted), ids(all)]).toEqual([['ev_e1', 'ev_e3'], ['ev_e2'], ['ev_e1', 'ev_e2']]);
    expect((await dispatcher.subscription(off.id)).status).toBe('disabled');
    expect((await dispatcher.deliveries(off.id)).deliveries.map((d) => [d.eventId, d.status, d.attempts])).toEqual([['ev_e1', 'pending', 1], ['ev_e2', 'pending', 1]]);
  });

  it('after rotation the new secret signs and the old one no longer verifies', async () => {
    const { dispatcher, order, clock } = setup();
    const r = await receiver();
    const created = await dispatcher.subscribe({ url: r.url, eventTypes: ['*'] });
    await order('o1', 25);
    await dispatcher.deliverDue();
    const rotated = await dispatcher.rotateSecret(created.id);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated).toMatchObject({ id: created.id, status: 'active' });
    await order('o2', 10);
    await dispatcher.deliverDue();
    const [first, second] = r.received;
    const verify = (secret: string, x: typeof first) => verifyWebhook({ secret, headers: x!.headers as Record<string, string>, body: x!.body, now: clock.now() }).ok;
    expect([verify(created.secret, first), verify(created.secret, second), verify(rotated.secret, second)]).toEqual([true, false, true]);
    expect(JSON.stringify(await dispatcher.subscriptions())).not.toContain('whsec_'); // listed without secrets
  });

  it('refuse a bad url, an empty or unknown type list, unknown ids and bad queries with their codes, writing nothing', async () => {
    const { dispatcher, webhooks } = setup();
    expect(await refusal(dispatcher.subscribe({ url: 'ftp://shop.example/x', eventTypes: ['*'] }))).toEqual({
      code: 'VALIDATION_FAILED', message: 'Invalid webhook subscription: url: must be an absolute http or https URL without credentials',
    });
    expect((await refusal(dispatcher.subscribe({ url: 'https://u:p@shop.example/x', eventTypes: ['*'] }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(dispatcher.subscribe({ url: 'not a url', eventTypes: ['*'] }))).message).toMatch(/^Invalid webhook subscription: url: /);
    expect(await refusal(dispatcher.subscribe({ url: 'https://shop.example/x', eventTypes: [] }))).toEqual({
      code: 'VALIDATION_FAILED', message: 'Invalid webhook subscription: eventTypes: must name at least one event type (or "*")',
    });
    expect((await refusal(dispatcher.subscribe({ url: 'https://shop.example/x', eventTypes: ['points.earned', 'points.earnt'] }))).message).toMatch(/^Invalid webhook subscription: eventTypes\[1\]: must be '\*' or an event type \(points\.earned, /);
    expect(await webhooks.subscriptions()).toEqual([]);
    const missing = { code: 'NOT_FOUND', message: 'subscriptionId: no webhook subscription "whsub_nope"' };
    expect(await refusal(dispatcher.subscription('whsub_nope'))).toEqual(missing);
    expect(await refusal(dispatcher.unsubscribe('whsub_nope'))).toEqual(missing);
    expect(await refusal(dispatcher.rotateSecret('whsub_nope'))).toEqual(missing);
    expect(await refusal(dispatcher.deliveries('whsub_nope'))).toEqual(missing);
    expect(await refusal(dispatcher.replay('whsub_nope', { after: '0' }))).toEqual(missing);
    expect(await refusal(dispatcher.redeliver('whdel_nope'))).toEqual({ code: 'NOT_FOUND', message: 'deliveryId: no webhook delivery "whdel_nope"' });
    const { id } = await dispatcher.subscribe({ url: 'https://shop.example/x', eventTypes: ['*'] });
    expect((await refusal(dispatcher.deliveries(id, { status: 'lost' as 'dead' }))).message).toMatch(/^Invalid deliveries query: status: /);
    expect((await refusal(dispatcher.deliveries(id, { limit: 0 }))).message).toMatch(/^Invalid deliveries query: limit: /);
    expect((await refusal(dispatcher.deliveries(id, { after: 'x' }))).message).toBe('Invalid deliveries query: after: must be the next of a previous page');
    expect(await refusal(dispatcher.replay(id, { after: 'x' }))).toEqual({ code: 'VALIDATION_FAILED', message: 'after: not an event cursor (got "x")' });
    await dispatcher.unsubscribe(id);
    expect((await refusal(dispatcher.replay(id, { after: '0' }))).code).toBe('CONFLICT');
    expect((await dispatcher.deliveries(id)).deliveries).toEqual([]);
  });
});

describe.each([
  ['memory', async () => createMemoryWebhookStore()],
  ['PGlite', async () => createPgWebhookStore(await pglite())],
] as const)('replay (%s)', (_name, open) => {
  it('queues exactly the matching events after the cursor, those delivered before included, each once', async () => {
    const { dispatcher, order, engine } = setup(await open());
    for (const [i, euros] of [10, 20, 30, 40].entries()) await order(`o${i + 1}`, euros); // ev_e1 … ev_e4, before the subscription
    await engine.adjustPoints('c1', { points: 5, reason: 'goodwill', actor: 'ops' }, { idempotencyKey: 'adj-1' }); // ev_e5: another type
    const r = await receiver();
    const { id } = await dispatcher.subscribe({ url: r.url, eventTypes: ['points.earned'] });
    expect(await dispatcher.deliverDue()).toMatchObject({ queued: 0, attempted: 0 }); // written before it
    const page = await engine.events.read({ limit: 2 });
    expect(page.events.map((e) => e.id)).toEqual(['ev_e1', 'ev_e2']);
    expect(await dispatcher.replay(id, { after: page.cursor })).toEqual({ queued: 2 });
    await dispatcher.deliverDue();
    expect(ids(r)).toEqual(['ev_e3', 'ev_e4']);
    expect(await dispatcher.replay(id, { after: '0' })).toEqual({ queued: 4 }); // e3 and e4 queued again
    expect((await dispatcher.deliveries(id, { status: 'pending' })).deliveries.map((d) => d.eventId).sort()).toEqual(['ev_e1', 'ev_e2', 'ev_e3', 'ev_e4']);
    await dispatcher.deliverDue();
    expect(ids(r).slice(2).sort()).toEqual(['ev_e1', 'ev_e2', 'ev_e3', 'ev_e4']);
    expect((await dispatcher.deliveries(id)).deliveries).toHaveLength(4); // one delivery per event
    expect(await dispatcher.replay(id, { after: (await engine.events.read({ after: '0', limit: 1000 })).cursor })).toEqual({ queued: 0 });
  });
});

describe('GDPR erasure', () => {
  it('after engine.eraseCustomer, the pending deliveries carry the anonymous id, not the customer', async () => {
    const { dispatcher, order, engine, clock } = setup();
    const r = await receiver([500, 204]);
    await dispatcher.subscribe({ url: r.url, eventTypes: ['points.earned'] });
    await order('o1', 25);
    await dispatcher.deliverDue(); // fails: pending, due in 1 minute
    const { anonymousId } = await engine.eraseCustomer('c1');
    expect(await dispatcher.eraseCustomer('c1', anonymousId)).toBe(1);
    clock.advance(60_000);
    expect((await dispatcher.deliverDue()).delivered).toBe(1);
    expect(JSON.parse(r.received[0]!.body).customerId).toBe('c1');
    expect(JSON.parse(r.received[1]!.body).customerId).toBe(anonymousId);
    expect(r.received[1]!.body).not.toContain('"c1"');
  });
});

describe('at least once, never twice at the same time', () => {
  it('a step that fails after reading the outbox acknowledges nothing: the next step queues the events', async () => {
    const store = createMemoryWebhookStore();
    let failNext = true;
    const flaky: WebhookStore = {
      ...store,
      queueDeliveries: async (deliveries, options) => {
        if (failNext) {
          failNext = false;
          throw new Error('store unreachable');
        }
        return store.queueDeliveries(deliveries, options);
      },
    };
    const { dispatcher, order } = setup(flaky);
    const r = await receiver();
    await dispatcher.subscribe({ url: r.url, eventTypes: ['*'] });
    await order('o1', 25);
    await expect(dispatcher.deliverDue()).rejects.toThrow('store unreachable');
    expect(await dispatcher.deliverDue()).toMatchObject({ queued: 1, delivered: 1 });
    expect(ids(r)).toEqual(['ev_e1']);
  });

  it('two dispatchers on one store, stepping at once: every event reaches the receiver exactly once', async () => {
    const webhooks = createMemoryWebhookStore();
    const { dispatcher, order, engine, clock } = setup(webhooks);
    const other = createWebhookDispatcher({ engine, store: webhooks, clock });
    const r = await receiver();
    await dispatcher.subscribe({ url: r.url, eventTypes: ['*'] });
    for (let i = 1; i <= 20; i++) await order(`o${i}`, i);
    const reports = await Promise.all([dispatcher.deliverDue(), other.deliverDue(), dispatcher.deliverDue(), other.deliverDue()]);
    expect(reports.reduce((n, x) => n + x.delivered, 0)).toBe(20);
    expect(ids(r).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `ev_e${i + 1}`).sort());
  });
});
