import { FidelisError } from '../core/errors.js';
import { currencyExponent } from '../core/currency.js';
import { roundDecimal } from '../core/decimal.js';
import { Money, decimalToMinorUnits } from '../core/money.js';
import { type LocalParts, formatLocalDate, localParts } from '../core/time.js';
import type { FactAttribute, FactCustomerInput, FactLineInput, FactOrderInput, FactSubjectInput } from './subject-input.js';

// The input shapes live in subject-input.ts; re-exported here for importers of this file.
export type { FactAttribute, FactCustomerInput, FactLineInput, FactOrderInput, FactSubjectInput } from './subject-input.js';

/**
 * One line's facts, precomputed: amounts in integer minor units of the order currency.
 *
 * @example
 * ```ts
 * const line: LineFacts = createFactSubject({ order, timeZone: 'Europe/Paris' }).lines[0]!;
 * line.lineTotal; // 900 for 2 × 4.50 EUR
 * ```
 */
export interface LineFacts {
  /** Line id. */
  readonly id: string;
  /** Index of the line in the order. */
  readonly index: number;
  /** SKU. */
  readonly sku: string;
  /** Categories (empty when none). */
  readonly categories: readonly string[];
  /** Brand (empty string when none). */
  readonly brand: string;
  /** Units. */
  readonly quantity: number;
  /** Unit price in minor units. */
  readonly unitPrice: number;
  /** quantity × unitPrice in minor units. */
  readonly grossTotal: number;
  /** Line discount in minor units. */
  readonly discount: number;
  /** grossTotal − discount in minor units (never below zero). */
  readonly lineTotal: number;
  /** Free attributes. */
  readonly attributes: Readonly<Record<string, FactAttribute>>;
}

/**
 * Local calendar facts of an instant in a zone.
 *
 * @example
 * ```ts
 * const l: LocalFacts = createFactSubject({ order, timeZone: 'Europe/Paris' }).orderLocal;
 * l.weekday; // 6 on a Saturday
 * ```
 */
export interface LocalFacts {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  readonly weekday: number;
  /** Hour 0–23. */
  readonly hour: number;
  /** `HH:MM`. */
  readonly time: string;
  /** Month 1–12. */
  readonly month: number;
  /** `MM-DD`. */
  readonly monthDay: string;
  /** The local parts, to the minute. */
  readonly parts: Omit<LocalParts, 'second'>;
}

const EMPTY: Readonly<Record<string, FactAttribute>> = Object.freeze({});

/**
 * The most lines {@link FactSubject.linesWith} answers as a bit mask (31: masks stay small
 * non-negative integers).
 *
 * @example
 * ```ts
 * MAX_MASKED_LINES; // 31
 * ```
 */
export const MAX_MASKED_LINES = 31;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// Local facts per (zone, UTC minute): zone offsets only change on whole minutes, so every
// instant of one minute has the same local date, weekday, hour and minute. Small and bounded.
const localCache = new Map<string, LocalFacts>();
const LOCAL_CACHE_SIZE = 512;

// The last answer, checked before building the map key: consecutive evaluations of one shop's
// checkouts usually fall in the same zone and minute.
let last: { zone: string; minute: number; facts: LocalFacts } | undefined;

function localFacts(at: Date, zone: string): LocalFacts {
  const minute = Math.floor(at.getTime() / 60_000);
  if (last !== undefined && last.minute === minute && last.zone === zone) return last.facts;
  const key = `${zone}|${minute}`;
  let facts = localCache.get(key);
  if (facts === undefined) {
    facts = computeLocalFacts(at, zone);
    if (localCache.size >= LOCAL_CACHE_SIZE) localCache.clear();
    localCache.set(key, facts);
  }
  last = { zone, minute, facts };
  return facts;
}

function computeLocalFacts(at: Date, zone: string): LocalFacts {
  const { second: _second, ...parts } = localParts(at, zone);
  return {
    date: formatLocalDate(parts),
    weekday: parts.weekday,
    hour: parts.hour,
    time: `${pad2(parts.hour)}:${pad2(parts.minute)}`,
    month: parts.month,
    monthDay: `${pad2(parts.month)}-${pad2(parts.day)}`,
    parts,
  };
}

function minor(text: string | undefined, exponent: number, currency: string, field: string): number {
  if (text === undefined) return 0;
  const n = decimalToMinorUnits(text, exponent);
  if (n !== undefined) return n;
  // Money.of throws the precise error (malformed, too precise); anything else is too large.
  Money.of(text, currency, field);
  throw new FidelisError('VALIDATION_FAILED', `${field}: ${text} is too large`, {
    issues: [{ path: field, message: `${text} is too large` }],
  });
}

const DAY_MS = 86_400_000;
const dayNumber = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY_MS;

function birthdayDay(birthDate: string, year: number): number {
  const month = Number(birthDate.slice(5, 7));
  let day = Number(birthDate.slice(8, 10));
  // 29 February is celebrated on 28 February in common years.
  if (month === 2 && day === 29 && new Date(Date.UTC(year, 1, 29)).getUTCMonth() !== 1) day = 28;
  return dayNumber(year, month, day);
}

/**
 * Everything a compiled condition reads, computed once per evaluation: order totals and line
 * amounts in integer minor units, local date facts (computed lazily, only when a condition
 * asks), customer facts and context facts. Build it with {@link createFactSubject}.
 *
 * @example
 * ```ts
 * const subject = createFactSubject({ order, customer, timeZone: 'Europe/Paris' });
 * subject.subtotal; // minor units
 * ```
 */
export class FactSubject {
  /** The order or cart as given. */
  readonly order: FactOrderInput;
  /** The customer, if any. */
  readonly customer: FactCustomerInput | undefined;
  /** The program zone. */
  readonly timeZone: string;
  /** Evaluation instant. */
  readonly now: Date;
  /** Currency of all amounts. */
  readonly currency: string;
  /** Minor-unit digits of the currency. */
  readonly exponent: number;
  /** Sales channel (`web` when not given). */
  readonly channel: string;
  /** Store code (empty string when none). */
  readonly store: string;
  /** The lines' facts, in order. */
  readonly lines: readonly LineFacts[];
  /** Σ lineTotal (net of line discounts) in minor units. */
  readonly subtotal: number;
  /** Σ grossTotal in minor units. */
  readonly grossSubtotal: number;
  /** Σ line discounts in minor units. */
  readonly discountTotal: number;
  /** Σ quantities. */
  readonly itemCount: number;
  /** Context attributes. */
  readonly contextAttributes: Readonly<Record<string, FactAttribute>>;
  private categoryIndex: ReadonlySet<string> | undefined;
  private skuIndex: ReadonlySet<string> | undefined;
  private orderLocalCache: LocalFacts | undefined;
  private nowLocalCache: LocalFacts | undefined;
  private customerLocalCache: LocalFacts | undefined;

  /** Use {@link createFactSubject}. */
  constructor(input: FactSubjectInput) {
    const { order } = input;
    if (input.currency !== undefined && input.currency !== order.currency) {
      throw new FidelisError('CURRENCY_MISMATCH', `order.currency: ${order.currency} is not the program currency ${input.currency}`, {
        left: input.currency,
        right: order.currency,
      });
    }
    this.order = order;
    this.customer = input.customer;
    this.timeZone = input.timeZone;
    this.now = input.now ?? order.placedAt;
    this.currency = order.currency;
    this.exponent = currencyExponent(order.currency);
    this.channel = order.channel ?? 'web';
    this.store = order.store ?? '';
    this.contextAttributes = input.attributes ?? EMPTY;
    const lines: LineFacts[] = [];
    let subtotal = 0;
    let gross = 0;
    let discounts = 0;
    let items = 0;
    for (let i = 0; i < order.lines.length; i++) {
      const l = order.lines[i] as FactLineInput;
      const unitPrice = minor(l.unitPrice, this.exponent, this.currency, `lines[${i}].unitPrice`);
      const discount = minor(l.discount, this.exponent, this.currency, `lines[${i}].discount`);
      const grossTotal = unitPrice * l.quantity;
      const lineTotal = Math.max(0, grossTotal - discount);
      lines.push({
        id: l.id,
        index: i,
        sku: l.sku,
        categories: l.categories ?? [],
        brand: l.brand ?? '',
        quantity: l.quantity,
        unitPrice,
        grossTotal,
        discount,
        lineTotal,
        attributes: l.attributes ?? EMPTY,
      });
      subtotal += lineTotal;
      gross += grossTotal;
      discounts += discount;
      items += l.quantity;
    }
    if (!Number.isSafeInteger(gross)) {
      throw new FidelisError('VALIDATION_FAILED', 'lines: the order total is too large', {
        issues: [{ path: 'lines', message: 'the order total is too large' }],
      });
    }
    this.lines = lines;
    this.subtotal = subtotal;
    this.grossSubtotal = gross;
    this.discountTotal = discounts;
    this.itemCount = items;
  }

  /** Every category of any line (built on first use). */
  get categories(): ReadonlySet<string> {
    if (this.categoryIndex !== undefined) return this.categoryIndex;
    // Plain loops: this runs once per evaluation, and flatMap costs several times more.
    const set = new Set<string>();
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      const cs = (lines[i] as LineFacts).categories;
      for (let j = 0; j < cs.length; j++) set.add(cs[j] as string);
    }
    return (this.categoryIndex = set);
  }

  /** Every SKU of any line (built on first use). */
  get skus(): ReadonlySet<string> {
    if (this.skuIndex !== undefined) return this.skuIndex;
    const set = new Set<string>();
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) set.add((lines[i] as LineFacts).sku);
    return (this.skuIndex = set);
  }

  /**
   * The lines whose categories include `value` (`categories`) or whose SKU is `value` (`skus`),
   * as a bit mask: bit i set for line i. Undefined for orders of more than
   * {@link MAX_MASKED_LINES} lines.
   */
  linesWith(index: 'categories' | 'skus', value: string): number | undefined {
    const lines = this.lines;
    const n = lines.length;
    if (n > MAX_MASKED_LINES) return undefined;
    let mask = 0;
    if (index === 'skus') {
      for (let i = 0; i < n; i++) if ((lines[i] as LineFacts).sku === value) mask |= 1 << i;
      return mask;
    }
    // A plain loop rather than `includes`: inlined, and lines have few categories.
    for (let i = 0; i < n; i++) {
      const cs = (lines[i] as LineFacts).categories;
      for (let j = 0; j < cs.length; j++) {
        if (cs[j] === value) {
          mask |= 1 << i;
          break;
        }
      }
    }
    return mask;
  }

  /** Local date facts of `order.placedAt` in the program zone. */
  get orderLocal(): LocalFacts {
    return (this.orderLocalCache ??= localFacts(this.order.placedAt, this.timeZone));
  }

  /** Local date facts of `now` in the program zone. */
  get nowLocal(): LocalFacts {
    return (this.nowLocalCache ??= localFacts(this.now, this.timeZone));
  }

  /** Local date facts of `order.placedAt` in the customer's zone (program zone when they have none). */
  get customerLocal(): LocalFacts {
    return (this.customerLocalCache ??= localFacts(this.order.placedAt, this.customer?.timeZone ?? this.timeZone));
  }

  /**
   * The stored segment's CLV in minor units of the order currency, rounded half-up (a CLV of
   * `54.205` EUR is 5421); undefined without a segment or a CLV.
   */
  get segmentClv(): number | undefined {
    const clv = this.customer?.segment?.clv;
    if (clv === undefined) return undefined;
    return roundDecimal(clv, this.exponent, 'half-up').times(10 ** this.exponent).toNumber();
  }

  /** Orders before this one (0 without a customer). */
  get orderCount(): number {
    return this.customer?.stats?.orderCount ?? 0;
  }

  /** Whole local days (program zone) from joining to the order. */
  get daysSinceJoining(): number {
    if (this.customer === undefined) return 0;
    const a = localParts(this.customer.joinedAt, this.timeZone);
    const b = this.orderLocal.parts;
    return dayNumber(b.year, b.month, b.day) - dayNumber(a.year, a.month, a.day);
  }

  /**
   * Whether the customer's birthday falls in the given local period around the order, in the
   * customer's zone: the same day, the same ISO week (Monday–Sunday) or the same month.
   * 29 February counts as 28 February in common years.
   */
  birthdayIn(period: 'day' | 'week' | 'month'): boolean {
    const birthDate = this.customer?.birthDate;
    if (birthDate === undefined) return false;
    const p = this.customerLocal.parts;
    if (period === 'month') return Number(birthDate.slice(5, 7)) === p.month;
    const today = dayNumber(p.year, p.month, p.day);
    if (period === 'day') return birthdayDay(birthDate, p.year) === today;
    const monday = today - (p.weekday - 1);
    for (const year of [p.year - 1, p.year, p.year + 1]) {
      const b = birthdayDay(birthDate, year);
      if (b >= monday && b <= monday + 6) return true;
    }
    return false;
  }
}

/**
 * Precompute the facts of an order (or cart) for condition evaluation. Throws
 * `CURRENCY_MISMATCH` when `currency` is given and differs from the order's, and
 * `PRECISION_EXCEEDED` for a price with too many decimals.
 *
 * @example
 * ```ts
 * const subject = createFactSubject({
 *   order: { id: 'o1', currency: 'EUR', placedAt: new Date('2026-03-07T10:00:00Z'),
 *     lines: [{ id: 'l1', sku: 'TEA-1', quantity: 2, unitPrice: '4.50', categories: ['tea'] }] },
 *   timeZone: 'Europe/Paris',
 * });
 * subject.subtotal; // 900
 * subject.orderLocal.weekday; // 6 (Saturday)
 * ```
 */
export function createFactSubject(input: FactSubjectInput): FactSubject {
  return new FactSubject(input);
}
