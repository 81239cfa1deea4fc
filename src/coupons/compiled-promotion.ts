// The per-promotion work done once and cached (module-internal): normalised codes, conditions
// compiled per currency, amounts in minor units per currency, validity resolved per zone.
import { type CompiledCondition, compileCondition } from '../conditions/compile.js';
import type { Condition } from '../conditions/condition.js';
import { currencyExponent } from '../core/currency.js';
import { Decimal } from '../core/decimal.js';
import { decimalToMinorUnits } from '../core/money.js';
import { endOfLocalDate, startOfLocalDate } from '../core/time.js';
import { normalizeCode } from './code-normalization.js';
import type { Promotion } from './promotion.js';

/** A condition compiled for one currency; `null` when it cannot be (a money value too precise for it). */
type PerCurrency = Map<string, CompiledCondition | null>;

export interface CompiledPromotion {
  readonly promotion: Promotion;
  readonly codeKeys: readonly string[];
  readonly campaign: string;
  readonly campaignKey: string;
  readonly percent: Decimal | undefined;
  /** `percent` as text for notes. */
  readonly percentText: string;
  /** A percentage text as a Decimal, parsed once. */
  decimal(text: string): Decimal;
  /** The percentage as an exact ratio `numerator / denominator` of 1 (12.5 % → 125 / 1000). */
  ratio(percent: Decimal): { readonly numerator: number; readonly denominator: number };
  condition(which: 'conditions' | 'target' | 'buy' | 'get', currency: string): CompiledCondition | null | undefined;
  minor(amounts: Readonly<Record<string, string>> | undefined, currency: string): number | undefined;
  window(zone: string): { readonly from: number; readonly until: number };
}

const cache = new WeakMap<Promotion, CompiledPromotion>();

// Identical conditions (the same JSON in the same currency and scope) share one compiled
// object, so promotions targeting the same category share their per-cart line results.
// Bounded: cleared when it grows past SHARED_LIMIT distinct conditions.
const SHARED_LIMIT = 10_000;
const shared = new Map<string, CompiledCondition | null>();

function sharedCondition(source: Condition, currency: string, scope: 'order' | 'line'): CompiledCondition | null {
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

function sourceOf(p: Promotion, which: 'conditions' | 'target' | 'buy' | 'get'): Condition | undefined {
  const e = p.effect;
  switch (which) {
    case 'conditions':
      return p.conditions;
    case 'target':
      return 'target' in e && e.target !== 'order' ? e.target.lines : undefined;
    case 'buy':
      return e.type === 'buy-x-get-y' ? e.buy.lines : undefined;
    case 'get':
      return e.type === 'buy-x-get-y' ? (e.get.lines ?? e.buy.lines) : undefined;
  }
}

function bound(text: string | undefined, zone: string, end: boolean): number {
  if (text === undefined) return end ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (text.length === 10) return (end ? endOfLocalDate(text, zone) : startOfLocalDate(text, zone)).getTime();
  return new Date(text).getTime();
}

/** The cached compiled form of a promotion. */
export function compilePromotion(p: Promotion): CompiledPromotion {
  const hit = cache.get(p);
  if (hit !== undefined) return hit;
  const compiled = new Map<string, PerCurrency>();
  const windows = new Map<string, { from: number; until: number }>();
  const decimals = new Map<string, Decimal>();
  const ratios = new WeakMap<Decimal, { numerator: number; denominator: number }>();
  const minors = new WeakMap<object, Map<string, number | undefined>>();
  const campaign = p.campaign ?? p.id;
  const e = p.effect;
  const result: CompiledPromotion = {
    promotion: p,
    codeKeys: p.codes.map(normalizeCode),
    campaign,
    campaignKey: normalizeCode(campaign),
    percent: e.type === 'percent-off' ? new Decimal(e.percent) : e.type === 'buy-x-get-y' ? new Decimal(e.get.percent) : undefined,
    percentText: e.type === 'percent-off' ? new Decimal(e.percent).toString() : e.type === 'buy-x-get-y' ? new Decimal(e.get.percent).toString() : '',
    decimal(text) {
      let d = decimals.get(text);
      if (d === undefined) decimals.set(text, (d = new Decimal(text)));
      return d;
    },
    ratio(percent) {
      let r = ratios.get(percent);
      if (r === undefined) {
        const places = percent.decimalPlaces();
        r = { numerator: percent.times(10 ** places).toNumber(), denominator: 100 * 10 ** places };
        ratios.set(percent, r);
      }
      return r;
    },
    condition(which, currency) {
      const source = sourceOf(p, which);
      if (source === undefined) return undefined;
      let byCurrency = compiled.get(which);
      if (byCurrency === undefined) compiled.set(which, (byCurrency = new Map()));
      let c = byCurrency.get(currency);
      if (c === undefined) {
        c = sharedCondition(source, currency, which === 'conditions' ? 'order' : 'line');
        byCurrency.set(currency, c);
      }
      return c;
    },
    minor(amounts, currency) {
      if (amounts === undefined) return undefined;
      let byCurrency = minors.get(amounts);
      if (byCurrency === undefined) minors.set(amounts, (byCurrency = new Map()));
      if (!byCurrency.has(currency)) {
        const text = amounts[currency];
        byCurrency.set(currency, text === undefined ? undefined : decimalToMinorUnits(text, currencyExponent(currency)));
      }
      return byCurrency.get(currency);
    },
    window(zone) {
      let w = windows.get(zone);
      if (w === undefined) {
        w = { from: bound(p.validFrom, zone, false), until: bound(p.validUntil, zone, true) };
        windows.set(zone, w);
      }
      return w;
    },
  };
  cache.set(p, result);
  return result;
}
