import { z } from 'zod';
import { ROUNDING_MODES } from '../core/decimal.js';
import { isDuration } from '../core/duration.js';
import { CurrencyCode, DecimalString, NonNegativeDecimalString, TimeZoneName } from '../core/validation.js';
import { ConditionSchema } from '../conditions/condition.js';
import { BonusReturnPolicy } from './ledger/bonus-return.js';
import { ReturnPolicy } from './ledger/reversal.js';

const Id = z.string().min(1).regex(/^[A-Za-z0-9_.:-]+$/, 'must use letters, digits and _ . : - only');
const PointsCount = z.number().int('must be a whole number of points').nonnegative('must not be negative');
const PositivePoints = z.number().int('must be a whole number of points').positive('must be positive');
const IsoDuration = z.string().refine(isDuration, 'is not an ISO 8601 duration such as P14D or P12M').describe('ISO 8601 duration, e.g. P14D');
const PositiveDecimal = DecimalString.refine((v) => Number(v) > 0 && !v.startsWith('-'), 'must be positive');

/**
 * Limits on the points one rule may award: per order, per local day, per calendar period, per
 * customer (lifetime) and in total over all customers (budget).
 *
 * @example
 * ```ts
 * RuleCaps.parse({ perOrder: 500, perDay: 1000, perPeriod: { period: 'month', points: 5000 }, budget: 1_000_000 });
 * ```
 */
export const RuleCaps = z
  .object({
    perOrder: PointsCount.optional().describe('at most this many points on one order'),
    perDay: PointsCount.optional().describe('at most this many points per customer per local day of the program zone'),
    perPeriod: z
      .object({ period: z.enum(['week', 'month', 'quarter', 'year']), points: PointsCount })
      .strict()
      .optional()
      .describe('at most this many points per customer per local calendar period'),
    perCustomer: PointsCount.optional().describe('at most this many points per customer, ever'),
    budget: PointsCount.optional().describe('at most this many points over all customers, ever'),
  })
  .strict();
/**
 * Parsed {@link RuleCaps}.
 *
 * @example
 * ```ts
 * const caps: RuleCaps = { perOrder: 500 };
 * ```
 */
export type RuleCaps = z.output<typeof RuleCaps>;

const common = {
  id: Id.describe('unique rule id; ties of priority are broken by id'),
  name: z.string().optional(),
  priority: z.number().int().default(0).describe('higher first; ties broken by id'),
  group: Id.optional().describe('id of a group in groups[]; exclusive groups apply only their first applicable rule'),
  conditions: ConditionSchema.optional().describe('order-level condition (order, customer, context facts, line quantifiers)'),
  caps: RuleCaps.optional(),
};
const eligibleLines = ConditionSchema.optional().describe('line condition: which lines earn (all lines when absent)');
const base = z.enum(['net', 'gross']).default('net').describe('net (after line discounts, the default) or gross amounts');

const PointsPerUnitRule = z
  .object({
    ...common,
    kind: z.literal('points-per-unit'),
    rate: PositiveDecimal.describe('points per one currency unit, e.g. "1" for 1 point per euro'),
    base,
    eligibleLines,
  })
  .strict();
const MultiplierRule = z
  .object({
    ...common,
    kind: z.literal('multiplier'),
    factor: PositiveDecimal.refine((v) => Number(v) >= 1, 'must be at least 1').describe('e.g. "2" doubles the base points of the matching lines'),
    appliesTo: z.array(Id).optional().describe('ids of points-per-unit rules whose points are multiplied (all of them when absent)'),
    eligibleLines,
  })
  .strict();
const FixedBonusRule = z.object({ ...common, kind: z.literal('fixed-bonus'), points: PositivePoints, base, eligibleLines }).strict();
const ThresholdBonusRule = z
  .object({
    ...common,
    kind: z.literal('threshold-bonus'),
    steps: z
      .array(z.object({ minAmount: NonNegativeDecimalString, points: PositivePoints }).strict())
      .min(1, 'at least one step is needed')
      .describe('the highest step whose minAmount the eligible amount reaches is paid'),
    base,
    eligibleLines,
  })
  .strict();
const FirstOrderBonusRule = z.object({ ...common, kind: z.literal('first-order-bonus'), points: PositivePoints, base, eligibleLines }).strict();
const BirthdayBonusRule = z
  .object({
    ...common,
    kind: z.literal('birthday-bonus'),
    points: PositivePoints,
    period: z.enum(['day', 'week', 'month']).default('month').describe('the order falls on the birthday, in its ISO week or its month (customer zone)'),
    base,
    eligibleLines,
  })
  .strict();
const SignupBonusRule = z.object({ ...common, kind: z.literal('signup-bonus'), points: PositivePoints }).strict();
const ReferralRule = z
  .object({
    ...common,
    kind: z.literal('referral'),
    referrerPoints: PointsCount,
    refereePoints: PointsCount,
    minOrderAmount: NonNegativeDecimalString.optional().describe("the referee's first order must reach this net amount"),
  })
  .strict()
  .describe("paid to both sides when the referee's first order passes the program's pending (return) window without a full return");
const StampCardRule = z
  .object({
    ...common,
    kind: z.literal('stamp-card'),
    stampsRequired: PositivePoints.describe('stamps that fill one card'),
    stampsPer: z.enum(['order', 'line', 'unit']).default('order').describe('one stamp per qualifying order, eligible line or eligible unit'),
    reward: z.union([z.object({ rewardId: Id }).strict(), z.object({ points: PositivePoints }).strict()]),
    eligibleLines,
  })
  .strict();
const IssueCouponRule = z
  .object({ ...common, kind: z.literal('issue-coupon'), coupon: z.string().min(1).describe('coupon template or campaign id the engine issues') })
  .strict();

/**
 * One earn rule; `kind` decides its shape. See `docs/rules.md` for each kind.
 *
 * @example
 * ```ts
 * EarnRule.parse({ id: 'base', kind: 'points-per-unit', rate: '1' });
 * ```
 */
export const EarnRule = z.discriminatedUnion('kind', [
  PointsPerUnitRule,
  MultiplierRule,
  FixedBonusRule,
  ThresholdBonusRule,
  FirstOrderBonusRule,
  BirthdayBonusRule,
  SignupBonusRule,
  ReferralRule,
  StampCardRule,
  IssueCouponRule,
]);
/**
 * A parsed {@link EarnRule}.
 *
 * @example
 * ```ts
 * const rule: EarnRule = program.earnRules[0]!;
 * ```
 */
export type EarnRule = z.output<typeof EarnRule>;
/**
 * The kinds of earn rules.
 *
 * @example
 * ```ts
 * const k: EarnRuleKind = 'threshold-bonus';
 * ```
 */
export type EarnRuleKind = EarnRule['kind'];

/**
 * A tier level: its threshold and benefits.
 *
 * @example
 * ```ts
 * TierLevel.parse({ id: 'gold', threshold: '1000', multiplier: '1.5' });
 * ```
 */
export const TierLevel = z
  .object({
    id: Id,
    name: z.string().optional(),
    threshold: NonNegativeDecimalString.describe('qualifying points (a whole number) or spend (an amount) to reach this level'),
    multiplier: PositiveDecimal.refine((v) => Number(v) >= 1, 'must be at least 1').optional().describe('multiplies the base points of members'),
  })
  .strict();

/**
 * Tier definitions: qualification basis and window, review period, grace, levels (lowest first).
 *
 * @example
 * ```ts
 * TierDefinition.parse({ basis: 'points', window: { rolling: 'P12M' }, review: 'year', grace: 'P1M',
 *   levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '1000', multiplier: '1.5' }] });
 * ```
 */
export const TierDefinition = z
  .object({
    basis: z.enum(['points', 'spend']).describe('qualify on points earned or on net spend'),
    window: z
      .union([z.object({ rolling: IsoDuration }).strict(), z.object({ calendar: z.enum(['month', 'quarter', 'year']) }).strict()])
      .describe('rolling: the last duration before now; calendar: the current local calendar period'),
    review: z.enum(['month', 'quarter', 'year']).default('year').describe('downgrades are decided at the end of this local period'),
    grace: IsoDuration.optional().describe('a downgrade takes effect this long after the review'),
    levels: z.array(TierLevel).min(1, 'at least one level is needed'),
  })
  .strict();
/**
 * Parsed {@link TierDefinition}.
 *
 * @example
 * ```ts
 * const tiers: TierDefinition | undefined = program.tiers;
 * ```
 */
export type TierDefinition = z.output<typeof TierDefinition>;

/**
 * A reward customers buy with points.
 *
 * @example
 * ```ts
 * Reward.parse({ id: 'five-off', cost: 500, effect: { type: 'discount', amount: '5.00' } });
 * ```
 */
export const Reward = z
  .object({
    id: Id,
    name: z.string().optional(),
    cost: PositivePoints.describe('points the reward costs'),
    effect: z.discriminatedUnion('type', [
      z.object({ type: z.literal('discount'), amount: NonNegativeDecimalString }).strict(),
      z.object({ type: z.literal('product'), sku: z.string().min(1) }).strict(),
      z.object({ type: z.literal('coupon'), coupon: z.string().min(1) }).strict(),
    ]),
  })
  .strict();
/**
 * Parsed {@link Reward}.
 *
 * @example
 * ```ts
 * const r: Reward = program.rewards[0]!;
 * ```
 */
export type Reward = z.output<typeof Reward>;

/**
 * Paying with points: the money value of one point and the share of an order points may pay.
 *
 * @example
 * ```ts
 * PointsPayment.parse({ valuePerPoint: '0.01', minPoints: 100, minShare: '0', maxShare: '0.5' });
 * ```
 */
export const PointsPayment = z
  .object({
    valuePerPoint: PositiveDecimal.describe('money value of one point in the program currency (may be below one cent)'),
    minPoints: PointsCount.default(0).describe('smallest number of points a payment may use'),
    minShare: NonNegativeDecimalString.default('0').describe('a points payment must cover at least this share of the order (0–1)'),
    maxShare: NonNegativeDecimalString.default('1').describe('points may pay at most this share of the order (0–1)'),
  })
  .strict();
/**
 * Parsed {@link PointsPayment}.
 *
 * @example
 * ```ts
 * const p: PointsPayment | undefined = program.pointsPayment;
 * ```
 */
export type PointsPayment = z.output<typeof PointsPayment>;

/**
 * A partner of a coalition (airline miles, Payback-like): conversion rates and the money value
 * used for settlement.
 *
 * @example
 * ```ts
 * Partner.parse({ id: 'airline', earnRate: '0.5', redeemRate: '2', valuePerPoint: '0.008' });
 * ```
 */
export const Partner = z
  .object({
    id: Id,
    name: z.string().optional(),
    earnRate: PositiveDecimal.describe('program points credited per partner unit earned through the partner'),
    redeemRate: PositiveDecimal.describe('partner units delivered per program point redeemed at the partner'),
    valuePerPoint: PositiveDecimal.describe('money value of one program point between the program and the partner'),
  })
  .strict();
/**
 * Parsed {@link Partner}.
 *
 * @example
 * ```ts
 * const partner: Partner = program.partners[0]!;
 * ```
 */
export type Partner = z.output<typeof Partner>;

/**
 * A loyalty program as JSON: currency, zone, rounding, earn rules, groups, tiers, pending and
 * expiry, rewards, points payment and partners. Parse with `parseProgram`, which reports every
 * problem with its path. Its JSON Schema is published as `ProgramDefinition`.
 *
 * @example
 * ```ts
 * const program = parseProgram({
 *   id: 'shop', currency: 'EUR', timeZone: 'Europe/Paris', rounding: 'down',
 *   pending: 'P14D', expiry: { after: 'P24M', roundTo: 'month' },
 *   earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
 * });
 * ```
 */
export const ProgramDefinition = z
  .object({
    id: Id,
    name: z.string().optional(),
    currency: CurrencyCode,
    timeZone: TimeZoneName,
    rounding: z.enum(ROUNDING_MODES).default('down').describe('how fractional points are rounded'),
    pending: IsoDuration.optional().describe('earned points stay pending this long (a return window), then activate at the end of that local day'),
    expiry: z
      .union([z.literal('never'), z.object({ after: IsoDuration, roundTo: z.enum(['day', 'month', 'quarter', 'year']).default('day') }).strict()])
      .default('never'),
    // (points engineer) the ledger's ReturnPolicy (src/rules/ledger/reversal.ts), see docs/points.md
    returnPolicy: ReturnPolicy.default('claw-back-within-balance')
      .describe('when returned points are already spent: allow a negative balance, take only what is left, or forgive'),
    bonusReturnPolicy: BonusReturnPolicy.default('keep').describe(
      'order-level bonuses (fixed, threshold, first-order, birthday, stamp-card points) on a return: keep them while the kept lines still meet their condition, or claw them back whole at the first return',
    ),
    groups: z.array(z.object({ id: Id, mode: z.enum(['exclusive', 'stackable']) }).strict()).default([]),
    earnRules: z.array(EarnRule).default([]),
    tiers: TierDefinition.optional(),
    rewards: z.array(Reward).default([]),
    pointsPayment: PointsPayment.optional(),
    partners: z.array(Partner).default([]),
  })
  .strict();
/**
 * A parsed, validated program.
 *
 * @example
 * ```ts
 * const program: Program = parseProgram(json);
 * ```
 */
export type Program = z.output<typeof ProgramDefinition>;
