import { domainEvent } from './events/domain-event.js';
import { parseDuration } from '../core/duration.js';
import type { Customer } from '../core/schemas.js';
import type { ContactPlan, HistoryContact, PlannedContact, PlanningEvent } from '../calendar/contact.js';
import type { ContactPolicy } from '../calendar/contact-policy.js';
import type { Journey } from '../calendar/journey.js';
import { planContacts } from '../calendar/plan.js';
import type { ContactRecord, ContactRecordInput, RecordContactResult } from '../storage/contact-store.js';
import type { EngineContext } from './context.js';

/**
 * The input of {@link ContactOperations.planForCustomers}: like `planContacts` without
 * `history` (read from the store) and with `now` defaulting to the engine's clock.
 *
 * @example
 * ```ts
 * const request: PlanForCustomersInput = { customers, journeys: [carPurchase], policy, events, from, until };
 * ```
 */
export interface PlanForCustomersInput {
  /** The customers to plan for. */
  readonly customers: readonly Customer[];
  /** The journeys. */
  readonly journeys: readonly Journey[];
  /** The contact policy. */
  readonly policy: ContactPolicy;
  /** Purchases, signups and custom events (anchors and exit goals). */
  readonly events?: readonly PlanningEvent[];
  /** Start of the planning range (inclusive). */
  readonly from: Date;
  /** End of the planning range (exclusive). */
  readonly until: Date;
  /** The current instant; the engine clock by default. */
  readonly now?: Date;
}

/**
 * The contacts operations of the {@link LoyaltyEngine}: record what was sent (idempotently),
 * read a customer's history, and plan over the stored history.
 *
 * @example
 * ```ts
 * const engine = createLoyaltyEngine({ store: createMemoryStore() });
 * const plan = await engine.planForCustomers({ customers, journeys: [carPurchase], policy, events, from, until });
 * for (const c of plan.contacts) await engine.recordContact(c); // once sent
 * ```
 */
export interface ContactOperations {
  /**
   * Record a sent contact. A planned contact is recorded at its planned instant unless `sentAt`
   * says otherwise; the idempotency key defaults to the contact's id, so recording the same
   * planned contact twice stores it once.
   */
  recordContact(
    contact: PlannedContact | ContactRecordInput,
    options?: { readonly idempotencyKey?: string; readonly sentAt?: Date },
  ): Promise<RecordContactResult>;
  /** A customer's recorded contacts with `since ≤ at < until`, in time order. */
  contactHistory(customerId: string, range?: { readonly since?: Date; readonly until?: Date }): Promise<ContactRecord[]>;
  /** Read each customer's history (as far back as the policy looks) and all their stored segments (one read) from the store, and plan. */
  planForCustomers(input: PlanForCustomersInput): Promise<ContactPlan>;
}

const DAY = 86_400_000;

/** How far back the policy's caps (its segments' too) and gap look, plus the longest deferral of the journeys. */
function historyLookbackMs(policy: ContactPolicy, journeys: readonly Journey[]): number {
  const elapsed = (text: string): number => {
    const d = parseDuration(text);
    return ((d.years * 12 + d.months) * 31 + d.weeks * 7 + d.days + 1) * DAY + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
  };
  const calendar = { day: 2, week: 8, month: 32, year: 367 } as const;
  let ms = policy.minGap === undefined ? 0 : elapsed(policy.minGap);
  for (const cap of [...policy.caps, ...Object.values(policy.bySegment).flatMap((p) => p.caps)]) {
    ms = Math.max(ms, 'rolling' in cap.window ? elapsed(cap.window.rolling) : calendar[cap.window.calendar] * DAY);
  }
  for (const j of journeys) {
    for (const s of j.steps) if (s.whenBlocked.action === 'defer') ms = Math.max(ms, 2 * elapsed(s.whenBlocked.maxDelay));
  }
  return ms;
}

/**
 * Build the contacts operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = contactOperations(ctx);
 * ```
 */
export function contactOperations(ctx: Pick<EngineContext, 'store' | 'clock'>): ContactOperations {
  return {
    async recordContact(contact, options = {}) {
      const record: ContactRecordInput = {
        id: contact.id,
        customerId: contact.customerId,
        channel: contact.channel,
        kind: contact.kind,
        at: options.sentAt ?? contact.at,
        ...(contact.journeyId === undefined ? {} : { journeyId: contact.journeyId }),
        ...(contact.stepId === undefined ? {} : { stepId: contact.stepId }),
        ...(contact.contentKey === undefined ? {} : { contentKey: contact.contentKey }),
      };
      const recorded = domainEvent(`ev_contact_${options.idempotencyKey ?? contact.id}`, 'contact.recorded', record.customerId, record.at, {
        contactId: record.id,
        channel: record.channel,
        kind: record.kind,
        ...(record.journeyId === undefined ? {} : { journeyId: record.journeyId }),
        ...(record.stepId === undefined ? {} : { stepId: record.stepId }),
      });
      return ctx.store.contacts.recordContact(record, { idempotencyKey: options.idempotencyKey ?? contact.id, events: [recorded] });
    },
    contactHistory(customerId, range) {
      return ctx.store.contacts.listContacts(customerId, range ?? {});
    },
    async planForCustomers(input) {
      const now = input.now ?? ctx.clock.now();
      const since = new Date(Math.max(input.from.getTime(), now.getTime()) - historyLookbackMs(input.policy, input.journeys));
      const history: HistoryContact[] = [];
      const segments = await ctx.store.segments.segmentsOf(input.customers.map((c) => c.id));
      for (const customer of input.customers) {
        for (const r of await ctx.store.contacts.listContacts(customer.id, { since })) {
          history.push({ customerId: r.customerId, channel: r.channel, kind: r.kind, at: r.at, id: r.id });
        }
      }
      return planContacts({
        customers: input.customers,
        journeys: input.journeys,
        policy: input.policy,
        history,
        segments,
        ...(input.events === undefined ? {} : { events: input.events }),
        from: input.from,
        until: input.until,
        now,
      });
    },
  };
}
