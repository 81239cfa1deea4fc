import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EvaluatedOrder, allocatePoints, evaluateOrder, parseProgram, pointsForAmount, parseRatio } from '../../src/rules/index.js';

const CATS = ['tea', 'coffee', 'kitchen'];
const program = parseProgram({
  id: 'p',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  rounding: 'half-up',
  groups: [{ id: 'promo', mode: 'exclusive' }],
  tiers: { basis: 'points', window: { rolling: 'P12M' }, levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '1000', multiplier: '1.5' }] },
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'tea', kind: 'points-per-unit', rate: '0.7', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' }, caps: { perOrder: 25 } },
    { id: 'coffee-x3', kind: 'multiplier', factor: '3', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'coffee' } },
    { id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '30.00', points: 7 }, { minAmount: '80.00', points: 31 }] },
    { id: 'wk', kind: 'fixed-bonus', points: 13, group: 'promo', conditions: { fact: 'order.weekday', operator: 'in', value: [6, 7] } },
    { id: 'any', kind: 'fixed-bonus', points: 3, group: 'promo' },
    { id: 'kitchen-gross', kind: 'fixed-bonus', points: 11, base: 'gross', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'kitchen' } },
  ],
});

const lineArb = fc.record({
  cents: fc.integer({ min: 0, max: 20_000 }),
  quantity: fc.integer({ min: 1, max: 5 }),
  discountShare: fc.integer({ min: 0, max: 100 }),
  cats: fc.subarray(CATS),
});
const orderArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 20 }),
  at: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
  tier: fc.constantFrom(undefined, 'member', 'gold'),
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

function toOrder(o: ValueOf<typeof orderArb>): EvaluatedOrder {
  return {
    id: 'o',
    currency: 'EUR',
    placedAt: new Date(o.at),
    lines: o.lines.map((l, i) => {
      const discount = Math.floor((l.cents * l.quantity * l.discountShare) / 100);
      return { id: `l${i}`, sku: `S${i}`, quantity: l.quantity, unitPrice: (l.cents / 100).toFixed(2), discount: (discount / 100).toFixed(2), categories: l.cats };
    }),
  };
}

describe('attribution', () => {
  it('line points sum to the total and to each rule, and evaluation is deterministic', () => {
    fc.assert(
      fc.property(orderArb, (raw) => {
        const order = toOrder(raw);
        const context = { now: order.placedAt, customer: { id: 'c', joinedAt: new Date('2025-01-01T00:00:00Z'), ...(raw.tier ? { tier: raw.tier } : {}) } };
        const r = evaluateOrder(program, order, context);
        expect(r.lines.reduce((s, l) => s + l.points, 0)).toBe(r.totalPoints);
        for (const award of r.byRule) {
          expect(r.lines.reduce((s, l) => s + (l.byRule.find((b) => b.ruleId === award.ruleId)?.points ?? 0), 0)).toBe(award.points);
        }
        for (const l of r.lines) expect(l.byRule.reduce((s, b) => s + b.points, 0)).toBe(l.points);
        // base rule independently: round-half-up of the net cents total
        const net = order.lines.reduce((s, l) => s + Math.round(Number(l.unitPrice) * 100) * l.quantity - Math.round(Number(l.discount) * 100), 0);
        const baseAward = r.byRule.find((a) => a.ruleId === 'base')?.points ?? 0;
        expect(baseAward).toBe(Math.floor((net + 50) / 100));
        const again = evaluateOrder(program, order, context);
        expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(r)));
      }),
      { numRuns: 150 },
    );
  });

  it('allocatePoints is exact, proportional within one point, and largest-remainder', () => {
    expect(allocatePoints(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocatePoints(7, [900, 3999])).toEqual([1, 6]);
    expect(allocatePoints(5, [0, 0])).toEqual([3, 2]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }), (total, weights) => {
        const parts = allocatePoints(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          const exact = sum === 0 ? total / weights.length : (total * (weights[i] as number)) / sum;
          expect(Math.abs(p - exact)).toBeLessThan(1);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('pointsForAmount is exact beyond float precision', () => {
    // 90 071 992 547 409.91 EUR (2^53 − 1 cents) at 3.3 points per euro = 297 237 575 406 452.703 points
    expect(pointsForAmount(9_007_199_254_740_991, parseRatio('3.3'), 2, 'down')).toBe(297_237_575_406_452);
    expect(pointsForAmount(9_007_199_254_740_991, parseRatio('3.3'), 2, 'up')).toBe(297_237_575_406_453);
    // 0.05 EUR at 10 points per euro = 0.5 points
    expect(pointsForAmount(5, parseRatio('10'), 2, 'half-even')).toBe(0);
    expect(pointsForAmount(15, parseRatio('10'), 2, 'half-even')).toBe(2);
  });
});
