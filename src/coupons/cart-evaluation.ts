import type { FactCustomerInput } from '../conditions/subject.js';
import { createFactSubject } from '../conditions/subject.js';
import { currencyExponent } from '../core/currency.js';
import { decimalToMinorUnits } from '../core/money.js';
import { assertTimeZone } from '../core/time.js';
import type { Cart } from './cart.js';
import type { CompiledPromotion } from './compiled-promotion.js';
import type { CartEvaluation, EvaluatedLine, RejectedPromotionCode } from './cart-evaluation-result.js';
import { type PresentedCode, resolveCodes } from './code-resolution.js';
import { compilePromotionList } from './compiled-promotion-list.js';
import { type EligibilityInput, type PromotionUsage, refusal } from './promotion-eligibility.js';
import type { Promotion } from './promotion.js';
import type { SigningKey } from './signed-code.js';
import { type Candidate, StackingRun } from './stacking.js';

/**
 * Options of {@link evaluateCart}.
 *
 * @example
 * ```ts
 * const options: EvaluateCartOptions = { promotions, codes: ['WELCOME10'], now: new Date('2026-03-07T10:00:00Z'), timeZone: 'Europe/Paris' };
 * ```
 */
export interface EvaluateCartOptions {
  /** The promotions in force (parsed with `parsePromotion`); inactive ones are simply skipped. */
  readonly promotions: readonly Promotion[];
  /** Codes the shopper entered, in the order entered. */
  readonly codes?: readonly (string | PresentedCode)[];
  /** The customer, when known (guest carts have none). */
  readonly customer?: FactCustomerInput;
  /** The evaluation instant. */
  readonly now: Date;
  /** The program's IANA zone: validity dates and local facts are read in it. */
  readonly timeZone: string;
  /** Known usage per promotion id (advisory; the Store re-checks when reserving). */
  readonly usage?: Readonly<Record<string, PromotionUsage>>;
  /** Keys honoured for signed codes (`signCode`). */
  readonly signingKeys?: readonly SigningKey[];
}

/**
 * Apply promotions and codes to a cart: pure and deterministic (same inputs → same output,
 * whatever the host time zone). The stacking rules, in order:
 *
 * 1. Candidates: `automatic` promotions, plus `code` promotions unlocked by a code. Each must
 *    be eligible (window, channel, customer, currency, minimum order, usage, conditions).
 * 2. Order: priority (higher first); at equal priority line-level effects (target lines, buy X
 *    get Y, new prices) before order-level amounts and thresholds, then gifts, then shipping;
 *    then id. Vouchers (payment) always come last. A threshold (`tiers`, basis `discounted`)
 *    missed only because earlier promotions took the amount is skipped as
 *    `THRESHOLD_AFTER_DISCOUNTS`, naming them.
 * 3. Exclusive: an exclusive promotion applies only if no discount applied before it, and once
 *    it applies no other discount does (vouchers still pay). A higher-priority exclusive
 *    therefore beats every stackable one; a lower-priority exclusive loses to any that applied first.
 * 4. Groups: members of a `best-of` group are compared at the group's first position and only
 *    the largest discount applies (ties: priority, then id); in a `first-match` group the first
 *    member with an effect applies; `stackable` (the default) applies every member.
 * 5. Amounts: percentages apply to what is left after earlier promotions (`basis: discounted`,
 *    default) or to the cart as given (`original`); each discount is rounded once, then spread
 *    over its lines by largest remainder, never taking a line, shipping or the order below zero.
 *
 * Conditions (eligibility and target lines) read the cart as given, before any promotion.
 * Each promotion's compiled form (codes, conditions, windows) is cached against the parsed
 * object: treat parsed promotions as immutable and parse a changed definition again.
 *
 * @example
 * ```ts
 * const result = evaluateCart(parseCart(raw), {
 *   promotions: [parsePromotion(spring10), parsePromotion(freeShipping)],
 *   codes: [' spring10 '], customer, now: new Date('2026-03-07T10:00:00Z'), timeZone: 'Europe/Paris',
 * });
 * result.total; // '41.40'
 * ```
 */
export function evaluateCart(cart: Cart, options: EvaluateCartOptions): CartEvaluation {
  const zone = assertTimeZone(options.timeZone);
  const currency = cart.currency;
  const exponent = currencyExponent(currency);
  const subject = createFactSubject({ order: { ...cart, placedAt: options.now }, customer: options.customer, now: options.now, timeZone: zone });
  const compiled = compilePromotionList(options.promotions);
  const codes = resolveCodes(options.codes ?? [], compiled, options.customer?.id, options.signingKeys, options.now);
  const rejectedCodes: RejectedPromotionCode[] = [];
  for (const r of codes.rejected) {
    rejectedCodes.push({ code: r.code, reason: r.reason, message: r.message, ...(r.promotionId === undefined ? {} : { promotionId: r.promotionId }) });
  }
  const shipping = cart.shipping === undefined ? 0 : (decimalToMinorUnits(cart.shipping, exponent) ?? 0);
  const run = new StackingRun(subject, exponent, shipping, options.usage, [], rejectedCodes);

  // Eligibility in list order (so is the trace of refusals), stacking in priority order.
  const eligibility: EligibilityInput = { subject, customer: options.customer, now: options.now.getTime(), timeZone: zone, currency, usage: undefined, codeKey: undefined, exponent };
  const { list, order } = compiled;
  const eligible = new Array<Candidate | undefined>(list.length);
  for (let i = 0; i < list.length; i++) {
    const cp = list[i] as CompiledPromotion;
    const code = codes.activated.get(cp.promotion.id);
    if (cp.promotion.activation === 'code' && code === undefined) continue;
    eligibility.usage = options.usage?.[cp.promotion.id];
    eligibility.codeKey = code?.key;
    const terms = cp.terms(currency);
    const refused = refusal(cp, terms, eligibility);
    const candidate: Candidate = { cp, terms, code };
    if (refused === undefined) eligible[i] = candidate;
    else run.skip(candidate, refused.reason, refused.message);
  }
  const ordered: Candidate[] = [];
  const vouchers: Candidate[] = [];
  for (const i of order) {
    const c = eligible[i];
    if (c !== undefined) (c.cp.promotion.effect.type === 'voucher' ? vouchers : ordered).push(c);
  }
  run.run(ordered, vouchers);
  return result(run, shipping);
}

/** The evaluation's figures as decimal strings. */
function result(run: StackingRun, shipping: number): CartEvaluation {
  const state = run.state;
  const lines: EvaluatedLine[] = run.subject.lines.map((l, i) => {
    const left = state.remaining[i] as number;
    const amount = run.format(l.lineTotal);
    return {
      lineId: l.id,
      quantity: l.quantity,
      amount,
      adjustments: run.adjustments[i] ?? [],
      discount: run.format(l.lineTotal - left),
      total: left === l.lineTotal ? amount : run.format(left),
    };
  });
  let total = state.shipping;
  for (const r of state.remaining) total += r;
  return {
    currency: run.subject.currency,
    lines,
    subtotal: run.format(run.subject.subtotal),
    discount: run.format(run.discount),
    shipping: run.format(shipping),
    shippingDiscount: run.format(run.shippingDiscount),
    voucherPayment: run.format(run.voucherPayment),
    total: run.format(total),
    applied: run.applied,
    addedItems: run.addedItems,
    rejectedCodes: run.rejectedCodes,
    trace: run.trace,
  };
}
