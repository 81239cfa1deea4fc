import { FidelisError } from '../core/errors.js';
import { addDuration } from '../core/time.js';
import { eventPosition, requireConsumer } from '../storage/event-cursor.js';
import type { EventPage } from '../storage/event-store.js';
import type { EngineContext } from './context.js';
import { domainEvent } from './events/domain-event.js';
import { readLedgerState } from './ledger-commit.js';
import type { ActivationReport, ExpiryReport, LapseReport } from './points-jobs.js';
import { forEachLedgerCustomer, releaseLapsedReservations } from './points-jobs.js';

/**
 * What {@link EventOperations.events}`.read` reads: after a cursor, or after what `consumer`
 * acknowledged (from the start when it never did).
 *
 * @example
 * ```ts
 * const q: EventQuery = { consumer: 'webhooks', limit: 100 };
 * ```
 */
export interface EventQuery {
  /** Continue after this cursor. */
  readonly after?: string;
  /** Continue after this consumer's acknowledged cursor (when `after` is absent). */
  readonly consumer?: string;
  /** Page size, 1…1,000 (default 100). */
  readonly limit?: number;
}

/**
 * Options of {@link EventOperations.runDueJobs}.
 *
 * @example
 * ```ts
 * const o: DueJobsOptions = { expiringSoonWithin: 'P14D' };
 * ```
 */
export interface DueJobsOptions {
  /** How far ahead a lot's expiry is announced as `points.expiring_soon` (ISO 8601 duration, `P30D` by default). */
  readonly expiringSoonWithin?: string;
}

/**
 * What {@link EventOperations.runDueJobs} did.
 *
 * @example
 * ```ts
 * const r: DueJobsReport = await engine.runDueJobs(new Date());
 * r.expiringSoon; // 3 new points.expiring_soon events
 * ```
 */
export interface DueJobsReport {
  /** Points reservations not committed in time, given back (with `points.released` events, `lapsed: true`). */
  readonly lapsed: LapseReport;
  /** Pending points activated (with `points.pending_activated` events) and referrals paid. */
  readonly activation: ActivationReport & { readonly referralsPaid: number };
  /** Points expired (with `points.expired` events). */
  readonly expiry: ExpiryReport;
  /** New `points.expiring_soon` events (a lot is announced once, however often the job runs). */
  readonly expiringSoon: number;
}

/**
 * The outbox operations of the {@link LoyaltyEngine}: read the events every operation wrote
 * with its state change, acknowledge a consumer's progress, and run the due jobs whose events
 * are about time passing.
 *
 * @example
 * ```ts
 * const page = await engine.events.read({ consumer: 'crm' });
 * for (const e of page.events) console.log(e.type, e.customerId);
 * await engine.events.ack('crm', page.cursor);
 * ```
 */
export interface EventOperations {
  /** The outbox. */
  readonly events: {
    /**
     * The next page of events, in the store's one order (at least once: a consumer that
     * crashes before `ack` reads the page again; event ids make it idempotent).
     *
     * @example
     * ```ts
     * const { events, cursor } = await engine.events.read({ after: '0', limit: 50 });
     * ```
     */
    read(query?: EventQuery): Promise<EventPage>;
    /**
     * Record that `consumer` processed everything up to `cursor`. A cursor past the newest event
     * is `VALIDATION_FAILED` naming `cursor`, and nothing is written: a consumer cannot skip events that are not written yet.
     *
     * @example
     * ```ts
     * await engine.events.ack('crm', page.cursor);
     * ```
     */
    ack(consumer: string, cursor: string): Promise<void>;
  };
  /**
   * The jobs of time passing, idempotent at any `now`: activate pending points (and pay due
   * referrals), expire lots past their date, and announce each lot expiring within the horizon
   * once (`points.expiring_soon`, id derived from the lot, so a second run adds nothing).
   *
   * @example
   * ```ts
   * await engine.runDueJobs(new Date(), { expiringSoonWithin: 'P14D' });
   * ```
   */
  runDueJobs(now: Date, options?: DueJobsOptions): Promise<DueJobsReport>;
}

/**
 * Announce, once per lot, the lots of every customer with points left that expire in
 * `(now, now + within]`. Returns how many announcements were new.
 *
 * @example
 * ```ts
 * await announceExpiringPoints(ctx, new Date(), 'P30D');
 * ```
 */
export async function announceExpiringPoints(ctx: EngineContext, now: Date, within: string): Promise<number> {
  const zone = [...ctx.programs.values()][0]?.timeZone ?? 'UTC';
  let horizon: Date;
  try {
    horizon = addDuration(now, within, zone);
  } catch {
    throw new FidelisError('VALIDATION_FAILED', `expiringSoonWithin: not an ISO 8601 duration (got ${JSON.stringify(within)})`, {
      issues: [{ path: 'expiringSoonWithin', message: 'must be an ISO 8601 duration such as P30D' }],
    });
  }
  let added = 0;
  await forEachLedgerCustomer(ctx, async (customerId) => {
    const { state } = await readLedgerState(ctx, { customerId });
    const due = state.lots.filter((l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt.getTime() > now.getTime() && l.expiresAt.getTime() <= horizon.getTime());
    const events = due.map((l) =>
      domainEvent(`ev_expiring_soon_${l.lotId}`, 'points.expiring_soon', customerId, now, { lotId: l.lotId, points: l.remaining, expiresAt: (l.expiresAt as Date).toISOString() }),
    );
    added += await ctx.store.events.appendEvents(events);
  });
  return added;
}

// A cursor past the newest event is refused: some event must stand at its position or after it
// (one read of one event; positions only grow, so no event written meanwhile makes it wrong).
async function requireWrittenCursor(ctx: EngineContext, cursor: string): Promise<void> {
  const position = eventPosition(cursor, 'cursor');
  if (position === 0) return;
  const at = await ctx.store.events.readEvents({ after: String(position - 1), limit: 1 });
  if (at.events.length > 0) return;
  const message = 'is past the newest event: acknowledge a cursor that events.read returned';
  throw new FidelisError('VALIDATION_FAILED', `cursor: ${message} (got ${cursor})`, { issues: [{ path: 'cursor', message }] });
}

/**
 * Build the outbox operations over an engine context and its jobs.
 *
 * @example
 * ```ts
 * const ops = eventOperations(ctx, jobs);
 * ```
 */
export function eventOperations(
  ctx: EngineContext,
  jobs: { activatePending(now: Date): Promise<DueJobsReport['activation']>; expirePoints(now: Date): Promise<ExpiryReport> },
): EventOperations {
  return {
    events: {
      read: async (query = {}) => {
        const after = query.after ?? (query.consumer === undefined ? undefined : await ctx.store.events.consumerCursor(query.consumer));
        return ctx.store.events.readEvents({ ...(after === undefined ? {} : { after }), ...(query.limit === undefined ? {} : { limit: query.limit }) });
      },
      ack: async (consumer, cursor) => {
        requireConsumer(consumer);
        await requireWrittenCursor(ctx, cursor);
        await ctx.store.events.ackEvents(consumer, cursor);
      },
    },
    runDueJobs: async (now, options = {}) => {
      const lapsed = await releaseLapsedReservations(ctx, now);
      const activation = await jobs.activatePending(now);
      const expiry = await jobs.expirePoints(now);
      const expiringSoon = await announceExpiringPoints(ctx, now, options.expiringSoonWithin ?? 'P30D');
      return { lapsed, activation, expiry, expiringSoon };
    },
  };
}
