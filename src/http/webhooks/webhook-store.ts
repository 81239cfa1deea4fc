import type { WebhookDelivery, WebhookSubscription } from './webhook-admin.js';

/**
 * A subscription as stored: with its signing secret and the outbox cursor its deliveries start
 * after (the head of the outbox when it was created: it receives the events written from then on).
 *
 * @example
 * ```ts
 * const s: StoredWebhookSubscription = { id: 'whsub_1', url: 'https://shop.example/hooks', eventTypes: ['*'],
 *   status: 'active', createdAt: new Date(), secret: 'whsec_…', startAfter: '42' };
 * ```
 */
export interface StoredWebhookSubscription extends WebhookSubscription {
  /** The signing secret, `whsec_<base64>` (kept in clear: it keys the HMAC of every delivery). */
  readonly secret: string;
  /** Events at or before this outbox cursor are not for it (replay still reaches them). */
  readonly startAfter: string;
}

/**
 * One delivery to queue: which event goes to which subscription, with the exact body every
 * attempt sends (signed as is).
 *
 * @example
 * ```ts
 * const d: NewWebhookDelivery = { id: 'whdel_1', subscriptionId: 'whsub_1', eventId: 'ev_e1', eventType: 'points.earned', body: '{"id":"ev_e1",…}' };
 * ```
 */
export interface NewWebhookDelivery {
  /** Its id, `whdel_…` (kept when the pair is queued again by a replay). */
  readonly id: string;
  /** The subscription. */
  readonly subscriptionId: string;
  /** The event's id: one delivery per subscription and event. */
  readonly eventId: string;
  /** The event's type. */
  readonly eventType: string;
  /** The JSON body POSTed. */
  readonly body: string;
}

/**
 * A delivery as stored: what the admin shows, the body, and the failed attempts of the current
 * round (a redelivery or a replay starts a new round: the retry schedule starts again).
 *
 * @example
 * ```ts
 * const r: WebhookDeliveryRecord = { id: 'whdel_1', subscriptionId: 'whsub_1', eventId: 'ev_e1', eventType: 'points.earned',
 *   status: 'pending', attempts: 1, body: '{…}', retryStep: 1, lastError: 'HTTP 500', nextAttemptAt: new Date() };
 * ```
 */
export interface WebhookDeliveryRecord extends WebhookDelivery {
  /** The JSON body POSTed. */
  readonly body: string;
  /** Failed attempts since the delivery was (re)queued. */
  readonly retryStep: number;
}

/**
 * A due delivery leased to one dispatcher, with where it goes and the secret to sign it with.
 *
 * @example
 * ```ts
 * const [claim] = await store.claimDue({ now, leaseUntil, lease: 'lease_1', limit: 10 });
 * ```
 */
export interface ClaimedWebhookDelivery {
  /** The delivery. */
  readonly delivery: WebhookDeliveryRecord;
  /** The subscription's url. */
  readonly url: string;
  /** The subscription's current secret. */
  readonly secret: string;
  /** The lease token: only its holder can record the attempt. */
  readonly lease: string;
}

/**
 * What one attempt came to: `delivered` (a 2xx), `pending` with the next attempt's time, or `dead`.
 *
 * @example
 * ```ts
 * const o: WebhookAttemptOutcome = { status: 'pending', nextAttemptAt: new Date('2026-03-01T10:01:00Z'), lastError: 'HTTP 500' };
 * ```
 */
export interface WebhookAttemptOutcome {
  /** The delivery's status after the attempt. */
  readonly status: WebhookDelivery['status'];
  /** When the next attempt is due (`pending`). */
  readonly nextAttemptAt?: Date;
  /** The failure (`pending`, `dead`). */
  readonly lastError?: string;
  /** When the 2xx came back (`delivered`). */
  readonly deliveredAt?: Date;
}

/**
 * The webhook port: subscriptions and their deliveries, named by atomic operations. An adapter
 * implements each with one guarded statement (the memory one with one synchronous step):
 * - `queueDeliveries` stores one delivery per (subscription, event): a pair already queued is
 *   skipped, or, with `requeue`, put back to `pending` due at `at` in a new round (replay);
 * - `claimDue` leases due `pending` deliveries of active subscriptions that no live lease holds,
 *   oldest due first, so two dispatchers never attempt the same delivery at the same time;
 * - `recordAttempt` counts the attempt and sets the outcome only while `lease` still holds it
 *   (a requeue or another claim in between wins: the attempt returns `undefined`).
 *
 * `createMemoryWebhookStore()` and `createPgWebhookStore({ sql, schema })` (migration 11) implement it.
 *
 * @example
 * ```ts
 * const store: WebhookStore = createMemoryWebhookStore();
 * await store.queueDeliveries([delivery], { at: new Date(), requeue: false });
 * ```
 */
export interface WebhookStore {
  /** Store a new subscription. */
  insertSubscription(subscription: StoredWebhookSubscription): Promise<void>;
  /** Every subscription, oldest first. */
  subscriptions(): Promise<readonly StoredWebhookSubscription[]>;
  /** One subscription, or `undefined`. */
  subscription(id: string): Promise<StoredWebhookSubscription | undefined>;
  /** Change a subscription's status or secret; `undefined` when it does not exist. */
  updateSubscription(id: string, change: { readonly status?: WebhookSubscription['status']; readonly secret?: string }): Promise<StoredWebhookSubscription | undefined>;
  /** Queue deliveries due at `at` (see the contract above); returns how many were queued. */
  queueDeliveries(deliveries: readonly NewWebhookDelivery[], options: { readonly at: Date; readonly requeue: boolean }): Promise<number>;
  /** Lease up to `limit` due deliveries until `leaseUntil` under the token `lease`. */
  claimDue(query: { readonly now: Date; readonly leaseUntil: Date; readonly lease: string; readonly limit: number }): Promise<readonly ClaimedWebhookDelivery[]>;
  /** Record an attempt of a leased delivery (attempts + 1, the outcome, the lease released). */
  recordAttempt(id: string, lease: string, outcome: WebhookAttemptOutcome): Promise<WebhookDeliveryRecord | undefined>;
  /** A subscription's deliveries, oldest first, optionally of one status, after a page's `next`. */
  deliveries(
    subscriptionId: string,
    query: { readonly status?: WebhookDelivery['status']; readonly after?: string; readonly limit: number },
  ): Promise<{ readonly deliveries: readonly WebhookDeliveryRecord[]; readonly next?: string }>;
  /** One delivery, or `undefined`. */
  delivery(id: string): Promise<WebhookDeliveryRecord | undefined>;
  /** Put a delivery back to `pending`, due at `at`, in a new round (its lease dropped); `undefined` when it does not exist. */
  requeueDelivery(id: string, at: Date): Promise<WebhookDeliveryRecord | undefined>;
  /** Replace the customer's id by `anonymousId` wherever a stored body holds it as a JSON string (GDPR erasure); returns how many bodies changed. */
  eraseCustomerDeliveries(customerId: string, anonymousId: string): Promise<number>;
}

/**
 * The public view of a stored delivery (without its body and round).
 *
 * @example
 * ```ts
 * const shown: WebhookDelivery = publicDelivery(record);
 * ```
 */
export function publicDelivery(record: WebhookDeliveryRecord): WebhookDelivery {
  const { body: _body, retryStep: _step, ...shown } = record;
  return shown;
}

/**
 * The public view of a stored subscription (without its secret and start cursor).
 *
 * @example
 * ```ts
 * const shown: WebhookSubscription = publicSubscription(stored);
 * ```
 */
export function publicSubscription(stored: StoredWebhookSubscription): WebhookSubscription {
  const { secret: _secret, startAfter: _start, ...shown } = stored;
  return shown;
}
