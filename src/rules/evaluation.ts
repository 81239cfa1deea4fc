import type { ConditionTrace, FactAttribute, FactCustomerInput, FactOrderInput, FactTrace, LinesAggregateTrace } from '../conditions/index.js';
import type { EarnRuleKind } from './program.js';
import type { ReferralRefusal, ReferrerFacts } from './referral.js';

/**
 * Points a rule has already awarded, as the ledger knows them; caps subtract these. `day` and
 * `period` count this customer's points from this rule in the local windows that contain the
 * order (see `capWindow`), `customer` their lifetime points from it, `budget` all customers'.
 *
 * @example
 * ```ts
 * const usage: RuleUsage = { day: 0, period: 120, customer: 800, budget: 95_000 };
 * ```
 */
export interface RuleUsage {
  /** This customer, this rule, the local day of the order. */
  readonly day?: number;
  /** This customer, this rule, the rule's `caps.perPeriod` window containing the order. */
  readonly period?: number;
  /** This customer, this rule, ever. */
  readonly customer?: number;
  /** All customers, this rule, ever. */
  readonly budget?: number;
}

/**
 * The customer as an evaluation sees them: facts plus who referred them.
 *
 * @example
 * ```ts
 * const c: EvaluationCustomer = { id: 'c1', joinedAt: new Date('2025-01-01T00:00:00Z'), tier: 'gold',
 *   stats: { orderCount: 3 }, referredBy: 'c0' };
 * ```
 */
export interface EvaluationCustomer extends FactCustomerInput {
  /** Id of the customer who referred this one (referral rules). */
  readonly referredBy?: string | undefined;
  /** Hash of the customer's e-mail address: a referrer with the same one is the same person. */
  readonly emailHash?: string | undefined;
  /** Hash of the customer's phone number: a referrer with the same one is the same person. */
  readonly phoneHash?: string | undefined;
  /** What the caller knows of the `referredBy` customer: contact hashes, who referred them. */
  readonly referrer?: ReferrerFacts | undefined;
}

/**
 * Everything `evaluateOrder` needs besides the program and the order. Pure data: the ledger
 * (or a checkout plugin) gathers it.
 *
 * @example
 * ```ts
 * const context: EvaluationContext = {
 *   now: new Date('2026-03-07T10:00:00Z'),
 *   customer: { id: 'c1', joinedAt: new Date('2025-01-01T00:00:00Z'), stats: { orderCount: 0 } },
 *   usage: { 'weekend-bonus': { day: 50 } },
 *   stamps: { 'coffee-card': 8 },
 * };
 * ```
 */
export interface EvaluationContext {
  /** The evaluation instant (context facts, referral payout). */
  readonly now: Date;
  /** The customer, absent for a guest. */
  readonly customer?: EvaluationCustomer | undefined;
  /** Points already awarded per rule id (caps). */
  readonly usage?: Readonly<Record<string, RuleUsage>> | undefined;
  /** Stamps on the current card per stamp-card rule id, before this order. */
  readonly stamps?: Readonly<Record<string, number>> | undefined;
  /** Tier qualifying value so far in the window: points (integer) or spend (decimal string). */
  readonly tierQualifying?: number | string | undefined;
  /** Free context facts (`context.attributes.*`). */
  readonly attributes?: Readonly<Record<string, FactAttribute>> | undefined;
}

/**
 * The order being evaluated: a core `Order` (or any value of the same shape).
 *
 * @example
 * ```ts
 * const o: EvaluatedOrder = parseOrder(raw);
 * ```
 */
export interface EvaluatedOrder extends FactOrderInput {
  /** The customer who placed it. */
  readonly customerId?: string | undefined;
}

/**
 * Why a rule did or did not award points, as a code programs can switch on.
 *
 * @example
 * ```ts
 * const s: RuleStatus = 'conditions-failed';
 * ```
 */
export type RuleStatus =
  | 'applied'
  | 'capped'
  | 'cap-reached'
  | 'conditions-failed'
  | 'no-eligible-lines'
  | 'below-threshold'
  | 'not-first-order'
  | 'not-birthday'
  | 'no-customer'
  | 'no-referrer'
  | 'self-referral'
  | 'same-email'
  | 'same-phone'
  | 'referral-cycle'
  | 'no-base-points'
  | 'superseded'
  | 'currency-mismatch'
  | 'not-an-order-rule';

/**
 * The points of one rule on one line.
 *
 * @example
 * ```ts
 * const p: RulePoints = { ruleId: 'base', points: 9 };
 * ```
 */
export interface RulePoints {
  /** Rule id (`tier:<id>` for a tier multiplier). */
  readonly ruleId: string;
  /** Points. */
  readonly points: number;
}

/**
 * Points earned by one line, per rule; the ledger reverses exactly these on a return.
 *
 * @example
 * ```ts
 * const l: LinePoints = { lineId: 'l1', points: 12, byRule: [{ ruleId: 'base', points: 9 }, { ruleId: 'welcome', points: 3 }] };
 * ```
 */
export interface LinePoints {
  /** Line id. */
  readonly lineId: string;
  /** Total points of the line. */
  readonly points: number;
  /** Per rule, in evaluation order. */
  readonly byRule: readonly RulePoints[];
}

/**
 * The points one rule awarded on the order.
 *
 * @example
 * ```ts
 * const a: RuleAward = { ruleId: 'base', kind: 'points-per-unit', points: 48 };
 * ```
 */
export interface RuleAward {
  /** Rule id. */
  readonly ruleId: string;
  /** Rule kind (`multiplier` for a tier multiplier). */
  readonly kind: EarnRuleKind;
  /** Points after caps. */
  readonly points: number;
}

/**
 * What an order-level bonus (fixed, threshold, first-order, birthday, stamp-card points) needs
 * of the order's lines to be kept when some of them are returned: its eligible lines with the
 * amount each counted for, and for a threshold bonus its steps. The ledger stores it with the
 * order's lot; `bonusReversals` decides on a return. Amounts are integer minor units of the
 * order currency.
 *
 * @example
 * ```ts
 * const c: BonusCondition = { ruleId: 'big-basket', kind: 'threshold-bonus', points: 30,
 *   lines: { l1: 6000, l2: 4500 }, steps: [{ minAmount: 5000, points: 10 }, { minAmount: 10000, points: 30 }] };
 * ```
 */
export interface BonusCondition {
  /** The bonus rule. */
  readonly ruleId: string;
  /** Its kind. */
  readonly kind: EarnRuleKind;
  /** Points it awarded on the order (after caps). */
  readonly points: number;
  /** Eligible line id → the amount it counted for (net or gross, as the rule's `base`), minor units. */
  readonly lines: Readonly<Record<string, number>>;
  /** Threshold bonuses: the steps, `minAmount` in minor units, ascending. */
  readonly steps?: readonly { readonly minAmount: number; readonly points: number }[];
}

/**
 * What a stamp card got from the order.
 *
 * @example
 * ```ts
 * const s: StampProgress = { ruleId: 'coffee', before: 8, added: 3, after: 1, completedCards: 1, per: 'unit', lines: { l1: 3 } };
 * ```
 */
export interface StampProgress {
  /** Stamp-card rule id. */
  readonly ruleId: string;
  /** Stamps on the current card before the order. */
  readonly before: number;
  /** Stamps this order adds. */
  readonly added: number;
  /** Stamps on the (new) current card after the order. */
  readonly after: number;
  /** Cards filled by this order. */
  readonly completedCards: number;
  /** What a stamp counts: a qualifying order, an eligible line or an eligible unit. */
  readonly per: 'order' | 'line' | 'unit';
  /** The eligible lines and their units (what a return of them takes back). */
  readonly lines: Readonly<Record<string, number>>;
}

/**
 * A reward unlocked by a filled stamp card.
 *
 * @example
 * ```ts
 * const r: RewardUnlocked = { ruleId: 'coffee', rewardId: 'free-coffee', count: 1 };
 * ```
 */
export interface RewardUnlocked {
  /** The rule that unlocked it. */
  readonly ruleId: string;
  /** Reward id from the catalogue. */
  readonly rewardId: string;
  /** How many. */
  readonly count: number;
}

/**
 * A coupon the engine should issue to the customer.
 *
 * @example
 * ```ts
 * const c: CouponToIssue = { ruleId: 'big-basket', coupon: 'NEXT10' };
 * ```
 */
export interface CouponToIssue {
  /** The rule that asked for it. */
  readonly ruleId: string;
  /** Coupon template or campaign id. */
  readonly coupon: string;
}

/**
 * A referral payout to schedule: both sides are paid at `payableAt` if the referee's order is
 * then still kept (not fully returned).
 *
 * @example
 * ```ts
 * const r: ReferralPayout = { ruleId: 'refer', referrerId: 'c0', refereeId: 'c1', referrerPoints: 500, refereePoints: 250,
 *   payableAt: new Date('2026-03-22T23:00:00Z') };
 * ```
 */
export interface ReferralPayout {
  /** Referral rule id. */
  readonly ruleId: string;
  /** Who referred. */
  readonly referrerId: string;
  /** Who was referred (the customer of the order). */
  readonly refereeId: string;
  /** Points for the referrer. */
  readonly referrerPoints: number;
  /** Points for the referee. */
  readonly refereePoints: number;
  /** End of the return window (`pendingUntil` of the order). */
  readonly payableAt: Date;
}

/**
 * A referral the evaluation refused: who was named, and why (nothing is paid to either side).
 *
 * @example
 * ```ts
 * const r: ReferralRefused = { ruleId: 'refer', referrerId: 'c0', refusal: 'same-email',
 *   reason: 'the customer and the referrer have the same e-mail address (emailHash): one person, nothing is paid' };
 * ```
 */
export interface ReferralRefused {
  /** Referral rule id. */
  readonly ruleId: string;
  /** The customer named as referrer. */
  readonly referrerId: string;
  /** Why, as a code (also the rule's trace status). */
  readonly refusal: ReferralRefusal;
  /** Why, in words. */
  readonly reason: string;
}

/**
 * Where the customer stands against the next tier after this order.
 *
 * @example
 * ```ts
 * const t: TierProgress = { basis: 'points', currentTierId: 'silver', qualifyingBefore: '900', qualifyingAfter: '960',
 *   nextTierId: 'gold', remaining: '40', reachedTierId: 'silver' };
 * ```
 */
export interface TierProgress {
  /** Points or spend. */
  readonly basis: 'points' | 'spend';
  /** Tier before the order (empty string when none). */
  readonly currentTierId: string;
  /** Qualifying value before the order (points, or a decimal amount). */
  readonly qualifyingBefore: string;
  /** Qualifying value including the order. */
  readonly qualifyingAfter: string;
  /** The highest level the value after the order reaches. */
  readonly reachedTierId: string;
  /** The next level above the reached one, if any. */
  readonly nextTierId?: string;
  /** What is missing to reach it. */
  readonly remaining?: string;
}

/**
 * The trace of one rule: its status, points, and the reasons in words and in detail.
 *
 * @example
 * ```ts
 * const t: RuleTrace = result.trace[0]!;
 * t.reason; // 'conditions failed: order.subtotal is 48.99 EUR, which is not at least 50.00 EUR'
 * ```
 */
export interface RuleTrace {
  /** Rule id. */
  readonly ruleId: string;
  /** Rule kind. */
  readonly kind: EarnRuleKind;
  /** Outcome code. */
  readonly status: RuleStatus;
  /** Points awarded (after caps). */
  readonly points: number;
  /** One sentence for people. */
  readonly reason: string;
  /** The order-level condition's trace, when the rule has one. */
  readonly conditions?: ConditionTrace;
  /** The comparisons that failed (conditions or, when no line is eligible, the line condition). */
  readonly failed?: readonly (FactTrace | LinesAggregateTrace)[];
  /** Lines that were eligible. */
  readonly eligibleLines?: readonly string[];
  /** Points before caps and the cap that limited them. */
  readonly cap?: { readonly uncapped: number; readonly allowed: number; readonly limitedBy: string };
}

/**
 * The effects of an order under a program. Every point in `totalPoints` is attributed to a
 * line (`lines[].byRule`), so a returned line's share can be reversed exactly.
 *
 * @example
 * ```ts
 * const result: OrderEvaluation = evaluateOrder(program, order, { now: order.placedAt });
 * result.lines.reduce((s, l) => s + l.points, 0) === result.totalPoints; // true
 * ```
 */
export interface OrderEvaluation {
  /** Program id. */
  readonly programId: string;
  /** Order id. */
  readonly orderId: string;
  /** Points earned (sum of lines). */
  readonly totalPoints: number;
  /** Per line, in order line order. */
  readonly lines: readonly LinePoints[];
  /** Per awarding rule, in evaluation order (including base points and multipliers). */
  readonly byRule: readonly RuleAward[];
  /** The awards of bonus rules (fixed, threshold, first-order, birthday, stamp-card points). */
  readonly bonuses: readonly RuleAward[];
  /** What each awarded bonus needs of the lines to be kept on a return (computed on first access). */
  readonly bonusConditions: readonly BonusCondition[];
  /** Stamp-card progress. */
  readonly stamps: readonly StampProgress[];
  /** Rewards unlocked by filled cards. */
  readonly rewardsUnlocked: readonly RewardUnlocked[];
  /** Coupons to issue. */
  readonly couponsToIssue: readonly CouponToIssue[];
  /** Referral payouts to schedule (not part of `totalPoints`). */
  readonly referrals: readonly ReferralPayout[];
  /** Referrals refused: the same person on both sides, or a loop. */
  readonly referralsRefused: readonly ReferralRefused[];
  /** Tier progress, when the program has tiers. */
  readonly tierProgress: TierProgress | undefined;
  /** Every rule, matched or not, and why (computed on first access). */
  readonly trace: readonly RuleTrace[];
}
