import type { Points } from '../../core/points.js';
import type { LiabilityReport } from '../liability.js';

/**
 * One local month (program zone) of a backtest, in points. Flows are what happened in the
 * month; `burnable`, `pending` and `outstanding` are the balances over all members at its end
 * (at `until` for the last month).
 *
 * @example
 * ```ts
 * const m: BacktestMonth = { month: '2026-03', orders: 120, earningOrders: 118, issued: 5400, activated: 4100, reversed: 90,
 *   settled: 0, expired: 0, burnable: 9800, pending: 1900, outstanding: 11700, outstandingValue: '117.00' };
 * ```
 */
export interface BacktestMonth {
  /** `YYYY-MM`, program zone. */
  readonly month: string;
  /** Orders replayed (placed this month). */
  readonly orders: number;
  /** Of them, the orders that earned at least one point. */
  readonly earningOrders: number;
  /** Points credited by orders placed this month. */
  readonly issued: Points;
  /** Points that became burnable this month (pending lots whose return window ended, or lots active at once). */
  readonly activated: Points;
  /** Points taken back by returns this month (debt excluded). */
  readonly reversed: Points;
  /** Points that paid off debt this month. */
  readonly settled: Points;
  /** Points that expired unspent this month. */
  readonly expired: Points;
  /** Active points at the end of the month (what members could burn). */
  readonly burnable: Points;
  /** Pending points at the end of the month (inside return windows). */
  readonly pending: Points;
  /** `burnable + pending`. */
  readonly outstanding: Points;
  /** Money value of `outstanding`, or `null` without a value per point. */
  readonly outstandingValue: string | null;
}

/**
 * What one earn rule cost over the window: points as issued (before returns) and their value.
 * A tier multiplier appears as `tier:<id>`, as in `OrderEvaluation.byRule`.
 *
 * @example
 * ```ts
 * const r: BacktestRuleCost = { ruleId: 'base', kind: 'points-per-unit', orders: 950, points: 48_000, value: '480.00' };
 * ```
 */
export interface BacktestRuleCost {
  /** Rule id (`tier:<id>` for a tier multiplier). */
  readonly ruleId: string;
  /** Rule kind. */
  readonly kind: string;
  /** Orders it awarded points on. */
  readonly orders: number;
  /** Points it awarded. */
  readonly points: Points;
  /** Their money value, or `null`. */
  readonly value: string | null;
}

/**
 * What the members of one tier cost: the orders they placed while in it, the points those
 * earned, and of those the tier multiplier's extra points. `tierId` is `null` for members
 * without a tier.
 *
 * @example
 * ```ts
 * const t: BacktestTierCost = { tierId: 'gold', orders: 40, points: 3000, tierPoints: 1000, value: '30.00', tierValue: '10.00' };
 * ```
 */
export interface BacktestTierCost {
  /** The tier at the time of the order (`null`: none). */
  readonly tierId: string | null;
  /** Orders placed in it. */
  readonly orders: number;
  /** Points they earned (all rules). */
  readonly points: Points;
  /** Of them, the tier multiplier's points. */
  readonly tierPoints: Points;
  /** Money value of `points`, or `null`. */
  readonly value: string | null;
  /** Money value of `tierPoints`, or `null`. */
  readonly tierValue: string | null;
}

/**
 * Totals of a backtest over the window, in points.
 *
 * @example
 * ```ts
 * const t: BacktestTotals = report.totals;
 * t.issued - t.reversed - t.settled - t.expired === report.liability.outstanding; // true (no redemptions replayed)
 * ```
 */
export interface BacktestTotals {
  /** Orders replayed (placed in the window). */
  readonly orders: number;
  /** Of them, those that earned at least one point. */
  readonly earningOrders: number;
  /** `earningOrders / orders` (0 without orders). */
  readonly earningShare: number;
  /** Returns replayed. */
  readonly returns: number;
  /** Returns of orders outside the window, or after `until`, left out. */
  readonly returnsSkipped: number;
  /** Orders placed before `from`: not replayed, counted as the customers' earlier orders. */
  readonly ordersBefore: number;
  /** Orders placed after `until`: left out. */
  readonly ordersAfter: number;
  /** Points issued. */
  readonly issued: Points;
  /** Points activated. */
  readonly activated: Points;
  /** Points reversed by returns. */
  readonly reversed: Points;
  /** Points that paid off debt. */
  readonly settled: Points;
  /** Points expired. */
  readonly expired: Points;
}

/**
 * The replay of one program over the history.
 *
 * @example
 * ```ts
 * const r: ProgramBacktestReport = backtestProgram({ program, orders, from, until }).draft;
 * r.liability.value; // '1234.56'
 * ```
 */
export interface ProgramBacktestReport {
  /** The program replayed. */
  readonly programId: string;
  /** Its currency. */
  readonly currency: string;
  /** First instant of the window. */
  readonly from: Date;
  /** Last instant of the window. */
  readonly until: Date;
  /** Money value of one point used for every value, or `null`. */
  readonly valuePerPoint: string | null;
  /** Totals over the window. */
  readonly totals: BacktestTotals;
  /** Month by month, first to last. */
  readonly months: readonly BacktestMonth[];
  /** Per earn rule (and tier multiplier), most points first, then id. */
  readonly rules: readonly BacktestRuleCost[];
  /** Per tier at order time, in the program's level order, members without a tier first. */
  readonly tiers: readonly BacktestTierCost[];
  /** What the program owes at `until` (see `liabilityReport`). */
  readonly liability: LiabilityReport;
}

/**
 * The draft minus the current program, on the same history (positive: the draft costs more).
 *
 * @example
 * ```ts
 * const d: BacktestDifference = backtestProgram({ program: draft, compareWith: current, orders, from, until }).difference!;
 * d.liabilityValue; // '310.20'
 * ```
 */
export interface BacktestDifference {
  /** Difference of earning orders. */
  readonly earningOrders: number;
  /** Difference of the earning share. */
  readonly earningShare: number;
  /** Differences of the point totals. */
  readonly issued: Points;
  readonly activated: Points;
  readonly reversed: Points;
  readonly expired: Points;
  /** Difference of the burnable points at `until`. */
  readonly burnable: Points;
  /** Difference of the outstanding points at `until`. */
  readonly outstanding: Points;
  /** Difference of the liability value at `until` (draft currency and value per point), or `null`. */
  readonly liabilityValue: string | null;
  /** Month by month: issued, expired and burnable differences. */
  readonly months: readonly { readonly month: string; readonly issued: Points; readonly expired: Points; readonly burnable: Points }[];
  /** Per rule id of either program: points of the draft minus points of the current one. */
  readonly rules: readonly { readonly ruleId: string; readonly points: Points }[];
}

/**
 * What {@link backtestProgram} reports: the draft's replay, and with `compareWith` the current
 * program's replay and the difference.
 *
 * @example
 * ```ts
 * const { draft, current, difference } = backtestProgram({ program, compareWith, orders, from, until });
 * ```
 */
export interface ProgramBacktest {
  /** The draft program's replay. */
  readonly draft: ProgramBacktestReport;
  /** The current program's replay (with `compareWith`). */
  readonly current?: ProgramBacktestReport;
  /** Draft minus current (with `compareWith`). */
  readonly difference?: BacktestDifference;
}
