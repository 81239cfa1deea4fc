import { allocatePoints } from './points-math.js';
import type { CompiledRule } from './compiled-program.js';
import type { RuleStatus } from './evaluation.js';
import type { EarnRuleKind } from './program.js';

/**
 * What the evaluation recorded about one rule (the trace is built from it on demand).
 *
 * @example
 * ```ts
 * const awarded = (r: RuleRecord): boolean => r.points > 0; // records are built by evaluateOrder
 * ```
 */
export interface RuleRecord {
  /** Rule id. */
  readonly ruleId: string;
  /** Kind. */
  readonly kind: EarnRuleKind;
  /** Outcome. */
  status: RuleStatus;
  /** Points after caps. */
  points: number;
  /** Points per line (same order as the order lines): set for base rules, otherwise computed on demand from `weights`. */
  perLine: number[] | undefined;
  /** The weights the rule's points are split by (eligible amounts, or base points for multipliers). */
  weights: readonly number[] | undefined;
  /** Multipliers: only lines whose mask entry is not zero take part in the split. */
  mask: readonly number[] | undefined;
  /** The compiled rule (undefined for a tier multiplier). */
  readonly rule: CompiledRule | undefined;
  /** Points before caps, when a cap limited them. */
  uncapped: number | undefined;
  /** Which cap limited them. */
  limitedBy: string | undefined;
  /** The rule that took the exclusive group. */
  supersededBy: string | undefined;
  /** Stamps added and cards filled, for the reason sentence. */
  note: string | undefined;
}

/**
 * A fresh, mutable record for a rule that is being evaluated (all fields present, so every
 * record has the same shape).
 *
 * @example
 * ```ts
 * const rec = newRecord('base', 'points-per-unit', 'applied', compiledRule);
 * ```
 */
export function newRecord(ruleId: string, kind: EarnRuleKind, status: RuleStatus, rule: CompiledRule | undefined): RuleRecord {
  return { ruleId, kind, status, points: 0, perLine: undefined, weights: undefined, mask: undefined, rule, uncapped: undefined, limitedBy: undefined, supersededBy: undefined, note: undefined };
}

/**
 * The record of a rule that earned nothing with this status. Such records are the same for
 * every evaluation: built once per compiled rule and status, shared, frozen.
 *
 * @example
 * ```ts
 * outcome(compiledRule, 'conditions-failed').points; // 0
 * ```
 */
export function outcome(c: CompiledRule, status: RuleStatus, supersededBy?: string): RuleRecord {
  const byStatus = c.outcomes as Map<string, RuleRecord>;
  const key = supersededBy === undefined ? status : `${status}:${supersededBy}`;
  let rec = byStatus.get(key);
  if (rec === undefined) {
    rec = Object.freeze({ ...newRecord(c.id, c.kind, status, c), supersededBy }) as RuleRecord;
    byStatus.set(key, rec);
  }
  return rec;
}

/**
 * The points of a rule record per line (split by largest remainder on first use).
 *
 * @example
 * ```ts
 * recordLinePoints(record); // [9, 39]
 * ```
 */
export function recordLinePoints(rec: RuleRecord): readonly number[] | undefined {
  if (rec.points === 0 || rec.weights === undefined) return undefined;
  const { weights, mask } = rec;
  return (rec.perLine ??= allocatePoints(rec.points, mask === undefined ? weights : weights.map((w, i) => (mask[i] === 0 ? 0 : w))));
}
