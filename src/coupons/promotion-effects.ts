// What each effect type takes off a cart in its current state (module-internal). Every amount
// is an integer of minor units; every line part is ≤ what is left on that line, so no line or
// shipping total ever goes below zero, and the parts of one effect sum exactly to its total.
import type { FactSubject } from '../conditions/subject.js';
import { roundDecimal, Decimal } from '../core/decimal.js';
import { allocateMinorUnits } from '../core/money.js';
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
  /** Formats minor units for notes. */
  readonly format: (minor: number) => string;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function targetLines(cp: CompiledPromotion, which: 'target' | 'buy' | 'get', ctx: EffectContext): number[] {
  const condition = cp.condition(which, ctx.currency);
  const out: number[] = [];
  for (const line of ctx.subject.lines) {
    if (condition === undefined || (condition !== null && condition.test(ctx.subject, line))) out.push(line.index);
  }
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

function rounded(base: number, percent: Decimal, cp: CompiledPromotion): number {
  return roundDecimal(new Decimal(base).times(percent).dividedBy(100), 0, cp.promotion.rounding).toNumber();
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
  let note = `${percent.toString()} % of ${ctx.format(sum(weights))} (${basis}) = ${ctx.format(amount)}`;
  if (cap !== undefined && amount > cap) {
    amount = cap;
    note += `, capped at ${ctx.format(cap)}`;
  }
  if (ctx.budgetLeft !== undefined && amount > ctx.budgetLeft) {
    amount = Math.max(0, ctx.budgetLeft);
    note += `, limited by the remaining budget ${ctx.format(amount)}`;
  }
  amount = Math.min(amount, left);
  return { lines: spread(amount, indices, weights, state), note };
}

function amountOff(amount: number, indices: readonly number[], state: CartState, ctx: EffectContext): { lines: number[]; note: string } {
  const left = sum(indices.map((i) => state.remaining[i] as number));
  let d = Math.min(amount, left);
  let note = `${ctx.format(amount)} off ${ctx.format(left)}`;
  if (ctx.budgetLeft !== undefined && d > ctx.budgetLeft) {
    d = Math.max(0, ctx.budgetLeft);
    note += `, limited by the remaining budget ${ctx.format(d)}`;
  }
  return { lines: spread(d, indices, indices.map((i) => state.remaining[i] as number), state), note };
}

/** A run of units of one line at one unit value. */
interface Run {
  readonly index: number;
  readonly unit: number;
  available: number;
}

function buyXGetY(cp: CompiledPromotion, state: CartState, ctx: EffectContext): { lines: number[]; note: string } {
  const e = cp.promotion.effect;
  if (e.type !== 'buy-x-get-y') throw new Error('unreachable');
  const qty = (i: number): number => ctx.subject.lines[i]?.quantity ?? 1;
  const unit = (i: number): number => (state.remaining[i] as number) / qty(i);
  const available = new Map<number, number>();
  const runs = (indices: readonly number[]): Run[] =>
    indices.map((index) => {
      available.set(index, qty(index));
      return { index, unit: unit(index), available: 0 };
    });
  const byValueDesc = (a: Run, b: Run): number => b.unit - a.unit || a.index - b.index;
  const byValueAsc = (a: Run, b: Run): number => a.unit - b.unit || a.index - b.index;
  const buy = runs(targetLines(cp, 'buy', ctx)).sort(byValueDesc);
  const get = runs(targetLines(cp, 'get', ctx)).sort(e.free === 'cheapest' ? byValueAsc : byValueDesc);
  const free = new Map<number, number>();
  // Take `n` units in `order`, most wanted first; returns what was taken (or undefined if too few).
  const take = (order: readonly Run[], n: number): Array<[number, number]> | undefined => {
    const taken: Array<[number, number]> = [];
    let need = n;
    for (const r of order) {
      if (need === 0) break;
      const a = available.get(r.index) ?? 0;
      const k = Math.min(a, need);
      if (k > 0) {
        taken.push([r.index, k]);
        available.set(r.index, a - k);
        need -= k;
      }
    }
    if (need > 0) {
      for (const [i, k] of taken) available.set(i, (available.get(i) ?? 0) + k);
      return undefined;
    }
    return taken;
  };
  let applications = 0;
  while (e.maxApplications === undefined || applications < e.maxApplications) {
    const gotten = take(get, e.get.quantity);
    if (gotten === undefined) break;
    const bought = take(buy, e.buy.quantity);
    if (bought === undefined) {
      for (const [i, k] of gotten) available.set(i, (available.get(i) ?? 0) + k);
      break;
    }
    for (const [i, k] of gotten) free.set(i, (free.get(i) ?? 0) + k);
    applications += 1;
  }
  const lines = new Array<number>(state.remaining.length).fill(0);
  const percent = cp.percent ?? new Decimal(100);
  for (const [i, k] of free) {
    // k of the line's q units at `percent` off: remaining × k / q × percent / 100, rounded once per line.
    const exact = new Decimal(state.remaining[i] as number).times(k).dividedBy(qty(i)).times(percent).dividedBy(100);
    lines[i] = Math.min(state.remaining[i] as number, roundDecimal(exact, 0, cp.promotion.rounding).toNumber());
  }
  const units = [...free.values()].reduce((a, b) => a + b, 0);
  const capped = capTo(lines, ctx.budgetLeft);
  return { lines: capped, note: `${applications} application(s) of buy ${e.buy.quantity} get ${e.get.quantity}: ${units} unit(s) at ${percent.toString()} % off` };
}

/** What the promotion's effect takes off the cart in `state`. */
export function computeEffect(cp: CompiledPromotion, state: CartState, ctx: EffectContext): EffectOutcome {
  const e = cp.promotion.effect;
  const none = new Array<number>(state.remaining.length).fill(0);
  const done = (lines: readonly number[], shipping: number, gifts: readonly GiftItem[], note: string, extra = 0): EffectOutcome => ({
    lines,
    shipping,
    gifts,
    value: sum(lines) + shipping + extra,
    note,
  });
  switch (e.type) {
    case 'percent-off': {
      const r = percentOff(cp, cp.percent as Decimal, targetLines(cp, 'target', ctx), e.basis, cp.minor(e.cap, ctx.currency), state, ctx);
      return done(r.lines, 0, [], r.note);
    }
    case 'amount-off': {
      const r = amountOff(cp.minor(e.amount, ctx.currency) ?? 0, targetLines(cp, 'target', ctx), state, ctx);
      return done(r.lines, 0, [], r.note);
    }
    case 'new-price': {
      const price = cp.minor(e.price, ctx.currency) ?? 0;
      const lines = [...none];
      for (const i of targetLines(cp, 'target', ctx)) {
        lines[i] = Math.max(0, (state.remaining[i] as number) - price * (ctx.subject.lines[i]?.quantity ?? 1));
      }
      return done(capTo(lines, ctx.budgetLeft), 0, [], `new unit price ${ctx.format(price)}`);
    }
    case 'buy-x-get-y': {
      const r = buyXGetY(cp, state, ctx);
      return done(r.lines, 0, [], r.note);
    }
    case 'free-shipping': {
      const cap = cp.minor(e.cap, ctx.currency);
      let d = cap === undefined ? state.shipping : Math.min(state.shipping, cap);
      if (ctx.budgetLeft !== undefined) d = Math.min(d, Math.max(0, ctx.budgetLeft));
      return done(none, d, [], `shipping ${ctx.format(state.shipping)} → ${ctx.format(state.shipping - d)}`);
    }
    case 'gift': {
      const gift: GiftItem = { sku: e.sku, quantity: e.quantity, ...(e.name === undefined ? {} : { name: e.name }) };
      const value = cp.minor(e.value, ctx.currency) ?? 0;
      return done(none, 0, [gift], `adds ${e.quantity} × ${e.name ?? e.sku}`, value * e.quantity);
    }
    case 'tiers': {
      const indices = targetLines(cp, 'target', ctx);
      const measured = sum(indices.map((i) => (e.basis === 'original' ? (state.original[i] as number) : (state.remaining[i] as number))));
      let best: { from: number; tier: (typeof e.tiers)[number] } | undefined;
      for (const tier of e.tiers) {
        const from = cp.minor(tier.from, ctx.currency);
        if (from !== undefined && measured >= from && (best === undefined || from > best.from)) best = { from, tier };
      }
      if (best === undefined) return done(none, 0, [], `${ctx.format(measured)} reaches no tier`);
      const reached = `${ctx.format(measured)} reaches the tier from ${ctx.format(best.from)}: `;
      if (best.tier.percentOff !== undefined) {
        const r = percentOff(cp, new Decimal(best.tier.percentOff), indices, e.basis, undefined, state, ctx);
        return done(r.lines, 0, [], reached + r.note);
      }
      const r = amountOff(cp.minor(best.tier.amountOff, ctx.currency) ?? 0, indices, state, ctx);
      return done(r.lines, 0, [], reached + r.note);
    }
    case 'voucher': {
      const balance = ctx.voucherBalance ?? 0;
      const indices = state.remaining.map((_, i) => i);
      const weights = [...state.remaining, state.shipping];
      const d = Math.min(balance, sum(weights));
      const parts = d > 0 ? allocateMinorUnits(d, weights) : weights.map(() => 0);
      const lines = indices.map((i) => parts[i] as number);
      const shipping = parts[indices.length] as number;
      return done(lines, shipping, [], `voucher balance ${ctx.format(balance)} pays ${ctx.format(d)}, ${ctx.format(balance - d)} left`);
    }
  }
}
