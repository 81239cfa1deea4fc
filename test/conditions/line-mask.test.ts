import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_MASKED_LINES, compileCondition, createFactSubject, type FactOrderInput } from '../../src/conditions/index.js';

const orderOf = (lines: readonly { sku: string; categories: string[] }[]): FactOrderInput => ({
  id: 'o1',
  currency: 'EUR',
  placedAt: new Date('2026-03-07T10:00:00Z'),
  lines: lines.map((l, i) => ({ id: `l${i + 1}`, sku: l.sku, quantity: 1, unitPrice: '1.00', categories: l.categories })),
});
const line = (condition: unknown) => compileCondition(condition, { currency: 'EUR', scope: 'line' });

describe('line masks of indexed line conditions', () => {
  it('sets bit i for each matching line i', () => {
    const s = createFactSubject({
      order: orderOf([
        { sku: 'A', categories: ['tea'] },
        { sku: 'B', categories: ['bio', 'tea'] },
        { sku: 'A', categories: [] },
      ]),
      timeZone: 'Europe/Paris',
    });
    // tea on lines 0 and 1 → 0b011; SKU A on lines 0 and 2 → 0b101; nothing → 0
    expect(line({ fact: 'line.categories', operator: 'contains', value: 'tea' }).lineMask?.(s)).toBe(0b011);
    expect(line({ fact: 'line.sku', operator: 'equal', value: 'A' }).lineMask?.(s)).toBe(0b101);
    expect(line({ fact: 'line.sku', operator: 'in', value: ['B', 'Z'] }).lineMask?.(s)).toBe(0b010);
    expect(line({ fact: 'line.categories', operator: 'in', value: ['bio', 'toys'] }).lineMask?.(s)).toBe(0b010);
    expect(line({ fact: 'line.categories', operator: 'contains', value: 'toys' }).lineMask?.(s)).toBe(0);
  });

  it('is absent for other conditions and undefined past the mask size', () => {
    expect(line({ fact: 'line.quantity', operator: 'greaterThan', value: 1 }).lineMask).toBeUndefined();
    expect(line({ not: { fact: 'line.sku', operator: 'equal', value: 'A' } }).lineMask).toBeUndefined();
    const big = createFactSubject({ order: orderOf(Array.from({ length: MAX_MASKED_LINES + 1 }, () => ({ sku: 'A', categories: ['tea'] }))), timeZone: 'UTC' });
    expect(line({ fact: 'line.sku', operator: 'equal', value: 'A' }).lineMask?.(big)).toBeUndefined();
  });

  it('agrees with testing each line (property)', () => {
    const lineArb = fc.record({ sku: fc.constantFrom('A', 'B', 'C'), categories: fc.subarray(['tea', 'bio', 'kitchen']) });
    const conditionArb = fc.oneof(
      fc.constantFrom('tea', 'bio', 'toys').map((value) => ({ fact: 'line.categories', operator: 'contains', value })),
      fc.subarray(['tea', 'kitchen', 'toys']).map((value) => ({ fact: 'line.categories', operator: 'in', value })),
      fc.constantFrom('A', 'B', 'Z').map((value) => ({ fact: 'line.sku', operator: 'equal', value })),
      fc.subarray(['A', 'C', 'Z']).map((value) => ({ fact: 'line.sku', operator: 'in', value })),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: MAX_MASKED_LINES }), conditionArb, (lines, condition) => {
        const s = createFactSubject({ order: orderOf(lines), timeZone: 'UTC' });
        const c = line(condition);
        const expected = s.lines.reduce((m, l, i) => (c.test(s, l) ? m | (1 << i) : m), 0);
        expect(c.lineMask?.(s)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
