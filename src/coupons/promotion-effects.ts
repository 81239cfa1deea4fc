// What each effect type takes off a cart in its current state (module-internal). Every amount
// is an integer of minor units; every line part is ≤ what is left on that line, so no line or
// shipping total ever goes below zero, and the parts of one effect sum exactly to its total.
import type { CompiledCondition } from '../conditions/compile.js';
import type { FactSubject } from '../conditions/subject.js';
import { Decimal, roundDecimal, roundRatio } from '../core/decimal.js';
import { allocateMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import { freeUnits } from './buy-x-get-y-units.js';
import type { CompiledPromotion, CurrencyTerms, Percentage } from './compiled-promotion.js';

/** The cart as promotions have left it so far. */
export interface CartState {
  /** Line amounts before any promotion (quantity × unit price − line discount). */
  readonly original: readonly number[];
  /** What is left on each line. */
  readonly remaining: number[];
  /** Shipping before promotions. */
  readonly shippingOriginal: number;
  /** Shipping left. */
  shipping: number;
}

/**
 * An item a `gift` promotion adds to the order (free of charge).
 *
 * @example
 * ```ts
 * const g: GiftItem = { sku: 'TOTE-BAG', name: 'Tote bag', quantity: 1 };
 * ```
 */
export interface GiftItem {
  /** The SKU to add. */
  readonly sku: string;
  /** Its name, for the receipt. */
  readonly name?: string;
  /** How many. */
  readonly quantity: number;
}

/** What one effect would take off, before it is applied. */
export interface EffectOutcome {
  /** The lines it takes from (cart line indices)… */
  readonly indices: readonly number[];
  /** …and what it takes from each of them (same order). */
  readonly parts: readonly number[];
  /** Σ parts. */
  readonly lineAmount: number;
  /** Off shipping. */
  readonly shipping: number;
  /** Items added. */
  readonly gifts: readonly GiftItem[];
  /** Worth to the shopper (lines + shipping + declared gift value), for best-of. */
  readonly value: number;
  /** What happened, in words. */
  readonly note: string;
  /** Set when a threshold was missed only because earlier promotions took the amount. */
  readonly missedAfterDiscounts?: true;
}

const NONE: readonly number[] = [];
// Shared: an outcome that takes nothing is never applied, so nothing keeps or changes it.
const UNTARGETED: EffectOutcome = Object.freeze({ indices: NONE, parts: NONE, lineAmount: 0, shipping: 0, gifts: [], value: 0, note: 'no line of this cart is targeted' });

/**
 * What effects read besides the state: one per cart. `budgetLeft` and `voucherBalance` are set
 * for each promotion before its effect is computed.
 */
export class EffectContext {
  /** Remaining spend budget of the promotion (minor units), if it has one. */
  budgetLeft: number | undefined = undefined;
  /** Voucher balance presented with the code (minor units), for `voucher`. */
  voucherBalance: number | undefined = undefined;
  /** Every line index, in order. */
  readonly allLines: readonly number[];
  // Target lines depend only on the cart as given (conditions never read discounts): computed
  // once per compiled condition, shared by every promotion with the same condition.
  private readonly targets = new Map<CompiledCondition | null, readonly number[]>();
  private readonly zero: string;

  constructor(
    readonly subject: FactSubject,
    readonly exponent: number,
  ) {
    this.allLines = subject.lines.map((l) => l.index);
    this.zero = minorUnitsToDecimal(0, exponent);
  }

  /** The lines a condition selects, in cart order (every line without one; none for an unreadable one). */
  lines(condition: CompiledCondition | null | undefined): readonly number[] {
    if (condition === undefined) return this.allLines;
    let hit = this.targets.get(condition);
    if (hit === undefined) this.targets.set(condition, (hit = condition === null ? NONE : this.select(condition)));
    return hit;
  }

  private select(condition: CompiledCondition): number[] {
    const out: number[] = [];
    const lines = this.subject.lines;
    // Category and SKU conditions answer from the subject's index as a bit mask.
    const mask = condition.lineMask?.(this.subject);
    if (mask !== undefined) {
      for (let i = 0; i < lines.length; i++) if ((mask & (1 << i)) !== 0) out.push(i);
      return out;
    }
    for (const line of lines) if (condition.test(this.subject, line)) out.push(line.index);
    return out;
  }

  /** Minor units as a decimal string of the cart currency (zero, the most frequent, formatted once). */
  format(minor: number): string {
    return minor === 0 ? this.zero : minorUnitsToDecimal(minor, this.exponent);
  }
}

function sumAt(values: readonly number[], indices: readonly number[]): number {
  let total = 0;
  for (const i of indices) total += values[i] as number;
  return total;
}

function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

/** Scale parts down to `limit` (the budget), keeping them exact and within each part. */
function capTo(parts: number[], limit: number | undefined): number[] {
  if (limit === undefined || parts.length === 0) return parts;
  const total = sum(parts);
  if (total <= limit) return parts;
  return allocateMinorUnits(Math.max(0, limit), parts);
}

/** Spread `amount` over `indices` by `weights`, falling back to what is left per line if a part would exceed it. */
function spread(amount: number, indices: readonly number[], weights: readonly number[], state: CartState): number[] {
  if (amount <= 0 || indices.length === 0) return new Array<number>(indices.length).fill(0);
  if (sum(weights) > 0) {
    const parts = allocateMinorUnits(amount, weights);
    if (withinRemaining(parts, indices, state)) return parts;
  }
  return allocateMinorUnits(amount, indices.map((i) => state.remaining[i] as number));
}

function withinRemaining(parts: readonly number[], indices: readonly number[], state: CartState): boolean {
  for (let k = 0; k < parts.length; k++) if ((parts[k] as number) > (state.remaining[indices[k] as number] as number)) return false;
  return true;
}

/** `base × percent / 100` rounded once with the promotion's mode (exact integers when they fit). */
function rounded(base: number, percent: Percentage, cp: CompiledPromotion, quantity = 1, units = 1): number {
  const product = base * units * percent.numerator;
  const denominator = percent.denominator * quantity;
  if (Number.isSafeInteger(product) && Number.isSafeInteger(denominator)) return roundRatio(product, denominator, cp.promotion.rounding);
  return roundDecimal(new Decimal(base).times(units).times(percent.decimal).dividedBy(100 * quantity), 0, cp.promotion.rounding).toNumber();
}

function percentOff(
  cp: CompiledPromotion,
  percent: Percentage,
  indices: readonly number[],
  basis: 'original' | 'discounted',
  cap: number | undefined,
  state: CartState,
  ctx: EffectContext,
  prefix = '',
): EffectOutcome {
  const weights = indices.map((i) => (basis === 'original' ? (state.original[i] as number) : (state.remaining[i] as number)));
  const base = sum(weights);
  let amount = rounded(base, percent, cp);
  let note = `${prefix}${percent.text} % of ${ctx.format(base)} (${basis}) = ${ctx.format(amount)}`;
  if (cap !== undefined && amount > cap) {
    amount = cap;
    note += `, capped at ${ctx.format(cap)}`;
  }
  if (ctx.budgetLeft !== undefined && amount > ctx.budgetLeft) {
    amount = Math.max(0, ctx.budgetLeft);
    note += `, limited by the remaining budget ${ctx.format(amount)}`;
  }
  amount = Math.min(amount, sumAt(state.remaining, indices));
  return onLines(indices, spread(amount, indices, weights, state), note);
}

function amountOff(amount: number, indices: readonly number[], state: CartState, ctx: EffectContext, prefix = ''): EffectOutcome {
  const left = sumAt(state.remaining, indices);
  let d = Math.min(amount, left);
  let note = `${prefix}${ctx.format(amount)} off ${ctx.format(left)}`;
  if (ctx.budgetLeft !== undefined && d > ctx.budgetLeft) {
    d = Math.max(0, ctx.budgetLeft);
    note += `, limited by the remaining budget ${ctx.format(d)}`;
  }
  return onLines(indices, spread(d, indices, indices.map((i) => state.remaining[i] as number), state), note);
}

/** A line's units available to buy X get Y, at one unit value. */
interface Run {
  readonly index: number;
  readonly unit: number;
}

function byValueDesc(a: Run, b: Run): number {
  return b.unit - a.unit || a.index - b.index;
}

function byValueAsc(a: Run, b: Run): number {
  return a.unit - b.unit || a.index - b.index;
}

/** The line indices in the order of their unit values (`compare`). */
function linesByUnit(indices: readonly number[], state: CartState, ctx: EffectContext, compare: (a: Run, b: Run) => number): number[] {
  const runs = indices.map((index) => ({ index, unit: (state.remaining[index] as number) / (ctx.subject.lines[index]?.quantity ?? 1) }));
  return runs.sort(compare).map((r) => r.index);
}

function buyXGetY(cp: CompiledPromotion, terms: CurrencyTerms, state: CartState, ctx: EffectContext): EffectOutcome {
  const e = cp.promotion.effect;
  if (e.type !== 'buy-x-get-y' || cp.percent === undefined) throw new Error('unreachable');
  const buyLines = ctx.lines(terms.buy);
  const getLines = ctx.lines(terms.get);
  // Nothing to buy or nothing to give: not even one application.
  if (buyLines.length === 0 || getLines.length === 0) return onLines(NONE, NONE, bxgyNote(cp, 0, 0));
  const available = ctx.subject.lines.map((l) => l.quantity);
  const buy = linesByUnit(buyLines, state, ctx, byValueDesc);
  const get = linesByUnit(getLines, state, ctx, e.free === 'cheapest' ? byValueAsc : byValueDesc);
  const { free, applications, units } = freeUnits(get, buy, e.buy.quantity, e.get.quantity, e.maxApplications, available);
  const indices: number[] = [];
  const parts: number[] = [];
  for (let i = 0; i < free.length; i++) {
    const k = free[i] as number;
    if (k === 0) continue;
    // k of the line's q units at `percent` off: remaining × k / q × percent / 100, rounded once per line.
    const left = state.remaining[i] as number;
    indices.push(i);
    parts.push(Math.min(left, rounded(left, cp.percent, cp, ctx.subject.lines[i]?.quantity ?? 1, k)));
  }
  return onLines(indices, capTo(parts, ctx.budgetLeft), bxgyNote(cp, applications, units));
}

function bxgyNote(cp: CompiledPromotion, applications: number, units: number): string {
  const e = cp.promotion.effect;
  if (e.type !== 'buy-x-get-y') throw new Error('unreachable');
  return `${applications} application(s) of buy ${e.buy.quantity} get ${e.get.quantity}: ${units} unit(s) at ${cp.percent?.text ?? ''} % off`;
}

function outcome(indices: readonly number[], parts: readonly number[], shipping: number, gifts: readonly GiftItem[], note: string, extra = 0): EffectOutcome {
  const lineAmount = sum(parts);
  return { indices, parts, lineAmount, shipping, gifts, value: lineAmount + shipping + extra, note };
}

function onLines(indices: readonly number[], parts: readonly number[], note: string): EffectOutcome {
  return outcome(indices, parts, 0, [], note);
}

/** What the promotion's effect takes off the cart in `state`, with the promotion's terms in the cart currency. */
export function computeEffect(cp: CompiledPromotion, terms: CurrencyTerms, state: CartState, ctx: EffectContext): EffectOutcome {
  const e = cp.promotion.effect;
  switch (e.type) {
    case 'percent-off':
    case 'amount-off':
    case 'new-price':
    case 'tiers': {
      const indices = ctx.lines(terms.target);
      // A line-targeted effect with no target line in this cart: nothing to compute.
      if (indices.length === 0 && e.target !== 'order') return UNTARGETED;
      return targetedEffect(cp, terms, indices, state, ctx);
    }
    case 'buy-x-get-y':
      return buyXGetY(cp, terms, state, ctx);
    case 'free-shipping': {
      const cap = terms.cap;
      let d = cap === undefined ? state.shipping : Math.min(state.shipping, cap);
      if (ctx.budgetLeft !== undefined) d = Math.min(d, Math.max(0, ctx.budgetLeft));
      return outcome(NONE, NONE, d, [], `shipping ${ctx.format(state.shipping)} → ${ctx.format(state.shipping - d)}`);
    }
    case 'gift': {
      const gift: GiftItem = { sku: e.sku, quantity: e.quantity, ...(e.name === undefined ? {} : { name: e.name }) };
      return outcome(NONE, NONE, 0, [gift], `adds ${e.quantity} × ${e.name ?? e.sku}`, (terms.amount ?? 0) * e.quantity);
    }
    case 'voucher': {
      const balance = ctx.voucherBalance ?? 0;
      const weights = [...state.remaining, state.shipping];
      const d = Math.min(balance, sum(weights));
      const parts = d > 0 ? allocateMinorUnits(d, weights) : weights.map(() => 0);
      const shipping = parts.pop() as number;
      return outcome(ctx.allLines, parts, shipping, [], `voucher balance ${ctx.format(balance)} pays ${ctx.format(d)}, ${ctx.format(balance - d)} left`);
    }
  }
}

/** The effects that work on target lines (`indices`: every line for an order-wide target). */
function targetedEffect(cp: CompiledPromotion, terms: CurrencyTerms, indices: readonly number[], state: CartState, ctx: EffectContext): EffectOutcome {
  const e = cp.promotion.effect;
  switch (e.type) {
    case 'percent-off':
      return percentOff(cp, cp.percent as Percentage, indices, e.basis, terms.cap, state, ctx);
    case 'amount-off':
      return amountOff(terms.amount ?? 0, indices, state, ctx);
    case 'new-price': {
      const price = terms.amount ?? 0;
      const parts = indices.map((i) => Math.max(0, (state.remaining[i] as number) - price * (ctx.subject.lines[i]?.quantity ?? 1)));
      return onLines(indices, capTo(parts, ctx.budgetLeft), `new unit price ${ctx.format(price)}`);
    }
    case 'tiers': {
      const measured = sumAt(e.basis === 'original' ? state.original : state.remaining, indices);
      let best: { from: number; amountOff: number | undefined; percentOff: Percentage | undefined } | undefined;
      for (const tier of terms.tiers) {
        const from = tier.from;
        if (from !== undefined && measured >= from && (best === undefined || from > best.from)) best = { from, amountOff: tier.amountOff, percentOff: tier.percentOff };
      }
      if (best === undefined) {
        const asGiven = e.basis === 'discounted' ? sumAt(state.original, indices) : measured;
        const reachable = terms.tiers.some((t) => t.from !== undefined && asGiven >= t.from);
        if (!reachable) return onLines(NONE, NONE, `${ctx.format(measured)} reaches no tier`);
        return { ...onLines(NONE, NONE, `${ctx.format(measured)} left after earlier promotions reaches no tier (${ctx.format(asGiven)} as given would)`), missedAfterDiscounts: true };
      }
      const reached = `${ctx.format(measured)} reaches the tier from ${ctx.format(best.from)}: `;
      if (best.percentOff !== undefined) return percentOff(cp, best.percentOff, indices, e.basis, undefined, state, ctx, reached);
      return amountOff(best.amountOff ?? 0, indices, state, ctx, reached);
    }
    default:
      throw new Error('unreachable');
  }
}
