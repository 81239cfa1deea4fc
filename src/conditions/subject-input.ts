import type { CustomerSegment } from '../core/segment.js';

/**
 * A free attribute value (string, number, boolean or null), as on orders, lines and customers.
 *
 * @example
 * ```ts
 * const v: FactAttribute = 'vip';
 * ```
 */
export type FactAttribute = string | number | boolean | null;

/**
 * The line shape conditions read: an order line or a cart line (coupons use the same shape).
 * `unitPrice` and `discount` are decimal strings in the order's currency.
 *
 * @example
 * ```ts
 * const l: FactLineInput = { id: 'l1', sku: 'TEA-1', quantity: 2, unitPrice: '4.50', categories: ['tea'] };
 * ```
 */
export interface FactLineInput {
  /** Line id, unique in the order. */
  readonly id: string;
  /** Stock-keeping unit. */
  readonly sku: string;
  /** Category codes of the product. */
  readonly categories?: readonly string[] | undefined;
  /** Brand of the product. */
  readonly brand?: string | undefined;
  /** Number of units (a positive integer). */
  readonly quantity: number;
  /** Price of one unit, decimal string. */
  readonly unitPrice: string;
  /** Discount already applied to the whole line, decimal string. */
  readonly discount?: string | undefined;
  /** Free attributes of the line. */
  readonly attributes?: Readonly<Record<string, FactAttribute>> | undefined;
}

/**
 * The order shape conditions read: a core `Order`, or a cart with the same fields.
 *
 * @example
 * ```ts
 * const o: FactOrderInput = { id: 'cart-1', currency: 'EUR', placedAt: new Date('2026-03-07T10:00:00Z'),
 *   channel: 'web', lines: [{ id: 'l1', sku: 'TEA-1', quantity: 1, unitPrice: '4.50' }] };
 * ```
 */
export interface FactOrderInput {
  /** Order or cart id. */
  readonly id: string;
  /** ISO 4217 currency of all amounts. */
  readonly currency: string;
  /** When the order was placed (a cart: when it is evaluated). */
  readonly placedAt: Date;
  /** Sales channel (`web`, `app`, `store`…). */
  readonly channel?: string | undefined;
  /** Store code, for in-store orders. */
  readonly store?: string | undefined;
  /** The lines. */
  readonly lines: readonly FactLineInput[];
  /** Free attributes of the order. */
  readonly attributes?: Readonly<Record<string, FactAttribute>> | undefined;
}

/**
 * What conditions know about the customer: a core `Customer` plus the loyalty view (tier and
 * order statistics before this order).
 *
 * @example
 * ```ts
 * const c: FactCustomerInput = { id: 'c1', joinedAt: new Date('2025-01-10T10:00:00Z'), birthDate: '1990-03-08',
 *   tier: 'silver', stats: { orderCount: 4 } };
 * ```
 */
export interface FactCustomerInput {
  /** Customer id. */
  readonly id: string;
  /** When the customer joined the program. */
  readonly joinedAt: Date;
  /** Birth date `YYYY-MM-DD`, if known. */
  readonly birthDate?: string | undefined;
  /** The customer's own time zone (birthdays are in it); the program's zone otherwise. */
  readonly timeZone?: string | undefined;
  /** Free attributes (segment, preferences…). */
  readonly attributes?: Readonly<Record<string, FactAttribute>> | undefined;
  /** Current tier id, if any. */
  readonly tier?: string | undefined;
  /** Order statistics BEFORE the order being evaluated. */
  readonly stats?: { readonly orderCount: number; readonly firstOrderAt?: Date | undefined } | undefined;
  /** The stored segment (`customer.segment.*` facts); the engine fills it from `store.segments`. Absent: those facts are undefined and every comparison on them is false. */
  readonly segment?: CustomerSegment | undefined;
}

/**
 * Input of `createFactSubject`.
 *
 * @example
 * ```ts
 * const input: FactSubjectInput = { order, customer, now: new Date('2026-03-07T10:00:00Z'), timeZone: 'Europe/Paris' };
 * ```
 */
export interface FactSubjectInput {
  /** The order or cart. */
  readonly order: FactOrderInput;
  /** The customer, when known (guest carts have none). */
  readonly customer?: FactCustomerInput | undefined;
  /** The evaluation instant (context facts); defaults to `order.placedAt`. */
  readonly now?: Date | undefined;
  /** The program's IANA zone: local dates and hours are read in it. */
  readonly timeZone: string;
  /** When given, the order must be in this currency (`CURRENCY_MISMATCH` otherwise). */
  readonly currency?: string | undefined;
  /** Free context facts (`context.attributes.*`): campaign flags, device… */
  readonly attributes?: Readonly<Record<string, FactAttribute>> | undefined;
}
