import { currencyExponent } from './currency.js';
import { Decimal, type DecimalInput, type RoundingMode, roundDecimal, toDecimal } from './decimal.js';
import { FidelisError } from './errors.js';

/**
 * The JSON form of a {@link Money}: the amount as a decimal string and the currency code.
 *
 * @example
 * ```ts
 * const json: MoneyJson = { amount: '19.99', currency: 'EUR' };
 * ```
 */
export interface MoneyJson {
  readonly amount: string;
  readonly currency: string;
}

/**
 * An exact amount of one currency, always a whole number of the currency's minor units
 * (cents for EUR, yen for JPY, fils for KWD). Immutable; arithmetic returns new values and
 * refuses to mix currencies. No float is ever used for the amount.
 *
 * @example
 * ```ts
 * import { Money } from 'fidelis';
 * const price = Money.of('19.99', 'EUR');
 * const total = price.multiply(3, 'half-even').add(Money.of('5', 'EUR'));
 * total.toString(); // '64.97 EUR'
 * total.format('de-DE'); // '64,97 €'
 * ```
 */
export class Money {
  /** The amount, with at most the currency's exponent of decimals. */
  readonly amount: Decimal;
  /** ISO 4217 currency code. */
  readonly currency: string;

  private constructor(amount: Decimal, currency: string) {
    this.amount = amount;
    this.currency = currency;
  }

  /**
   * An amount from a decimal string, number or Decimal. Throws `PRECISION_EXCEEDED` when the
   * value has more decimals than the currency allows (use {@link Money.round} for computed values).
   *
   * @example
   * ```ts
   * Money.of('1000', 'JPY');
   * Money.of('1.000', 'KWD');
   * Money.of('1.005', 'EUR'); // throws FidelisError PRECISION_EXCEEDED
   * ```
   */
  static of(value: DecimalInput, currency: string, field = 'amount'): Money {
    const exponent = currencyExponent(currency);
    const amount = toDecimal(value, field);
    if (amount.decimalPlaces() > exponent) {
      throw new FidelisError(
        'PRECISION_EXCEEDED',
        `${field}: ${amount.toString()} has ${amount.decimalPlaces()} decimals, ${currency} allows ${exponent}`,
        {
          issues: [{ path: field, message: `${amount.toString()} has more than ${exponent} decimals for ${currency}` }],
          value: amount.toString(),
          currency,
          exponent,
        },
      );
    }
    return new Money(amount.plus(0), currency);
  }

  /**
   * A computed value rounded to the currency's exponent with an explicit mode.
   *
   * @example
   * ```ts
   * Money.round('10.005', 'EUR', 'half-even').toString(); // '10.00 EUR'
   * Money.round('10.005', 'EUR', 'half-up').toString();   // '10.01 EUR'
   * ```
   */
  static round(value: DecimalInput, currency: string, mode: RoundingMode): Money {
    return new Money(roundDecimal(value, currencyExponent(currency), mode), currency);
  }

  /**
   * Zero in the given currency.
   *
   * @example
   * ```ts
   * Money.zero('EUR').isZero(); // true
   * ```
   */
  static zero(currency: string): Money {
    currencyExponent(currency);
    return new Money(new Decimal(0), currency);
  }

  /**
   * An amount from an integer count of minor units (cents, yen, fils).
   *
   * @example
   * ```ts
   * Money.fromMinorUnits(1999n, 'EUR').toString(); // '19.99 EUR'
   * ```
   */
  static fromMinorUnits(minor: bigint | number, currency: string): Money {
    if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
      throw new FidelisError('VALIDATION_FAILED', `minorUnits: ${minor} is not a safe integer`, {
        issues: [{ path: 'minorUnits', message: `${minor} is not a safe integer` }],
      });
    }
    const exponent = currencyExponent(currency);
    return new Money(new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(exponent)), currency);
  }

  /**
   * Parse `"12.34 EUR"`, `"EUR 12.34"` or a {@link MoneyJson}.
   *
   * @example
   * ```ts
   * Money.parse('12.34 EUR').equals(Money.of('12.34', 'EUR')); // true
   * ```
   */
  static parse(input: string | MoneyJson, field = 'amount'): Money {
    if (typeof input !== 'string') return Money.of(input.amount, input.currency, field);
    const m = /^\s*(?:([A-Z]{3})\s+(\S+)|(\S+)\s+([A-Z]{3}))\s*$/.exec(input);
    const currency = m?.[1] ?? m?.[4];
    const amount = m?.[2] ?? m?.[3];
    if (currency === undefined || amount === undefined) {
      throw new FidelisError('VALIDATION_FAILED', `${field}: "${input}" is not of the form "12.34 EUR"`, {
        issues: [{ path: field, message: `"${input}" is not of the form "12.34 EUR"` }],
      });
    }
    return Money.of(amount, currency, field);
  }

  /** The currency's exponent (number of minor-unit digits). */
  get exponent(): number {
    return currencyExponent(this.currency);
  }

  private same(other: Money): void {
    if (other.currency !== this.currency) {
      throw new FidelisError('CURRENCY_MISMATCH', `cannot combine ${this.currency} with ${other.currency}`, {
        left: this.currency,
        right: other.currency,
      });
    }
  }

  /**
   * Sum of two amounts of the same currency.
   *
   * @example
   * ```ts
   * Money.of('0.10', 'EUR').add(Money.of('0.20', 'EUR')).toString(); // '0.30 EUR'
   * ```
   */
  add(other: Money): Money {
    this.same(other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }

  /**
   * Difference of two amounts of the same currency (may be negative).
   *
   * @example
   * ```ts
   * Money.of('5', 'EUR').subtract(Money.of('7.50', 'EUR')).toString(); // '-2.50 EUR'
   * ```
   */
  subtract(other: Money): Money {
    this.same(other);
    return new Money(this.amount.minus(other.amount), this.currency);
  }

  /**
   * Multiply by a factor and round to the currency's exponent with an explicit mode.
   *
   * @example
   * ```ts
   * Money.of('19.99', 'EUR').multiply('0.15', 'half-up').toString(); // '3.00 EUR'
   * ```
   */
  multiply(factor: DecimalInput, mode: RoundingMode): Money {
    return Money.round(this.amount.times(toDecimal(factor, 'factor')), this.currency, mode);
  }

  /**
   * The same amount with the opposite sign.
   *
   * @example
   * ```ts
   * Money.of('3', 'EUR').negate().toString(); // '-3.00 EUR'
   * ```
   */
  negate(): Money {
    return new Money(this.amount.negated().plus(0), this.currency);
  }

  /**
   * The absolute value.
   *
   * @example
   * ```ts
   * Money.of('-3', 'EUR').abs().toString(); // '3.00 EUR'
   * ```
   */
  abs(): Money {
    return new Money(this.amount.abs(), this.currency);
  }

  /**
   * −1, 0 or 1 as this amount is less than, equal to or greater than `other`.
   *
   * @example
   * ```ts
   * Money.of('1', 'EUR').compare(Money.of('2', 'EUR')); // -1
   * ```
   */
  compare(other: Money): -1 | 0 | 1 {
    this.same(other);
    return this.amount.comparedTo(other.amount) as -1 | 0 | 1;
  }

  /**
   * Same currency and same amount.
   *
   * @example
   * ```ts
   * Money.of('1.50', 'EUR').equals(Money.of('1.5', 'EUR')); // true
   * ```
   */
  equals(other: Money): boolean {
    return other.currency === this.currency && this.amount.equals(other.amount);
  }

  /**
   * Strictly less than `other`.
   *
   * @example
   * ```ts
   * Money.of('1', 'EUR').lessThan(Money.of('2', 'EUR')); // true
   * ```
   */
  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  /**
   * Strictly greater than `other`.
   *
   * @example
   * ```ts
   * Money.of('2', 'EUR').greaterThan(Money.of('1', 'EUR')); // true
   * ```
   */
  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  /**
   * The smaller of two amounts.
   *
   * @example
   * ```ts
   * Money.of('5', 'EUR').min(Money.of('3', 'EUR')).toString(); // '3.00 EUR'
   * ```
   */
  min(other: Money): Money {
    return this.compare(other) <= 0 ? this : other;
  }

  /**
   * The larger of two amounts.
   *
   * @example
   * ```ts
   * Money.of('5', 'EUR').max(Money.of('3', 'EUR')).toString(); // '5.00 EUR'
   * ```
   */
  max(other: Money): Money {
    return this.compare(other) >= 0 ? this : other;
  }

  /**
   * True for a zero amount.
   *
   * @example
   * ```ts
   * Money.zero('JPY').isZero(); // true
   * ```
   */
  isZero(): boolean {
    return this.amount.isZero();
  }

  /**
   * True for an amount below zero.
   *
   * @example
   * ```ts
   * Money.of('-1', 'EUR').isNegative(); // true
   * ```
   */
  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }

  /**
   * True for an amount above zero.
   *
   * @example
   * ```ts
   * Money.of('1', 'EUR').isPositive(); // true
   * ```
   */
  isPositive(): boolean {
    return this.amount.isPositive() && !this.amount.isZero();
  }

  /**
   * The amount as an integer count of minor units.
   *
   * @example
   * ```ts
   * Money.of('19.99', 'EUR').toMinorUnits(); // 1999n
   * ```
   */
  toMinorUnits(): bigint {
    return BigInt(this.amount.times(new Decimal(10).pow(this.exponent)).toFixed(0));
  }

  /**
   * Split this amount over parts in proportion to `weights`, summing exactly (see {@link allocate}).
   *
   * @example
   * ```ts
   * Money.of('100', 'EUR').allocate([1, 1, 1]).map(String); // ['33.34 EUR', '33.33 EUR', '33.33 EUR']
   * ```
   */
  allocate(weights: readonly DecimalInput[]): Money[] {
    return allocate(this, weights);
  }

  /**
   * The amount with exactly the currency's decimals, e.g. `'19.90'`.
   *
   * @example
   * ```ts
   * Money.of('19.9', 'EUR').toDecimalString(); // '19.90'
   * ```
   */
  toDecimalString(): string {
    return this.amount.toFixed(this.exponent);
  }

  /**
   * Localised currency formatting via `Intl.NumberFormat`, exact for any size of amount.
   *
   * @example
   * ```ts
   * Money.of('1234.5', 'EUR').format('en-US'); // '€1,234.50'
   * Money.of('1000', 'JPY').format('ja-JP'); // '￥1,000'
   * ```
   */
  format(locale = 'en-US'): string {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: this.currency }).format(
      this.toDecimalString() as Intl.StringNumericLiteral,
    );
  }

  /** `'19.99 EUR'`. */
  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }

  /** `{ amount: '19.99', currency: 'EUR' }`. */
  toJSON(): MoneyJson {
    return { amount: this.toDecimalString(), currency: this.currency };
  }
}

/**
 * Split `total` over parts in proportion to non-negative `weights` so the parts sum exactly to
 * the total, each a whole number of minor units (largest-remainder method). Each part first gets
 * the floor of its exact share; the minor units left over go one each to the parts with the
 * largest remainders, ties going to the earlier part. Deterministic; a negative total is split
 * like its absolute value and negated. Weights must not all be zero unless the total is zero.
 *
 * @example
 * ```ts
 * allocate(Money.of('100.00', 'EUR'), [1, 1, 1]).map((m) => m.toDecimalString()); // ['33.34', '33.33', '33.33']
 * allocate(Money.of('1000', 'JPY'), [1, 1, 1]).map((m) => m.toDecimalString());   // ['334', '333', '333']
 * ```
 */
export function allocate(total: Money, weights: readonly DecimalInput[]): Money[] {
  if (weights.length === 0) {
    throw new FidelisError('VALIDATION_FAILED', 'weights: at least one weight is needed', {
      issues: [{ path: 'weights', message: 'at least one weight is needed' }],
    });
  }
  const decimals = weights.map((w, i) => {
    const d = toDecimal(w, `weights[${i}]`);
    if (d.isNegative() && !d.isZero()) {
      throw new FidelisError('VALIDATION_FAILED', `weights[${i}]: ${d.toString()} is negative`, {
        issues: [{ path: `weights[${i}]`, message: `${d.toString()} is negative` }],
      });
    }
    return d;
  });
  // Scale weights to integers so the split is done in exact integer arithmetic.
  const scale = Math.max(...decimals.map((d) => d.decimalPlaces()));
  const factor = new Decimal(10).pow(scale);
  const ints = decimals.map((d) => BigInt(d.times(factor).toFixed(0)));
  const sum = ints.reduce((a, b) => a + b, 0n);
  const minor = total.toMinorUnits();
  const negative = minor < 0n;
  const units = negative ? -minor : minor;
  if (sum === 0n) {
    if (units === 0n) return weights.map(() => Money.zero(total.currency));
    throw new FidelisError('VALIDATION_FAILED', 'weights: all weights are zero, the total cannot be split', {
      issues: [{ path: 'weights', message: 'all weights are zero' }],
    });
  }
  const parts = largestRemainder(units, ints, sum);
  return parts.map((p) => Money.fromMinorUnits(negative ? -p : p, total.currency));
}

/** The largest-remainder split of `units` (≥ 0) over integer weights with positive sum `sum`. */
function largestRemainder(units: bigint, ints: readonly bigint[], sum: bigint): bigint[] {
  const parts = ints.map((w) => (units * w) / sum);
  const remainders = ints.map((w, index) => ({ index, rem: (units * w) % sum }));
  let left = units - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((x, y) => (x.rem === y.rem ? x.index - y.index : x.rem > y.rem ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}

/**
 * {@link allocate} for callers that already hold integer minor units (hot evaluation loops):
 * split `units` (a non-negative safe integer) over non-negative integer `weights` by the same
 * largest-remainder rule (floor shares, leftover units to the largest remainders, ties to the
 * earlier part), exactly and deterministically. Products are computed in bigint, so no weight
 * size loses precision. Weights must not all be zero unless `units` is zero.
 *
 * @example
 * ```ts
 * allocateMinorUnits(10000, [1, 1, 1]); // [3334, 3333, 3333]
 * allocateMinorUnits(5, [300, 0, 100]);  // [4, 0, 1]
 * ```
 */
export function allocateMinorUnits(units: number, weights: readonly number[]): number[] {
  const bad = weights.findIndex((w) => !Number.isSafeInteger(w) || w < 0);
  if (!Number.isSafeInteger(units) || units < 0 || bad >= 0 || weights.length === 0) {
    throw new FidelisError('VALIDATION_FAILED', 'allocateMinorUnits: units and weights must be non-negative safe integers, with at least one weight', {
      issues: [{ path: bad >= 0 ? `weights[${bad}]` : 'units', message: 'must be a non-negative safe integer' }],
    });
  }
  let total = 0;
  for (const w of weights) total += w;
  if (total === 0) {
    if (units === 0) return weights.map(() => 0);
    throw new FidelisError('VALIDATION_FAILED', 'weights: all weights are zero, the total cannot be split', {
      issues: [{ path: 'weights', message: 'all weights are zero' }],
    });
  }
  if (!Number.isSafeInteger(units * total)) {
    return largestRemainder(BigInt(units), weights.map(BigInt), BigInt(total)).map(Number);
  }
  // Every product units × w ≤ units × total is a safe integer: exact in doubles, same rule.
  const parts = new Array<number>(weights.length);
  const rems = new Array<number>(weights.length);
  let left = units;
  for (let i = 0; i < weights.length; i++) {
    const product = units * (weights[i] as number);
    const rem = product % total;
    parts[i] = (product - rem) / total;
    rems[i] = rem;
    left -= parts[i] as number;
  }
  // Hand the `left` (< number of parts) leftover units to the largest remainders, ties to the
  // earlier part: repeatedly take the first maximum, then mark it used.
  for (let k = 0; k < left; k++) {
    let best = -1;
    for (let i = 0; i < rems.length; i++) if (best < 0 || (rems[i] as number) > (rems[best] as number)) best = i;
    parts[best] = (parts[best] as number) + 1;
    rems[best] = -1;
  }
  return parts;
}

/**
 * Sum amounts of one currency; `currency` is needed for the empty list.
 *
 * @example
 * ```ts
 * sumMoney([Money.of('1', 'EUR'), Money.of('2', 'EUR')], 'EUR').toString(); // '3.00 EUR'
 * ```
 */
export function sumMoney(amounts: Iterable<Money>, currency: string): Money {
  let acc = Money.zero(currency);
  for (const m of amounts) acc = acc.add(m);
  return acc;
}

/**
 * The exact count of minor units of a decimal amount string in a currency, as a safe integer
 * (`'19.99'` EUR → 1999), computed by string arithmetic alone — fast enough for per-line use in
 * hot evaluation loops, and exact (no float ever rounds a price). Returns `undefined` when the
 * text is not a plain decimal, has more decimals than the currency allows, or the count is not
 * a safe integer; callers that need an error use {@link Money.of}.
 *
 * @example
 * ```ts
 * decimalToMinorUnits('19.99', 2); // 1999
 * decimalToMinorUnits('1200', 0);  // 1200
 * decimalToMinorUnits('1.005', 2); // undefined (too precise)
 * ```
 */
export function decimalToMinorUnits(text: string, exponent: number): number | undefined {
  // A character loop, not a regex: this runs for every line of every evaluated order.
  const len = text.length;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 43 /* + */ || first === 45 /* - */) {
    negative = first === 45;
    i = 1;
  }
  let n = 0;
  let digits = 0;
  let decimals = 0;
  let pendingZeros = 0;
  let seenPoint = false;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (seenPoint) return undefined;
      seenPoint = true;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    digits++;
    if (!seenPoint) {
      n = n * 10 + (c - 48);
      continue;
    }
    // Trailing zeros of the fraction do not count against the exponent.
    if (c === 48) {
      pendingZeros++;
      continue;
    }
    for (; pendingZeros > 0; pendingZeros--) {
      n *= 10;
      decimals++;
    }
    n = n * 10 + (c - 48);
    decimals++;
  }
  if (digits === 0 || decimals > exponent) return undefined;
  for (; decimals < exponent; decimals++) n *= 10;
  if (!Number.isSafeInteger(n)) return undefined;
  return negative && n !== 0 ? -n : n;
}

/**
 * Format a count of minor units as the decimal string of a currency with `exponent` digits
 * (1999, 2 → `'19.99'`), the inverse of {@link decimalToMinorUnits}.
 *
 * @example
 * ```ts
 * minorUnitsToDecimal(1999, 2); // '19.99'
 * minorUnitsToDecimal(-5, 2);   // '-0.05'
 * minorUnitsToDecimal(1200, 0); // '1200'
 * ```
 */
export function minorUnitsToDecimal(minor: number, exponent: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${text}` : text;
}
