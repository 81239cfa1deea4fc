import { MAX_EVENT_PAGE } from '../storage/event-cursor.js';
import type { StoredEvent } from '../storage/event-store.js';
import { domainEvent } from './events/domain-event.js';
import type { UsageReservation } from '../storage/coupon-store.js';
import type { ContactRecord } from '../storage/contact-store.js';
import type { SegmentAssignment } from '../core/segment.js';
import type { EngineContext } from './context.js';
import {
  type CustomerPointsData,
  type ErasureResult,
  eraseCustomerPoints,
  exportCustomerPoints,
} from './points-customer.js';

/**
 * Everything the engine holds about one customer, for a GDPR access request: the points ledger,
 * the coupon usage (reservations with their checkout, order and amounts), the contact history and
 * the stored segment.
 *
 * @example
 * ```ts
 * const data: CustomerData = await engine.exportCustomerData('c1');
 * data.contacts.length;
 * ```
 */
export interface CustomerData extends CustomerPointsData {
  /** Every contact recorded as sent to the customer. */
  readonly contacts: readonly ContactRecord[];
  /** Every coupon usage reserved for the customer, whatever its status. */
  readonly couponUsage: readonly UsageReservation[];
  /** Every event of the outbox about the customer, in order. */
  readonly events: readonly StoredEvent[];
  /** The customer's stored segment (from `assignSegments`), when there is one. */
  readonly segment?: SegmentAssignment;
}

/**
 * What a GDPR erasure did: the ledger and the coupon usage anonymised (totals and limits kept
 * under a random id, no link back), claims naming the customer renamed, manual adjustments'
 * free-text reasons blanked, and the contact history and the stored segment deleted.
 *
 * @example
 * ```ts
 * const r: CustomerErasure = await engine.eraseCustomer('c1');
 * r.contactsErased;
 * ```
 */
export interface CustomerErasure extends ErasureResult {
  /** Contact records deleted. */
  readonly contactsErased: number;
  /** Stored segments deleted (0 or 1). */
  readonly segmentsErased: number;
  /** Coupon reservations, code assignments and usage counters moved to the anonymous id. */
  readonly couponRecordsAnonymised: number;
  /** Events of the outbox moved to the anonymous id (the id replaced in their payloads too). */
  readonly eventsAnonymised: number;
}

/**
 * The GDPR operations of the {@link LoyaltyEngine}, across points and contacts.
 *
 * @example
 * ```ts
 * const engine = createLoyaltyEngine({ store: createMemoryStore() });
 * await engine.exportCustomerData('c1');
 * ```
 */
export interface CustomerDataOperations {
  /**
   * GDPR access: everything the engine holds about the customer (ledger, coupon usage, contact history, segment).
   *
   * @example
   * ```ts
   * const data = await engine.exportCustomerData('c1');
   * ```
   */
  exportCustomerData(customerId: string): Promise<CustomerData>;
  /**
   * GDPR erasure: the ledger and coupon usage are anonymised (totals and limits kept under a random id), contacts and segment deleted.
   *
   * @example
   * ```ts
   * await engine.eraseCustomer('c1');
   * ```
   */
  eraseCustomer(customerId: string): Promise<CustomerErasure>;
}

/**
 * Build the GDPR operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = customerDataOperations(ctx);
 * ```
 */
export function customerDataOperations(ctx: EngineContext): CustomerDataOperations {
  return {
    exportCustomerData: (customerId) => exportCustomerData(ctx, customerId),
    eraseCustomer: (customerId) => eraseCustomerData(ctx, customerId),
  };
}

/**
 * Export a customer's data across the engine's capabilities.
 *
 * @example
 * ```ts
 * const data = await exportCustomerData(ctx, 'c1');
 * ```
 */
export async function exportCustomerData(ctx: EngineContext, customerId: string): Promise<CustomerData> {
  const points = await exportCustomerPoints(ctx, customerId);
  const [contacts, couponUsage, events, segment] = await Promise.all([
    ctx.store.contacts.listContacts(customerId, {}),
    ctx.store.coupons.findReservations({ customerId }, ctx.clock.now()),
    customerEvents(ctx, customerId),
    ctx.store.segments.segmentOf(customerId),
  ]);
  return { ...points, contacts, couponUsage, events, ...(segment === undefined ? {} : { segment }) };
}

/** All of a customer's events, page by page. */
async function customerEvents(ctx: EngineContext, customerId: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let after: string | undefined; ; ) {
    const page = await ctx.store.events.readEvents({ customerId, limit: MAX_EVENT_PAGE, ...(after === undefined ? {} : { after }) });
    out.push(...page.events);
    if (page.events.length < MAX_EVENT_PAGE) return out;
    after = page.cursor;
  }
}

/**
 * Erase a customer across the engine's capabilities: personal data gone, ledger totals kept
 * anonymised. Erasing twice changes nothing the second time.
 *
 * @example
 * ```ts
 * await eraseCustomerData(ctx, 'c1');
 * ```
 */
export async function eraseCustomerData(ctx: EngineContext, customerId: string): Promise<CustomerErasure> {
  const points = await eraseCustomerPoints(ctx, customerId);
  const couponRecordsAnonymised = await ctx.store.coupons.eraseCouponCustomer(customerId, points.anonymousId);
  const { erased } = await ctx.store.contacts.eraseContacts(customerId);
  const segments = await ctx.store.segments.eraseSegment(customerId);
  const eventsAnonymised = await ctx.store.events.eraseEventsCustomer(customerId, points.anonymousId);
  await ctx.store.events.appendEvents([
    domainEvent(`ev_erased_${points.anonymousId}`, 'customer.erased', points.anonymousId, ctx.clock.now(), { entries: points.entriesAnonymised, contacts: erased }),
  ]);
  return { ...points, contactsErased: erased, segmentsErased: segments.erased, couponRecordsAnonymised, eventsAnonymised };
}
