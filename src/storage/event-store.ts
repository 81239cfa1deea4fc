/**
 * One domain event as the engine writes it into the outbox, in the same atomic Store operation
 * as the state change it reports (an order's `points.earned` with the order's append, a coupon's
 * `coupon.redeemed` with the commit of its usage). The `id` is unique in the store and stable:
 * a consumer that saw it once can ignore it the second time (delivery is at least once).
 *
 * @example
 * ```ts
 * const e: DomainEvent = { id: 'ev_3f…', type: 'points.earned', version: 1, customerId: 'c1',
 *   at: '2026-03-01T10:00:00.000Z', payload: { orderId: 'o1', points: 120 } };
 * ```
 */
export interface DomainEvent {
  /** Unique, stable id (the consumer's deduplication key). */
  readonly id: string;
  /** The event type, `points.earned`, `tier.changed`… (see the engine's event catalog). */
  readonly type: string;
  /** The version of the payload's schema for this type. */
  readonly version: number;
  /** The customer the event is about, or `null` (a campaign's batch of codes). */
  readonly customerId: string | null;
  /** When it happened (ISO 8601 instant, business time: the order's `placedAt`, the job's `now`). */
  readonly at: string;
  /** The facts, a JSON object matching the type's published JSON Schema. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * An event read back from the outbox, with its place in the one total order of the store.
 *
 * @example
 * ```ts
 * const page = await store.events.readEvents({ limit: 100 });
 * page.events[0]?.cursor; // '1'
 * ```
 */
export interface StoredEvent extends DomainEvent {
  /** Its position (an opaque cursor: read `after` it to continue behind it). */
  readonly cursor: string;
}

/**
 * A page of the outbox: events in order and the cursor to continue from.
 *
 * @example
 * ```ts
 * let page = await store.events.readEvents({});
 * page = await store.events.readEvents({ after: page.cursor });
 * ```
 */
export interface EventPage {
  /** Events after the cursor asked for, in the outbox's order. */
  readonly events: readonly StoredEvent[];
  /** The cursor of the last event returned (the one asked for when the page is empty). */
  readonly cursor: string;
}

/**
 * What {@link EventStore.readEvents} reads: events after a cursor (from the start without one),
 * at most `limit` (100 by default, 1,000 at most), optionally only one customer's.
 *
 * @example
 * ```ts
 * const q: EventReadQuery = { after: '120', limit: 50 };
 * ```
 */
export interface EventReadQuery {
  /** Continue after this cursor (a `StoredEvent.cursor` or an `EventPage.cursor`). */
  readonly after?: string;
  /** Page size, 1…1,000 (default 100). */
  readonly limit?: number;
  /** Only this customer's events (the data export). */
  readonly customerId?: string;
}

/**
 * The outbox port. Events are written by the other ports' operations (`LedgerAppend.events`,
 * `GuardedBurn.events`, the coupon and contact writes), in the same atomic step as their state,
 * and by {@link EventStore.appendEvents} for facts that change no state (a job's
 * `points.expiring_soon`). Contract, proven by `eventsConformance` in `fidelis/testing`:
 * - one total order: `readEvents` returns every stored event exactly once along the cursors,
 *   never skips one that commits later than a reader went past (no gaps under concurrent
 *   writers), and each customer's events in the order of their writes;
 * - an event id is stored once (`appendEvents` ignores ids already stored);
 * - `ackEvents` records a consumer's position (it never moves back); `consumerCursor` reads it;
 * - `eraseEventsCustomer` moves a customer's events to the anonymous id and replaces the id
 *   wherever a payload holds it as a value.
 *
 * @example
 * ```ts
 * const page = await store.events.readEvents({ after: await store.events.consumerCursor('mailer') });
 * // … deliver page.events …
 * await store.events.ackEvents('mailer', page.cursor);
 * ```
 */
export interface EventStore {
  /** Read the next page of events in order. */
  readEvents(query: EventReadQuery): Promise<EventPage>;
  /** Store events that go with no state change; ids already stored are skipped. Returns how many were new. */
  appendEvents(events: readonly DomainEvent[]): Promise<number>;
  /** Record that `consumer` has processed everything up to `cursor` (a position never moves back). */
  ackEvents(consumer: string, cursor: string): Promise<void>;
  /** The consumer's acknowledged cursor, or `undefined` when it never acknowledged. */
  consumerCursor(consumer: string): Promise<string | undefined>;
  /** Move the customer's events to `anonymousId` (GDPR erasure); returns how many. */
  eraseEventsCustomer(customerId: string, anonymousId: string): Promise<number>;
}
