import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressRfm, compressSpend } from '../../src/index.js';
import { minimizeBfgs } from '../../src/portfolio/optimizer.js';
import { TupleTable } from '../../src/portfolio/tuple-table.js';

describe('compression to weighted tuples', () => {
  it('groups identical (x, t_x, T) and ignores recency of one-time buyers', () => {
    const t = compressRfm([
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 2, recency: 4, T: 10 },
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 2, recency: 4, T: 10 },
      { frequency: 2, recency: 4, T: 11 },
    ]);
    expect(Array.from(t.frequency)).toEqual([0, 2, 2]);
    expect(Array.from(t.recency)).toEqual([0, 4, 4]);
    expect(Array.from(t.T)).toEqual([10, 10, 11]);
    expect(Array.from(t.weight)).toEqual([2, 2, 1]);
  });

  it('keeps every customer exactly once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ frequency: fc.integer({ min: 0, max: 4 }), recency: fc.integer({ min: 0, max: 3 }), T: fc.integer({ min: 3, max: 5 }) }), {
          maxLength: 300,
        }),
        (rows) => {
          const t = compressRfm(rows);
          const total = t.weight.reduce((s, w) => s + w, 0);
          const keys = new Set(Array.from(t.weight, (_, i) => `${t.frequency[i]},${t.recency[i]},${t.T[i]}`));
          const expected = new Set(rows.map((r) => `${r.frequency},${r.frequency === 0 ? 0 : r.recency},${r.T}`));
          return total === rows.length && keys.size === t.weight.length && keys.size === expected.size;
        },
      ),
    );
  });

  it('spend: repeat buyers only, grouped by (x, m̄)', () => {
    const t = compressSpend([
      { frequency: 0, monetaryValue: 0 },
      { frequency: 2, monetaryValue: 20 },
      { frequency: 2, monetaryValue: 20 },
      { frequency: 1, monetaryValue: 7.5 },
    ]);
    expect(Array.from(t.frequency)).toEqual([2, 1]);
    expect(Array.from(t.weight)).toEqual([2, 1]);
  });

  it('names the first bad fields (up to 20) in one error', () => {
    const rows = Array.from({ length: 30 }, () => ({ frequency: 1, recency: -1, T: 5 }));
    expect(() => compressRfm(rows)).toThrow(/summaries\[0\]\.recency.*summaries\[19\]\.recency/);
  });
});

describe('BFGS', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = minimizeBfgs(
      (x, g) => {
        const a = x[0] as number;
        const b = x[1] as number;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      [-1.2, 1],
      { gradientTolerance: 1e-10, maxIterations: 200, maxStep: 10 },
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
  });

  it('backs off from steps where the function is not finite', () => {
    // f = x − ln x is +∞ (NaN) for x ≤ 0; minimum at x = 1.
    const r = minimizeBfgs(
      (x, g) => {
        const v = x[0] as number;
        g[0] = 1 - 1 / v;
        return v > 0 ? v - Math.log(v) : Number.NaN;
      },
      [0.05],
      { gradientTolerance: 1e-12, maxIterations: 100, maxStep: 50 },
    );
    expect(r.x[0]).toBeCloseTo(1, 10);
  });
});

describe('TupleTable (the hash table behind compression and the CLV memo)', () => {
  it('numbers distinct tuples of 2–4 numbers in order of first sight and sums their weights, as a Map of strings does', () => {
    const value = fc.oneof(fc.constantFrom(0, -0, 1, 0.5, 1 / 3, 1e-300, 2 ** 53, Number.MAX_VALUE), fc.integer({ min: 0, max: 3 }), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(fc.constantFrom(2, 3, 4), fc.array(fc.tuple(value, value, value, value, fc.integer({ min: 1, max: 5 })), { maxLength: 300 }), (width, rows) => {
        const table = new TupleTable(width as 2 | 3 | 4, 4);
        const reference = new Map<string, { row: number; weight: number }>();
        for (const [a, b, c, d, w] of rows) {
          const key = [a, b, c, d]
            .slice(0, width)
            .map((x) => String(x + 0))
            .join('|');
          const seen = reference.get(key) ?? { row: reference.size, weight: 0 };
          seen.weight += w;
          reference.set(key, seen);
          // As the callers do: −0 made 0, unused places given as 0.
          expect(table.add(a + 0, b + 0, width > 2 ? c + 0 : 0, width > 3 ? d + 0 : 0, w)).toBe(seen.row);
        }
        expect(table.size).toBe(reference.size);
        expect([...table.weights()]).toEqual([...reference.values()].map((r) => r.weight));
        const columns = table.columns();
        expect(columns.length).toBe(width);
        const keys = [...reference.keys()];
        for (let i = 0; i < table.size; i++) expect(columns.map((col) => String(col[i])).join('|')).toBe(keys[i]);
      }),
      { numRuns: 200 },
    );
  });
});
