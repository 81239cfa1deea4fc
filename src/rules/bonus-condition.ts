import type { FactSubject } from '../conditions/subject.js';
import type { BonusCondition } from './evaluation.js';
import type { EarnRuleKind } from './program.js';
import type { RuleRecord } from './rule-record.js';

/**
 * True for the kinds of order-level bonuses: fixed, threshold, first-order, birthday and
 * stamp-card points. Their points are spread over the lines for attribution, but a return
 * takes them back by the program's `bonusReturnPolicy`, not per line. Base points,
 * multipliers and tier multipliers are line-level: a return reverses the returned lines' share.
 *
 * @example
 * ```ts
 * isOrderBonusKind('birthday-bonus'); // true
 * isOrderBonusKind('multiplier'); // false
 * ```
 */
export function isOrderBonusKind(kind: EarnRuleKind): boolean {
  // Kind comparisons rather than a Set lookup: this runs for every awarded rule of every evaluation.
  return kind === 'fixed-bonus' || kind === 'threshold-bonus' || kind === 'first-order-bonus' || kind === 'birthday-bonus' || kind === 'stamp-card';
}

/**
 * The conditions of the order-level bonuses an evaluation awarded: each bonus's eligible lines
 * (the lines its points were split over) with their net or gross amounts, and a threshold's steps.
 *
 * @example
 * ```ts
 * const conditions = bonusConditionsOf(subject, awardedRecords); // evaluateOrder's `bonusConditions`
 * ```
 */
export function bonusConditionsOf(s: FactSubject, awarded: readonly RuleRecord[]): BonusCondition[] {
  const out: BonusCondition[] = [];
  for (const r of awarded) {
    if (!isOrderBonusKind(r.kind) || r.weights === undefined) continue;
    const gross = r.rule?.gross === true;
    const lines: Record<string, number> = {};
    r.weights.forEach((w, i) => {
      const line = s.lines[i];
      if (w !== 0 && line !== undefined) lines[line.id] = gross ? line.grossTotal : line.lineTotal;
    });
    const steps = r.kind === 'threshold-bonus' ? r.rule?.steps.map((step) => ({ minAmount: step.min, points: step.points })) : undefined;
    out.push({ ruleId: r.ruleId, kind: r.kind, points: r.points, lines, ...(steps !== undefined ? { steps } : {}) });
  }
  return out;
}
