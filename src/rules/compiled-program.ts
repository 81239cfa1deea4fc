import { currencyExponent } from '../core/currency.js';
import { decimalToMinorUnits } from '../core/money.js';
import { type CompiledCondition, compileCondition } from '../conditions/compile.js';
import { type Ratio, parseRatio } from './points-math.js';
import type { EarnRule, Program, RuleCaps } from './program.js';

/**
 * The evaluation phase of a rule kind: base points first, then multipliers (which multiply
 * base points), then bonuses, stamp cards, coupons and event rules.
 *
 * @example
 * ```ts
 * RULE_PHASES['multiplier']; // 1
 * ```
 */
export const RULE_PHASES: Readonly<Record<EarnRule['kind'], number>> = {
  'points-per-unit': 0,
  multiplier: 1,
  'fixed-bonus': 2,
  'threshold-bonus': 2,
  'first-order-bonus': 2,
  'birthday-bonus': 2,
  'stamp-card': 3,
  'issue-coupon': 4,
  referral: 5,
  'signup-bonus': 6,
};

/**
 * One earn rule compiled for evaluation: conditions as closures, rates and amounts exact.
 *
 * @example
 * ```ts
 * const rule: CompiledRule = compileProgram(program).rules[0]!;
 * ```
 */
export interface CompiledRule {
  /** The rule definition. */
  readonly rule: EarnRule;
  /** `rule.id`. The hot path reads these copies: compiled rules all have one shape, rules ten. */
  readonly id: string;
  /** `rule.kind`. */
  readonly kind: EarnRule['kind'];
  /** `rule.points` of fixed, first-order and birthday bonuses; 0 for other kinds. */
  readonly points: number;
  /** `rule.caps`. */
  readonly caps: RuleCaps | undefined;
  /** `rule.group` when the group is exclusive, otherwise undefined. */
  readonly exclusiveGroup: string | undefined;
  /** Order-level condition. */
  readonly conditions: CompiledCondition | undefined;
  /** Line eligibility condition. */
  readonly eligible: CompiledCondition | undefined;
  /** Slot shared by rules with the same eligibility condition and base (per-evaluation cache), −1 without one. */
  readonly eligibleSlot: number;
  /** Rate (points-per-unit) or factor (multiplier, tier). */
  readonly ratio: Ratio | undefined;
  /** Threshold steps in minor units, ascending. */
  readonly steps: readonly { readonly min: number; readonly points: number }[];
  /** Minimum order amount (referral) in minor units. */
  readonly minAmount: number;
  /** Whether amounts are gross (before line discounts). */
  readonly gross: boolean;
  /** Whether this rule belongs to an exclusive group. */
  readonly exclusive: boolean;
  /** Base rules multiplied (multipliers), undefined for all. */
  readonly appliesTo: ReadonlySet<string> | undefined;
  /** Shared records of the outcomes that earn nothing, by status (filled on first use). */
  readonly outcomes: Map<string, unknown>;
}

/**
 * A program compiled once for fast evaluation (cached per program object).
 *
 * @example
 * ```ts
 * const compiled = compileProgram(program);
 * compiled.rules.map((r) => r.rule.id); // evaluation order
 * ```
 */
export interface CompiledProgram {
  /** The program. */
  readonly program: Program;
  /** Minor-unit digits of the program currency. */
  readonly exponent: number;
  /** The rules in evaluation order: phase, then priority (higher first), then id. */
  readonly rules: readonly CompiledRule[];
  /** Tier multipliers by tier id. */
  readonly tierFactors: ReadonlyMap<string, Ratio>;
  /** Number of distinct eligibility slots. */
  readonly eligibleSlots: number;
}

const cache = new WeakMap<Program, CompiledProgram>();

function money(text: string, exponent: number): number {
  return decimalToMinorUnits(text, exponent) ?? 0;
}

/**
 * Compile a parsed program (conditions to closures, rates to exact ratios, rules sorted by
 * phase, priority and id). Cached: compiling the same program object again is free.
 *
 * @example
 * ```ts
 * const compiled = compileProgram(parseProgram(json));
 * ```
 */
export function compileProgram(program: Program): CompiledProgram {
  const hit = cache.get(program);
  if (hit !== undefined) return hit;
  const exponent = currencyExponent(program.currency);
  const exclusiveGroups = new Set(program.groups.filter((g) => g.mode === 'exclusive').map((g) => g.id));
  // Rules with the same eligibility condition and base share one compiled condition and one
  // per-evaluation result.
  const slots = new Map<string, { slot: number; condition: CompiledCondition }>();
  const rules = program.earnRules.map((rule, i): CompiledRule => {
    const path = `earnRules[${i}]`;
    const eligibleSource = 'eligibleLines' in rule ? rule.eligibleLines : undefined;
    let shared: { slot: number; condition: CompiledCondition } | undefined;
    if (eligibleSource !== undefined) {
      const key = `${'base' in rule ? rule.base : 'net'}|${JSON.stringify(eligibleSource)}`;
      shared = slots.get(key);
      if (shared === undefined) {
        shared = { slot: slots.size, condition: compileCondition(eligibleSource, { currency: program.currency, scope: 'line', path: `${path}.eligibleLines` }) };
        slots.set(key, shared);
      }
    }
    const exclusive = rule.group !== undefined && exclusiveGroups.has(rule.group);
    return {
      rule,
      id: rule.id,
      kind: rule.kind,
      points: rule.kind === 'fixed-bonus' || rule.kind === 'first-order-bonus' || rule.kind === 'birthday-bonus' ? rule.points : 0,
      caps: rule.caps,
      exclusiveGroup: exclusive ? rule.group : undefined,
      conditions: rule.conditions === undefined ? undefined : compileCondition(rule.conditions, { currency: program.currency, path: `${path}.conditions` }),
      eligible: shared?.condition,
      eligibleSlot: shared?.slot ?? -1,
      ratio: rule.kind === 'points-per-unit' ? parseRatio(rule.rate) : rule.kind === 'multiplier' ? parseRatio(rule.factor) : undefined,
      steps: rule.kind === 'threshold-bonus' ? rule.steps.map((s) => ({ min: money(s.minAmount, exponent), points: s.points })) : [],
      minAmount: rule.kind === 'referral' && rule.minOrderAmount !== undefined ? money(rule.minOrderAmount, exponent) : 0,
      gross: 'base' in rule && rule.base === 'gross',
      exclusive,
      appliesTo: rule.kind === 'multiplier' && rule.appliesTo !== undefined ? new Set(rule.appliesTo) : undefined,
      outcomes: new Map(),
    };
  });
  rules.sort(
    (a, b) =>
      RULE_PHASES[a.rule.kind] - RULE_PHASES[b.rule.kind] ||
      b.rule.priority - a.rule.priority ||
      (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0),
  );
  const tierFactors = new Map<string, Ratio>();
  for (const level of program.tiers?.levels ?? []) if (level.multiplier !== undefined) tierFactors.set(level.id, parseRatio(level.multiplier));
  const compiled: CompiledProgram = { program, exponent, rules, tierFactors, eligibleSlots: slots.size };
  cache.set(program, compiled);
  return compiled;
}
