import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../core/clock.js';
import { FidelisError } from '../../core/errors.js';
import { prefixedIdGenerator } from '../../core/ids.js';
import type { EventOperations, EventQuery } from '../../engine/event-operations.js';
import { MAX_EVENT_PAGE, eventPosition } from '../../storage/event-cursor.js';
import type { StoredEvent } from '../../storage/event-store.js';
import { defaultWebhookRetrySchedule, nextAttemptAt } from './retry-schedule.js';
import type { WebhookAdmin } from './webhook-admin.js';
import { type WebhookFetch, postWebhook } from './webhook-attempt.js';
import { parseDeliveryQuery, parseSubscribeInput, webhookNotFound } from './webhook-input.js';
import { generateWebhookSecret } from './webhook-signature.js';
import {
  type ClaimedWebhookDelivery,
  type NewWebhookDelivery,
  type StoredWebhookSubscription,
  type WebhookStore,
  publicDelivery,
  publicSubscription,
} from './webhook-store.js';

/**
 * What a dispatcher needs: the engine's outbox (`engine.events.read` and `.ack`: pass the
 * engine itself), the {@link WebhookStore}, and optionally the world it runs in.
 *
 * @example
 * ```ts
 * const options: WebhookDispatcherOptions = { engine, store: createMemoryWebhookStore(), timeoutMs: 5_000 };
 * ```
 */
export interface WebhookDispatcherOptions {
  /** The engine (or anything with its `events.read` / `events.ack`). */
  readonly engine: { readonly events: Pick<EventOperations['events'], 'read' | 'ack'> };
  /** Where subscriptions and deliveries live. */
  readonly store: WebhookStore;
  /** The HTTP client (global `fetch` by default). */
  readonly fetch?: WebhookFetch;
  /** Where "now" comes from (the system clock by default). */
  readonly clock?: Clock;
  /** Waits between attempts in ms ({@link defaultWebhookRetrySchedule} by default): attempts = length + 1. */
  readonly schedule?: readonly number[];
  /** Draws in [0, 1) for the jitter (a CSPRNG by default; `() => 0` for exact schedules). */
  readonly random?: () => number;
  /** How long one POST may take, 10 s by default. */
  readonly timeoutMs?: number;
  /** Events read and deliveries claimed per step, 100 by default (1…1,000). */
  readonly batchSize?: number;
  /** The outbox consumer the dispatcher acknowledges as, `fidelis.webhooks` by default. */
  readonly consumer?: string;
}

/**
 * What one {@link WebhookDispatcher.deliverDue} call did.
 *
 * @example
 * ```ts
 * const r: WebhookDeliveryReport = await dispatcher.deliverDue();
 * r.delivered; // 2xx responses
 * ```
 */
export interface WebhookDeliveryReport {
  /** Deliveries queued from new outbox events. */
  readonly queued: number;
  /** POSTs made. */
  readonly attempted: number;
  /** … that got a 2xx. */
  readonly delivered: number;
  /** … that failed and will be retried. */
  readonly retrying: number;
  /** … that failed for the last time (now `dead`). */
  readonly dead: number;
}

/**
 * The webhook dispatcher: the {@link WebhookAdmin} the HTTP routes call, plus `deliverDue`,
 * which a worker ({@link startWebhookWorker}) runs every few seconds.
 *
 * @example
 * ```ts
 * const dispatcher: WebhookDispatcher = createWebhookDispatcher({ engine, store });
 * await dispatcher.deliverDue();
 * ```
 */
export interface WebhookDispatcher extends WebhookAdmin {
  /**
   * Queue the outbox events not yet fanned out (for each active subscription whose types match),
   * acknowledge them, then POST every due delivery and record each outcome.
   */
  deliverDue(now?: Date): Promise<WebhookDeliveryReport>;
}

const subscriptionIds = prefixedIdGenerator('whsub_', 20);
const deliveryIds = prefixedIdGenerator('whdel_', 20);

function cryptoRandom(): number {
  return (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) / 0x1_0000_0000;
}

/** The body POSTed for an event: the outbox event without its cursor. */
function webhookBody(e: StoredEvent): string {
  return JSON.stringify({ id: e.id, type: e.type, version: e.version, customerId: e.customerId, at: e.at, payload: e.payload });
}

function wants(s: StoredWebhookSubscription, e: StoredEvent): boolean {
  return s.eventTypes.includes('*') || s.eventTypes.includes(e.type);
}

function deliveryOf(s: StoredWebhookSubscription, e: StoredEvent): NewWebhookDelivery {
  return { id: deliveryIds(), subscriptionId: s.id, eventId: e.id, eventType: e.type, body: webhookBody(e) };
}

/**
 * Create the dispatcher over the engine's outbox and a {@link WebhookStore}.
 *
 * Design: one outbox consumer (`fidelis.webhooks`) fans every event out to the subscriptions
 * that want it — one outbox read per step however many subscriptions there are. The deliveries
 * are stored (one per subscription and event, so a re-read page queues nothing twice) before the
 * consumer is acknowledged: a crash in between re-reads the page, never loses it (at least once).
 * Each subscription keeps the cursor it starts after (the outbox head when it was created;
 * cursors are compared as the decimal positions the Store adapters hand out).
 * Due deliveries are claimed with a lease (`timeoutMs` + 1 min), so two dispatchers on one
 * store never POST the same delivery at the same time; an attempt records its outcome only
 * while its lease holds. A 2xx is `delivered`; any other status, a timeout or a network error
 * schedules the next attempt by `schedule` plus up to 10 % jitter, and after the last one the
 * delivery is `dead`. Validation errors are `VALIDATION_FAILED`, unknown ids `NOT_FOUND`, a
 * replay to a disabled subscription `CONFLICT`; none of them writes anything.
 *
 * @example
 * ```ts
 * import { createLoyaltyEngine, createMemoryStore } from 'fidelis';
 * import { createMemoryWebhookStore, createWebhookDispatcher, startWebhookWorker } from 'fidelis/http';
 * const engine = createLoyaltyEngine({ store: createMemoryStore(), programs });
 * const dispatcher = createWebhookDispatcher({ engine, store: createMemoryWebhookStore() });
 * const { secret } = await dispatcher.subscribe({ url: 'https://shop.example/hooks', eventTypes: ['points.earned'] });
 * const worker = startWebhookWorker({ dispatcher, intervalMs: 1_000 });
 * ```
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { engine, store } = options;
  const clock = options.clock ?? systemClock;
  const schedule = options.schedule ?? defaultWebhookRetrySchedule;
  const random = options.random ?? cryptoRandom;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 100;
  const consumer = options.consumer ?? 'fidelis.webhooks';
  const post = { fetch: options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init)), timeoutMs };
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_EVENT_PAGE) {
    throw new FidelisError('VALIDATION_FAILED', `batchSize: must be an integer from 1 to ${MAX_EVENT_PAGE}`, { issues: [{ path: 'batchSize', message: `must be an integer from 1 to ${MAX_EVENT_PAGE}` }] });
  }

  const existing = async (id: string): Promise<StoredWebhookSubscription> => {
    const s = await store.subscription(id);
    if (s === undefined) throw webhookNotFound('subscription', id);
    return s;
  };

  const update = async (id: string, change: Parameters<WebhookStore['updateSubscription']>[1]): Promise<StoredWebhookSubscription> => {
    const updated = await store.updateSubscription(id, change);
    if (updated === undefined) throw webhookNotFound('subscription', id);
    return updated;
  };

  /** Every page of the outbox from `first` (a cursor or the consumer's position) to its end; returns the end's cursor. */
  const eachPage = async (first: EventQuery, visit: (events: readonly StoredEvent[]) => Promise<void>): Promise<string> => {
    let page = await engine.events.read({ ...first, limit: MAX_EVENT_PAGE });
    while (page.events.length > 0) {
      await visit(page.events);
      page = await engine.events.read({ after: page.cursor, limit: MAX_EVENT_PAGE });
    }
    return page.cursor;
  };

  const fanOut = async (now: Date): Promise<number> => {
    let queued = 0;
    for (;;) {
      const page = await engine.events.read({ consumer, limit: batchSize });
      if (page.events.length === 0) return queued;
      const active = (await store.subscriptions()).filter((s) => s.status === 'active');
      const deliveries = page.events.flatMap((e) =>
        active.filter((s) => wants(s, e) && eventPosition(e.cursor, 'cursor') > eventPosition(s.startAfter, 'startAfter')).map((s) => deliveryOf(s, e)),
      );
      queued += await store.queueDeliveries(deliveries, { at: now, requeue: false });
      await engine.events.ack(consumer, page.cursor); // only once the deliveries are stored
    }
  };

  const attempt = async (claim: ClaimedWebhookDelivery, now: Date): Promise<WebhookDeliveryReport> => {
    const result = await postWebhook(claim, now, post);
    const none = { queued: 0, attempted: 1, delivered: 0, retrying: 0, dead: 0 };
    if (result.ok) {
      await store.recordAttempt(claim.delivery.id, claim.lease, { status: 'delivered', deliveredAt: now });
      return { ...none, delivered: 1 };
    }
    const next = nextAttemptAt(now, claim.delivery.retryStep + 1, schedule, random());
    const outcome = next === undefined ? ({ status: 'dead', lastError: result.error } as const) : ({ status: 'pending', nextAttemptAt: next, lastError: result.error } as const);
    await store.recordAttempt(claim.delivery.id, claim.lease, outcome);
    return next === undefined ? { ...none, dead: 1 } : { ...none, retrying: 1 };
  };

  return {
    subscribe: async (input) => {
      const { url, eventTypes } = parseSubscribeInput(input);
      // the head of the outbox: this subscription receives what is written after it
      const startAfter = await eachPage({ consumer }, async () => {});
      const created: StoredWebhookSubscription = { id: subscriptionIds(), url, eventTypes, status: 'active', createdAt: clock.now(), secret: generateWebhookSecret(), startAfter };
      await store.insertSubscription(created);
      return { ...publicSubscription(created), secret: created.secret };
    },
    subscriptions: async () => (await store.subscriptions()).map(publicSubscription),
    subscription: async (id) => publicSubscription(await existing(id)),
    unsubscribe: async (id) => publicSubscription(await update(id, { status: 'disabled' })),
    rotateSecret: async (id) => {
      const updated = await update(id, { secret: generateWebhookSecret() });
      return { ...publicSubscription(updated), secret: updated.secret };
    },
    deliveries: async (id, query) => {
      const q = parseDeliveryQuery(query);
      await existing(id);
      const page = await store.deliveries(id, q);
      return { deliveries: page.deliveries.map(publicDelivery), ...(page.next === undefined ? {} : { next: page.next }) };
    },
    redeliver: async (deliveryId) => {
      const requeued = await store.requeueDelivery(deliveryId, clock.now());
      if (requeued === undefined) throw webhookNotFound('delivery', deliveryId);
      return publicDelivery(requeued);
    },
    replay: async (id, from) => {
      if (typeof from?.after !== 'string') {
        throw new FidelisError('VALIDATION_FAILED', 'after: must be an outbox cursor (a string)', { issues: [{ path: 'after', message: 'must be an outbox cursor' }] });
      }
      const s = await existing(id);
      if (s.status !== 'active') {
        throw new FidelisError('CONFLICT', `subscriptionId: webhook subscription ${id} is disabled; a replay would never be delivered`, { subscriptionId: id });
      }
      const at = clock.now();
      let queued = 0;
      await eachPage({ after: from.after }, async (events) => {
        queued += await store.queueDeliveries(events.filter((e) => wants(s, e)).map((e) => deliveryOf(s, e)), { at, requeue: true });
      });
      return { queued };
    },
    eraseCustomer: (customerId, anonymousId) => store.eraseCustomerDeliveries(customerId, anonymousId),
    deliverDue: async (now = clock.now()) => {
      const queued = await fanOut(now);
      const total = { queued, attempted: 0, delivered: 0, retrying: 0, dead: 0 };
      const lease = `lease_${randomUUID()}`;
      for (;;) {
        const claims = await store.claimDue({ now, leaseUntil: new Date(now.getTime() + timeoutMs + 60_000), lease, limit: batchSize });
        for (const r of await Promise.all(claims.map((c) => attempt(c, now)))) {
          total.attempted += r.attempted;
          total.delivered += r.delivered;
          total.retrying += r.retrying;
          total.dead += r.dead;
        }
        if (claims.length < batchSize) return total;
      }
    },
  };
}
