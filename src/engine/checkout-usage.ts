import { FidelisError } from '../core/errors.js';
import type { CartEvaluation } from '../coupons/cart-evaluation-result.js';
import type { PromotionUsage } from '../coupons/promotion-eligibility.js';
import type { UsageCounts, UsageReservation } from '../storage/coupon-store.js';
import { requestHash } from './request-hash.js';

/**
 * The digest a checkout's reservations carry: the cart as evaluated (currency, lines, totals),
 * the promotions applied with their amounts, and who and what it is for. The same checkout id
 * with another digest is another cart.
 *
 * @example
 * ```ts
 * const hash = checkoutHash(evaluation, 'c1', undefined);
 * ```
 */
export function checkoutHash(evaluation: CartEvaluation, customerId: string | undefined, orderId: string | undefined): string {
  return requestHash({
    currency: evaluation.currency,
    lines: evaluation.lines.map((l) => [l.lineId, l.quantity, l.amount, l.total]),
    subtotal: evaluation.subtotal,
    shipping: evaluation.shipping,
    total: evaluation.total,
    applied: evaluation.applied.map((a) => [a.promotionId, a.codeKey ?? null, a.discountMinor, a.voucherMinor]),
    customerId: customerId ?? null,
    orderId: orderId ?? null,
  });
}

/**
 * Refuse a checkout id already used for another cart: a reservation of the checkout that
 * carries another digest (throws `CONFLICT`, naming the checkout).
 *
 * @example
 * ```ts
 * refuseReusedCheckout('co-42', hash, await store.coupons.findReservations({ checkoutId: 'co-42' }, now));
 * ```
 */
export function refuseReusedCheckout(checkoutId: string, hash: string, held: readonly UsageReservation[]): void {
  const other = held.find((r) => r.checkoutHash !== hash);
  if (other === undefined) return;
  throw new FidelisError('CONFLICT', `checkoutId: "${checkoutId}" was already reserved for another cart or total (${other.promotionId}); use a new checkout id for a new cart`, {
    checkoutId,
    promotionId: other.promotionId,
  });
}

/** Whether a reservation counts against limits at `at` (held before its TTL, or committed). */
function counts(r: UsageReservation, at: Date): boolean {
  return r.status === 'committed' || (r.status === 'reserved' && r.expiresAt.getTime() > at.getTime());
}

/**
 * Usage counts as the checkout that holds `own` sees them: its own live reservation of the
 * promotion taken out, so re-evaluating a checkout that reserved or committed a code does not
 * find the code used up by itself.
 *
 * @example
 * ```ts
 * const usage = usageSeenBy(counts, { codeKey: 'SPRING7KQ4', customerId: 'c1', periodKey: undefined }, ownReservation, now);
 * ```
 */
export function usageSeenBy(
  counted: UsageCounts,
  query: { readonly codeKey: string | undefined; readonly customerId: string | undefined; readonly periodKey: string | undefined },
  own: UsageReservation | undefined,
  at: Date,
): PromotionUsage {
  const { codeKey, customerId, periodKey } = query;
  const mine = own !== undefined && counts(own, at) ? own : undefined;
  const less = (n: number, applies: boolean): number => (applies ? Math.max(0, n - 1) : n);
  const spentMinor = { ...counted.spentMinor };
  if (mine !== undefined) spentMinor[mine.currency] = Math.max(0, (spentMinor[mine.currency] ?? 0) - mine.discountMinor);
  const code = less(counted.code, mine !== undefined && codeKey !== undefined && mine.codeKey === codeKey);
  return {
    total: less(counted.total, mine !== undefined),
    customer: less(counted.customer, mine !== undefined && customerId !== undefined && mine.customerId === customerId),
    period: less(counted.period, mine !== undefined && periodKey !== undefined && mine.periodKey === periodKey),
    codes: codeKey === undefined ? {} : { [codeKey]: code },
    spentMinor,
  };
}

/**
 * What a checkout's own reservation holds of a voucher (debit not yet credited back), to add
 * back to the balance it sees.
 *
 * @example
 * ```ts
 * ownVoucherHold(reservation, now); // 2000
 * ```
 */
export function ownVoucherHold(own: UsageReservation | undefined, at: Date): number {
  return own === undefined || !counts(own, at) ? 0 : own.voucherDebitMinor - own.voucherCreditedMinor;
}
