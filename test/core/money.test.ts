import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, FidelisError, Money, allocate, currencyExponent, sumMoney } from '../../src/index.js';

const strings = (parts: Money[]): string[] => parts.map((m) => m.toDecimalString());

describe('currency exponents come from Intl', () => {
  it('knows JPY 0, EUR 2, KWD 3', () => {
    expect([currencyExponent('JPY'), currencyExponent('EUR'), currencyExponent('KWD')]).toEqual([0, 2, 3]);
  });
  it('rejects an unknown currency with INVALID_CURRENCY naming the field', () => {
    expect(() => Money.of('1', 'EUX')).toThrowError(/currency: "EUX" is not an ISO 4217/);
    try {
      Money.zero('euro');
    } catch (e) {
      expect(e).toBeInstanceOf(FidelisError);
      expect((e as FidelisError).code).toBe('INVALID_CURRENCY');
    }
  });
});

describe('Money', () => {
  it('refuses more decimals than the currency allows', () => {
    expect(() => Money.of('1.005', 'EUR')).toThrowError(FidelisError);
    expect(() => Money.of('10.5', 'JPY')).toThrowError(/10.5 has 1 decimals, JPY allows 0/);
    expect(Money.of('1.000', 'KWD').toDecimalString()).toBe('1.000');
    expect(Money.of('1.50', 'EUR').toDecimalString()).toBe('1.50');
  });
  it('adds without float drift: 0.10 + 0.20 = 0.30', () => {
    expect(Money.of('0.10', 'EUR').add(Money.of('0.20', 'EUR')).toString()).toBe('0.30 EUR');
    expect(Money.of(0.1, 'EUR').add(Money.of(0.2, 'EUR')).equals(Money.of('0.3', 'EUR'))).toBe(true);
  });
  it('refuses to mix currencies', () => {
    expect(() => Money.of('1', 'EUR').add(Money.of('1', 'USD'))).toThrowError(/cannot combine EUR with USD/);
  });
  it('rounds with the mode it is told', () => {
    // 19.99 × 0.15 = 2.9985
    expect(Money.of('19.99', 'EUR').multiply('0.15', 'half-up').toDecimalString()).toBe('3.00');
    expect(Money.of('19.99', 'EUR').multiply('0.15', 'down').toDecimalString()).toBe('2.99');
    expect(Money.round('10.005', 'EUR', 'half-even').toDecimalString()).toBe('10.00');
    expect(Money.round('10.015', 'EUR', 'half-even').toDecimalString()).toBe('10.02');
    expect(Money.round('10.005', 'EUR', 'half-up').toDecimalString()).toBe('10.01');
    expect(Money.round('10.001', 'EUR', 'up').toDecimalString()).toBe('10.01');
    expect(Money.round('-10.001', 'EUR', 'up').toDecimalString()).toBe('-10.01');
    expect(Money.round('-2.5', 'JPY', 'half-up').toDecimalString()).toBe('-3');
    expect(Money.round('2.5', 'JPY', 'half-even').toDecimalString()).toBe('2');
  });
  it('converts to and from minor units', () => {
    expect(Money.of('19.99', 'EUR').toMinorUnits()).toBe(1999n);
    expect(Money.of('1.234', 'KWD').toMinorUnits()).toBe(1234n);
    expect(Money.fromMinorUnits(1999n, 'EUR').toString()).toBe('19.99 EUR');
    expect(Money.fromMinorUnits(-5, 'JPY').toString()).toBe('-5 JPY');
  });
  it('parses "12.34 EUR" and "EUR 12.34" and formats per locale', () => {
    expect(Money.parse('12.34 EUR').equals(Money.of('12.34', 'EUR'))).toBe(true);
    expect(Money.parse('KWD 1.5').toString()).toBe('1.500 KWD');
    expect(() => Money.parse('12,34€')).toThrowError(/not of the form/);
    expect(Money.of('1234.5', 'EUR').format('en-US')).toBe('€1,234.50');
    expect(Money.of('12345678901234567.89', 'EUR').format('en-US')).toBe('€12,345,678,901,234,567.89');
    expect(Money.of('1000', 'JPY').format('en-US')).toBe('¥1,000');
  });
  it('rejects NaN, infinities and non-numbers', () => {
    expect(() => Money.of(Number.NaN, 'EUR', 'price')).toThrowError(/price: NaN is not a finite number/);
    expect(() => Money.of('abc', 'EUR', 'price')).toThrowError(/price: "abc" is not a decimal number/);
  });
  it('compares and sums', () => {
    const a = Money.of('1', 'EUR');
    const b = Money.of('2', 'EUR');
    expect([a.compare(b), b.compare(a), a.compare(Money.of('1.00', 'EUR'))]).toEqual([-1, 1, 0]);
    expect(a.min(b)).toBe(a);
    expect(a.max(b)).toBe(b);
    expect(sumMoney([a, b, b], 'EUR').toString()).toBe('5.00 EUR');
    expect(sumMoney([], 'JPY').toString()).toBe('0 JPY');
    expect(JSON.stringify(Money.of('5', 'KWD'))).toBe('{"amount":"5.000","currency":"KWD"}');
  });
});

describe('allocate (largest remainder)', () => {
  it('splits 100.00 EUR over 1,1,1 into 33.34, 33.33, 33.33', () => {
    expect(strings(allocate(Money.of('100.00', 'EUR'), [1, 1, 1]))).toEqual(['33.34', '33.33', '33.33']);
  });
  it('keeps JPY whole and KWD at three decimals', () => {
    expect(strings(allocate(Money.of('1000', 'JPY'), [1, 1, 1]))).toEqual(['334', '333', '333']);
    expect(strings(allocate(Money.of('1.000', 'KWD'), [1, 1, 1]))).toEqual(['0.334', '0.333', '0.333']);
  });
  it('gives leftover units to the largest remainders, ties to the earlier part', () => {
    // 10.00 over 3, 3, 4 → exact shares 3, 3, 4 (no remainder)
    expect(strings(allocate(Money.of('10', 'EUR'), [3, 3, 4]))).toEqual(['3.00', '3.00', '4.00']);
    // 0.05 over 1, 2 → 5 cents: shares 1.666…, 3.333… → floors 1, 3, remainders 2/3 and 1/3 → first gets the cent
    expect(strings(allocate(Money.of('0.05', 'EUR'), [1, 2]))).toEqual(['0.02', '0.03']);
    // decimal weights: 1.00 over 0.5, 0.25, 0.25
    expect(strings(allocate(Money.of('1', 'EUR'), ['0.5', '0.25', '0.25']))).toEqual(['0.50', '0.25', '0.25']);
  });
  it('splits a negative total like its absolute value', () => {
    expect(strings(allocate(Money.of('-100', 'EUR'), [1, 1, 1]))).toEqual(['-33.34', '-33.33', '-33.33']);
  });
  it('rejects negative weights, no weights, and all-zero weights for a non-zero total', () => {
    expect(() => allocate(Money.of('1', 'EUR'), [1, -1])).toThrowError(/weights\[1\]: -1 is negative/);
    expect(() => allocate(Money.of('1', 'EUR'), [])).toThrowError(/at least one weight/);
    expect(() => allocate(Money.of('1', 'EUR'), [0, 0])).toThrowError(/all weights are zero/);
    expect(strings(allocate(Money.of('0', 'EUR'), [0, 0]))).toEqual(['0.00', '0.00']);
  });

  const currency = fc.constantFrom('JPY', 'EUR', 'KWD');
  const weights = fc
    .array(fc.oneof(fc.nat({ max: 1_000_000 }), fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })), {
      minLength: 1,
      maxLength: 40,
    })
    .filter((ws) => ws.some((w) => w > 0));
  it('sums exactly, never negative, same result every run (property)', () => {
    fc.assert(
      fc.property(currency, fc.bigInt({ min: 0n, max: 10n ** 15n }), weights, (cur, minor, ws) => {
        const total = Money.fromMinorUnits(minor, cur);
        const parts = allocate(total, ws);
        expect(parts).toHaveLength(ws.length);
        expect(sumMoney(parts, cur).equals(total)).toBe(true);
        for (const p of parts) {
          expect(p.isNegative()).toBe(false);
          expect(p.amount.decimalPlaces()).toBeLessThanOrEqual(currencyExponent(cur));
        }
        expect(strings(allocate(total, ws))).toEqual(strings(parts));
        // Each part is within one minor unit of its exact proportional share (computed in decimals:
        // weights may be denormal floats whose float sum is inexact).
        const sumW = ws.reduce((a, b) => a.plus(new Decimal(b)), new Decimal(0));
        parts.forEach((p, i) => {
          const exact = new Decimal(minor.toString()).times(new Decimal(ws[i] ?? 0)).dividedBy(sumW);
          expect(exact.minus(p.toMinorUnits().toString()).abs().lessThan(1)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
