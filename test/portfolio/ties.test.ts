import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPortfolio, type CustomerSummary, formatPortfolioTable } from '../../src/index.js';

const customers = (n: number): CustomerSummary[] =>
  Array.from({ length: n }, (_, i) => ({ customerId: `c${i}`, frequency: 0, recency: 0, T: 10, monetaryValue: 0, totalValue: i, purchaseCount: 1 }));

function split(potentials: readonly number[], threshold: 'median' | { quantile: number } = 'median') {
  return classifyPortfolio(customers(potentials.length), { value: (_, i) => i, potential: (_, i) => potentials[i] as number, thresholds: { potential: threshold } });
}

const highs = (p: ReturnType<typeof split>): number => p.customers.filter((c) => c.quadrant === 'star' || c.quadrant === 'question-mark').length;

describe('thresholds never cut a block of equal potentials', () => {
  it('six one-time buyers sharing a potential of 0 go low (2 high, closer to half than 8), the threshold is the next potential', () => {
    const p = split([0, 0, 0, 0, 0, 0, 1, 2]);
    expect(p.thresholds.potential).toBe(1);
    expect(p.ties.potential).toEqual({ measure: 0, customers: 6, side: 'low' });
    expect(highs(p)).toBe(2);
    expect(formatPortfolioTable(p)).toContain('At the potential threshold: 6 customers share the potential 0.00; ties are not split, they all count as low');
  });

  it('a block equally far either way stays high (the ≥ rule); one at the top stays high', () => {
    const even = split([1, 2, 2, 2, 2, 3]); // high: 5 (block high) or 1 (block low), target 3
    expect(even.ties.potential).toEqual({ measure: 2, customers: 4, side: 'high' });
    expect(even.thresholds.potential).toBe(2);
    expect(highs(even)).toBe(5);
    const closer = split([1, 1, 1, 2, 2, 2, 2, 3]); // median 2: 5 high (off by 1) against 1 (off by 3)
    expect(closer.ties.potential.side).toBe('high');
    const top = split([1, 5, 5, 5]);
    expect(top.ties.potential).toEqual({ measure: 5, customers: 3, side: 'high' });
    expect(highs(top)).toBe(3);
    const none = split([1, 2, 3, 4]); // the median 2.5 lies between two potentials
    expect(none.ties.potential).toEqual({ measure: 2.5, customers: 0, side: 'high' });
  });

  it('for any potentials and quantile: equal potentials share a side, and the block goes to the closer side (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (potentials, q) => {
        const p = split(potentials, { quantile: q });
        const side = new Map<number, boolean>();
        p.customers.forEach((c, i) => {
          const high = c.quadrant === 'star' || c.quadrant === 'question-mark';
          const seen = side.get(potentials[i] as number);
          if (seen !== undefined) expect(high).toBe(seen);
          side.set(potentials[i] as number, high);
        });
        // The other side of the block would not be strictly closer to n(1 − q).
        const { measure, customers: tied, side: went } = p.ties.potential;
        const target = potentials.length * (1 - q);
        const h = highs(p);
        const above = potentials.filter((x) => x > measure).length;
        if (tied > 1 && above > 0) {
          const other = went === 'high' ? h - tied : h + tied;
          expect(Math.abs(h - target)).toBeLessThanOrEqual(Math.abs(other - target) + 1e-9);
        }
      }),
    );
  });
});
