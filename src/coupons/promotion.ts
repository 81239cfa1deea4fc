import { z } from 'zod';
import { ConditionSchema } from '../conditions/condition.js';
import { conditionIssues } from '../conditions/compile.js';
import { ROUNDING_MODES } from '../core/decimal.js';
import { type ValidationIssue, validationError } from '../core/errors.js';
import {
  CurrencyCode,
  DecimalString,
  Instant,
  LocalDateString,
  NonNegativeDecimalString,
  amountPrecisionIssues,
  formatPath,
  parseWith,
} from '../core/validation.js';

/**
 * Amounts per currency, e.g. `{ "EUR": "10.00", "JPY": "1500" }`: a promotion applies in a
 * currency only when its amounts name that currency.
 *
 * @example
 * ```ts
 * AmountsByCurrency.parse({ EUR: '10', KWD: '3.500' });
 * ```
 */
export const AmountsByCurrency = z
  .record(CurrencyCode, NonNegativeDecimalString)
  .describe('amounts per ISO 4217 currency, e.g. {"EUR": "10.00", "JPY": "1500"}');

const Percent = DecimalString.refine((v) => Number(v) > 0 && Number(v) <= 100, 'must be a percentage above 0 and at most 100').describe(
  'percentage, above 0 and at most 100, e.g. "12.5"',
);

/**
 * Which lines an effect works on: `"order"` (every line) or `{ "lines": <condition> }` (the lines
 * satisfying a line-scope condition of the shared condition language).
 *
 * @example
 * ```ts
 * PromotionTarget.parse({ lines: { fact: 'line.categories', operator: 'contains', value: 'tea' } });
 * ```
 */
export const PromotionTarget = z.union([z.literal('order'), z.object({ lines: ConditionSchema }).strict()]);

/**
 * What percentages and thresholds are measured on: `discounted` (default; the amount left
 * after the promotions applied before this one) or `original` (the cart as given).
 *
 * @example
 * ```ts
 * const b: z.output<typeof AmountBasis> = 'original';
 * ```
 */
export const AmountBasis = z.enum(['discounted', 'original']);

const PercentOff = z
  .object({
    type: z.literal('percent-off'),
    percent: Percent,
    target: PromotionTarget.default('order'),
    cap: AmountsByCurrency.optional().describe('largest discount per currency'),
    basis: AmountBasis.default('discounted'),
  })
  .strict();

const AmountOff = z
  .object({ type: z.literal('amount-off'), amount: AmountsByCurrency, target: PromotionTarget.default('order') })
  .strict();

const NewPrice = z
  .object({ type: z.literal('new-price'), price: AmountsByCurrency.describe('new unit price per currency'), target: PromotionTarget })
  .strict();

const BuyXGetY = z
  .object({
    type: z.literal('buy-x-get-y'),
    buy: z.object({ quantity: z.number().int().positive(), lines: ConditionSchema.optional() }).strict(),
    get: z
      .object({ quantity: z.number().int().positive(), lines: ConditionSchema.optional(), percent: Percent.default('100') })
      .strict(),
    free: z.enum(['cheapest', 'most-expensive']).default('cheapest'),
    maxApplications: z.number().int().positive().optional(),
  })
  .strict();

const FreeShipping = z
  .object({ type: z.literal('free-shipping'), cap: AmountsByCurrency.optional().describe('largest shipping discount per currency') })
  .strict();

const Gift = z
  .object({
    type: z.literal('gift'),
    sku: z.string().min(1),
    name: z.string().optional(),
    quantity: z.number().int().positive().default(1),
    value: AmountsByCurrency.optional().describe('value of the gift per currency (for best-of comparisons and reports)'),
  })
  .strict();

const Tier = z
  .object({
    from: AmountsByCurrency.describe('the tier applies when the measured amount is at least this'),
    amountOff: AmountsByCurrency.optional(),
    percentOff: Percent.optional(),
  })
  .strict()
  .refine((t) => (t.amountOff === undefined) !== (t.percentOff === undefined), 'give exactly one of amountOff or percentOff');

const Tiers = z
  .object({
    type: z.literal('tiers'),
    tiers: z.array(Tier).min(1),
    target: PromotionTarget.default('order'),
    basis: AmountBasis.default('discounted'),
  })
  .strict();

const Voucher = z.object({ type: z.literal('voucher') }).strict();

/**
 * What a promotion does, by `type`:
 *
 * | type | effect |
 * | --- | --- |
 * | `percent-off` | `percent` of the target lines (or the order), optional `cap` per currency |
 * | `amount-off` | a fixed `amount` per currency off the target lines (or the order) |
 * | `new-price` | target lines cost `price` per unit (never raises a price) |
 * | `buy-x-get-y` | for every `buy.quantity` units bought, `get.quantity` units at `get.percent` off (100 = free); the cheapest units by default; at most `maxApplications` times |
 * | `free-shipping` | shipping off (optional `cap`) |
 * | `gift` | adds an item (`sku`, `quantity`) to the order |
 * | `tiers` | the highest tier whose `from` the amount reaches gives its `amountOff` or `percentOff` |
 * | `voucher` | a purchase voucher / gift card: the code's balance pays for lines and shipping |
 *
 * @example
 * ```ts
 * PromotionEffect.parse({ type: 'percent-off', percent: '10', cap: { EUR: '20' } });
 * ```
 */
export const PromotionEffect = z.discriminatedUnion('type', [PercentOff, AmountOff, NewPrice, BuyXGetY, FreeShipping, Gift, Tiers, Voucher]);

/**
 * A parsed {@link PromotionEffect}.
 *
 * @example
 * ```ts
 * const e: PromotionEffect = { type: 'free-shipping' };
 * ```
 */
export type PromotionEffect = z.output<typeof PromotionEffect>;

/**
 * A validity bound: a local date `YYYY-MM-DD` in the program zone (`validFrom` = start of
 * that day, `validUntil` = END of that day) or an exact ISO instant with offset.
 *
 * @example
 * ```ts
 * ValidityBound.parse('2026-12-31');
 * ```
 */
export const ValidityBound = z.union([LocalDateString, z.iso.datetime({ offset: true })]);

/**
 * The JSON definition of a promotion (coupon, automatic discount, voucher): its effect,
 * eligibility, stacking and limits. Published as a JSON Schema; parse with {@link parsePromotion}.
 *
 * @example
 * ```ts
 * const p = parsePromotion({
 *   id: 'spring10', name: '10 % off tea', effect: { type: 'percent-off', percent: '10',
 *     target: { lines: { fact: 'line.categories', operator: 'contains', value: 'tea' } } },
 *   validUntil: '2026-12-31', limits: { total: 1000, perCustomer: 1 },
 * });
 * ```
 */
export const PromotionDefinition = z
  .object({
    id: z.string().min(1).describe('unique id'),
    name: z.string().min(1),
    description: z.string().optional(),
    campaign: z.string().min(1).optional().describe('reporting campaign and signed-code campaign; the id by default'),
    activation: z
      .enum(['automatic', 'code'])
      .default('code')
      .describe('automatic: applies to every eligible cart; code: only with one of its codes'),
    codes: z.array(z.string().min(1)).default([]).describe('public codes (e.g. "WELCOME10"), compared after normalizeCode'),
    signedCodes: z.boolean().default(false).describe('accept codes signed for this campaign (signCode)'),
    priority: z.number().int().default(0).describe('higher first; ties by id'),
    exclusive: z.boolean().default(false).describe('applies only alone: only if nothing applied before it, and nothing after it'),
    stacking: z
      .object({
        group: z.string().min(1).optional(),
        mode: z.enum(['stackable', 'best-of', 'first-match']).default('stackable'),
      })
      .strict()
      .default({ mode: 'stackable' }),
    effect: PromotionEffect,
    channels: z.array(z.string().min(1)).optional().describe('sales channels where it applies; all when absent'),
    validFrom: ValidityBound.optional(),
    validUntil: ValidityBound.optional(),
    customers: z
      .object({
        ids: z.array(z.string().min(1)).optional(),
        segments: z.array(z.string().min(1)).optional().describe('customer.attributes.segment or tier in this list'),
        newCustomersOnly: z.boolean().default(false),
      })
      .strict()
      .optional(),
    minimumOrder: AmountsByCurrency.optional().describe('cart subtotal (before promotions) must reach this'),
    conditions: ConditionSchema.optional().describe('eligibility condition on order, customer and context facts'),
    limits: z
      .object({
        total: z.number().int().positive().optional(),
        perCustomer: z.number().int().positive().optional(),
        perCode: z.number().int().positive().optional(),
        perPeriod: z.object({ period: z.enum(['day', 'week', 'month']), max: z.number().int().positive() }).strict().optional(),
        budget: AmountsByCurrency.optional().describe('total discount that may be granted, per currency'),
      })
      .strict()
      .default({}),
    rounding: z.enum(ROUNDING_MODES).default('half-up').describe('rounding of computed (percentage) discounts'),
    onReturn: z
      .object({ usage: z.enum(['restore', 'keep']).default('restore'), voucher: z.enum(['restore', 'keep']).default('restore') })
      .strict()
      .default({ usage: 'restore', voucher: 'restore' }),
  })
  .strict();

/**
 * A parsed, valid {@link PromotionDefinition}.
 *
 * @example
 * ```ts
 * const p: Promotion = parsePromotion(json);
 * ```
 */
export type Promotion = z.output<typeof PromotionDefinition>;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function moneyMapIssues(raw: unknown, path: PropertyKey[]): ValidationIssue[] {
  if (!isObj(raw)) return [];
  return Object.entries(raw).flatMap(([currency, amount]) => amountPrecisionIssues(currency, [[[...path, currency], amount]]));
}

function currenciesOf(raw: unknown, out: Set<string>): void {
  if (Array.isArray(raw)) for (const v of raw) currenciesOf(v, out);
  else if (isObj(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      if (/^[A-Z]{3}$/.test(k) && (typeof v === 'string' || typeof v === 'number')) out.add(k);
      else currenciesOf(v, out);
    }
  }
}

/** Problems the schema cannot see: money precision per currency, conditions against the fact catalogue. */
function crossCheck(raw: unknown): ValidationIssue[] {
  if (!isObj(raw)) return [];
  const issues: ValidationIssue[] = [];
  const moneyPaths: Array<[unknown, PropertyKey[]]> = [[raw['minimumOrder'], ['minimumOrder']]];
  const limits = raw['limits'];
  if (isObj(limits)) moneyPaths.push([limits['budget'], ['limits', 'budget']]);
  const effect = raw['effect'];
  const conditions: Array<[unknown, PropertyKey[], 'order' | 'line']> = [[raw['conditions'], ['conditions'], 'order']];
  if (isObj(effect)) {
    for (const key of ['cap', 'amount', 'price', 'value']) moneyPaths.push([effect[key], ['effect', key]]);
    const target = effect['target'];
    if (isObj(target)) conditions.push([target['lines'], ['effect', 'target', 'lines'], 'line']);
    for (const part of ['buy', 'get']) {
      const p = effect[part];
      if (isObj(p)) conditions.push([p['lines'], ['effect', part, 'lines'], 'line']);
    }
    const tiers = effect['tiers'];
    if (Array.isArray(tiers)) {
      tiers.forEach((t: unknown, i) => {
        if (!isObj(t)) return;
        moneyPaths.push([t['from'], ['effect', 'tiers', i, 'from']], [t['amountOff'], ['effect', 'tiers', i, 'amountOff']]);
      });
    }
  }
  for (const [value, path] of moneyPaths) issues.push(...moneyMapIssues(value, path));
  // Money values inside conditions are in the cart currency: check them against every currency
  // the definition names (EUR when it names none).
  const currencies = new Set<string>();
  currenciesOf(raw, currencies);
  if (currencies.size === 0) currencies.add('EUR');
  for (const [condition, path, scope] of conditions) {
    if (condition === undefined) continue;
    for (const currency of currencies) {
      for (const issue of conditionIssues(condition, { currency, scope, path: formatPath(path) })) {
        if (!issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
      }
    }
  }
  const from = raw['validFrom'];
  const until = raw['validUntil'];
  if (typeof from === 'string' && typeof until === 'string' && from.length === until.length && from > until) {
    issues.push({ path: 'validUntil', message: `${until} is before validFrom ${from}` });
  }
  return issues;
}

/**
 * Validate a promotion definition from JSON. Throws `VALIDATION_FAILED` listing every problem
 * with its path (`effect.tiers[1].amountOff.EUR`, `conditions.all[0].fact`, …): unknown
 * fields, bad percentages, amounts too precise for their currency, unknown condition facts.
 *
 * @example
 * ```ts
 * const tiers = parsePromotion({
 *   id: 'tiers', name: '10 € off from 50 €, 25 € off from 100 €', activation: 'automatic',
 *   effect: { type: 'tiers', tiers: [
 *     { from: { EUR: '50' }, amountOff: { EUR: '10' } },
 *     { from: { EUR: '100' }, amountOff: { EUR: '25' } },
 *   ] },
 * });
 * ```
 */
export function parsePromotion(json: unknown): Promotion {
  return parseWith(PromotionDefinition, json, 'promotion', crossCheck);
}

/**
 * Validate a list of promotions (ids must be unique, and members of one stacking group must
 * agree on its mode). Paths are prefixed with the index: `[3].effect.percent`.
 *
 * @example
 * ```ts
 * const promotions = parsePromotions(JSON.parse(readFileSync('promotions.json', 'utf8')));
 * ```
 */
export function parsePromotions(json: unknown): Promotion[] {
  const list = parseWith(z.array(z.unknown()), json, 'promotions');
  const issues: ValidationIssue[] = [];
  const out: Promotion[] = [];
  list.forEach((item, i) => {
    const r = PromotionDefinition.safeParse(item);
    const extra = crossCheck(item);
    const own = r.success ? [] : r.error.issues.map((x) => ({ path: formatPath([i, ...x.path]), message: x.message }));
    issues.push(...own, ...extra.map((x) => ({ path: `[${i}]${x.path.startsWith('[') || x.path === '' ? '' : '.'}${x.path}`, message: x.message })));
    if (r.success && extra.length === 0) out.push(r.data);
  });
  const ids = new Map<string, number>();
  const modes = new Map<string, string>();
  out.forEach((p, i) => {
    if (ids.has(p.id)) issues.push({ path: `[${i}].id`, message: `"${p.id}" is also the id of promotion [${ids.get(p.id)}]` });
    ids.set(p.id, i);
    const g = p.stacking.group;
    if (g !== undefined) {
      const mode = modes.get(g);
      if (mode !== undefined && mode !== p.stacking.mode) {
        issues.push({ path: `[${i}].stacking.mode`, message: `group "${g}" is "${mode}" elsewhere; its members must agree` });
      }
      modes.set(g, p.stacking.mode);
    }
  });
  if (issues.length > 0) throw validationError('promotions', issues);
  return out;
}
