import type { Points } from '../../core/points.js';
import { isHoldLapsed, lapsedHoldsAt } from './payment.js';
import type { LedgerProjection } from './projection.js';
import { type LedgerState, type LifetimeTotals, hasExpired } from './state.js';

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
  const sums = new LotSums(now.getTime());
  for (const lot of state.lots) sums.add(lot.remaining, lot.activatesAt.getTime(), lot.expiresAt === null ? null : lot.expiresAt.getTime(), lot.expiredRecorded);
  let reserved = 0;
  for (const hold of state.holds.values()) if (!isHoldLapsed(hold, now)) reserved += hold.points;
  return sums.balance({ lapsed: lapsedHoldsAt(state, now), reserved, debt: state.debt, lifetime: state.lifetime, tierId: state.tierId });
}

/**
 * The balance views at `now` read straight from a projection's lots, without building the
 * state: what `balanceAt(stateFromProjection(p), now)` gives, at the cost of one pass over the
 * open lots (a customer with 10,000 open lots: 86 → 9,196 balances/s on the memory store). Returns
 * `undefined` when the projection holds open points reservations (their lapse needs the
 * state): use `balanceAt` then.
 *
 * @example
 * ```ts
 * const b = balanceOfProjection(projectionOf(state), new Date()) ?? balanceAt(state, new Date());
 * ```
 */
export function balanceOfProjection(p: LedgerProjection, now: Date): PointsBalance | undefined {
  if ((p.holds?.length ?? 0) > 0) return undefined;
  const sums = new LotSums(now.getTime());
  for (const l of p.lots) sums.add(l.r, l.a, l.e === -1 ? null : l.e, l.x === 1);
  return sums.balance({ lapsed: 0, reserved: 0, debt: p.debt, lifetime: p.lifetime, tierId: p.tierId });
}

/** Running sums of lots at one instant: one piece for a state's lots and a projection's. */
class LotSums {
  private active = 0;
  private pending = 0;
  private expiredUnrecorded = 0;
  private nextAt: number | null = null;
  private nextPoints = 0;

  constructor(private readonly t: number) {}

  /** Count a lot (instants in epoch ms, `null`: never expires). */
  add(remaining: Points, activatesAt: number, expiresAt: number | null, expiredRecorded: boolean): void {
    if (remaining === 0) return;
    if (hasExpired(expiredRecorded, expiresAt, this.t)) {
      this.expiredUnrecorded += remaining;
      return;
    }
    if (activatesAt <= this.t) this.active += remaining;
    else this.pending += remaining;
    if (expiresAt !== null) {
      if (this.nextAt === null || expiresAt < this.nextAt) {
        this.nextAt = expiresAt;
        this.nextPoints = remaining;
      } else if (expiresAt === this.nextAt) this.nextPoints += remaining;
    }
  }

  /** The views, with what lies outside the lots. */
  balance(rest: { lapsed: Points; reserved: Points; debt: Points; lifetime: Readonly<LifetimeTotals>; tierId: string | null }): PointsBalance {
    return {
      active: this.active + rest.lapsed - rest.debt,
      pending: this.pending,
      reserved: rest.reserved,
      debt: rest.debt,
      nextExpiry: this.nextAt === null ? null : { at: new Date(this.nextAt), points: this.nextPoints },
      expiredUnrecorded: this.expiredUnrecorded,
      lifetime: { ...rest.lifetime },
      tierId: rest.tierId,
    };
  }
}
