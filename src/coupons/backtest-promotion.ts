import type { FactCustomerInput } from '../conditions/subject.js';
import { currencyExponent } from '../core/currency.js';
import { type ValidationIssue, validationError } from '../core/errors.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import { assertTimeZone } from '../core/time.js';
import type { Cart } from './cart.js';
import { evaluateCart } from './cart-evaluation.js';
import type { PromotionUsage } from './promotion-eligibility.js';
import { type Promotion, parsePromotions } from './promotion.js';
import { usagePeriodKey } from './usage-period.js';

/**
 * One historical cart to replay: when it was checked out, the cart, who (for per-customer
 * limits and customer conditions) and the codes entered.
 *
 * @example
 * ```ts
 * const c: PromotionBacktestCart = { at: new Date('2026-03-07T10:00:00Z'), cart: parseCart(raw), customer: { id: 'c1' }, codes: ['SPRING10'] };
 * ```
 */
export interface PromotionBacktestCart {
  /** Checkout instant. */
  readonly at: Date;
  /** The cart as it was (before any promotion). */
  readonly cart: Cart;
  /** The customer, when known. */
  readonly customer?: FactCustomerInput;
  /** Codes entered. */
  readonly codes?: readonly string[];
}

/**
 * What {@link backtestPromotion} replays.
 *
 * @example
 * ```ts
 * const input: BacktestPromotionInput = { promotions: [springJson], carts, timeZone: 'Europe/Paris' };
 * ```
 */
export interface BacktestPromotionInput {
  /** The draft promotions as `parsePromotions` accepts them (a list of definitions). */
  readonly promotions: unknown;
  /** Historical carts, in any order. */
  readonly carts: readonly PromotionBacktestCart[];
  /** The program's IANA zone (validity windows, periods). */
  readonly timeZone: string;
  /** First instant replayed (default: every cart). */
  readonly from?: Date;
  /** Last instant replayed, inclusive (default: every cart). */
  readonly until?: Date;
}

/**
 * What one promotion would have cost on the history. Amounts are decimal strings per currency.
 *
 * @example
 * ```ts
 * const p: PromotionBacktest = { promotionId: 'spring', name: 'Spring', carts: 12, discount: { EUR: '48.00' }, voucher: {},
 *   budget: { EUR: '50.00' }, budgetExhaustedAt: null, refusedForBudget: 0, refusedForLimit: 3 };
 * ```
 */
export interface PromotionBacktest {
  /** The promotion. */
  readonly promotionId: string;
  /** Its name. */
  readonly name: string;
  /** Carts it applied to. */
  readonly carts: number;
  /** Discount granted (lines and shipping) per currency. */
  readonly discount: Readonly<Record<string, string>>;
  /** Paid from voucher balances per currency. */
  readonly voucher: Readonly<Record<string, string>>;
  /** Its budget per currency (`limits.budget`), empty without one. */
  readonly budget: Readonly<Record<string, string>>;
  /** The checkout that used the last of the budget (in any currency), `null` while some is left. */
  readonly budgetExhaustedAt: Date | null;
  /** Carts it was refused on because the budget was used up. */
  readonly refusedForBudget: number;
  /** Carts it was refused on because a usage limit was reached (total, per customer, period, code). */
  readonly refusedForLimit: number;
}

/**
 * The replay of draft promotions over historical carts.
 *
 * @example
 * ```ts
 * const r: PromotionBacktestReport = backtestPromotion({ promotions, carts, timeZone: 'Europe/Paris' });
 * r.promotions[0]?.budgetExhaustedAt;
 * ```
 */
export interface PromotionBacktestReport {
  /** Carts replayed (inside the window). */
  readonly carts: number;
  /** Of them, carts at least one promotion applied to. */
  readonly cartsAffected: number;
  /** Discount granted by all promotions per currency. */
  readonly discount: Readonly<Record<string, string>>;
  /** Per promotion, in definition order. */
  readonly promotions: readonly PromotionBacktest[];
}

interface Tally {
  carts: number;
  discount: Record<string, number>;
  voucher: Record<string, number>;
  exhaustedAt: Date | null;
  refusedForBudget: number;
  refusedForLimit: number;
  total: number;
  perCustomer: Map<string, number>;
  perPeriod: Map<string, number>;
  perCode: Map<string, number>;
}

const addTo = (r: Record<string, number>, currency: string, minor: number): void => {
  r[currency] = (r[currency] ?? 0) + minor;
};
const show = (r: Readonly<Record<string, number>>): Record<string, string> =>
  Object.fromEntries(Object.entries(r).map(([cur, minor]) => [cur, minorUnitsToDecimal(minor, currencyExponent(cur))]));

function usageOf(p: Promotion, t: Tally, c: PromotionBacktestCart, zone: string): PromotionUsage {
  const period = p.limits.perPeriod;
  return {
    total: t.total,
    customer: c.customer === undefined ? 0 : (t.perCustomer.get(c.customer.id) ?? 0),
    ...(period === undefined ? {} : { period: t.perPeriod.get(usagePeriodKey(c.at, zone, period.period)) ?? 0 }),
    codes: Object.fromEntries(t.perCode),
    spentMinor: t.discount,
  };
}

/**
 * Replay historical carts, in time order, through draft promotions (pure: `evaluateCart` on
 * each cart with the usage the earlier carts left: totals, per customer, per period, per code
 * and the budget spent), and report per promotion the discount it would have cost, the carts it
 * applied to, when its budget ran out and how often a budget or limit refused it.
 * Throws `VALIDATION_FAILED` naming the field for bad promotions (`promotions[1].effect.percent`),
 * a bad zone, a window whose start is after its end, or a cart without a valid instant.
 *
 * @example
 * ```ts
 * const r = backtestPromotion({
 *   promotions: [{ id: 'ten', name: '10 % off', activation: 'automatic', effect: { type: 'percent-off', percent: '10' }, limits: { budget: { EUR: '5.00' } } }],
 *   carts: [{ at: new Date('2026-03-01T10:00:00Z'), cart: parseCart({ currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '40.00' }] }) },
 *     { at: new Date('2026-03-02T10:00:00Z'), cart: parseCart({ currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '40.00' }] }) }],
 *   timeZone: 'Europe/Paris',
 * });
 * r.promotions[0]?.discount; // { EUR: '5.00' } (4.00, then the 1.00 left of the budget)
 * r.promotions[0]?.budgetExhaustedAt; // 2026-03-02T10:00:00.000Z
 * ```
 */
export function backtestPromotion(input: BacktestPromotionInput): PromotionBacktestReport {
  const promotions = parsePromotions(input.promotions);
  const zone = assertTimeZone(input.timeZone);
  const issues: ValidationIssue[] = [];
  const from = input.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  const until = input.until?.getTime() ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(from)) issues.push({ path: 'from', message: 'is not a valid instant' });
  if (Number.isNaN(until)) issues.push({ path: 'until', message: 'is not a valid instant' });
  if (from > until) issues.push({ path: 'from', message: `${input.from?.toISOString() ?? ''} is after until (${input.until?.toISOString() ?? ''})` });
  input.carts.forEach((c, i) => {
    if (!(c.at instanceof Date) || Number.isNaN(c.at.getTime())) issues.push({ path: `carts[${i}].at`, message: 'is not a valid instant' });
  });
  if (issues.length > 0) throw validationError('promotion backtest', issues.slice(0, 20));

  const carts = input.carts
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.at.getTime() >= from && c.at.getTime() <= until)
    .sort((a, b) => a.c.at.getTime() - b.c.at.getTime() || a.i - b.i)
    .map(({ c }) => c);
  const tallies = new Map<string, Tally>(
    promotions.map((p) => [p.id, { carts: 0, discount: {}, voucher: {}, exhaustedAt: null, refusedForBudget: 0, refusedForLimit: 0, total: 0, perCustomer: new Map(), perPeriod: new Map(), perCode: new Map() }]),
  );
  const tally = (id: string): Tally => tallies.get(id) as Tally;
  const budgets = new Map(promotions.map((p) => [p.id, Object.entries(p.limits.budget ?? {}).map(([cur, amount]) => [cur, decimalToMinorUnits(amount, currencyExponent(cur)) ?? 0] as const)]));
  const all: Record<string, number> = {};
  let affected = 0;
  for (const c of carts) {
    const usage: Record<string, PromotionUsage> = {};
    for (const p of promotions) usage[p.id] = usageOf(p, tally(p.id), c, zone);
    const result = evaluateCart(c.cart, {
      promotions,
      now: c.at,
      timeZone: zone,
      usage,
      ...(c.customer === undefined ? {} : { customer: c.customer }),
      ...(c.codes === undefined ? {} : { codes: c.codes }),
    });
    if (result.applied.length > 0) affected += 1;
    for (const a of result.applied) {
      const t = tally(a.promotionId);
      const p = promotions.find((x) => x.id === a.promotionId) as Promotion;
      t.carts += 1;
      t.total += 1;
      if (c.customer !== undefined) t.perCustomer.set(c.customer.id, (t.perCustomer.get(c.customer.id) ?? 0) + 1);
      if (p.limits.perPeriod !== undefined) {
        const key = usagePeriodKey(c.at, zone, p.limits.perPeriod.period);
        t.perPeriod.set(key, (t.perPeriod.get(key) ?? 0) + 1);
      }
      if (a.codeKey !== undefined) t.perCode.set(a.codeKey, (t.perCode.get(a.codeKey) ?? 0) + 1);
      addTo(t.discount, result.currency, a.discountMinor);
      addTo(t.voucher, result.currency, a.voucherMinor);
      addTo(all, result.currency, a.discountMinor);
      if (t.exhaustedAt === null && (budgets.get(p.id) ?? []).some(([cur, budget]) => cur === result.currency && (t.discount[cur] ?? 0) >= budget)) t.exhaustedAt = c.at;
    }
    for (const s of result.trace) {
      if (s.outcome !== 'skipped') continue;
      if (s.reason === 'BUDGET_EXHAUSTED') tally(s.promotionId).refusedForBudget += 1;
      else if (s.reason === 'LIMIT_REACHED') tally(s.promotionId).refusedForLimit += 1;
    }
  }
  return {
    carts: carts.length,
    cartsAffected: affected,
    discount: show(all),
    promotions: promotions.map((p) => {
      const t = tally(p.id);
      return {
        promotionId: p.id,
        name: p.name,
        carts: t.carts,
        discount: show(t.discount),
        voucher: show(t.voucher),
        budget: { ...(p.limits.budget ?? {}) },
        budgetExhaustedAt: t.exhaustedAt,
        refusedForBudget: t.refusedForBudget,
        refusedForLimit: t.refusedForLimit,
      };
    }),
  };
}
