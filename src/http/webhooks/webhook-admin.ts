/**
 * What the HTTP service needs of webhooks: managing subscriptions and seeing their deliveries.
 * The dispatcher (`createWebhookDispatcher`) implements it; the routes under `/v1/webhooks`
 * call nothing else, so the two sides meet here.
 *
 * @module
 */

/**
 * One endpoint that receives the events of the types it asked for.
 *
 * @example
 * ```ts
 * const s: WebhookSubscription = (await admin.subscriptions())[0]!;
 * s.eventTypes; // ['points.earned', 'coupon.redeemed'] or ['*']
 * ```
 */
export interface WebhookSubscription {
  /** Stable id, `whsub_…`. */
  readonly id: string;
  /** Where deliveries are POSTed (http or https). */
  readonly url: string;
  /** Event types delivered (`'*'`: every type). */
  readonly eventTypes: readonly string[];
  /** `active` receives deliveries; `disabled` keeps its history and receives nothing. */
  readonly status: 'active' | 'disabled';
  /** When it was created. */
  readonly createdAt: Date;
}

/**
 * A subscription as created or rotated: the only time its signing secret is shown.
 *
 * @example
 * ```ts
 * const { id, secret } = await admin.subscribe({ url: 'https://shop.example/hooks', eventTypes: ['*'] });
 * ```
 */
export interface WebhookSubscriptionCreated extends WebhookSubscription {
  /** The signing secret (`whsec_` + base64), shown once. */
  readonly secret: string;
}

/**
 * One event on its way to one subscription.
 *
 * @example
 * ```ts
 * const { deliveries } = await admin.deliveries('whsub_1', { status: 'dead' });
 * deliveries[0]?.lastError; // 'HTTP 500'
 * ```
 */
export interface WebhookDelivery {
  /** Stable id, `whdel_…`. */
  readonly id: string;
  /** The subscription it goes to. */
  readonly subscriptionId: string;
  /** The event's id (the receiver's idempotency key) and type. */
  readonly eventId: string;
  readonly eventType: string;
  /** `pending`: will be tried (again); `delivered`: a 2xx came back; `dead`: retries are exhausted. */
  readonly status: 'pending' | 'delivered' | 'dead';
  /** Attempts made so far. */
  readonly attempts: number;
  /** When the next attempt is due (pending only). */
  readonly nextAttemptAt?: Date;
  /** The last failure: `HTTP 500`, `timeout`, `connection refused`… */
  readonly lastError?: string;
  /** When a 2xx came back. */
  readonly deliveredAt?: Date;
}

/**
 * A page of deliveries, oldest first; `next` reads on.
 *
 * @example
 * ```ts
 * const page: WebhookDeliveryPage = await admin.deliveries('whsub_1', { limit: 50 });
 * ```
 */
export interface WebhookDeliveryPage {
  readonly deliveries: readonly WebhookDelivery[];
  /** Pass as `after` to read the next page; absent on the last page. */
  readonly next?: string;
}

/**
 * Managing webhooks. Unknown ids raise `FidelisError('NOT_FOUND')`, a bad url or an empty
 * type list `FidelisError('VALIDATION_FAILED')`, naming the field.
 *
 * @example
 * ```ts
 * const created = await admin.subscribe({ url: 'https://shop.example/hooks', eventTypes: ['points.earned'] });
 * await admin.replay(created.id, { after: '0' });
 * ```
 */
export interface WebhookAdmin {
  /** Create a subscription; its deliveries start with the events written from now on. */
  subscribe(input: { readonly url: string; readonly eventTypes: readonly string[] }): Promise<WebhookSubscriptionCreated>;
  /** Every subscription, oldest first. */
  subscriptions(): Promise<readonly WebhookSubscription[]>;
  /** One subscription. */
  subscription(id: string): Promise<WebhookSubscription>;
  /** Disable a subscription (kept, with its deliveries, for the record). */
  unsubscribe(id: string): Promise<WebhookSubscription>;
  /** A new signing secret; the old one stops signing at once. */
  rotateSecret(id: string): Promise<WebhookSubscriptionCreated>;
  /** A subscription's deliveries, oldest first, optionally of one status. */
  deliveries(
    id: string,
    query?: { readonly status?: WebhookDelivery['status']; readonly after?: string; readonly limit?: number },
  ): Promise<WebhookDeliveryPage>;
  /** Try a (dead or pending) delivery again, now. */
  redeliver(deliveryId: string): Promise<WebhookDelivery>;
  /** Queue again every matching event after an outbox cursor (at-least-once: receivers dedupe by event id). */
  replay(id: string, from: { readonly after: string }): Promise<{ readonly queued: number }>;
  /**
   * After `engine.eraseCustomer(id)`, replace the id by the erasure's `anonymousId` in the stored
   * delivery bodies (the HTTP erasure endpoint calls it). Returns how many bodies changed.
   */
  eraseCustomer(customerId: string, anonymousId: string): Promise<number>;
}
