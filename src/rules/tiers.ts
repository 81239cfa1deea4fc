import { currencyExponent } from '../core/currency.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import { addDuration } from '../core/time.js';
import { capWindow } from './lifecycle.js';
import type { Program } from './program.js';
import { levelFor, tierThresholds } from './tier-progress.js';

/**
 * One qualifying activity: points earned (negative for reversals) or net spend (a decimal
 * string, negative for returns) at an instant.
 *
 * @example
 * ```ts
 * const e: TierActivity = { at: new Date('2026-02-01T10:00:00Z'), points: 120, spend: '119.90' };
 * ```
 */
export interface TierActivity {
  /** When it happened. */
  readonly at: Date;
  /** Points earned (tiers on points). */
  readonly points?: number;
  /** Net spend (tiers on spend), decimal string in the program currency. */
  readonly spend?: string;
}

/**
 * What `evaluateTier` needs to know about a customer: the current tier, since when, and the
 * qualifying activity (at least the current window and the last review window).
 *
 * @example
 * ```ts
 * const h: TierHistory = { currentTierId: 'gold', since: new Date('2025-06-01T00:00:00Z'), activity: [] };
 * ```
 */
export interface TierHistory {
  /** Current tier id, if any. */
  readonly currentTierId?: string | undefined;
  /** When the current tier took effect. */
  readonly since?: Date | undefined;
  /** Qualifying activity. */
  readonly activity: readonly TierActivity[];
}

/**
 * The tier decision at an instant.
 *
 * @example
 * ```ts
 * const d: TierDecision = evaluateTier(program, history, now);
 * if (d.change === 'upgrade') console.log(`welcome to ${d.tierId}`);
 * ```
 */
export interface TierDecision {
  /** The tier the customer should have now (`''` for none). */
  readonly tierId: string;
  /** What changes. */
  readonly change: 'enter' | 'upgrade' | 'downgrade' | 'keep' | 'none';
  /** When the tier took or takes effect (now for upgrades, review end + grace for downgrades). */
  readonly effectiveAt: Date;
  /** Qualifying value in the current window (points or a decimal amount). */
  readonly qualifyingValue: string;
  /** A downgrade already decided at the last review but still in its grace period. */
  readonly pendingDowngrade?: { readonly tierId: string; readonly at: Date };
  /** The next level above the tier, if any, and what is missing. */
  readonly next?: { readonly tierId: string; readonly remaining: string };
  /** One sentence for people. */
  readonly reason: string;
}

function windowValue(program: Program, history: TierHistory, at: Date, exponent: number): number {
  const tiers = program.tiers!;
  const from =
    'rolling' in tiers.window
      ? addDuration(at, `-${tiers.window.rolling}`, program.timeZone).getTime()
      : capWindow(program, at, tiers.window.calendar).from.getTime() - 1;
  const to = at.getTime();
  let sum = 0;
  for (const a of history.activity) {
    const t = a.at.getTime();
    if (t <= from || t > to) continue;
    sum += tiers.basis === 'points' ? (a.points ?? 0) : a.spend === undefined ? 0 : (decimalToMinorUnits(a.spend, exponent) ?? 0);
  }
  return sum;
}

/**
 * Decide a customer's tier at `now` (pure). The qualifying value is the points earned or net
 * spend in the window (rolling: the last duration up to now; calendar: the current local
 * period). Upgrades take effect immediately. Downgrades are decided at review ends (the end of
 * each local `review` period): if the tier was held at the last review and neither the value
 * of the window ending at that review nor the value now qualifies for it, the customer drops
 * to the best level either supports, `grace` after the review. Re-running with the same
 * inputs gives the same decision; once the downgrade is recorded (`since` after the review)
 * nothing further happens until the next review.
 *
 * @example
 * ```ts
 * // points tiers: member 0, silver 500, gold 1000; calendar year window, yearly review, grace P1M
 * evaluateTier(program, { currentTierId: 'silver', since: new Date('2026-01-10T00:00:00Z'),
 *   activity: [{ at: new Date('2026-05-01T10:00:00Z'), points: 1200 }] }, new Date('2026-05-01T12:00:00Z'));
 * // { tierId: 'gold', change: 'upgrade', ... }
 * ```
 */
export function evaluateTier(program: Program, history: TierHistory, now: Date): TierDecision {
  const tiers = program.tiers;
  const current = history.currentTierId ?? '';
  if (tiers === undefined) {
    return { tierId: current, change: current === '' ? 'none' : 'keep', effectiveAt: now, qualifyingValue: '0', reason: 'the program has no tiers' };
  }
  const exponent = tiers.basis === 'points' ? 0 : currencyExponent(program.currency);
  const show = (v: number): string => minorUnitsToDecimal(v, exponent);
  const levels = tierThresholds(tiers, program.currency);
  const rank = (id: string): number => levels.findIndex((l) => l.id === id);
  const valueNow = windowValue(program, history, now, exponent);
  const levelNow = levelFor(levels, valueNow);
  const nextOf = (id: string): TierDecision['next'] => {
    const next = levels[rank(id) + 1];
    return next === undefined ? undefined : { tierId: next.id, remaining: show(Math.max(0, next.threshold - valueNow)) };
  };
  const decision = (tierId: string, change: TierDecision['change'], effectiveAt: Date, reason: string, extra: Partial<TierDecision> = {}): TierDecision => {
    const next = nextOf(tierId);
    return { tierId, change, effectiveAt, qualifyingValue: show(valueNow), reason, ...(next === undefined ? {} : { next }), ...extra };
  };
  if (rank(levelNow) > rank(current)) {
    return decision(levelNow, current === '' ? 'enter' : 'upgrade', now, `qualifying value ${show(valueNow)} reaches ${levelNow}`);
  }
  if (current === '') return decision('', 'none', now, `qualifying value ${show(valueNow)} reaches no level`);
  const reviewEnd = new Date(capWindow(program, now, tiers.review).from.getTime() - 1);
  if (history.since !== undefined && history.since.getTime() > reviewEnd.getTime()) {
    return decision(current, 'keep', now, `${current} was reached after the last review (${reviewEnd.toISOString()})`);
  }
  const valueAtReview = windowValue(program, history, reviewEnd, exponent);
  const target = [levelFor(levels, valueAtReview), levelNow].reduce((a, b) => (rank(a) >= rank(b) ? a : b));
  if (rank(target) >= rank(current)) {
    return decision(current, 'keep', now, `qualifying value ${show(valueAtReview)} at the last review keeps ${current}`);
  }
  const startOfPeriod = new Date(reviewEnd.getTime() + 1);
  const at = tiers.grace === undefined ? startOfPeriod : addDuration(startOfPeriod, tiers.grace, program.timeZone);
  const why = `qualifying value ${show(valueAtReview)} at the review of ${reviewEnd.toISOString()} is below ${current}`;
  if (now.getTime() >= at.getTime()) return decision(target, 'downgrade', at, `${why}; grace ended`);
  return decision(current, 'keep', now, `${why}; kept during the grace period`, { pendingDowngrade: { tierId: target, at } });
}
