import type { DomainEvent } from './event-store.js';
import type {
  ReserveOutcome,
  SettleOutcome,
  UsageCounts,
  UsageRequest,
  UsageReservation,
  UsageRestore,
  UsageSettle,
} from './coupon-usage.js';

export type {
  ReserveOutcome,
  SettleOutcome,
  UsageCounts,
  UsageRejection,
  UsageRequest,
  UsageReservation,
  UsageRestore,
  UsageSettle,
  UsageStatus,
} from './coupon-usage.js';

/**
 * The usage limits of a promotion that the Store enforces atomically (see
 * `CouponStore.reserveUsage`). A missing field means "no limit". Counts include
 * committed usages and reservations not yet expired; released, expired and restored ones do
 * not count.
 *
 * @example
 * ```ts
 * const limits: CouponUsageLimits = { total: 10, perCustomer: 1, budgets: { EUR: 500_00 } };
 * ```
 */
export interface CouponUsageLimits {
  /** Usages of the promotion, all codes and customers together. */
  readonly total?: number;
  /** Usages by one customer. */
  readonly perCustomer?: number;
  /** Usages of one code (by its normalised key). */
  readonly perCode?: number;
  /** Usages within one period (day/week/month, keyed by the caller's `periodKey`). */
  readonly perPeriod?: number;
  /** Spend budget per currency, in minor units: the sum of granted discounts may not exceed it. Currencies absent here are unlimited. */
  readonly budgets?: Readonly<Record<string, number>>;
}

/**
 * A promotion as the Store knows it: only what usage accounting needs.
 *
 * @example
 * ```ts
 * await store.defineCoupon({ promotionId: 'spring', campaign: 'SPRING26', limits: { total: 10 } });
 * ```
 */
export interface CouponRecord {
  /** The promotion id (unique in the store). */
  readonly promotionId: string;
  /** Campaign the promotion reports under. */
  readonly campaign: string;
  /** Limits enforced by `CouponStore.reserveUsage`. */
  readonly limits: CouponUsageLimits;
}

/**
 * A purchase voucher / gift card balance attached to a code, in minor units of one currency.
 *
 * @example
 * ```ts
 * const v: VoucherBalance = { currency: 'EUR', initialMinor: 50_00, balanceMinor: 32_50 };
 * ```
 */
export interface VoucherBalance {
  /** The voucher's currency. */
  readonly currency: string;
  /** The amount it was issued with. */
  readonly initialMinor: number;
  /** What is left: initial − committed debits + credits (active holds not deducted). */
  readonly balanceMinor: number;
  /** `balanceMinor` minus the holds of active reservations: what a new reservation may debit. */
  readonly availableMinor: number;
}

/**
 * A code to store with `CouponStore.addCodes`.
 *
 * @example
 * ```ts
 * const code: NewCouponCode = { key: 'SPR1NG7KQ4M2XD', display: 'SPRING-7KQ4-M2XD' };
 * ```
 */
export interface NewCouponCode {
  /** The normalised key (`normalizeCode(display)`); unique across the whole store. */
  readonly key: string;
  /** The code as printed. */
  readonly display: string;
  /** Only this customer may use the code. */
  readonly assignedTo?: string;
  /** A voucher: the code carries a balance of this many minor units. */
  readonly voucher?: { readonly currency: string; readonly amountMinor: number };
  /**
   * A public code many shoppers type (`SPRING26`) or a signed one, stored on first use so it is
   * counted by key: not an issued code in reports (conversion would read 500 %).
   */
  readonly shared?: boolean;
}

/**
 * A batch of issued codes, idempotent by id: `addCodes` with a batch whose id is already stored
 * adds nothing and reports `batchExisted` (a retried `issueCodes` returns the first batch).
 *
 * @example
 * ```ts
 * const batch: CodeBatch = { id: 'spring-mailing-1' };
 * ```
 */
export interface CodeBatch {
  /** The batch id (the caller's idempotency key). */
  readonly id: string;
  /** Domain events stored in the outbox with the batch (only when it is new). */
  readonly events?: readonly DomainEvent[];
}

/**
 * A stored code.
 *
 * @example
 * ```ts
 * const code: CouponCodeRecord | undefined = await store.findCode('SPR1NG7KQ4M2XD', now);
 * ```
 */
export interface CouponCodeRecord {
  /** The normalised key. */
  readonly key: string;
  /** The code as printed. */
  readonly display: string;
  /** The promotion it unlocks. */
  readonly promotionId: string;
  /** When it was added (the "issued" instant of reports). */
  readonly issuedAt: Date;
  /** Only this customer may use the code. */
  readonly assignedTo?: string;
  /** Its voucher balance, for voucher codes. */
  readonly voucher?: VoucherBalance;
}

/**
 * One row of `CouponStore.couponActivity`: what happened to a promotion in `[from, to)`.
 *
 * @example
 * ```ts
 * const row: CouponActivity = { promotionId: 'spring', campaign: 'SPRING26', issued: 1000, sharedCodes: 0, redeemed: 42, redeemers: 40, restored: 1,
 *   discountMinor: { EUR: 52_500 }, voucherDebitMinor: {} };
 * ```
 */
export interface CouponActivity {
  /** The promotion. */
  readonly promotionId: string;
  /** Its campaign. */
  readonly campaign: string;
  /** Codes added (`issuedAt`) in the window, public (shared) codes not counted. */
  readonly issued: number;
  /** Public (shared) codes stored in the window, i.e. first used in it: one code each, however many use it. */
  readonly sharedCodes: number;
  /** Usages committed in the window. */
  readonly redeemed: number;
  /** Distinct customers among the usages committed in the window (a usage without a customer id counts as one). */
  readonly redeemers: number;
  /** Usages restored (by returns) in the window. */
  readonly restored: number;
  /** Discount of the usages committed in the window, per currency, minor units (restores not deducted). */
  readonly discountMinor: Readonly<Record<string, number>>;
  /** Voucher amounts debited by usages committed in the window, per currency, minor units. */
  readonly voucherDebitMinor: Readonly<Record<string, number>>;
}

/**
 * Coupon usage operations of the `Store`. Every operation is atomic: an adapter runs each
 * in one transaction or one guarded statement (`UPDATE … WHERE used < limit`, unique
 * constraints), never read-then-write in application code. Amounts are integers of minor units
 * (safe integers). Times are passed in (`at`); the Store never reads a clock.
 *
 * Counting rule, used by every limit, budget and voucher hold: a reservation counts while it is
 * `committed`, or `reserved` with `expiresAt > at` (of the operation looking). A reservation
 * whose TTL passed stops counting at that instant, and its later release or commit changes
 * nothing: its usage comes back exactly once. Adapters may mark such reservations `expired`
 * lazily; what matters is that counts follow the rule.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await store.defineCoupon({ promotionId: 'spring', campaign: 'SPRING26', limits: { total: 10 } });
 * const r = await store.reserveUsage({ reservationId: 'k1', promotionId: 'spring', currency: 'EUR', discountMinor: 500, at: now, expiresAt: later });
 * if (r.ok) await store.commitUsage({ reservationId: 'k1', at: now });
 * ```
 */
export interface CouponStore {
  /**
   * Create or replace a promotion's usage record (limits may change; usage counted so far is
   * kept). Idempotent.
   *
   * @example
   * ```ts
   * await store.defineCoupon({ promotionId: 'spring', campaign: 'SPRING26', limits: { total: 10, perCustomer: 1 } });
   * ```
   */
  defineCoupon(coupon: CouponRecord): Promise<void>;

  /**
   * The stored record of a promotion, or `undefined`.
   *
   * @example
   * ```ts
   * const c = await store.getCoupon('spring');
   * ```
   */
  getCoupon(promotionId: string): Promise<CouponRecord | undefined>;

  /**
   * Add codes to a promotion, all or nothing, with `issuedAt = at`. A key already stored for
   * the same promotion with the same display text is skipped (replays are harmless); a key
   * stored for another promotion or with another display text, or a key repeated within
   * `codes`, fails the whole call with `CONFLICT` (`details.keys` lists them). Throws
   * `NOT_FOUND` for an unknown promotion. Returns how many were new.
   *
   * @example
   * ```ts
   * const { added } = await store.addCodes('spring', [{ key: 'SPR1NG7KQ4', display: 'SPRING-7KQ4' }], now);
   * ```
   */
  addCodes(promotionId: string, codes: readonly NewCouponCode[], at: Date, batch?: CodeBatch): Promise<{ readonly added: number; readonly batchExisted?: boolean }>;

  /**
   * The codes stored under a batch id (see {@link CodeBatch}), in key order, with their printable
   * form and voucher balances as of `at`: the export a shop stores after issuing.
   *
   * @example
   * ```ts
   * const printable = (await store.codesOfBatch('spring-mailing-1', now)).map((c) => c.display);
   * ```
   */
  codesOfBatch(batchId: string, at: Date): Promise<CouponCodeRecord[]>;

  /**
   * GDPR erasure of a customer's coupon data: every reservation, code assignment and usage
   * counter under `customerId` moves to `anonymousId` (limits and totals unchanged: a used
   * single-use code stays used). Returns how many records changed; erasing twice changes nothing.
   *
   * @example
   * ```ts
   * await store.eraseCouponCustomer('c1', 'anon_x1');
   * ```
   */
  eraseCouponCustomer(customerId: string, anonymousId: string): Promise<number>;

  /**
   * A stored code by its normalised key, with its voucher balance as of `at`, or `undefined`.
   *
   * @example
   * ```ts
   * const code = await store.findCode(normalizeCode(' spring-7kq4 '), now);
   * ```
   */
  findCode(key: string, at: Date): Promise<CouponCodeRecord | undefined>;

  /**
   * Whether each key is stored (for code generation across batches): the subset of `keys`
   * already present.
   *
   * @example
   * ```ts
   * const taken = await store.existingCodeKeys(['SPR1NG7KQ4', 'SPR1NGH3ZP']);
   * ```
   */
  existingCodeKeys(keys: readonly string[]): Promise<ReadonlySet<string>>;

  /**
   * Reserve one usage atomically. In ONE atomic step: if `reservationId` exists, return it
   * (`replayed: true`; a replay with a different promotion, code, customer, currency or
   * amounts throws `CONFLICT`); otherwise check, as of `at` and by the counting rule, every
   * limit of the promotion (total, per customer, per code, per period), the budget of
   * `currency` (`spent + discountMinor ≤ budget`), the code's assignment, and for a voucher
   * debit the available balance; then store the reservation as `reserved` and hold the voucher
   * amount. Refusals are results (`ok: false` with a `UsageRejection`), stored nowhere: a
   * later retry is checked afresh. Under any concurrency no limit is ever exceeded.
   *
   * @example
   * ```ts
   * const r = await store.reserveUsage({ reservationId: 'co-42:spring', promotionId: 'spring', customerId: 'c1',
   *   currency: 'EUR', discountMinor: 500, at: now, expiresAt: new Date(now.getTime() + 15 * 60_000) });
   * ```
   */
  reserveUsage(request: UsageRequest): Promise<ReserveOutcome>;

  /**
   * Make a reservation final: `reserved` with `expiresAt > at` → `committed` (`changed`);
   * `committed` → unchanged (replay); `released`/`expired`/`restored`, or `reserved` past its
   * TTL (then marked `expired`) → unchanged (`changed: false`, the caller sees the status).
   *
   * @example
   * ```ts
   * const r = await store.commitUsage({ reservationId: 'co-42:spring', at: now });
   * if (r.reservation?.status !== 'committed') console.log('expired, re-run checkout');
   * ```
   */
  commitUsage(request: UsageSettle): Promise<SettleOutcome>;

  /**
   * Give a reservation's usage and voucher hold back, once: `reserved` with `expiresAt > at`
   * → `released` (`changed`); any other status (already released, expired, committed,
   * restored) → unchanged. Releasing a committed usage is a return: use `CouponStore.restoreUsage`.
   *
   * @example
   * ```ts
   * await store.releaseUsage({ reservationId: 'co-42:spring', at: now }); // payment failed
   * ```
   */
  releaseUsage(request: UsageSettle): Promise<SettleOutcome>;

  /**
   * Apply a return to a committed usage, idempotent by `restoreId`: with `restoreUsage`, a
   * `committed` reservation becomes `restored` (its count and budget come back, at most once);
   * `voucherCreditMinor` is credited to the code's voucher balance, capped so the credits of a
   * reservation never exceed its debit. A replayed `restoreId` changes nothing. A reservation
   * that is not committed (or restored, for a further voucher credit) is left unchanged.
   *
   * @example
   * ```ts
   * await store.restoreUsage({ reservationId: 'co-42:gift', restoreId: 'ret-7', at: now, restoreUsage: false, voucherCreditMinor: 1999 });
   * ```
   */
  restoreUsage(request: UsageRestore): Promise<SettleOutcome>;

  /**
   * A reservation by id, with its status as of `at` (a `reserved` one past its TTL reads `expired`).
   *
   * @example
   * ```ts
   * const r = await store.getReservation('co-42:spring', now);
   * ```
   */
  getReservation(reservationId: string, at: Date): Promise<UsageReservation | undefined>;

  /**
   * The reservations of one checkout, one order or one customer (give exactly one of the three;
   * the customer's are what a GDPR export lists), with their status as of `at`, ordered by
   * reservation id.
   *
   * @example
   * ```ts
   * const held = await store.findReservations({ checkoutId: 'co-42' }, now);
   * ```
   */
  findReservations(query: { readonly checkoutId?: string; readonly orderId?: string; readonly customerId?: string }, at: Date): Promise<UsageReservation[]>;

  /**
   * Current counts by the counting rule, as of `at` (advisory, for showing a shopper why a
   * coupon cannot apply before reserving).
   *
   * @example
   * ```ts
   * const u = await store.usageCounts({ promotionId: 'spring', customerId: 'c1', codeKey: 'SPR1NG7KQ4', at: now });
   * ```
   */
  usageCounts(query: {
    readonly promotionId: string;
    readonly customerId?: string;
    readonly codeKey?: string;
    readonly periodKey?: string;
    readonly at: Date;
  }): Promise<UsageCounts>;

  /**
   * Reporting counters for `[from, to)`, one row per stored promotion (filtered to
   * `promotionIds` when given), ordered by promotion id.
   *
   * @example
   * ```ts
   * const rows = await store.couponActivity({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') });
   * ```
   */
  couponActivity(query: { readonly from: Date; readonly to: Date; readonly promotionIds?: readonly string[] }): Promise<CouponActivity[]>;
}
