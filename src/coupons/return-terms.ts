import { currencyExponent } from '../core/currency.js';
import { decimalToMinorUnits } from '../core/money.js';
import type { CartEvaluation } from './cart-evaluation-result.js';

/**
 * One cart line as a promotion's usage remembers it, in minor units: what a return of some of
 * its units undoes.
 *
 * @example
 * ```ts
 * const l: TermsLine = { quantity: 3, amountMinor: 1350, totalMinor: 900, discountedMinor: 450 };
 * ```
 */
export interface TermsLine {
  /** Units bought. */
  readonly quantity: number;
  /** quantity × unit price, before promotions. */
  readonly amountMinor: number;
  /** What the shopper paid for the line after every promotion. */
  readonly totalMinor: number;
  /** This promotion's share of the line's discount (0 when it did not touch the line). */
  readonly discountedMinor: number;
}

/**
 * What a promotion's usage was granted on, kept with its reservation so a return can be
 * judged later without the cart: the lines, the subtotal and the promotion's minimum order.
 *
 * @example
 * ```ts
 * const terms: UsageTerms = usageTerms(evaluation, 'tea-3for2', undefined);
 * ```
 */
export interface UsageTerms {
  /** Sum of the lines' amounts before promotions (what `minimumOrder` is measured on). */
  readonly subtotalMinor: number;
  /** The promotion's `minimumOrder` in the cart's currency, when it has one. */
  readonly minimumMinor?: number;
  /** Every line of the cart by id. */
  readonly lines: Readonly<Record<string, TermsLine>>;
}

/**
 * Units returned so far, by line id.
 *
 * @example
 * ```ts
 * const returned: ReturnedUnits = { l1: 1 };
 * ```
 */
export type ReturnedUnits = Readonly<Record<string, number>>;

function minor(amount: string, exponent: number): number {
  return decimalToMinorUnits(amount, exponent) ?? 0;
}

/**
 * The {@link UsageTerms} of one applied promotion of an evaluation (`minimumOrder` is the
 * promotion's threshold in the evaluation's currency, a decimal string, if it has one).
 *
 * @example
 * ```ts
 * const terms = usageTerms(evaluation, 'ten-off-50', '50.00'); // terms.minimumMinor === 5000
 * ```
 */
export function usageTerms(evaluation: CartEvaluation, promotionId: string, minimumOrder: string | undefined): UsageTerms {
  const exponent = currencyExponent(evaluation.currency);
  const lines: Record<string, TermsLine> = {};
  let subtotalMinor = 0;
  for (const l of evaluation.lines) {
    const amountMinor = minor(l.amount, exponent);
    subtotalMinor += amountMinor;
    const discountedMinor = l.adjustments.filter((a) => a.promotionId === promotionId).reduce((sum, a) => sum + minor(a.amount, exponent), 0);
    lines[l.lineId] = { quantity: l.quantity, amountMinor, totalMinor: minor(l.total, exponent), discountedMinor };
  }
  return { subtotalMinor, ...(minimumOrder === undefined ? {} : { minimumMinor: minor(minimumOrder, exponent) }), lines };
}

/**
 * `returned` plus the units of one more return (each line capped at what was bought; unknown
 * lines ignored).
 *
 * @example
 * ```ts
 * addReturnedUnits(terms, { l1: 1 }, [{ lineId: 'l1', quantity: 1 }]); // { l1: 2 }
 * ```
 */
export function addReturnedUnits(terms: UsageTerms, returned: ReturnedUnits, lines: ReadonlyArray<{ readonly lineId: string; readonly quantity: number }>): ReturnedUnits {
  const out: Record<string, number> = { ...returned };
  for (const { lineId, quantity } of lines) {
    const bought = terms.lines[lineId]?.quantity;
    if (bought === undefined) continue;
    out[lineId] = Math.min(bought, (out[lineId] ?? 0) + quantity);
  }
  return out;
}

/**
 * Every unit of every line, as {@link ReturnedUnits}: a full return.
 *
 * @example
 * ```ts
 * allUnits(terms); // { l1: 3, l2: 1 }
 * ```
 */
export function allUnits(terms: UsageTerms): ReturnedUnits {
  return Object.fromEntries(Object.entries(terms.lines).map(([id, l]) => [id, l.quantity]));
}

/**
 * Whether the returns undid what the promotion required, so its usage (a single-use code, a
 * per-customer limit) may come back: every line it discounted is returned whole (for a
 * promotion that discounted no line, such as free shipping: every line of the order), or what
 * is kept no longer reaches its minimum order. A partial return that leaves the customer
 * with the discount does not.
 *
 * @example
 * ```ts
 * usageUndone(terms, { l1: 1 }); // false: 2 of the 3 discounted teas are kept
 * ```
 */
export function usageUndone(terms: UsageTerms, returned: ReturnedUnits): boolean {
  const lines = Object.entries(terms.lines);
  const discounted = lines.filter(([, l]) => l.discountedMinor > 0);
  const required = discounted.length > 0 ? discounted : lines;
  if (required.length > 0 && required.every(([id, l]) => (returned[id] ?? 0) >= l.quantity)) return true;
  if (terms.minimumMinor === undefined) return false;
  let kept = 0;
  for (const [id, l] of lines) kept += Math.round((l.amountMinor * (l.quantity - Math.min(l.quantity, returned[id] ?? 0))) / l.quantity);
  return kept < terms.minimumMinor;
}

/**
 * The part of a voucher payment due back after the returns so far, in minor units: the
 * payment's share of the returned units' line totals (what the shopper paid for them), the
 * whole payment once everything is returned. Pro rata and cumulative, so partial returns
 * never refund more than their share and the last one settles the rounding.
 *
 * @example
 * ```ts
 * voucherRefundDue(terms, { l1: 1 }, 2000); // the voucher's share of one unit of l1
 * ```
 */
export function voucherRefundDue(terms: UsageTerms, returned: ReturnedUnits, paidMinor: number): number {
  let paidTotal = 0;
  let returnedTotal = 0;
  for (const [id, l] of Object.entries(terms.lines)) {
    paidTotal += l.totalMinor;
    returnedTotal += (l.totalMinor * Math.min(l.quantity, returned[id] ?? 0)) / l.quantity;
  }
  if (paidTotal <= 0) return paidMinor;
  return Math.min(paidMinor, Math.round((paidMinor * returnedTotal) / paidTotal));
}
