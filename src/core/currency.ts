import { FidelisError } from './errors.js';

const exponents = new Map<string, number>();
let known: ReadonlySet<string> | undefined;

function knownCurrencies(): ReadonlySet<string> {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known;
}

/**
 * True when `code` is an ISO 4217 currency code that this runtime's `Intl` knows.
 *
 * @example
 * ```ts
 * isCurrency('EUR'); // true
 * isCurrency('EURO'); // false
 * ```
 */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && knownCurrencies().has(code);
}

/**
 * The number of minor-unit digits of a currency, as `Intl.NumberFormat` reports it
 * (JPY 0, EUR 2, KWD 3). Throws `INVALID_CURRENCY` for unknown codes.
 *
 * @example
 * ```ts
 * currencyExponent('JPY'); // 0
 * currencyExponent('EUR'); // 2
 * currencyExponent('KWD'); // 3
 * ```
 */
export function currencyExponent(code: string): number {
  const cached = exponents.get(code);
  if (cached !== undefined) return cached;
  if (!isCurrency(code)) {
    throw new FidelisError('INVALID_CURRENCY', `currency: "${code}" is not an ISO 4217 currency code`, {
      issues: [{ path: 'currency', message: `"${code}" is not an ISO 4217 currency code` }],
      currency: code,
    });
  }
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
    .maximumFractionDigits;
  const exponent = digits ?? 2;
  exponents.set(code, exponent);
  return exponent;
}
