import type { Points } from '../../core/points.js';
import type { ReferralTerms } from './entry.js';
import type { LotOrigin } from './entry.js';
import { lapsedHoldsAt } from './payment.js';
import { type LedgerState, type LifetimeTotals, emptyLedgerState, isLotExpired } from './state.js';

/**
 * One open lot in a {@link LedgerProjection}: instants as epoch milliseconds (`e` = -1: never
 * expires), flags as 0/1, so the projection is plain JSON that parses without revivers.
 *
 * @example
 * ```ts
 * const lot: ProjectedLot = { id: 'e1', seq: 0, p: 120, r: 70, c: 1772359200000, a: 1772359200000, e: -1, o: 'order', x: 0, m: 0 };
 * ```
 */
export interface ProjectedLot {
  /** Lot id. */
  readonly id: string;
  /** Creation order. */
  readonly seq: number;
  /** Points credited. */
  readonly p: Points;
  /** Points left. */
  readonly r: Points;
  /** Created at (ms). */
  readonly c: number;
  /** Activates at (ms). */
  readonly a: number;
  /** Expires at (ms), -1 for never. */
  readonly e: number;
  /** Origin. */
  readonly o: LotOrigin;
  /** Expiry recorded (1) or not (0). */
  readonly x: 0 | 1;
  /** Activation marker recorded (1) or not (0). */
  readonly m: 0 | 1;
}

/**
 * One order of the look-back activity in a {@link LedgerProjection}.
 *
 * @example
 * ```ts
 * const a: ProjectedActivity = { o: 'o1', t: 1772359200000, p: 120, rv: 0, am: '119.90', u: 3, ru: 0, br: { base: 120 } };
 * ```
 */
export interface ProjectedActivity {
  /** Order id. */
  readonly o: string;
  /** Placed at (ms). */
  readonly t: number;
  /** Points earned. */
  readonly p: Points;
  /** Points reversed. */
  readonly rv: Points;
  /** Net amount, or null. */
  readonly am: string | null;
  /** Units bought. */
  readonly u: number;
  /** Units returned. */
  readonly ru: number;
  /** Points per earn rule. */
  readonly br: Readonly<Record<string, Points>>;
}

/**
 * A pending referral in a {@link LedgerProjection}.
 *
 * @example
 * ```ts
 * const r: ProjectedReferral = { o: 'o1', pg: 'shop', a: 1773532800000, u: 2, ru: 0, terms: { ruleId: 'refer', referrerId: 'c0', referrerPoints: 500, refereePoints: 250 } };
 * ```
 */
export interface ProjectedReferral {
  /** Order id. */
  readonly o: string;
  /** Program id. */
  readonly pg: string;
  /** Activates at (ms). */
  readonly a: number;
  /** Units bought. */
  readonly u: number;
  /** Units returned. */
  readonly ru: number;
  /** What to pay. */
  readonly terms: ReferralTerms;
}

/**
 * A customer's {@link LedgerState} as the Store keeps it beside the entries (DESIGN.md §6): what
 * the engine plans from — open lots, debt, lifetime counters, tier, per-rule totals, stamp
 * cards, the orders inside the look-back horizon, pending referrals — as plain JSON. Written in
 * the same atomic step as the entries it folds; it can always be rebuilt from them
 * (`projectionOf(deriveLedger(entries))`), and a test does exactly that.
 *
 * @example
 * ```ts
 * const p: LedgerProjection = projectionOf(deriveLedger(entries));
 * const state = stateFromProjection(p);
 * ```
 */
export interface LedgerProjection {
  /** Format version. */
  readonly v: 1;
  /** Entries folded (the ledger version it stands for). */
  readonly n: number;
  /** Sum of the entries' points. */
  readonly total: Points;
  /** Debt. */
  readonly debt: Points;
  /** Lots created so far. */
  readonly lotsCreated: number;
  /** Orders that earned, ever. */
  readonly orderCount: number;
  /** First order placed at (ms), or null. */
  readonly firstOrderAt: number | null;
  /** First lot created at (ms), or null. */
  readonly firstLotAt: number | null;
  /** Current tier, or null. */
  readonly tierId: string | null;
  /** Tier since (ms), or null. */
  readonly tierSince: number | null;
  /** Lifetime counters. */
  readonly lifetime: Readonly<LifetimeTotals>;
  /** Stamps per stamp-card rule. */
  readonly stamps: Readonly<Record<string, number>>;
  /** Points per earn rule, ever. */
  readonly ruleTotals: Readonly<Record<string, Points>>;
  /** Open lots, in creation order. */
  readonly lots: readonly ProjectedLot[];
  /** Orders inside the look-back horizon. */
  readonly activity: readonly ProjectedActivity[];
  /** Pending referrals. */
  readonly referrals: readonly ProjectedReferral[];
  /** Open points reservations (absent in projections written before points as payment). */
  readonly holds?: readonly ProjectedHold[];
}

/**
 * An open points reservation in a projection, with the terms of the lots it took from.
 *
 * @example
 * ```ts
 * const h: ProjectedHold = { k: 'chk-9', b: 'e2', p: 120, t: 1767261600000, x: 1767262500000,
 *   l: [{ id: 'e1', p: 120, seq: 0, c: 1767261000000, a: 1767261000000, e: -1, o: 'order', m: 1 }] };
 * ```
 */
export interface ProjectedHold {
  /** Checkout id. */
  readonly k: string;
  /** Burn id. */
  readonly b: string;
  /** Points reserved. */
  readonly p: Points;
  /** Reserved at (ms). */
  readonly t: number;
  /** Expires at (ms). */
  readonly x: number;
  /** The lots: id, points taken, seq, created, activates, expires (-1 never), origin, activation recorded. */
  readonly l: readonly { readonly id: string; readonly p: Points; readonly seq: number; readonly c: number; readonly a: number; readonly e: number; readonly o: LotOrigin; readonly m: 0 | 1 }[];
}

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());
const date = (t: number | null): Date | null => (t === null ? null : new Date(t));

/**
 * The projection of a state: lots with no points left are dropped (nothing can credit them
 * again), and with `activitySince` the orders placed before it (outside every window the
 * programs look back on). Does not change `state`.
 *
 * @example
 * ```ts
 * const p = projectionOf(state, new Date('2024-01-01T00:00:00Z'));
 * ```
 */
export function projectionOf(state: LedgerState, activitySince?: Date): LedgerProjection {
  const since = activitySince?.getTime() ?? Number.NEGATIVE_INFINITY;
  const lots: ProjectedLot[] = [];
  for (const l of state.lots) {
    if (l.remaining === 0) continue;
    lots.push({
      id: l.lotId,
      seq: l.seq,
      p: l.points,
      r: l.remaining,
      c: l.createdAt.getTime(),
      a: l.activatesAt.getTime(),
      e: l.expiresAt === null ? -1 : l.expiresAt.getTime(),
      o: l.origin,
      x: l.expiredRecorded ? 1 : 0,
      m: l.activationRecorded ? 1 : 0,
    });
  }
  const activity: ProjectedActivity[] = [];
  for (const a of state.activity) {
    if (a.at.getTime() < since) continue;
    activity.push({ o: a.orderId, t: a.at.getTime(), p: a.points, rv: a.reversed, am: a.amount ?? null, u: a.units, ru: a.returnedUnits, br: a.byRule });
  }
  return {
    v: 1,
    n: state.count,
    total: state.total,
    debt: state.debt,
    lotsCreated: state.lotsCreated,
    orderCount: state.orderCount,
    firstOrderAt: ms(state.firstOrderAt),
    firstLotAt: ms(state.firstLotAt),
    tierId: state.tierId,
    tierSince: ms(state.tierSince),
    lifetime: { ...state.lifetime },
    stamps: { ...state.stamps },
    ruleTotals: { ...state.ruleTotals },
    lots,
    activity,
    referrals: state.referrals.map((r) => ({ o: r.orderId, pg: r.programId, a: r.activatesAt.getTime(), u: r.units, ru: r.returnedUnits, terms: r.terms })),
    ...(state.holds.size === 0
      ? {}
      : {
          holds: [...state.holds.values()].map((h) => ({
            k: h.checkoutId,
            b: h.burnId,
            p: h.points,
            t: h.at.getTime(),
            x: h.expiresAt.getTime(),
            l: h.lots.map((l) => ({ id: l.lotId, p: l.points, seq: l.seq, c: l.createdAt.getTime(), a: l.activatesAt.getTime(), e: l.expiresAt === null ? -1 : l.expiresAt.getTime(), o: l.origin, m: l.activationRecorded ? (1 as const) : (0 as const) })),
          })),
        }),
  };
}

/**
 * A fresh, mutable {@link LedgerState} from a projection (no order tracks: an operation that
 * needs one, a return, loads its order's entries).
 *
 * @example
 * ```ts
 * const state = stateFromProjection(projectionOf(deriveLedger(entries)));
 * ```
 */
export function stateFromProjection(p: LedgerProjection): LedgerState {
  const state = emptyLedgerState();
  for (const l of p.lots) {
    const lot = {
      lotId: l.id,
      seq: l.seq,
      points: l.p,
      remaining: l.r,
      createdAt: new Date(l.c),
      activatesAt: new Date(l.a),
      expiresAt: l.e === -1 ? null : new Date(l.e),
      origin: l.o,
      expiredRecorded: l.x === 1,
      activationRecorded: l.m === 1,
    };
    state.lots.push(lot);
    state.lotById.set(lot.lotId, lot);
  }
  for (const a of p.activity) {
    state.activity.push({ orderId: a.o, at: new Date(a.t), points: a.p, reversed: a.rv, amount: a.am ?? undefined, units: a.u, returnedUnits: a.ru, byRule: { ...a.br } });
  }
  for (const r of p.referrals) {
    state.referrals.push({ orderId: r.o, programId: r.pg, activatesAt: new Date(r.a), units: r.u, returnedUnits: r.ru, terms: r.terms });
  }
  for (const h of p.holds ?? []) {
    const lots = h.l.map((l) => ({ lotId: l.id, points: l.p, seq: l.seq, createdAt: new Date(l.c), activatesAt: new Date(l.a), expiresAt: l.e === -1 ? null : new Date(l.e), origin: l.o, activationRecorded: l.m === 1 }));
    state.holds.set(h.k, { checkoutId: h.k, burnId: h.b, points: h.p, at: new Date(h.t), expiresAt: new Date(h.x), lots });
  }
  Object.assign(state.stamps, p.stamps);
  Object.assign(state.ruleTotals, p.ruleTotals);
  Object.assign(state.lifetime, p.lifetime);
  state.lotsCreated = p.lotsCreated;
  state.debt = p.debt;
  state.orderCount = p.orderCount;
  state.firstOrderAt = date(p.firstOrderAt);
  state.firstLotAt = date(p.firstLotAt);
  state.tierId = p.tierId;
  state.tierSince = date(p.tierSince);
  state.total = p.total;
  state.count = p.n;
  return state;
}

/**
 * The active balance of a state at `at` and the interval around `at` in which it stays the
 * same as time passes (no lot activates or expires inside it): what the Store's balance guard
 * needs to grant a burn without the lots (`validFrom ≤ at' < validUntil` and `active ≥ points`).
 * Instants are epoch milliseconds; ±`Number.MAX_SAFE_INTEGER` for unbounded.
 *
 * @example
 * ```ts
 * const { active, validFrom, validUntil } = activeBalanceWindow(state, new Date());
 * ```
 */
export function activeBalanceWindow(state: LedgerState, at: Date): { readonly active: Points; readonly validFrom: number; readonly validUntil: number } {
  const t = at.getTime();
  let active = 0;
  let validFrom = -Number.MAX_SAFE_INTEGER;
  let validUntil = Number.MAX_SAFE_INTEGER;
  const boundary = (b: number): void => {
    if (b <= t) validFrom = Math.max(validFrom, b);
    else validUntil = Math.min(validUntil, b);
  };
  for (const lot of state.lots) {
    if (lot.remaining <= 0 || lot.expiredRecorded) continue;
    boundary(lot.activatesAt.getTime());
    if (lot.expiresAt !== null) boundary(lot.expiresAt.getTime() + 1);
    if (lot.activatesAt.getTime() <= t && !isLotExpired(lot, at)) active += lot.remaining;
  }
  // a reservation's points count again once it lapses: its end is a boundary too
  for (const hold of state.holds.values()) {
    boundary(hold.expiresAt.getTime() + 1);
    for (const lot of hold.lots) if (lot.expiresAt !== null) boundary(lot.expiresAt.getTime() + 1);
  }
  return { active: active + lapsedHoldsAt(state, at) - state.debt, validFrom, validUntil };
}
