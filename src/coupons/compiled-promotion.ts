// The per-promotion work done once and cached (module-internal): normalised codes, validity
// resolved per zone, and per currency the amounts in minor units and the compiled conditions.
import { type CompiledCondition, compileCondition } from '../conditions/compile.js';
import type { Condition } from '../conditions/condition.js';
import { currencyExponent } from '../core/currency.js';
import { Decimal } from '../core/decimal.js';
import { decimalToMinorUnits } from '../core/money.js';
import { endOfLocalDate, startOfLocalDate } from '../core/time.js';
import { normalizeCode } from './code-normalization.js';
import type { Promotion } from './promotion.js';

/** A percentage ready for exact integer arithmetic: 12.5 % → 125 / 1000 of 1. */
export interface Percentage {
  /** The percentage (12.5). */
  readonly decimal: Decimal;
  /** As notes print it. */
  readonly text: string;
  /** `numerator / denominator` = decimal / 100. */
  readonly numerator: number;
  readonly denominator: number;
}

/** One tier of a `tiers` effect in a currency. */
export interface TierTerms {
  readonly from: number | undefined;
  readonly amountOff: number | undefined;
  readonly percentOff: Percentage | undefined;
}

/**
 * What a promotion says in one currency: amounts in minor units (undefined when the
 * definition does not name the currency), conditions compiled for it (`null` when one cannot
 * be read in it, undefined when there is none: every line).
 */
export interface CurrencyTerms {
  /** Whether its amounts name the currency at all (else it is refused with `CURRENCY`). */
  readonly offered: boolean;
  readonly minimumOrder: number | undefined;
  readonly budget: number | undefined;
  /** The eligibility condition (order scope). */
  readonly conditions: CompiledCondition | null | undefined;
  /** Target lines of percent-off, amount-off, new-price and tiers (line scope). */
  readonly target: CompiledCondition | null | undefined;
  /** Buy X get Y: lines that count as bought, and lines that may be given. */
  readonly buy: CompiledCondition | null | undefined;
  readonly get: CompiledCondition | null | undefined;
  /** Percent-off and free-shipping cap. */
  readonly cap: number | undefined;
  /** Amount-off amount, new-price unit price, or gift value. */
  readonly amount: number | undefined;
  readonly tiers: readonly TierTerms[];
}

export interface CompiledPromotion {
  readonly promotion: Promotion;
  readonly codeKeys: readonly string[];
  readonly campaign: string;
  readonly campaignKey: string;
  /** Percent-off percentage, or buy-X-get-Y's percentage off the given units. */
  readonly percent: Percentage | undefined;
  /** The terms in `currency`, built on first use. */
  terms(currency: string): CurrencyTerms;
  /** The validity window in `zone`, epoch milliseconds. */
  window(zone: string): { readonly from: number; readonly until: number };
}

const cache = new WeakMap<Promotion, CompiledPromotion>();

// Identical conditions (the same JSON in the same currency and scope) share one compiled
// object, so promotions targeting the same category share their per-cart line results.
// Bounded: cleared when it grows past SHARED_LIMIT distinct conditions.
const SHARED_LIMIT = 10_000;
const shared = new Map<string, CompiledCondition | null>();

function sharedCondition(source: Condition | undefined, currency: string, scope: 'order' | 'line'): CompiledCondition | null | undefined {
  if (source === undefined) return undefined;
  const key = `${currency}\u0000${scope}\u0000${JSON.stringify(source)}`;
  let c = shared.get(key);
  if (c === undefined) {
    try {
      c = compileCondition(source, { currency, scope });
    } catch {
      c = null;
    }
    if (shared.size >= SHARED_LIMIT) shared.clear();
    shared.set(key, c);
  }
  return c;
}

function percentage(text: string): Percentage {
  const decimal = new Decimal(text);
  const places = decimal.decimalPlaces();
  return { decimal, text: decimal.toString(), numerator: decimal.times(10 ** places).toNumber(), denominator: 100 * 10 ** places };
}

function bound(text: string | undefined, zone: string, end: boolean): number {
  if (text === undefined) return end ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (text.length === 10) return (end ? endOfLocalDate(text, zone) : startOfLocalDate(text, zone)).getTime();
  return new Date(text).getTime();
}

function has(m: Readonly<Record<string, string>> | undefined, currency: string): boolean {
  return m === undefined || m[currency] !== undefined;
}

function offersCurrency(p: Promotion, currency: string): boolean {
  const e = p.effect;
  if (!has(p.minimumOrder, currency) || !has(p.limits.budget, currency)) return false;
  switch (e.type) {
    case 'percent-off':
    case 'free-shipping':
      return has(e.cap, currency);
    case 'amount-off':
      return e.amount[currency] !== undefined;
    case 'new-price':
      return e.price[currency] !== undefined;
    case 'tiers':
      return e.tiers.some((t) => t.from[currency] !== undefined);
    case 'gift':
    case 'buy-x-get-y':
    case 'voucher':
      return true;
  }
}

function termsIn(p: Promotion, currency: string): CurrencyTerms {
  const exponent = currencyExponent(currency);
  const minor = (amounts: Readonly<Record<string, string>> | undefined): number | undefined => {
    const text = amounts?.[currency];
    return text === undefined ? undefined : decimalToMinorUnits(text, exponent);
  };
  const e = p.effect;
  const target = 'target' in e && e.target !== 'order' ? e.target.lines : undefined;
  const buy = e.type === 'buy-x-get-y' ? e.buy.lines : undefined;
  const get = e.type === 'buy-x-get-y' ? (e.get.lines ?? e.buy.lines) : undefined;
  return {
    offered: offersCurrency(p, currency),
    minimumOrder: minor(p.minimumOrder),
    budget: minor(p.limits.budget),
    conditions: sharedCondition(p.conditions, currency, 'order'),
    target: sharedCondition(target, currency, 'line'),
    buy: sharedCondition(buy, currency, 'line'),
    get: sharedCondition(get, currency, 'line'),
    cap: e.type === 'percent-off' || e.type === 'free-shipping' ? minor(e.cap) : undefined,
    amount: e.type === 'amount-off' ? minor(e.amount) : e.type === 'new-price' ? minor(e.price) : e.type === 'gift' ? minor(e.value) : undefined,
    tiers:
      e.type === 'tiers'
        ? e.tiers.map((t) => ({ from: minor(t.from), amountOff: minor(t.amountOff), percentOff: t.percentOff === undefined ? undefined : percentage(t.percentOff) }))
        : [],
  };
}

/** Remember the answer for the last key (one zone or currency is the common case) and the others in a map. */
function memo<V>(build: (key: string) => V): (key: string) => V {
  const all = new Map<string, V>();
  let lastKey: string | undefined;
  let lastValue: V | undefined;
  return (key) => {
    if (key === lastKey) return lastValue as V;
    let v = all.get(key);
    if (v === undefined) all.set(key, (v = build(key)));
    lastKey = key;
    lastValue = v;
    return v;
  };
}

/** The cached compiled form of a promotion. */
export function compilePromotion(p: Promotion): CompiledPromotion {
  const hit = cache.get(p);
  if (hit !== undefined) return hit;
  const campaign = p.campaign ?? p.id;
  const e = p.effect;
  const result: CompiledPromotion = {
    promotion: p,
    codeKeys: p.codes.map(normalizeCode),
    campaign,
    campaignKey: normalizeCode(campaign),
    percent: e.type === 'percent-off' ? percentage(e.percent) : e.type === 'buy-x-get-y' ? percentage(e.get.percent) : undefined,
    terms: memo((currency) => termsIn(p, currency)),
    window: memo((zone) => ({ from: bound(p.validFrom, zone, false), until: bound(p.validUntil, zone, true) })),
  };
  cache.set(p, result);
  return result;
}
