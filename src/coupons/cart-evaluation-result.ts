import type { PromotionSkipReason } from './promotion-eligibility.js';
import type { GiftItem } from './promotion-effects.js';
import type { Promotion } from './promotion.js';

/**
 * One promotion's share of one line.
 *
 * @example
 * ```ts
 * const a: LineAdjustment = { promotionId: 'spring10', amount: '1.35' };
 * ```
 */
export interface LineAdjustment {
  /** The promotion. */
  readonly promotionId: string;
  /** Amount taken off the line, decimal string in the cart currency. */
  readonly amount: string;
}

/**
 * A cart line after promotions.
 *
 * @example
 * ```ts
 * const l: EvaluatedLine = result.lines[0]!;
 * l.total; // what the shopper pays for the line
 * ```
 */
export interface EvaluatedLine {
  /** The line id. */
  readonly lineId: string;
  /** Units on the line (what a return counts against). */
  readonly quantity: number;
  /** quantity × unit price − line discount, before promotions. */
  readonly amount: string;
  /** Every promotion's share of the line, in application order. */
  readonly adjustments: readonly LineAdjustment[];
  /** Sum of the adjustments. */
  readonly discount: string;
  /** amount − discount (never below zero). */
  readonly total: string;
}

/**
 * A promotion that applied.
 *
 * @example
 * ```ts
 * const a: AppliedPromotion = result.applied[0]!;
 * a.discountMinor; // what to reserve against the budget
 * ```
 */
export interface AppliedPromotion {
  /** The promotion. */
  readonly promotionId: string;
  /** Its name. */
  readonly name: string;
  /** Its campaign. */
  readonly campaign: string;
  /** The effect type. */
  readonly type: Promotion['effect']['type'];
  /** The code that activated it, as typed. */
  readonly code?: string;
  /** That code's normalised key (for usage accounting). */
  readonly codeKey?: string;
  /** Off the lines (sum of its line adjustments). */
  readonly lineAmount: string;
  /** Off shipping. */
  readonly shippingAmount: string;
  /** Discount granted (lines + shipping; 0 for vouchers, which are payment), minor units. */
  readonly discountMinor: number;
  /** Paid from a voucher balance (lines + shipping), minor units. */
  readonly voucherMinor: number;
  /** Items it adds. */
  readonly addedItems: readonly GiftItem[];
  /** What it did, in words. */
  readonly explanation: string;
}

/**
 * One step of the evaluation, for support agents and programs.
 *
 * @example
 * ```ts
 * const t: PromotionTrace = { promotionId: 'tiers', outcome: 'skipped', reason: 'MINIMUM_ORDER', message: 'subtotal 42.00 is below the minimum 50.00' };
 * ```
 */
export interface PromotionTrace {
  /** The promotion. */
  readonly promotionId: string;
  /** Applied or skipped. */
  readonly outcome: 'applied' | 'skipped';
  /** Why it was skipped. */
  readonly reason?: PromotionSkipReason;
  /** In words. */
  readonly message: string;
}

/**
 * A code that unlocked nothing, and why.
 *
 * @example
 * ```ts
 * const r: RejectedPromotionCode = { code: 'SPRING-XXXX', reason: 'UNKNOWN_CODE', message: 'no active promotion has this code' };
 * ```
 */
export interface RejectedPromotionCode {
  /** The code as typed. */
  readonly code: string;
  /** The promotion it belongs to, when known. */
  readonly promotionId?: string;
  /** Why. */
  readonly reason: PromotionSkipReason;
  /** In words. */
  readonly message: string;
}

/**
 * The result of `evaluateCart`: amounts are decimal strings in `currency`.
 * Invariants: each line's adjustments sum to its `discount`; the line discounts sum to
 * `discount` plus the part of `voucherPayment` paid on lines; no line, shipping or order total
 * is below zero.
 *
 * @example
 * ```ts
 * const r: CartEvaluation = evaluateCart(cart, options);
 * console.log(r.total, r.applied.map((a) => a.promotionId), r.rejectedCodes);
 * ```
 */
export interface CartEvaluation {
  /** The cart currency. */
  readonly currency: string;
  /** Lines with their adjustments, in cart order. */
  readonly lines: readonly EvaluatedLine[];
  /** Σ line amounts before promotions. */
  readonly subtotal: string;
  /** Σ line adjustments from discounts (vouchers excluded). */
  readonly discount: string;
  /** Shipping before promotions. */
  readonly shipping: string;
  /** Off shipping by discounts (vouchers excluded). */
  readonly shippingDiscount: string;
  /** Paid by vouchers (lines and shipping). */
  readonly voucherPayment: string;
  /** subtotal − discount + shipping − shippingDiscount − voucherPayment. */
  readonly total: string;
  /** Promotions applied, in application order. */
  readonly applied: readonly AppliedPromotion[];
  /** Items added by gift promotions. */
  readonly addedItems: ReadonlyArray<GiftItem & { readonly promotionId: string }>;
  /** Codes that unlocked nothing. */
  readonly rejectedCodes: readonly RejectedPromotionCode[];
  /** Every candidate promotion, applied or skipped, in evaluation order. */
  readonly trace: readonly PromotionTrace[];
}

