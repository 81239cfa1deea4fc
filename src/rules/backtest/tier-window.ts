// A member's tier qualifying value and whether a downgrade is due, from their ledger's order
// activity in integers: what evaluateTier computes, without building the tier history per order
// (module-internal; a property test checks both agree).
import { currencyExponent } from '../../core/currency.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../../core/money.js';
import type { OrderActivity } from '../ledger/state.js';
import type { Program, TierDefinition } from '../program.js';
import { levelFor, tierThresholds } from '../tier-progress.js';
import { addDuration } from '../../core/time.js';
import type { ProgramClock } from './program-clock.js';

/** The tier window of a program, compiled once. */
export interface TierWindow {
  /**
   * Qualifying value at `at` (points, or minor units of spend kept after returns) of `activity`
   * in placement order (as a ledger keeps it): read from the latest order back to the window's start.
   */
  value(activity: readonly OrderActivity[], at: Date): number;
  /** `value` as `evaluateTier` shows it (`qualifyingValue`). */
  show(value: number): string;
  /** Rank of a tier id among the levels (−1: none). */
  rank(tierId: string | null): number;
  /** Rank of the level a value reaches (−1: none). */
  rankOf(value: number): number;
  /** The level of a rank (`null` below the lowest). */
  level(rank: number): string | null;
  /** The last instant of the review period before the one containing `at`. */
  reviewEnd(at: Date): Date;
  /** When a downgrade decided at the review ending `reviewEnd` takes effect: the next period's start, plus the grace. */
  downgradeAt(reviewEnd: Date): Date;
}

/** Points kept, or spend kept (`amount × unitsKept / units`, rounded down), of one order. */
function kept(a: OrderActivity, basis: TierDefinition['basis'], exponent: number): number {
  if (basis === 'points') return a.points - a.reversed;
  if (a.amount === undefined || a.units === 0) return 0;
  const amount = decimalToMinorUnits(a.amount, exponent) ?? 0;
  return Math.floor((amount * (a.units - a.returnedUnits)) / a.units);
}

/** The program's tier window over the clock, or `undefined` without tiers. */
export function tierWindow(program: Program, clock: ProgramClock): TierWindow | undefined {
  const tiers = program.tiers;
  if (tiers === undefined) return undefined;
  const exponent = tiers.basis === 'points' ? 0 : currencyExponent(program.currency);
  const levels = tierThresholds(tiers, program.currency);
  const window = tiers.window;
  const rank = (tierId: string | null): number => (tierId === null ? -1 : levels.findIndex((l) => l.id === tierId));
  return {
    value(activity, at) {
      const from = 'rolling' in window ? clock.before(at, window.rolling) : clock.periodStart(at, window.calendar) - 1;
      const to = at.getTime();
      let sum = 0;
      for (let i = activity.length - 1; i >= 0; i--) {
        const a = activity[i] as OrderActivity;
        const t = a.at.getTime();
        if (t <= from) break;
        if (t <= to) sum += kept(a, tiers.basis, exponent);
      }
      return sum;
    },
    show: (value) => minorUnitsToDecimal(value, exponent),
    rank,
    rankOf: (value) => rank(levelFor(levels, value) || null),
    level: (r) => levels[r]?.id ?? null,
    reviewEnd: (at) => new Date(clock.periodStart(at, tiers.review) - 1),
    downgradeAt(reviewEnd) {
      const start = new Date(reviewEnd.getTime() + 1);
      return tiers.grace === undefined ? start : addDuration(start, tiers.grace, program.timeZone);
    },
  };
}
