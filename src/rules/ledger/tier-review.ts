import { currencyExponent } from '../../core/currency.js';
import { decimalToMinorUnits } from '../../core/money.js';
import { addDuration } from '../../core/time.js';
import { capWindow } from '../lifecycle.js';
import type { Program } from '../program.js';
import { levelFor, tierThresholds } from '../tier-progress.js';
import { tierQualifying } from './order-context.js';
import type { LedgerState } from './state.js';

/**
 * The outcome of a tier review for one customer.
 *
 * @example
 * ```ts
 * const d: TierDecision = { tierId: 'gold', change: 'upgrade', qualifying: '1250' };
 * ```
 */
export interface TierDecision {
  /** The tier the customer should hold now (`null`: none). */
  readonly tierId: string | null;
  /** What changes. */
  readonly change: 'upgrade' | 'downgrade' | 'none' | 'downgrade-deferred';
  /** The qualifying value in the window at the review instant. */
  readonly qualifying: string;
}

function levelAt(program: Program, state: LedgerState, at: Date): { tierId: string | null; value: string } {
  const tiers = program.tiers!;
  const value = tierQualifying(program, state, at) ?? 0;
  const exponent = tiers.basis === 'points' ? 0 : currencyExponent(program.currency);
  const reached = levelFor(tierThresholds(tiers, program.currency), decimalToMinorUnits(String(value), exponent) ?? 0);
  return { tierId: reached === '' ? null : reached, value: String(value) };
}

/**
 * Review a customer's tier at `now`. Upgrades apply at once: the level the qualifying value
 * (points or spend in the tier window, see `tierQualifying`) reaches now. Downgrades are
 * decided at the end of each review period (program zone): the level reached at the last
 * review end, if lower, applies once the grace period after that end has passed (before:
 * `downgrade-deferred`), and only when the tier was already held at that review end.
 *
 * @example
 * ```ts
 * reviewTier(program, deriveLedger(entries), new Date('2027-02-01T00:00:00Z'));
 * ```
 */
export function reviewTier(program: Program, state: LedgerState, now: Date): TierDecision | undefined {
  const tiers = program.tiers;
  if (tiers === undefined) return undefined;
  const rank = (id: string | null): number => (id === null ? -1 : tiers.levels.findIndex((l) => l.id === id));
  const current = levelAt(program, state, now);
  if (rank(current.tierId) > rank(state.tierId)) return { tierId: current.tierId, change: 'upgrade', qualifying: current.value };
  const lastReviewEnd = new Date(capWindow(program, now, tiers.review).from.getTime() - 1);
  const heldAtReview = state.tierSince !== null && state.tierSince.getTime() <= lastReviewEnd.getTime();
  if (!heldAtReview) return { tierId: state.tierId, change: 'none', qualifying: current.value };
  const atReview = levelAt(program, state, lastReviewEnd);
  if (rank(atReview.tierId) >= rank(state.tierId)) return { tierId: state.tierId, change: 'none', qualifying: current.value };
  const effective = tiers.grace === undefined ? lastReviewEnd : addDuration(lastReviewEnd, tiers.grace, program.timeZone);
  if (now.getTime() <= effective.getTime()) return { tierId: state.tierId, change: 'downgrade-deferred', qualifying: atReview.value };
  const target = rank(current.tierId) > rank(atReview.tierId) ? current.tierId : atReview.tierId;
  return { tierId: target, change: 'downgrade', qualifying: atReview.value };
}
