import type { Points } from '../core/points.js';
import { formatLocalDate, localParts } from '../core/time.js';
import { type LedgerState, isLotExpired } from './ledger/state.js';
import { pointsWorth } from './points-worth.js';
import type { Program } from './program.js';

/**
 * Points that expire in one local month of the program zone, and their value.
 *
 * @example
 * ```ts
 * const m: MonthlyExpiry = { month: '2027-03', points: 1200, value: '12.00' };
 * ```
 */
export interface MonthlyExpiry {
  /** Local month `YYYY-MM` (program zone) of the lots' last valid instant. */
  readonly month: string;
  /** Points (active and pending) expiring that month if not spent. */
  readonly points: Points;
  /** Their money value (decimal string in the program currency), `null` without a value per point. */
  readonly value: string | null;
}

/**
 * What the program owes its members at an instant: outstanding points (active and pending,
 * past-expiry points excluded), their money value, and when they expire month by month.
 * Debt (points clawed back below zero) is reported apart, not netted: it is rarely collected.
 * Points reserved by a checkout count as outstanding until the checkout commits them.
 *
 * @example
 * ```ts
 * const r: LiabilityReport = liabilityReport(program, states, new Date('2026-12-31T23:00:00Z'));
 * r.value; // '1234.56'
 * ```
 */
export interface LiabilityReport {
  /** The instant of the report. */
  readonly at: Date;
  /** Program currency. */
  readonly currency: string;
  /** Money value of one point used (decimal string), or `null` when unknown. */
  readonly valuePerPoint: string | null;
  /** Number of ledgers (customers, erased ones included) counted. */
  readonly ledgers: number;
  /** Spendable points owed. */
  readonly active: Points;
  /** Pending points owed (inside return windows). */
  readonly pending: Points;
  /** `active + pending`. */
  readonly outstanding: Points;
  /** Points owed by members (claw-backs below zero), not subtracted. */
  readonly debt: Points;
  /** Money value of `outstanding`, rounded half-even to the currency, or `null`. */
  readonly value: string | null;
  /** Outstanding points that never expire. */
  readonly neverExpiring: Points;
  /** Expiring points per local month, earliest first. */
  readonly expiring: readonly MonthlyExpiry[];
}

/**
 * Compute the liability over the given ledgers at `at`, valuing points at
 * `valuePerPoint` (default: the program's `pointsPayment.valuePerPoint`). Pure.
 *
 * @example
 * ```ts
 * const report = liabilityReport(program, ledgers.map(deriveLedger), new Date(), '0.01');
 * report.expiring[0]; // { month: '2027-01', points: 300, value: '3.00' }
 * ```
 */
export function liabilityReport(program: Program, ledgers: Iterable<LedgerState>, at: Date, valuePerPoint?: string): LiabilityReport {
  const vpp = valuePerPoint ?? program.pointsPayment?.valuePerPoint ?? null;
  const worth = (points: Points): string | null => pointsWorth(points, vpp, program.currency);
  let active = 0;
  let pending = 0;
  let debt = 0;
  let neverExpiring = 0;
  let count = 0;
  const months = new Map<string, Points>();
  // lots share few expiry instants (rounded expiries, one per local day or month): find each one's month once
  const monthOf = new Map<number, string>();
  for (const state of ledgers) {
    count += 1;
    debt += state.debt;
    const owe = (points: Points, activatesAt: Date, expiresAt: Date | null): void => {
      if (activatesAt.getTime() <= at.getTime()) active += points;
      else pending += points;
      if (expiresAt === null) neverExpiring += points;
      else {
        const t = expiresAt.getTime();
        let month = monthOf.get(t);
        if (month === undefined) {
          month = formatLocalDate({ ...localParts(expiresAt, program.timeZone), day: 1 }).slice(0, 7);
          monthOf.set(t, month);
        }
        months.set(month, (months.get(month) ?? 0) + points);
      }
    };
    for (const lot of state.lots) if (lot.remaining > 0 && !isLotExpired(lot, at)) owe(lot.remaining, lot.activatesAt, lot.expiresAt);
    // points held by a checkout are not spent until it commits: still owed, in the lots they came from
    for (const hold of state.holds.values()) {
      for (const lot of hold.lots) if (state.lotById.get(lot.lotId)?.expiredRecorded !== true && (lot.expiresAt === null || at.getTime() <= lot.expiresAt.getTime())) owe(lot.points, lot.activatesAt, lot.expiresAt);
    }
  }
  const expiring = [...months.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([month, points]) => ({ month, points, value: worth(points) }));
  const outstanding = active + pending;
  return { at, currency: program.currency, valuePerPoint: vpp, ledgers: count, active, pending, outstanding, debt, value: worth(outstanding), neverExpiring, expiring };
}
