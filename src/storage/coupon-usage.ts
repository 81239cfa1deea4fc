// The usage side of the coupon Store port: reservations, their life and the results of
// reserving, settling and restoring them (re-exported by coupon-store.ts).
import type { ReturnedUnits, UsageTerms } from '../coupons/return-terms.js';
import type { DomainEvent } from './event-store.js';

/**
 * One usage to reserve atomically (see `CouponStore.reserveUsage`).
 *
 * @example
 * ```ts
 * const req: UsageRequest = {
 *   reservationId: 'checkout-42:spring', promotionId: 'spring', codeKey: 'SPR1NG7KQ4M2XD', customerId: 'c1',
 *   periodKey: '2026-03', currency: 'EUR', discountMinor: 1250, at: now, expiresAt: new Date(now.getTime() + 900_000),
 * };
 * ```
 */
export interface UsageRequest {
  /** Idempotency key of the reservation, unique across the store. */
  readonly reservationId: string;
  /** The promotion used. */
  readonly promotionId: string;
  /** The code used (normalised key), if any; must belong to the promotion. */
  readonly codeKey?: string;
  /** The customer, if known (required when the promotion has `perCustomer`, or the code is assigned). */
  readonly customerId?: string;
  /** The period bucket (e.g. `'2026-03'`), required when the promotion has `perPeriod`. */
  readonly periodKey?: string;
  /** Currency of the discount and voucher debit. */
  readonly currency: string;
  /** Discount granted, minor units (counts against the budget). */
  readonly discountMinor: number;
  /** Amount taken from the code's voucher balance, minor units (0 or absent for non-vouchers). */
  readonly voucherDebitMinor?: number;
  /** The order it is for (reporting, support; `CouponStore.findReservations` by order). */
  readonly orderId?: string;
  /** The checkout it belongs to (`CouponStore.findReservations` by checkout). */
  readonly checkoutId?: string;
  /**
   * Digest of the checkout's cart and total: the same `reservationId` with another digest is a
   * `CONFLICT` (a checkout id reused for another cart).
   */
  readonly checkoutHash?: string;
  /** What the usage was granted on (lines, subtotal, minimum order), for judging returns later. */
  readonly terms?: UsageTerms;
  /** Now. Reservations with `expiresAt ≤ at` no longer count. */
  readonly at: Date;
  /** End of the reservation's TTL (e.g. 15 minutes for 3-D Secure). */
  readonly expiresAt: Date;
  /** Domain events stored in the outbox with the reservation (only when it is new). */
  readonly events?: readonly DomainEvent[];
}

/**
 * Where a reservation is in its life: `reserved` → `committed` | `released` | `expired`;
 * `committed` → `restored` (after a return). Only `reserved` (before its TTL) and `committed`
 * count against limits, budgets and voucher balances.
 *
 * @example
 * ```ts
 * const s: UsageStatus = 'committed';
 * ```
 */
export type UsageStatus = 'reserved' | 'committed' | 'released' | 'expired' | 'restored';

/**
 * A stored reservation.
 *
 * @example
 * ```ts
 * const r: UsageReservation = (await store.commitUsage({ reservationId: 'checkout-42:spring', at: now })).reservation!;
 * ```
 */
export interface UsageReservation extends Omit<UsageRequest, 'at' | 'voucherDebitMinor' | 'events'> {
  /** Amount held/taken from the voucher balance (0 for non-vouchers). */
  readonly voucherDebitMinor: number;
  /** Current status, as of the operation that returned it. */
  readonly status: UsageStatus;
  /** When it was reserved. */
  readonly reservedAt: Date;
  /** When it was committed, released, expired (its `expiresAt`) or restored, as applicable. */
  readonly settledAt?: Date;
  /** Voucher amount credited back by restores so far. */
  readonly voucherCreditedMinor: number;
  /** Units returned so far by restores that named their lines, by line id. */
  readonly returnedUnits?: ReturnedUnits;
}

/**
 * Why the Store refused a reservation.
 *
 * | reason | meaning |
 * | --- | --- |
 * | `UNKNOWN_PROMOTION` | no `CouponRecord` with that id |
 * | `UNKNOWN_CODE` | no code with that key, or it belongs to another promotion |
 * | `NOT_ASSIGNED` | the code is assigned to another customer (or none was given) |
 * | `CUSTOMER_REQUIRED` | the promotion limits per customer and no customer was given |
 * | `PERIOD_REQUIRED` | the promotion limits per period and no period key was given |
 * | `TOTAL_LIMIT` / `CUSTOMER_LIMIT` / `CODE_LIMIT` / `PERIOD_LIMIT` | that limit is reached |
 * | `BUDGET_EXHAUSTED` | the discount would exceed the remaining budget of the currency |
 * | `INSUFFICIENT_BALANCE` | the voucher's available balance is below the debit, or it is in another currency |
 * | `NOT_A_VOUCHER` | a voucher debit was asked of a code without a balance |
 *
 * @example
 * ```ts
 * const reason: UsageRejection = 'TOTAL_LIMIT';
 * ```
 */
export type UsageRejection =
  | 'UNKNOWN_PROMOTION'
  | 'UNKNOWN_CODE'
  | 'NOT_ASSIGNED'
  | 'CUSTOMER_REQUIRED'
  | 'PERIOD_REQUIRED'
  | 'TOTAL_LIMIT'
  | 'CUSTOMER_LIMIT'
  | 'CODE_LIMIT'
  | 'PERIOD_LIMIT'
  | 'BUDGET_EXHAUSTED'
  | 'INSUFFICIENT_BALANCE'
  | 'NOT_A_VOUCHER';

/**
 * The result of `CouponStore.reserveUsage`: the reservation, or the reason it was refused.
 *
 * @example
 * ```ts
 * const r = await store.reserveUsage(req);
 * if (!r.ok) console.log(r.reason); // 'TOTAL_LIMIT'
 * ```
 */
export type ReserveOutcome =
  | { readonly ok: true; readonly reservation: UsageReservation; readonly replayed: boolean }
  | { readonly ok: false; readonly reason: UsageRejection };

/**
 * The result of `CouponStore.commitUsage`, `CouponStore.releaseUsage` and
 * `CouponStore.restoreUsage`: the reservation after the operation, whether this call
 * changed it, or `undefined` for an unknown reservation id.
 *
 * @example
 * ```ts
 * const r = await store.releaseUsage({ reservationId: 'checkout-42:spring', at: now });
 * r.changed; // true the first time, false on replays
 * ```
 */
export interface SettleOutcome {
  /** The reservation as stored after the call; `undefined` when the id is unknown. */
  readonly reservation: UsageReservation | undefined;
  /** True when this call changed the status or balances (false on a replay or an impossible transition). */
  readonly changed: boolean;
}

/**
 * A commit or release of a reservation (see `CouponStore.commitUsage`, `releaseUsage`).
 *
 * @example
 * ```ts
 * const req: UsageSettle = { reservationId: 'checkout-42:spring', at: new Date() };
 * ```
 */
export interface UsageSettle {
  /** The reservation. */
  readonly reservationId: string;
  /** Now (a reservation past its TTL no longer moves). */
  readonly at: Date;
  /** Domain events stored in the outbox with the transition (only when it happens). */
  readonly events?: readonly DomainEvent[];
}

/**
 * A return's effect on a committed usage (see `CouponStore.restoreUsage`).
 *
 * @example
 * ```ts
 * const req: UsageRestore = { reservationId: 'checkout-42:spring', restoreId: 'return-r1', at: now, restoreUsage: true, voucherCreditMinor: 1000 };
 * ```
 */
export interface UsageRestore {
  /** The committed reservation. */
  readonly reservationId: string;
  /** Idempotency key of this restore (a return id). */
  readonly restoreId: string;
  /** Now. */
  readonly at: Date;
  /**
   * Give the usage back (count and budget): the reservation becomes `restored`, at most once.
   * `'if-undone'`: only when the returns so far undid what the promotion required
   * (`usageUndone` over the reservation's `terms`; without terms, only a return of `'all'`).
   */
  readonly restoreUsage: boolean | 'if-undone';
  /** The units this return gives back (added to the reservation's `returnedUnits`), or `'all'`. */
  readonly returnedLines?: ReadonlyArray<{ readonly lineId: string; readonly quantity: number }> | 'all';
  /**
   * Credit this much back to the voucher, or `'pro-rata'`: its share of the returned units
   * (`voucherRefundDue`, cumulative). The total credited never exceeds the debit.
   */
  readonly voucherCreditMinor?: number | 'pro-rata';
  /** Domain events stored in the outbox with the restore (only when it changes something). */
  readonly events?: readonly DomainEvent[];
}

/**
 * Current usage of a promotion as seen from one checkout (advisory: the reservation re-checks atomically).
 *
 * @example
 * ```ts
 * const u: UsageCounts = await store.usageCounts({ promotionId: 'spring', customerId: 'c1', at: now });
 * ```
 */
export interface UsageCounts {
  /** All counting usages of the promotion. */
  readonly total: number;
  /** Those of the given customer (0 without one). */
  readonly customer: number;
  /** Those of the given code (0 without one). */
  readonly code: number;
  /** Those of the given period key (0 without one). */
  readonly period: number;
  /** Discount granted by counting usages, per currency, minor units. */
  readonly spentMinor: Readonly<Record<string, number>>;
}

