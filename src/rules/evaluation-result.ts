import type { FactSubject } from '../conditions/subject.js';
import type { CompiledProgram } from './compiled-program.js';
import type {
  BonusCondition,
  CouponToIssue,
  EvaluatedOrder,
  EvaluationContext,
  LinePoints,
  OrderEvaluation,
  ReferralPayout,
  ReferralRefused,
  RewardUnlocked,
  RuleAward,
  RulePoints,
  RuleTrace,
  StampProgress,
  TierProgress,
} from './evaluation.js';
import { bonusConditionsOf, isOrderBonusKind } from './bonus-condition.js';
import { type RuleRecord, recordLinePoints } from './rule-record.js';
import { buildRuleTraces } from './rule-trace.js';
import { tierProgress } from './tier-progress.js';

/**
 * The effects an evaluation collects besides points.
 *
 * @example
 * ```ts
 * const fx: Effects = { stamps: [], rewards: [], coupons: [], referrals: [], refusedReferrals: [] };
 * ```
 */
export interface Effects {
  /** Stamp-card progress. */
  readonly stamps: StampProgress[];
  /** Rewards unlocked. */
  readonly rewards: RewardUnlocked[];
  /** Coupons to issue. */
  readonly coupons: CouponToIssue[];
  /** Referral payouts. */
  readonly referrals: ReferralPayout[];
  /** Referrals refused. */
  readonly refusedReferrals: ReferralRefused[];
}

/**
 * Build the result of an evaluation from its rule records.
 *
 * @example
 * ```ts
 * return evaluationResult(compiled, subject, context, records, effects);
 * ```
 */
export function evaluationResult(cp: CompiledProgram, s: FactSubject, ctx: EvaluationContext, records: RuleRecord[], fx: Effects): OrderEvaluation {
  return new Evaluation(cp, s, ctx, records, fx);
}

/** The points per rule, and the bonuses among them (the same objects). */
interface Awards {
  readonly byRule: RuleAward[];
  readonly bonuses: RuleAward[];
}

function awards(awarded: readonly RuleRecord[]): Awards {
  const byRule: RuleAward[] = [];
  const bonuses: RuleAward[] = [];
  for (const r of awarded) {
    const award = { ruleId: r.ruleId, kind: r.kind, points: r.points };
    byRule.push(award);
    if (isOrderBonusKind(r.kind)) bonuses.push(award);
  }
  return { byRule, bonuses };
}

// The result: plain fields, plus `byRule`, `bonuses`, `bonusConditions`, `lines` and `trace` computed on first access (prototype
// getters are much cheaper to create than an object literal with accessors). `toJSON` includes
// them, so a serialised result is complete.
class Evaluation implements OrderEvaluation {
  readonly programId: string;
  readonly orderId: string;
  readonly totalPoints: number;
  readonly stamps: readonly StampProgress[];
  readonly rewardsUnlocked: readonly RewardUnlocked[];
  readonly couponsToIssue: readonly CouponToIssue[];
  readonly referrals: readonly ReferralPayout[];
  readonly referralsRefused: readonly ReferralRefused[];
  readonly tierProgress: TierProgress | undefined;
  private readonly cp: CompiledProgram;
  private readonly subject: FactSubject;
  private readonly records: readonly RuleRecord[];
  private readonly awarded: readonly RuleRecord[];
  private awardsCache: Awards | undefined;
  private linesCache: readonly LinePoints[] | undefined;
  private bonusConditionsCache: readonly BonusCondition[] | undefined;
  private traceCache: readonly RuleTrace[] | undefined;

  constructor(cp: CompiledProgram, s: FactSubject, ctx: EvaluationContext, records: RuleRecord[], fx: Effects) {
    const awarded: RuleRecord[] = [];
    let total = 0;
    for (const r of records) {
      if (r.weights === undefined || r.points <= 0) continue;
      awarded.push(r);
      total += r.points;
    }
    this.programId = cp.program.id;
    this.orderId = s.order.id;
    this.totalPoints = total;
    this.stamps = fx.stamps;
    this.rewardsUnlocked = fx.rewards;
    this.couponsToIssue = fx.coupons;
    this.referrals = fx.referrals;
    this.referralsRefused = fx.refusedReferrals;
    this.tierProgress = cp.program.tiers === undefined ? undefined : tierProgress(cp.program, ctx.customer?.tier, ctx.tierQualifying, total, s.subtotal);
    this.cp = cp;
    this.subject = s;
    this.records = records;
    this.awarded = awarded;
    this.awardsCache = undefined;
    this.linesCache = undefined;
    this.bonusConditionsCache = undefined;
    this.traceCache = undefined;
  }

  get byRule(): readonly RuleAward[] {
    return (this.awardsCache ??= awards(this.awarded)).byRule;
  }

  get bonuses(): readonly RuleAward[] {
    return (this.awardsCache ??= awards(this.awarded)).bonuses;
  }

  get lines(): readonly LinePoints[] {
    return (this.linesCache ??= attribute(this.subject, this.awarded));
  }

  get bonusConditions(): readonly BonusCondition[] {
    return (this.bonusConditionsCache ??= bonusConditionsOf(this.subject, this.awarded));
  }

  get trace(): readonly RuleTrace[] {
    return (this.traceCache ??= buildRuleTraces(this.cp, this.subject, this.records));
  }

  toJSON(): Omit<OrderEvaluation, 'tierProgress'> & { tierProgress?: TierProgress } {
    return {
      programId: this.programId,
      orderId: this.orderId,
      totalPoints: this.totalPoints,
      lines: this.lines,
      byRule: this.byRule,
      bonuses: this.bonuses,
      bonusConditions: this.bonusConditions,
      stamps: this.stamps,
      rewardsUnlocked: this.rewardsUnlocked,
      couponsToIssue: this.couponsToIssue,
      referrals: this.referrals,
      referralsRefused: this.referralsRefused,
      ...(this.tierProgress === undefined ? {} : { tierProgress: this.tierProgress }),
      trace: this.trace,
    };
  }
}

function attribute(s: FactSubject, awarded: readonly RuleRecord[]): LinePoints[] {
  const k = awarded.length;
  // An awarded record has points and weights (one per line), so its split is never missing.
  // Rules splitting the same points over the same weights (bonuses over all lines, equal caps)
  // share one split.
  const split = new Array<readonly number[]>(k);
  const ids = new Array<string>(k);
  const shared = new Map<readonly number[], Map<number, readonly number[]>>();
  for (let j = 0; j < k; j++) {
    const r = awarded[j] as RuleRecord;
    ids[j] = r.ruleId;
    const weights = r.weights as readonly number[];
    if (r.perLine !== undefined || r.mask !== undefined) {
      split[j] = recordLinePoints(r) as readonly number[];
      continue;
    }
    let byPoints = shared.get(weights);
    if (byPoints === undefined) shared.set(weights, (byPoints = new Map()));
    const known = byPoints.get(r.points);
    if (known !== undefined) split[j] = known;
    else {
      const own = recordLinePoints(r) as readonly number[];
      byPoints.set(r.points, own);
      split[j] = own;
    }
  }
  const lines = s.lines;
  const out = new Array<LinePoints>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const byRule: RulePoints[] = [];
    let points = 0;
    for (let j = 0; j < k; j++) {
      const p = (split[j] as readonly number[])[i] as number;
      if (p > 0) {
        byRule.push({ ruleId: ids[j] as string, points: p });
        points += p;
      }
    }
    out[i] = { lineId: (lines[i] as FactSubject['lines'][number]).id, points, byRule };
  }
  return out;
}

/**
 * The result for an order in another currency than the program's: nothing earned, every rule
 * traced `currency-mismatch`.
 *
 * @example
 * ```ts
 * if (order.currency !== program.currency) return currencyMismatch(compiled, order);
 * ```
 */
export function currencyMismatch(cp: CompiledProgram, order: EvaluatedOrder): OrderEvaluation {
  const trace: RuleTrace[] = cp.rules.map((c) => ({
    ruleId: c.rule.id,
    kind: c.rule.kind,
    status: 'currency-mismatch',
    points: 0,
    reason: `the order is in ${order.currency}, the program counts in ${cp.program.currency}`,
  }));
  return {
    programId: cp.program.id,
    orderId: order.id,
    totalPoints: 0,
    lines: order.lines.map((l) => ({ lineId: l.id, points: 0, byRule: [] })),
    byRule: [],
    bonuses: [],
    bonusConditions: [],
    stamps: [],
    rewardsUnlocked: [],
    couponsToIssue: [],
    referrals: [],
    referralsRefused: [],
    tierProgress: undefined,
    trace,
  };
}
