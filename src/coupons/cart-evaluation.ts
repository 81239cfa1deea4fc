import type { FactCustomerInput } from '../conditions/subject.js';
import { createFactSubject } from '../conditions/subject.js';
import { currencyExponent } from '../core/currency.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import { assertTimeZone } from '../core/time.js';
import type { Cart } from './cart.js';
import { type PresentedCode, type ResolvedCode, resolveCodes } from './code-resolution.js';
import { type CompiledPromotion, compilePromotion } from './compiled-promotion.js';
import { type PromotionSkipReason, type PromotionUsage, budgetLeft, refusal } from './promotion-eligibility.js';
import { type CartState, type EffectOutcome, type GiftItem, computeEffect } from './promotion-effects.js';
import type { Promotion } from './promotion.js';
import type { SigningKey } from './signed-code.js';

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
 * The result of {@link evaluateCart}: amounts are decimal strings in `currency`.
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

interface Candidate {
  readonly cp: CompiledPromotion;
  readonly code: ResolvedCode | undefined;
}

const byPriority = (a: Candidate, b: Candidate): number => {
  const pa = a.cp.promotion;
  const pb = b.cp.promotion;
  return pb.priority - pa.priority || (pa.id < pb.id ? -1 : pa.id > pb.id ? 1 : 0);
};

const compiledLists = new WeakMap<readonly Promotion[], { list: CompiledPromotion[]; byId: Map<string, CompiledPromotion> }>();

function compileAll(promotions: readonly Promotion[]): { list: CompiledPromotion[]; byId: Map<string, CompiledPromotion> } {
  let hit = compiledLists.get(promotions);
  if (hit === undefined) {
    const list = promotions.map(compilePromotion);
    hit = { list, byId: new Map(list.map((cp) => [cp.promotion.id, cp])) };
    compiledLists.set(promotions, hit);
  }
  return hit;
}

/**
 * Apply promotions and codes to a cart: pure and deterministic (same inputs → same output,
 * whatever the host time zone). The stacking rules, in order:
 *
 * 1. Candidates: `automatic` promotions, plus `code` promotions unlocked by a code. Each must
 *    be eligible (window, channel, customer, currency, minimum order, usage, conditions).
 * 2. Order: priority (higher first), then id. Vouchers (payment) always come last.
 * 3. Exclusive: an exclusive promotion applies only if nothing applied before it, and once it
 *    applies nothing else does (vouchers still pay). A higher-priority exclusive therefore beats
 *    every stackable one; a lower-priority exclusive loses to any that applied first.
 * 4. Groups: members of a `best-of` group are compared at the group's first position and only
 *    the largest discount applies (ties: priority, then id); in a `first-match` group the first
 *    member with an effect applies; `stackable` (the default) applies every member.
 * 5. Amounts: percentages apply to what is left after earlier promotions (`basis: discounted`,
 *    default) or to the cart as given (`original`); each discount is rounded once, then spread
 *    over its lines by largest remainder, never taking a line, shipping or the order below zero.
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
  const format = (minor: number): string => minorUnitsToDecimal(minor, exponent);
  const subject = createFactSubject({ order: { ...cart, placedAt: options.now }, customer: options.customer, now: options.now, timeZone: zone });
  const { list, byId } = compileAll(options.promotions);
  const customerId = options.customer?.id;
  const codes = resolveCodes(options.codes ?? [], list, byId, customerId, options.signingKeys, options.now);
  const rejectedCodes: RejectedPromotionCode[] = codes.rejected.map(({ key: _k, ...r }) => r);
  const trace: PromotionTrace[] = [];
  const now = options.now.getTime();

  const candidates: Candidate[] = [];
  for (const cp of list) {
    const code = codes.activated.get(cp.promotion.id);
    if (cp.promotion.activation === 'code' && code === undefined) continue;
    const usage = options.usage?.[cp.promotion.id];
    const refused = refusal(cp, { subject, customer: options.customer, now, timeZone: zone, currency, usage, codeKey: code?.key, format });
    if (refused !== undefined) {
      trace.push({ promotionId: cp.promotion.id, outcome: 'skipped', ...refused });
      if (code !== undefined) rejectedCodes.push({ code: code.code, promotionId: cp.promotion.id, ...refused });
      continue;
    }
    candidates.push({ cp, code });
  }
  const vouchers = candidates.filter((c) => c.cp.promotion.effect.type === 'voucher').sort(byPriority);
  const ordered = candidates.filter((c) => c.cp.promotion.effect.type !== 'voucher').sort(byPriority);

  const original = subject.lines.map((l) => l.lineTotal);
  const shippingOriginal = cart.shipping === undefined ? 0 : (decimalToMinorUnits(cart.shipping, exponent) ?? 0);
  const state: CartState = { original, remaining: [...original], shippingOriginal, shipping: shippingOriginal };
  const adjustments: LineAdjustment[][] = original.map(() => []);
  const applied: AppliedPromotion[] = [];
  const addedItems: Array<GiftItem & { promotionId: string }> = [];
  let exclusiveWinner: string | undefined;
  let discount = 0;
  let shippingDiscount = 0;
  let voucherPayment = 0;

  const skip = (c: Candidate, reason: PromotionSkipReason, message: string): void => {
    trace.push({ promotionId: c.cp.promotion.id, outcome: 'skipped', reason, message });
    if (c.code !== undefined) rejectedCodes.push({ code: c.code.code, promotionId: c.cp.promotion.id, reason, message });
  };
  const effectOf = (c: Candidate): EffectOutcome => {
    const balance = c.code?.presented.voucherBalance;
    const balanceCurrency = c.code?.presented.voucherCurrency ?? currency;
    const voucherBalance = balance === undefined || balanceCurrency !== currency ? undefined : decimalToMinorUnits(balance, exponent);
    return computeEffect(c.cp, state, {
      subject,
      currency,
      budgetLeft: budgetLeft(c.cp, currency, options.usage?.[c.cp.promotion.id]),
      voucherBalance,
      format,
    });
  };
  const isEmpty = (o: EffectOutcome): boolean => o.value === 0 && o.gifts.length === 0 && o.lines.every((x) => x === 0) && o.shipping === 0;
  const apply = (c: Candidate, o: EffectOutcome): void => {
    const p = c.cp.promotion;
    const isVoucher = p.effect.type === 'voucher';
    let lineAmount = 0;
    o.lines.forEach((amount, i) => {
      if (amount === 0) return;
      state.remaining[i] = (state.remaining[i] as number) - amount;
      adjustments[i]?.push({ promotionId: p.id, amount: format(amount) });
      lineAmount += amount;
    });
    state.shipping -= o.shipping;
    if (isVoucher) voucherPayment += lineAmount + o.shipping;
    else {
      discount += lineAmount;
      shippingDiscount += o.shipping;
    }
    for (const g of o.gifts) addedItems.push({ ...g, promotionId: p.id });
    applied.push({
      promotionId: p.id,
      name: p.name,
      campaign: c.cp.campaign,
      type: p.effect.type,
      ...(c.code === undefined ? {} : { code: c.code.code, codeKey: c.code.key }),
      lineAmount: format(lineAmount),
      shippingAmount: format(o.shipping),
      discountMinor: isVoucher ? 0 : lineAmount + o.shipping,
      voucherMinor: isVoucher ? lineAmount + o.shipping : 0,
      addedItems: o.gifts,
      explanation: o.note,
    });
    trace.push({ promotionId: p.id, outcome: 'applied', message: o.note });
    if (p.exclusive && !isVoucher) exclusiveWinner = p.id;
  };

  const settledGroups = new Set<string>();
  for (const c of ordered) {
    const p = c.cp.promotion;
    const group = p.stacking.mode === 'stackable' ? undefined : p.stacking.group;
    if (group !== undefined && settledGroups.has(group)) continue;
    const members = group === undefined ? [c] : ordered.filter((m) => m.cp.promotion.stacking.group === group);
    if (group !== undefined) settledGroups.add(group);
    // Evaluate the members at this point of the cart, in priority order.
    let winner: { c: Candidate; o: EffectOutcome } | undefined;
    const losers: Array<{ c: Candidate; reason: PromotionSkipReason; message: string }> = [];
    for (const m of members) {
      if (exclusiveWinner !== undefined) {
        losers.push({ c: m, reason: 'EXCLUDED', message: `the exclusive promotion "${exclusiveWinner}" applied` });
        continue;
      }
      if (m.cp.promotion.exclusive && applied.some((a) => a.type !== 'voucher')) {
        losers.push({ c: m, reason: 'NOT_ALONE', message: `exclusive, but "${applied[0]?.promotionId ?? ''}" applied before it` });
        continue;
      }
      const o = effectOf(m);
      if (isEmpty(o)) {
        losers.push({ c: m, reason: 'NO_EFFECT', message: o.note });
        continue;
      }
      if (winner === undefined || (p.stacking.mode === 'best-of' && o.value > winner.o.value)) {
        if (winner !== undefined) losers.push({ c: winner.c, reason: 'GROUP', message: `"${m.cp.promotion.id}" gives more in group "${group ?? ''}"` });
        winner = { c: m, o };
      } else {
        losers.push({
          c: m,
          reason: 'GROUP',
          message: p.stacking.mode === 'best-of' ? `"${winner.c.cp.promotion.id}" gives at least as much in group "${group ?? ''}"` : `"${winner.c.cp.promotion.id}" matched first in group "${group ?? ''}"`,
        });
      }
      if (p.stacking.mode === 'first-match' && winner !== undefined) {
        for (const rest of members.slice(members.indexOf(m) + 1)) {
          losers.push({ c: rest, reason: 'GROUP', message: `"${winner.c.cp.promotion.id}" matched first in group "${group ?? ''}"` });
        }
        break;
      }
    }
    if (winner !== undefined) apply(winner.c, winner.o);
    for (const l of losers) skip(l.c, l.reason, l.message);
  }
  for (const v of vouchers) {
    const o = effectOf(v);
    if (isEmpty(o)) skip(v, 'NO_EFFECT', o.note);
    else apply(v, o);
  }

  const lines: EvaluatedLine[] = subject.lines.map((l, i) => ({
    lineId: l.id,
    amount: format(l.lineTotal),
    adjustments: adjustments[i] ?? [],
    discount: format(l.lineTotal - (state.remaining[i] as number)),
    total: format(state.remaining[i] as number),
  }));
  const total = state.remaining.reduce((a, b) => a + b, 0) + state.shipping;
  return {
    currency,
    lines,
    subtotal: format(subject.subtotal),
    discount: format(discount),
    shipping: format(shippingOriginal),
    shippingDiscount: format(shippingDiscount),
    voucherPayment: format(voucherPayment),
    total: format(total),
    applied,
    addedItems,
    rejectedCodes,
    trace,
  };
}
