import type { Points } from '../core/points.js';
import { planActivation, planExpiry } from '../rules/ledger/maintenance.js';
import { planLapses } from '../rules/ledger/payment.js';
import type { EntryStamp, LedgerEntry } from '../rules/ledger/entry.js';
import type { LedgerState } from '../rules/ledger/state.js';
import type { EngineContext } from './context.js';
import { commitToLedger } from './ledger-commit.js';

const PAGE = 500;

/**
 * Run `visit` for every customer with a ledger, page by page.
 *
 * @example
 * ```ts
 * await forEachLedgerCustomer(ctx, async (id) => { console.log(id); });
 * ```
 */
export async function forEachLedgerCustomer(ctx: EngineContext, visit: (customerId: string) => Promise<void>): Promise<number> {
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const page = await ctx.store.ledger.listLedgerCustomers(after, PAGE);
    for (const id of page) {
      await visit(id);
      count += 1;
    }
    if (page.length < PAGE) return count;
    after = page[page.length - 1];
  }
}

/**
 * Append the entries `plan` returns for one customer (guarded by version, re-planned when
 * another writer got there first); nothing when it plans nothing. Returns what was appended.
 *
 * @example
 * ```ts
 * const written = await applyMaintenance(ctx, 'c1', (state) => planExpiry(state, stamp));
 * ```
 */
export async function applyMaintenance(
  ctx: EngineContext,
  customerId: string,
  plan: (state: LedgerState) => readonly LedgerEntry[],
  options: { readonly settleLapses?: boolean } = {},
): Promise<readonly LedgerEntry[]> {
  const done = await commitToLedger<readonly LedgerEntry[]>(ctx, { customerId }, options, (state) => {
    const entries = plan(state);
    return entries.length === 0 ? undefined : { entries, result: entries };
  });
  return done?.result ?? [];
}

/**
 * What {@link activatePendingPoints} did.
 *
 * @example
 * ```ts
 * const r: ActivationReport = await engine.activatePending(new Date());
 * ```
 */
export interface ActivationReport {
  /** Customers visited. */
  readonly customers: number;
  /** Pending lots that became active (markers written). */
  readonly lotsActivated: number;
  /** Their points. */
  readonly pointsActivated: Points;
  /** Debt paid off from active points. */
  readonly debtSettled: Points;
}

/**
 * Mark pending lots whose `activatesAt` has come as active (history markers; balances follow
 * `activatesAt` even before this runs) and pay off debt from active points. Idempotent: a
 * second run at the same `now` writes nothing.
 *
 * @example
 * ```ts
 * await activatePendingPoints(ctx, new Date('2026-03-16T00:00:00Z'));
 * ```
 */
export async function activatePendingPoints(ctx: EngineContext, now: Date): Promise<ActivationReport> {
  let lotsActivated = 0;
  let pointsActivated = 0;
  let debtSettled = 0;
  const customers = await forEachLedgerCustomer(ctx, async (customerId) => {
    const written = await applyMaintenance(ctx, customerId, (state) => planActivation(state, { customerId, at: now, newId: ctx.ids }));
    for (const e of written) {
      if (e.kind === 'activate') {
        lotsActivated += 1;
        pointsActivated += e.lotPoints;
      } else if (e.kind === 'settle') debtSettled += e.allocations.reduce((s, a) => s + a.points, 0);
    }
  });
  return { customers, lotsActivated, pointsActivated, debtSettled };
}

/**
 * What {@link expireAllPoints} did.
 *
 * @example
 * ```ts
 * const r: ExpiryReport = await engine.expirePoints(new Date());
 * r.pointsExpired;
 * ```
 */
export interface ExpiryReport {
  /** Customers visited. */
  readonly customers: number;
  /** Lots closed. */
  readonly lotsExpired: number;
  /** Points expired. */
  readonly pointsExpired: Points;
}

/**
 * Write an `expire` entry for every lot past its `expiresAt` with points left. Idempotent:
 * a second run writes nothing.
 *
 * @example
 * ```ts
 * await expireAllPoints(ctx, new Date('2027-01-01T00:00:00Z'));
 * ```
 */
export async function expireAllPoints(ctx: EngineContext, now: Date): Promise<ExpiryReport> {
  const { customers, entries, points } = await maintainEveryLedger(ctx, now, planExpiry);
  return { customers, lotsExpired: entries, pointsExpired: 0 - points };
}

/**
 * What {@link releaseLapsedReservations} did.
 *
 * @example
 * ```ts
 * const r: LapseReport = (await engine.runDueJobs(new Date())).lapsed;
 * r.reservations;
 * ```
 */
export interface LapseReport {
  /** Customers visited. */
  readonly customers: number;
  /** Points reservations that lapsed uncommitted (lapse entries written). */
  readonly reservations: number;
  /** Points given back. */
  readonly points: Points;
}

/**
 * Give back the points of every reservation not committed by its `expiresAt` (balances count
 * them as active from that instant even before this runs; operations on the customer write the
 * lapse themselves). Idempotent: a second run writes nothing.
 *
 * @example
 * ```ts
 * await releaseLapsedReservations(ctx, new Date());
 * ```
 */
export async function releaseLapsedReservations(ctx: EngineContext, now: Date): Promise<LapseReport> {
  const { customers, entries, points } = await maintainEveryLedger(ctx, now, planLapses, { settleLapses: false });
  return { customers, reservations: entries, points };
}

/** Run one maintenance plan at `now` over every ledger: customers visited, entries written and the sum of their points. */
async function maintainEveryLedger(
  ctx: EngineContext,
  now: Date,
  plan: (state: LedgerState, stamp: EntryStamp) => readonly LedgerEntry[],
  options: { readonly settleLapses?: boolean } = {},
): Promise<{ customers: number; entries: number; points: Points }> {
  let entries = 0;
  let points = 0;
  const customers = await forEachLedgerCustomer(ctx, async (customerId) => {
    const written = await applyMaintenance(ctx, customerId, (state) => plan(state, { customerId, at: now, newId: ctx.ids }), options);
    entries += written.length;
    points += written.reduce((s, e) => s + e.points, 0);
  });
  return { customers, entries, points };
}
