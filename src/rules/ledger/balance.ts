import type { Points } from '../../core/points.js';
import { isHoldLapsed, lapsedHoldsAt } from './payment.js';
import { type LedgerState, type LifetimeTotals, isLotExpired } from './state.js';

/**
 * The next expiry of a customer's points: when, and how many points expire then.
 *
 * @example
 * ```ts
 * const next: NextExpiry = { at: new Date('2026-12-31T22:59:59.999Z'), points: 120 };
 * ```
 */
export interface NextExpiry {
  /** The last instant the points can be spent. */
  readonly at: Date;
  /** How many points (active or pending) expire at that instant. */
  readonly points: Points;
}

/**
 * A customer's balance at an instant, derived from the ledger.
 *
 * @example
 * ```ts
 * const b: PointsBalance = balanceAt(deriveLedger(entries), new Date());
 * b.active; // spendable now (negative when a return clawed back more than was left)
 * ```
 */
export interface PointsBalance {
  /** Spendable now: active lots minus debt. Negative only under `claw-back-below-zero`. */
  readonly active: Points;
  /** Earned but not yet spendable (inside the return window). */
  readonly pending: Points;
  /** Points reserved as payment of open checkouts (not in `active`; back if a reservation is released or lapses). */
  readonly reserved: Points;
  /** Points owed after a claw-back below zero (already subtracted from `active`). */
  readonly debt: Points;
  /** The next expiry among active and pending lots, or `null`. */
  readonly nextExpiry: NextExpiry | null;
  /** Points past their expiry whose `expire` entry is not written yet (the expiry job is due). */
  readonly expiredUnrecorded: Points;
  /** Lifetime counters. */
  readonly lifetime: Readonly<LifetimeTotals>;
  /** Current tier id, or `null`. */
  readonly tierId: string | null;
}

/**
 * The balance views at `now`. Invariant: `active + pending + expiredUnrecorded` equals the sum
 * of the entries' points.
 *
 * @example
 * ```ts
 * const { active, pending, nextExpiry } = balanceAt(deriveLedger(entries), new Date('2026-03-20T00:00:00Z'));
 * ```
 */
export function balanceAt(state: LedgerState, now: Date): PointsBalance {
  const t = now.getTime();
  let active = 0;
  let pending = 0;
  let expiredUnrecorded = 0;
  let nextAt: number | null = null;
  let nextPoints = 0;
  for (const lot of state.lots) {
    if (lot.remaining === 0) continue;
    if (isLotExpired(lot, now)) {
      expiredUnrecorded += lot.remaining;
      continue;
    }
    if (lot.activatesAt.getTime() <= t) active += lot.remaining;
    else pending += lot.remaining;
    if (lot.expiresAt !== null) {
      const e = lot.expiresAt.getTime();
      if (nextAt === null || e < nextAt) {
        nextAt = e;
        nextPoints = lot.remaining;
      } else if (e === nextAt) nextPoints += lot.remaining;
    }
  }
  let reserved = 0;
  for (const hold of state.holds.values()) if (!isHoldLapsed(hold, now)) reserved += hold.points;
  return {
    active: active + lapsedHoldsAt(state, now) - state.debt,
    pending,
    reserved,
    debt: state.debt,
    nextExpiry: nextAt === null ? null : { at: new Date(nextAt), points: nextPoints },
    expiredUnrecorded,
    lifetime: { ...state.lifetime },
    tierId: state.tierId,
  };
}
