// What each effect type takes off a cart in its current state (module-internal). Every amount
// is an integer of minor units; every line part is ≤ what is left on that line, so no line or
// shipping total ever goes below zero, and the parts of one effect sum exactly to its total.
import type { CompiledCondition } from '../conditions/compile.js';
import type { FactSubject } from '../conditions/subject.js';
import { Decimal, roundDecimal, roundRatio } from '../core/decimal.js';
import { allocateMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import type { CompiledPromotion } from './compiled-promotion.js';

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
  /** All zeros, one per line: shared by outcomes that take nothing off the lines (never mutated). */
  readonly none: readonly number[];
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
  /** Per line, in cart line order. */
  readonly lines: readonly number[];
  /** Off shipping. */
  readonly shipping: number;
  /** Items added. */
  readonly gifts: readonly GiftItem[];
  /** Worth to the shopper (lines + shipping + declared gift value), for best-of. */
  readonly value: number;
  /** What happened, in words. */
  readonly note: string;
}

/** Inputs an effect may read besides the state. */
export interface EffectContext {
  readonly subject: FactSubject;
  readonly currency: string;
  /** Remaining spend budget of the promotion (minor units), if it has one. */
  readonly budgetLeft: number | undefined;
  /** Voucher balance presented with the code (minor units), for `voucher`. */
  readonly voucherBalance: number | undefined;
  /** Minor-unit digits of the currency (for notes). */
  readonly exponent: number;
}

function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

function fmt(ctx: EffectContext, minor: number): string {
  return minorUnitsToDecimal(minor, ctx.exponent);
}

// Target lines depend only on the cart as given (conditions never read discounts): computed
// once per compiled condition and cart, shared by every promotion with the same condition.
const targetCache = new WeakMap<object, Map<CompiledCondition | null, number[]>>();

function targetLines(cp: CompiledPromotion, which: 'target' | 'buy' | 'get', ctx: EffectContext): number[] {
  const condition = cp.condition(which, ctx.currency);
  if (condition === undefined) return ctx.subject.lines.map((l) => l.index);
  let perSubject = targetCache.get(ctx.subject);
  if (perSubject === undefined) targetCache.set(ctx.subject, (perSubject = new Map()));
  const hit = perSubject.get(condition);
  if (hit !== undefined) return hit;
  const computed = computeTargetLines(condition, ctx);
  perSubject.set(condition, computed);
  return computed;
}

function computeTargetLines(condition: CompiledCondition | null, ctx: EffectContext): number[] {
  const out: number[] = [];
  if (condition === null) return out;
  for (const line of ctx.subject.lines) if (condition.test(ctx.subject, line)) out.push(line.index);
  return out;
}

/** Scale per-line parts down to `limit` (the budget), keeping them exact and within each part. */
function capTo(parts: number[], limit: number | undefined): number[] {
  if (limit === undefined) return parts;
  const total = sum(parts);
  if (total <= limit) return parts;
  return allocateMinorUnits(Math.max(0, limit), parts);
}

/** Spread `amount` over `indices` by `weights`, falling back to what is left per line if a part would exceed it. */
function spread(amount: number, indices: readonly number[], weights: readonly number[], state: CartState): number[] {
  const lines = new Array<number>(state.remaining.length).fill(0);
  if (amount <= 0 || indices.length === 0) return lines;
  let parts = sum(weights) > 0 ? allocateMinorUnits(amount, weights) : undefined;
  if (parts === undefined || parts.some((p, k) => p > (state.remaining[indices[k] as number] as number))) {
    parts = allocateMinorUnits(amount, indices.map((i) => state.remaining[i] as number));
  }
  parts.forEach((p, k) => {
    lines[indices[k] as number] = p;
  });
  return lines;
}

/** `base × percent / 100` rounded once with the promotion's mode (exact integers when they fit). */
function rounded(base: number, percent: Decimal, cp: CompiledPromotion, quantity = 1): number {
  const { numerator, denominator } = cp.ratio(percent);
  const product = base * numerator;
  if (Number.isSafeInteger(product) && Number.isSafeInteger(denominator * quantity)) {
    return roundRatio(product, denominator * quantity, cp.promotion.rounding);
  }
  return roundDecimal(new Decimal(base).times(percent).dividedBy(100 * quantity), 0, cp.promotion.rounding).toNumber();
}

function percentOff(
  cp: CompiledPromotion,
  percent: Decimal,
  indices: readonly number[],
  basis: 'original' | 'discounted',
  cap: number | undefined,
  state: CartState,
  ctx: EffectContext,
): { lines: number[]; note: string } {
  const weights = indices.map((i) => (basis === 'original' ? (state.original[i] as number) : (state.remaining[i] as number)));
  const left = sum(indices.map((i) => state.remaining[i] as number));
  let amount = rounded(sum(weights), percent, cp);
  let note = `${percent === cp.percent ? cp.percentText : percent.toString()} % of ${fmt(ctx, sum(weights))} (${basis}) = ${fmt(ctx, amount)}`;
  if (cap !== undefined && amount > cap) {
    amount = cap;
    note += `, capped at ${fmt(ctx, cap)}`;
  }
  if (ctx.budgetLeft !== undefined && amount > ctx.budgetLeft) {
    amount = Math.max(0, ctx.budgetLeft);
    note += `, limited by the remaining budget ${fmt(ctx, amount)}`;
  }
  amount = Math.min(amount, left);
  return { lines: spread(amount, indices, weights, state), note };
}

function amountOff(amount: number, indices: readonly number[], state: CartState, ctx: EffectContext): { lines: number[]; note: string } {
  const left = sum(indices.map((i) => state.remaining[i] as number));
  let d = Math.min(amount, left);
  let note = `${fmt(ctx, amount)} off ${fmt(ctx, left)}`;
  if (ctx.budgetLeft !== undefined && d > ctx.budgetLeft) {
    d = Math.max(0, ctx.budgetLeft);
    note += `, limited by the remaining budget ${fmt(ctx, d)}`;
  }
  return { lines: spread(d, indices, indices.map((i) => state.remaining[i] as number), state), note };
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

function runsOf(indices: readonly number[], state: CartState, ctx: EffectContext): Run[] {
  const out: Run[] = [];
  for (const index of indices) out.push({ index, unit: (state.remaining[index] as number) / (ctx.subject.lines[index]?.quantity ?? 1) });
  return out;
}

/** Take `n` units in `order` (most wanted first) from `available`; undefined (and nothing taken) if too few. */
function take(order: readonly Run[], n: number, available: number[]): Array<[number, number]> | undefined {
  const taken: Array<[number, number]> = [];
  let need = n;
  for (const r of order) {
    if (need === 0) break;
    const a = available[r.index] as number;
    const k = a < need ? a : need;
    if (k > 0) {
      taken.push([r.index, k]);
      available[r.index] = a - k;
      need -= k;
    }
  }
  if (need > 0) {
    giveBack(taken, available);
    return undefined;
  }
  return taken;
}

function giveBack(taken: ReadonlyArray<readonly [number, number]>, available: number[]): void {
  for (const [i, k] of taken) available[i] = (available[i] as number) + k;
}

function buyXGetY(cp: CompiledPromotion, state: CartState, ctx: EffectContext): { lines: number[]; note: string } {
  const e = cp.promotion.effect;
  if (e.type !== 'buy-x-get-y') throw new Error('unreachable');
  const available = ctx.subject.lines.map((l) => l.quantity);
  const buy = runsOf(targetLines(cp, 'buy', ctx), state, ctx).sort(byValueDesc);
  const get = runsOf(targetLines(cp, 'get', ctx), state, ctx).sort(e.free === 'cheapest' ? byValueAsc : byValueDesc);
  const free = new Array<number>(state.remaining.length).fill(0);
  let applications = 0;
  let units = 0;
  while (e.maxApplications === undefined || applications < e.maxApplications) {
    const gotten = take(get, e.get.quantity, available);
    if (gotten === undefined) break;
    if (take(buy, e.buy.quantity, available) === undefined) {
      giveBack(gotten, available);
      break;
    }
    for (const [i, k] of gotten) free[i] = (free[i] as number) + k;
    units += e.get.quantity;
    applications += 1;
  }
  const lines = new Array<number>(state.remaining.length).fill(0);
  const percent = cp.percent ?? new Decimal(100);
  for (let i = 0; i < free.length; i++) {
    const k = free[i] as number;
    if (k === 0) continue;
    // k of the line's q units at `percent` off: remaining × k / q × percent / 100, rounded once per line.
    const left = state.remaining[i] as number;
    lines[i] = Math.min(left, rounded(left * k, percent, cp, ctx.subject.lines[i]?.quantity ?? 1));
  }
  return {
    lines: capTo(lines, ctx.budgetLeft),
    note: `${applications} application(s) of buy ${e.buy.quantity} get ${e.get.quantity}: ${units} unit(s) at ${cp.percentText} % off`,
  };
}

function outcome(lines: readonly number[], shipping: number, gifts: readonly GiftItem[], note: string, extra = 0): EffectOutcome {
  return { lines, shipping, gifts, value: sum(lines) + shipping + extra, note };
}

function zeros(state: CartState): number[] {
  return new Array<number>(state.remaining.length).fill(0);
}

/** What the promotion's effect takes off the cart in `state`. */
export function computeEffect(cp: CompiledPromotion, state: CartState, ctx: EffectContext): EffectOutcome {
  const e = cp.promotion.effect;
  // A line-targeted effect with no target line in this cart: nothing to compute.
  if ((e.type === 'percent-off' || e.type === 'amount-off' || e.type === 'new-price' || e.type === 'tiers') && e.target !== 'order') {
    if (targetLines(cp, 'target', ctx).length === 0) return outcome(state.none, 0, [], 'no line of this cart is targeted');
  }
  switch (e.type) {
    case 'percent-off': {
      const r = percentOff(cp, cp.percent as Decimal, targetLines(cp, 'target', ctx), e.basis, cp.minor(e.cap, ctx.currency), state, ctx);
      return outcome(r.lines, 0, [], r.note);
    }
    case 'amount-off': {
      const r = amountOff(cp.minor(e.amount, ctx.currency) ?? 0, targetLines(cp, 'target', ctx), state, ctx);
      return outcome(r.lines, 0, [], r.note);
    }
    case 'new-price': {
      const price = cp.minor(e.price, ctx.currency) ?? 0;
      const lines = zeros(state);
      for (const i of targetLines(cp, 'target', ctx)) {
        lines[i] = Math.max(0, (state.remaining[i] as number) - price * (ctx.subject.lines[i]?.quantity ?? 1));
      }
      return outcome(capTo(lines, ctx.budgetLeft), 0, [], `new unit price ${fmt(ctx, price)}`);
    }
    case 'buy-x-get-y': {
      const r = buyXGetY(cp, state, ctx);
      return outcome(r.lines, 0, [], r.note);
    }
    case 'free-shipping': {
      const cap = cp.minor(e.cap, ctx.currency);
      let d = cap === undefined ? state.shipping : Math.min(state.shipping, cap);
      if (ctx.budgetLeft !== undefined) d = Math.min(d, Math.max(0, ctx.budgetLeft));
      return outcome(state.none, d, [], `shipping ${fmt(ctx, state.shipping)} → ${fmt(ctx, state.shipping - d)}`);
    }
    case 'gift': {
      const gift: GiftItem = { sku: e.sku, quantity: e.quantity, ...(e.name === undefined ? {} : { name: e.name }) };
      const value = cp.minor(e.value, ctx.currency) ?? 0;
      return outcome(state.none, 0, [gift], `adds ${e.quantity} × ${e.name ?? e.sku}`, value * e.quantity);
    }
    case 'tiers': {
      const indices = targetLines(cp, 'target', ctx);
      const measured = sum(indices.map((i) => (e.basis === 'original' ? (state.original[i] as number) : (state.remaining[i] as number))));
      let best: { from: number; tier: (typeof e.tiers)[number] } | undefined;
      for (const tier of e.tiers) {
        const from = cp.minor(tier.from, ctx.currency);
        if (from !== undefined && measured >= from && (best === undefined || from > best.from)) best = { from, tier };
      }
      if (best === undefined) return outcome(state.none, 0, [], `${fmt(ctx, measured)} reaches no tier`);
      const reached = `${fmt(ctx, measured)} reaches the tier from ${fmt(ctx, best.from)}: `;
      if (best.tier.percentOff !== undefined) {
        const r = percentOff(cp, cp.decimal(best.tier.percentOff), indices, e.basis, undefined, state, ctx);
        return outcome(r.lines, 0, [], reached + r.note);
      }
      const r = amountOff(cp.minor(best.tier.amountOff, ctx.currency) ?? 0, indices, state, ctx);
      return outcome(r.lines, 0, [], reached + r.note);
    }
    case 'voucher': {
      const balance = ctx.voucherBalance ?? 0;
      const indices = state.remaining.map((_, i) => i);
      const weights = [...state.remaining, state.shipping];
      const d = Math.min(balance, sum(weights));
      const parts = d > 0 ? allocateMinorUnits(d, weights) : weights.map(() => 0);
      const lines = indices.map((i) => parts[i] as number);
      const shipping = parts[indices.length] as number;
      return outcome(lines, shipping, [], `voucher balance ${fmt(ctx, balance)} pays ${fmt(ctx, d)}, ${fmt(ctx, balance - d)} left`);
    }
  }
}
