// One evaluation of a cart: candidates in stacking order, applied to a CartState
// (module-internal; `evaluateCart` is the entry point). A class, so no closure is created per cart.
import type { FactSubject } from '../conditions/subject.js';
import { decimalToMinorUnits } from '../core/money.js';
import type { AppliedPromotion, LineAdjustment, PromotionTrace, RejectedPromotionCode } from './cart-evaluation-result.js';
import type { ResolvedCode } from './code-resolution.js';
import type { CompiledPromotion, CurrencyTerms } from './compiled-promotion.js';
import { type PromotionSkipReason, type PromotionUsage, budgetLeft } from './promotion-eligibility.js';
import { type CartState, EffectContext, type EffectOutcome, type GiftItem, computeEffect } from './promotion-effects.js';

/** An eligible promotion, its terms in the cart currency and the code that unlocked it. */
export interface Candidate {
  readonly cp: CompiledPromotion;
  readonly terms: CurrencyTerms;
  readonly code: ResolvedCode | undefined;
}

function isEmpty(o: EffectOutcome): boolean {
  if (o.value !== 0 || o.gifts.length > 0 || o.shipping !== 0) return false;
  for (const x of o.parts) if (x !== 0) return false;
  return true;
}

interface Loser {
  readonly c: Candidate;
  readonly reason: PromotionSkipReason;
  readonly message: string;
}

/** The mutable state of one evaluation. */
export class StackingRun {
  readonly state: CartState;
  readonly adjustments: LineAdjustment[][];
  readonly applied: AppliedPromotion[] = [];
  readonly addedItems: Array<GiftItem & { promotionId: string }> = [];
  discount = 0;
  shippingDiscount = 0;
  voucherPayment = 0;
  readonly effects: EffectContext;
  private exclusiveWinner: string | undefined;
  private appliedDiscounts = 0;

  constructor(
    readonly subject: FactSubject,
    readonly exponent: number,
    shipping: number,
    readonly usage: Readonly<Record<string, PromotionUsage>> | undefined,
    readonly trace: PromotionTrace[],
    readonly rejectedCodes: RejectedPromotionCode[],
  ) {
    const original = subject.lines.map((l) => l.lineTotal);
    this.state = { original, remaining: [...original], shippingOriginal: shipping, shipping };
    this.adjustments = original.map(() => []);
    this.effects = new EffectContext(subject, exponent);
  }

  format(minor: number): string {
    return this.effects.format(minor);
  }

  skip(c: Candidate, reason: PromotionSkipReason, message: string): void {
    this.trace.push({ promotionId: c.cp.promotion.id, outcome: 'skipped', reason, message });
    if (c.code !== undefined) this.rejectedCodes.push({ code: c.code.code, promotionId: c.cp.promotion.id, reason, message });
  }

  effectOf(c: Candidate): EffectOutcome {
    const currency = this.subject.currency;
    const presented = c.code?.presented;
    const balance = presented?.voucherBalance;
    const voucherBalance =
      balance === undefined || (presented?.voucherCurrency ?? currency) !== currency ? undefined : decimalToMinorUnits(balance, this.exponent);
    const ctx = this.effects;
    ctx.budgetLeft = budgetLeft(c.terms, currency, this.usage?.[c.cp.promotion.id]);
    ctx.voucherBalance = voucherBalance;
    return computeEffect(c.cp, c.terms, this.state, ctx);
  }

  apply(c: Candidate, o: EffectOutcome): void {
    const p = c.cp.promotion;
    const isVoucher = p.effect.type === 'voucher';
    let lineAmount = 0;
    for (let k = 0; k < o.indices.length; k++) {
      const amount = o.parts[k] as number;
      if (amount === 0) continue;
      const i = o.indices[k] as number;
      this.state.remaining[i] = (this.state.remaining[i] as number) - amount;
      this.adjustments[i]?.push({ promotionId: p.id, amount: this.format(amount) });
      lineAmount += amount;
    }
    this.state.shipping -= o.shipping;
    if (isVoucher) this.voucherPayment += lineAmount + o.shipping;
    else {
      this.discount += lineAmount;
      this.shippingDiscount += o.shipping;
      this.appliedDiscounts += 1;
      if (p.exclusive) this.exclusiveWinner = p.id;
    }
    for (const g of o.gifts) {
      this.addedItems.push(g.name === undefined ? { sku: g.sku, quantity: g.quantity, promotionId: p.id } : { sku: g.sku, name: g.name, quantity: g.quantity, promotionId: p.id });
    }
    // Built without object spread: this runs once per applied promotion per cart.
    const entry: { -readonly [K in keyof AppliedPromotion]: AppliedPromotion[K] } = {
      promotionId: p.id,
      name: p.name,
      campaign: c.cp.campaign,
      type: p.effect.type,
      lineAmount: this.format(lineAmount),
      shippingAmount: this.format(o.shipping),
      discountMinor: isVoucher ? 0 : lineAmount + o.shipping,
      voucherMinor: isVoucher ? lineAmount + o.shipping : 0,
      addedItems: o.gifts,
      explanation: o.note,
    };
    if (c.code !== undefined) {
      entry.code = c.code.code;
      entry.codeKey = c.code.key;
    }
    this.applied.push(entry);
    this.trace.push({ promotionId: p.id, outcome: 'applied', message: o.note });
  }

  /** Apply the ordered discount candidates, then the vouchers. */
  run(ordered: readonly Candidate[], vouchers: readonly Candidate[]): void {
    let settledGroups: Set<string> | undefined;
    for (const c of ordered) {
      const stacking = c.cp.promotion.stacking;
      const group = stacking.mode === 'stackable' ? undefined : stacking.group;
      if (group === undefined) {
        const blocked = this.blocked(c);
        if (blocked === undefined) this.offer(c);
        else this.skip(c, blocked.reason, blocked.message);
        continue;
      }
      settledGroups ??= new Set();
      if (settledGroups.has(group)) continue;
      settledGroups.add(group);
      this.settle(
        ordered.filter((m) => m.cp.promotion.stacking.group === group),
        group,
        stacking.mode,
      );
    }
    for (const v of vouchers) {
      const balanceCurrency = v.code?.presented.voucherCurrency;
      if (balanceCurrency !== undefined && balanceCurrency !== this.subject.currency) {
        this.skip(v, 'CURRENCY', `the voucher holds ${balanceCurrency}, the cart is in ${this.subject.currency}`);
        continue;
      }
      this.offer(v);
    }
  }

  /** Apply `c` on its own, unless it would take nothing off. */
  private offer(c: Candidate): void {
    const o = this.effectOf(c);
    if (isEmpty(o)) this.skip(c, ...this.emptyReason(o));
    else this.apply(c, o);
  }

  /** Why an outcome that takes nothing is skipped: no effect, or a threshold earlier promotions took away (named). */
  private emptyReason(o: EffectOutcome): [PromotionSkipReason, string] {
    if (o.missedAfterDiscounts !== true) return ['NO_EFFECT', o.note];
    const takers = [...new Set(this.adjustments.flatMap((line) => line.map((a) => a.promotionId)))];
    return ['THRESHOLD_AFTER_DISCOUNTS', `${o.note}: taken by ${takers.map((id) => `"${id}"`).join(', ')}`];
  }

  /** Why an exclusive rule keeps `c` out at this point, if one does. */
  private blocked(c: Candidate): Loser | undefined {
    if (this.exclusiveWinner !== undefined) return { c, reason: 'EXCLUDED', message: `the exclusive promotion "${this.exclusiveWinner}" applied` };
    if (c.cp.promotion.exclusive && this.appliedDiscounts > 0) {
      return { c, reason: 'NOT_ALONE', message: `exclusive, but "${this.applied[0]?.promotionId ?? ''}" applied before it` };
    }
    return undefined;
  }

  /** Evaluate a group's members at this point of the cart; apply the winner. */
  private settle(members: readonly Candidate[], group: string | undefined, mode: 'stackable' | 'best-of' | 'first-match'): void {
    let winner: { c: Candidate; o: EffectOutcome } | undefined;
    const losers: Loser[] = [];
    const name = group ?? '';
    for (let k = 0; k < members.length; k++) {
      const m = members[k] as Candidate;
      const blocked = this.blocked(m);
      if (blocked !== undefined) {
        losers.push(blocked);
        continue;
      }
      const o = this.effectOf(m);
      if (isEmpty(o)) {
        const [reason, message] = this.emptyReason(o);
        losers.push({ c: m, reason, message });
        continue;
      }
      if (winner === undefined) winner = { c: m, o };
      else if (o.value > winner.o.value) {
        losers.push({ c: winner.c, reason: 'GROUP', message: `"${m.cp.promotion.id}" gives more in group "${name}"` });
        winner = { c: m, o };
      } else {
        losers.push({ c: m, reason: 'GROUP', message: `"${winner.c.cp.promotion.id}" gives at least as much in group "${name}"` });
      }
      if (mode === 'first-match') {
        for (const rest of members.slice(k + 1)) {
          losers.push({ c: rest, reason: 'GROUP', message: `"${m.cp.promotion.id}" matched first in group "${name}"` });
        }
        break;
      }
    }
    if (winner !== undefined) this.apply(winner.c, winner.o);
    for (const l of losers) this.skip(l.c, l.reason, l.message);
  }
}
