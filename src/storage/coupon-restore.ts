import { type ReturnedUnits, type UsageTerms, addReturnedUnits, allUnits, usageUndone, voucherRefundDue } from '../coupons/return-terms.js';
import type { UsageRestore } from './coupon-usage.js';

/**
 * What a restore does to one committed reservation, decided the same way by every store:
 * the units returned after it, whether the usage comes back, and the voucher credit.
 *
 * @example
 * ```ts
 * const d: RestoreDecision = { returnedUnits: { l1: 1 }, restoreUsage: false, creditMinor: 0 };
 * ```
 */
export interface RestoreDecision {
  /** Units returned so far, this return included (`undefined` when no return named lines and the reservation has no terms). */
  readonly returnedUnits: ReturnedUnits | undefined;
  /** Give the usage back now. */
  readonly restoreUsage: boolean;
  /** Minor units to credit to the voucher now (never more than what is left to credit). */
  readonly creditMinor: number;
}

/**
 * Decide a restore for a reservation (pure; stores call it inside their lock or transaction,
 * so concurrent returns of one order add up their units).
 *
 * @example
 * ```ts
 * restoreDecision({ terms, returnedUnits: {}, voucherDebitMinor: 0, voucherCreditedMinor: 0, committed: true },
 *   { reservationId: 'co-1:tea', restoreId: 'r1', at, restoreUsage: 'if-undone', returnedLines: [{ lineId: 'l1', quantity: 1 }] });
 * ```
 */
export function restoreDecision(
  stored: {
    readonly terms: UsageTerms | undefined;
    readonly returnedUnits: ReturnedUnits | undefined;
    readonly voucherDebitMinor: number;
    readonly voucherCreditedMinor: number;
    readonly committed: boolean;
  },
  req: UsageRestore,
): RestoreDecision {
  const lines = req.returnedLines;
  const all = lines === 'all';
  const terms = stored.terms;
  const returnedUnits =
    terms === undefined ? stored.returnedUnits : all ? allUnits(terms) : addReturnedUnits(terms, stored.returnedUnits ?? {}, lines ?? []);
  const undone = terms === undefined ? all : usageUndone(terms, returnedUnits ?? {});
  const restoreUsage = stored.committed && (req.restoreUsage === 'if-undone' ? undone : req.restoreUsage);
  const left = stored.voucherDebitMinor - stored.voucherCreditedMinor;
  const asked = req.voucherCreditMinor;
  const due =
    asked === 'pro-rata'
      ? (terms === undefined ? (all ? stored.voucherDebitMinor : 0) : voucherRefundDue(terms, returnedUnits ?? {}, stored.voucherDebitMinor)) - stored.voucherCreditedMinor
      : (asked ?? 0);
  return { returnedUnits, restoreUsage, creditMinor: Math.max(0, Math.min(due, left)) };
}
