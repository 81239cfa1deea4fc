import { minorUnitsToDecimal } from '../core/money.js';
import { type ConditionTrace, type FactTrace, type LinesAggregateTrace, failedComparisons } from '../conditions/trace.js';
import type { FactSubject } from '../conditions/subject.js';
import type { CompiledProgram, CompiledRule } from './compiled-program.js';
import { referralRefusalReason } from './referral.js';
import type { RuleRecord } from './rule-record.js';
import type { RuleTrace } from './evaluation.js';

const ROUNDING_WORDS = { down: 'rounded down', up: 'rounded up', 'half-up': 'rounded half up', 'half-even': 'rounded half to even' } as const;

function eligibleIds(c: CompiledRule | undefined, s: FactSubject): string[] {
  return s.lines.filter((l) => c?.eligible === undefined || c.eligible.test(s, l)).map((l) => l.id);
}

function eligibleAmount(c: CompiledRule, s: FactSubject): string {
  const gross = 'base' in c.rule && c.rule.base === 'gross';
  const minor = s.lines.filter((l) => c.eligible === undefined || c.eligible.test(s, l)).reduce((a, l) => a + (gross ? l.grossTotal : l.lineTotal), 0);
  return `${minorUnitsToDecimal(minor, s.exponent)} ${s.currency}`;
}

function appliedReason(rec: RuleRecord, cp: CompiledProgram, s: FactSubject): string {
  const c = rec.rule;
  const rounding = ROUNDING_WORDS[cp.program.rounding];
  if (c === undefined) return `tier multiplier: +${rec.points} points on the base points`;
  const rule = c.rule;
  switch (rule.kind) {
    case 'points-per-unit':
      return `${rec.points} points: ${rule.rate} per ${s.currency} on ${eligibleAmount(c, s)} of eligible lines (${rule.base}, ${rounding})`;
    case 'multiplier':
      return `+${rec.points} points: ×${rule.factor} on the base points of the eligible lines (${rounding})`;
    case 'threshold-bonus':
      return `${rec.points} points: eligible amount ${eligibleAmount(c, s)} reached a step`;
    case 'stamp-card':
      return `${rec.note ?? ''}${rec.points > 0 ? `; ${rec.points} points` : ''}`;
    case 'issue-coupon':
      return `coupon ${rule.coupon} to issue`;
    case 'referral':
      return `referral payout scheduled at the end of the return window of order ${s.order.id}: ${rule.referrerPoints} points to the referrer, ${rule.refereePoints} to the customer, if the order is kept`;
    default:
      return `${rec.points} points bonus, split over ${eligibleIds(c, s).length} eligible line(s) by amount`;
  }
}

function reasonFor(rec: RuleRecord, cp: CompiledProgram, s: FactSubject, failed: readonly (FactTrace | LinesAggregateTrace)[]): string {
  const c = rec.rule;
  const sentences = failed.map((f) => f.sentence).join('; ');
  switch (rec.status) {
    case 'applied':
      return appliedReason(rec, cp, s);
    case 'capped':
      return `${rec.points} of ${rec.uncapped ?? 0} points: capped by ${rec.limitedBy ?? ''}`;
    case 'cap-reached':
      return `0 of ${rec.uncapped ?? 0} points: the ${rec.limitedBy ?? ''} cap is already reached`;
    case 'conditions-failed':
      return `conditions not met: ${sentences}`;
    case 'no-eligible-lines':
      return `no eligible line: ${sentences}`;
    case 'below-threshold':
      if (c?.rule.kind === 'referral') return `order amount ${minorUnitsToDecimal(s.subtotal, s.exponent)} ${s.currency} is below the referral minimum ${minorUnitsToDecimal(c.minAmount, s.exponent)} ${s.currency}`;
      return `eligible amount ${c === undefined ? '' : eligibleAmount(c, s)} is below the first step ${minorUnitsToDecimal(c?.steps[0]?.min ?? 0, s.exponent)} ${s.currency}`;
    case 'not-first-order':
      return `not a first order: the customer has ${s.orderCount} earlier order(s)`;
    case 'not-birthday': {
      const period = c?.rule.kind === 'birthday-bonus' ? c.rule.period : 'month';
      return `birthday ${s.customer?.birthDate ?? '(unknown)'} is not in the ${period} of the order (${s.customerLocal.date})`;
    }
    case 'no-customer':
      return 'guest order: the rule needs a known customer';
    case 'no-referrer':
      return 'the customer was not referred by anyone';
    case 'self-referral':
    case 'same-email':
    case 'same-phone':
    case 'referral-cycle':
      return referralRefusalReason(rec.status);
    case 'no-base-points':
      return 'no base points on the eligible lines to multiply';
    case 'superseded':
      return `exclusive group ${c?.rule.group ?? ''}: rule ${rec.supersededBy ?? ''} applied first`;
    case 'currency-mismatch':
      return `the order is in ${s.currency}, the program counts in ${cp.program.currency}`;
    case 'not-an-order-rule':
      return 'awarded on enrolment (evaluateSignup), not on orders';
  }
}

/**
 * The trace of every rule of an evaluation, built from what the evaluation recorded: status,
 * points, a sentence, the condition trace with actual values and the failing comparisons.
 *
 * @example
 * ```ts
 * // used by evaluateOrder: result.trace
 * const traces = buildRuleTraces(compileProgram(program), subject, records);
 * ```
 */
export function buildRuleTraces(cp: CompiledProgram, s: FactSubject, records: readonly RuleRecord[]): RuleTrace[] {
  return records.map((rec) => {
    const c = rec.rule;
    const conditions: ConditionTrace | undefined = c?.conditions?.explain(s);
    let failed: (FactTrace | LinesAggregateTrace)[] = [];
    if (rec.status === 'conditions-failed' && conditions !== undefined) failed = failedComparisons(conditions);
    if (rec.status === 'no-eligible-lines' && c?.eligible !== undefined) {
      const eligible = c.eligible;
      failed = s.lines.flatMap((l) => failedComparisons(eligible.explain(s, l)));
    }
    const trace: RuleTrace = {
      ruleId: rec.ruleId,
      kind: rec.kind,
      status: rec.status,
      points: rec.points,
      reason: reasonFor(rec, cp, s, failed),
      ...(conditions === undefined ? {} : { conditions }),
      ...(failed.length === 0 ? {} : { failed }),
      ...(rec.points > 0 ? { eligibleLines: eligibleIds(c, s) } : {}),
      ...(rec.uncapped === undefined ? {} : { cap: { uncapped: rec.uncapped, allowed: rec.points, limitedBy: rec.limitedBy ?? '' } }),
    };
    return trace;
  });
}
