// Whether a promotion may apply to a cart at all, before stacking (module-internal).
import type { FactCustomerInput, FactSubject } from '../conditions/subject.js';
import { minorUnitsToDecimal } from '../core/money.js';
import type { CompiledPromotion, CurrencyTerms } from './compiled-promotion.js';
import { usagePeriodKey } from './usage-period.js';

/**
 * Why a promotion did not apply (or a code was refused). Codes a program can switch on; each
 * comes with a message in words.
 *
 * | reason | meaning |
 * | --- | --- |
 * | `UNKNOWN_CODE` | no promotion has this code |
 * | `FORGED` | a signed code whose signature or key is not genuine |
 * | `EXPIRED` | a signed code past its expiry |
 * | `DUPLICATE` | the same code, or a second code of the same promotion, was given twice |
 * | `NOT_ASSIGNED` | the code belongs to another customer |
 * | `NOT_STARTED` / `ENDED` | outside the validity window (program zone) |
 * | `CHANNEL` | not offered in the cart's channel |
 * | `CUSTOMER` | the customer is not among the ids/segments it is for |
 * | `NEW_CUSTOMERS_ONLY` | only for customers without an earlier order |
 * | `CURRENCY` | its amounts do not name the cart's currency (or a voucher holds another currency) |
 * | `MINIMUM_ORDER` | the cart subtotal is below the minimum |
 * | `CONDITIONS` | its eligibility condition does not hold |
 * | `LIMIT_REACHED` | a usage limit is reached (per the usage snapshot given) |
 * | `BUDGET_EXHAUSTED` | its spend budget is used up |
 * | `EXCLUDED` | an exclusive promotion applied before it |
 * | `NOT_ALONE` | it is exclusive and another promotion applied before it |
 * | `GROUP` | another member of its best-of / first-match group won |
 * | `NO_EFFECT` | it would take nothing off this cart (no target line, no tier reached, empty voucher) |
 * | `THRESHOLD_AFTER_DISCOUNTS` | its tier threshold is reached by the cart as given but not by what earlier promotions left (the message names them) |
 *
 * @example
 * ```ts
 * const reason: PromotionSkipReason = 'MINIMUM_ORDER';
 * ```
 */
export type PromotionSkipReason =
  | 'UNKNOWN_CODE'
  | 'FORGED'
  | 'EXPIRED'
  | 'DUPLICATE'
  | 'NOT_ASSIGNED'
  | 'NOT_STARTED'
  | 'ENDED'
  | 'CHANNEL'
  | 'CUSTOMER'
  | 'NEW_CUSTOMERS_ONLY'
  | 'CURRENCY'
  | 'MINIMUM_ORDER'
  | 'CONDITIONS'
  | 'LIMIT_REACHED'
  | 'BUDGET_EXHAUSTED'
  | 'EXCLUDED'
  | 'NOT_ALONE'
  | 'GROUP'
  | 'NO_EFFECT'
  | 'THRESHOLD_AFTER_DISCOUNTS';

/**
 * Usage of one promotion known before checkout (e.g. from the Store's `usageCounts`), so
 * {@link evaluateCart} can tell a shopper a limit is reached. Advisory: the Store re-checks
 * atomically when the usage is reserved.
 *
 * @example
 * ```ts
 * const u: PromotionUsage = { total: 9, customer: 0, codes: { SPR1NG7KQ4: 1 }, spentMinor: { EUR: 45_000 } };
 * ```
 */
export interface PromotionUsage {
  /** Usages so far, everyone. */
  readonly total?: number;
  /** Usages by this customer. */
  readonly customer?: number;
  /** Usages in the current period (see `limits.perPeriod`). */
  readonly period?: number;
  /** Usages per code key. */
  readonly codes?: Readonly<Record<string, number>>;
  /** Discount granted so far per currency, minor units (for the budget). */
  readonly spentMinor?: Readonly<Record<string, number>>;
}

/** Everything eligibility reads. */
export interface EligibilityInput {
  readonly subject: FactSubject;
  readonly customer: FactCustomerInput | undefined;
  readonly now: number;
  readonly timeZone: string;
  readonly currency: string;
  /** The promotion's usage (set per promotion: one input object serves a whole cart). */
  usage: PromotionUsage | undefined;
  /** The key of the code that unlocked the promotion (set per promotion). */
  codeKey: string | undefined;
  readonly exponent: number;
}

/** A refusal with its words. */
export interface Refusal {
  readonly reason: PromotionSkipReason;
  readonly message: string;
}

function fmt(x: EligibilityInput, minor: number): string {
  return minorUnitsToDecimal(minor, x.exponent);
}

/** `undefined` when the promotion may apply; otherwise why not. */
export function refusal(cp: CompiledPromotion, terms: CurrencyTerms, x: EligibilityInput): Refusal | undefined {
  const p = cp.promotion;
  const window = cp.window(x.timeZone);
  if (x.now < window.from) return { reason: 'NOT_STARTED', message: `valid from ${p.validFrom ?? ''} (${x.timeZone})` };
  if (x.now > window.until) return { reason: 'ENDED', message: `valid until ${p.validUntil ?? ''} (${x.timeZone}), now past` };
  if (p.channels !== undefined && !p.channels.includes(x.subject.channel)) {
    return { reason: 'CHANNEL', message: `only in channel(s) ${p.channels.join(', ')}, not ${x.subject.channel}` };
  }
  const c = p.customers;
  if (c !== undefined) {
    const id = x.customer?.id;
    if (c.ids !== undefined && (id === undefined || !c.ids.includes(id))) return { reason: 'CUSTOMER', message: 'reserved for other customers' };
    if (c.segments !== undefined) {
      const segment = x.customer?.attributes?.['segment'];
      const tier = x.customer?.tier;
      const inSegment = (typeof segment === 'string' && c.segments.includes(segment)) || (tier !== undefined && c.segments.includes(tier));
      if (!inSegment) return { reason: 'CUSTOMER', message: `only for segment(s) ${c.segments.join(', ')}` };
    }
    if (c.newCustomersOnly && (x.customer === undefined || (x.customer.stats?.orderCount ?? 0) > 0)) {
      return { reason: 'NEW_CUSTOMERS_ONLY', message: 'only for a first order of a known customer' };
    }
  }
  if (!terms.offered) return { reason: 'CURRENCY', message: `not offered in ${x.currency}` };
  const minimum = terms.minimumOrder;
  if (minimum !== undefined && x.subject.subtotal < minimum) {
    return { reason: 'MINIMUM_ORDER', message: `subtotal ${fmt(x, x.subject.subtotal)} is below the minimum ${fmt(x, minimum)}` };
  }
  const limits = p.limits;
  if (limits.perCustomer !== undefined && x.customer === undefined) {
    return { reason: 'CUSTOMER', message: `limited to ${limits.perCustomer} use(s) per customer: needs a known customer` };
  }
  const u = x.usage;
  if (u !== undefined) {
    if (limits.total !== undefined && (u.total ?? 0) >= limits.total) return { reason: 'LIMIT_REACHED', message: `used ${u.total} of ${limits.total} times` };
    if (limits.perCustomer !== undefined && (u.customer ?? 0) >= limits.perCustomer) {
      return { reason: 'LIMIT_REACHED', message: `this customer used it ${u.customer} of ${limits.perCustomer} times` };
    }
    if (limits.perPeriod !== undefined && (u.period ?? 0) >= limits.perPeriod.max) {
      const key = usagePeriodKey(new Date(x.now), x.timeZone, limits.perPeriod.period);
      return { reason: 'LIMIT_REACHED', message: `used ${u.period} of ${limits.perPeriod.max} times in ${key}` };
    }
    const codeUses = x.codeKey === undefined ? 0 : (u.codes?.[x.codeKey] ?? 0);
    if (limits.perCode !== undefined && codeUses >= limits.perCode) return { reason: 'LIMIT_REACHED', message: `this code was used ${codeUses} of ${limits.perCode} times` };
    const budget = terms.budget;
    if (budget !== undefined && (u.spentMinor?.[x.currency] ?? 0) >= budget) return { reason: 'BUDGET_EXHAUSTED', message: `budget ${fmt(x, budget)} used up` };
  }
  const condition = terms.conditions;
  if (condition === null) return { reason: 'CURRENCY', message: `its conditions cannot be read in ${x.currency}` };
  if (condition !== undefined && !condition.test(x.subject)) return { reason: 'CONDITIONS', message: 'its conditions do not hold for this cart' };
  return undefined;
}

/** Budget left for the promotion in the cart currency (minor units), or undefined without a budget. */
export function budgetLeft(terms: CurrencyTerms, currency: string, usage: PromotionUsage | undefined): number | undefined {
  const budget = terms.budget;
  if (budget === undefined) return undefined;
  return budget - (usage?.spentMinor?.[currency] ?? 0);
}
