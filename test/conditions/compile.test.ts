import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileCondition,
  conditionIssues,
  createFactSubject,
  failedComparisons,
  type FactOrderInput,
} from '../../src/conditions/index.js';

// 2026-03-07 is a Saturday. 22:30 UTC is 23:30 in Paris (still Saturday) but 11:30 on Sunday in Auckland.
const order: FactOrderInput = {
  id: 'o1',
  currency: 'EUR',
  placedAt: new Date('2026-03-07T22:30:00Z'),
  channel: 'web',
  lines: [
    { id: 'l1', sku: 'TEA-1', quantity: 2, unitPrice: '4.50', categories: ['tea', 'bio'], brand: 'Leaf' },
    { id: 'l2', sku: 'MUG-1', quantity: 1, unitPrice: '41.00', discount: '1.01', categories: ['kitchen'] },
  ],
};
const subject = createFactSubject({ order, timeZone: 'Europe/Paris' });
const check = (condition: unknown, s = subject): boolean => compileCondition(condition, { currency: 'EUR' }).test(s);

describe('fact subject', () => {
  it('computes exact totals in minor units', () => {
    // 2 × 4.50 = 9.00; 41.00 − 1.01 = 39.99; subtotal 48.99
    expect(subject.subtotal).toBe(4899);
    expect(subject.grossSubtotal).toBe(5000);
    expect(subject.discountTotal).toBe(101);
    expect(subject.itemCount).toBe(3);
  });
  it('reads local weekday and hour in the program zone, whatever the host zone', () => {
    expect(subject.orderLocal).toMatchObject({ date: '2026-03-07', weekday: 6, hour: 23, time: '23:30', monthDay: '03-07' });
    const nz = createFactSubject({ order, timeZone: 'Pacific/Auckland' });
    // Auckland is UTC+13 in March (daylight time): 11:30 on Sunday 8 March.
    expect(nz.orderLocal).toMatchObject({ date: '2026-03-08', weekday: 7, hour: 11 });
  });
});

describe('compileCondition', () => {
  it('compares money exactly at the boundary', () => {
    expect(check({ fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '48.99' })).toBe(true);
    expect(check({ fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '49.00' })).toBe(false);
    expect(check({ fact: 'order.subtotal', operator: 'greaterThan', value: '48.99' })).toBe(false);
    expect(check({ fact: 'order.subtotal', operator: 'equal', value: '48.990' })).toBe(true);
    expect(check({ fact: 'order.subtotal', operator: 'between', value: ['10', 48.99] })).toBe(true);
    expect(check({ fact: 'order.grossSubtotal', operator: 'lessThan', value: '50.00' })).toBe(false);
  });
  it('handles weekday, hour wrap-around, dates and month-days', () => {
    expect(check({ fact: 'order.weekday', operator: 'in', value: [6, 7] })).toBe(true);
    expect(check({ fact: 'order.hour', operator: 'between', value: [22, 2] })).toBe(true);
    expect(check({ fact: 'order.hour', operator: 'between', value: [9, 18] })).toBe(false);
    expect(check({ fact: 'order.time', operator: 'between', value: ['23:00', '23:30'] })).toBe(true);
    expect(check({ fact: 'order.date', operator: 'between', value: ['2026-03-01', '2026-03-07'] })).toBe(true);
    expect(check({ fact: 'order.monthDay', operator: 'equal', value: '03-07' })).toBe(true);
    expect(check({ fact: 'order.monthDay', operator: 'between', value: ['12-20', '01-10'] })).toBe(false);
  });
  it('supports all / any / not and line quantifiers', () => {
    expect(
      check({
        all: [
          { fact: 'order.channel', operator: 'equal', value: 'web' },
          { not: { fact: 'order.store', operator: 'equal', value: 'paris-1' } },
          { any: [{ anyLine: { fact: 'line.categories', operator: 'contains', value: 'tea' } }, { fact: 'order.itemCount', operator: 'greaterThan', value: 10 }] },
        ],
      }),
    ).toBe(true);
    expect(check({ allLines: { fact: 'line.categories', operator: 'in', value: ['tea', 'kitchen'] } })).toBe(true);
    expect(check({ allLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } })).toBe(false);
    expect(check({ any: [] })).toBe(false);
    expect(check({ all: [] })).toBe(true);
  });
  it('aggregates lines: quantity of tea, total of kitchen', () => {
    expect(check({ lines: { where: { fact: 'line.categories', operator: 'contains', value: 'tea' }, measure: 'quantity' }, operator: 'greaterThanInclusive', value: 2 })).toBe(true);
    expect(check({ lines: { where: { fact: 'line.categories', operator: 'contains', value: 'tea' }, measure: 'quantity' }, operator: 'greaterThanInclusive', value: 3 })).toBe(false);
    expect(check({ lines: { where: { fact: 'line.categories', operator: 'contains', value: 'kitchen' }, measure: 'total' }, operator: 'equal', value: '39.99' })).toBe(true);
    expect(check({ lines: { measure: 'count' }, operator: 'equal', value: 2 })).toBe(true);
  });
  it('reads attributes by their run-time type', () => {
    const s = createFactSubject({
      order: { ...order, attributes: { campaign: 'spring', score: 7 } },
      customer: { id: 'c1', joinedAt: new Date('2026-01-01T00:00:00Z'), attributes: { segment: 'vip' } },
      timeZone: 'Europe/Paris',
    });
    expect(check({ fact: 'order.attributes.campaign', operator: 'equal', value: 'spring' }, s)).toBe(true);
    expect(check({ fact: 'order.attributes.score', operator: 'greaterThan', value: 5 }, s)).toBe(true);
    expect(check({ fact: 'order.attributes.campaign', operator: 'greaterThan', value: 5 }, s)).toBe(false);
    expect(check({ fact: 'order.attributes.missing', operator: 'equal', value: null }, s)).toBe(true);
    expect(check({ fact: 'customer.segment', operator: 'in', value: ['vip', 'gold'] }, s)).toBe(true);
    // joined 2026-01-01 01:00 Paris, order 2026-03-07 Paris: 31 + 28 + 6 = 65 local days
    expect(check({ fact: 'customer.daysSinceJoining', operator: 'equal', value: 65 }, s)).toBe(true);
    expect(check({ fact: 'customer.isFirstOrder', operator: 'equal', value: true }, s)).toBe(true);
  });
  it('birthday facts in the customer zone; 29 February on 28 February in common years', () => {
    const c = (birthDate: string, timeZone?: string) =>
      createFactSubject({ order, customer: { id: 'c', joinedAt: new Date('2020-01-01T00:00:00Z'), birthDate, ...(timeZone ? { timeZone } : {}) }, timeZone: 'Europe/Paris' });
    expect(c('1990-03-07').birthdayIn('day')).toBe(true);
    // In Auckland the order is on 8 March.
    expect(c('1990-03-07', 'Pacific/Auckland').birthdayIn('day')).toBe(false);
    expect(c('1990-03-08', 'Pacific/Auckland').birthdayIn('day')).toBe(true);
    // ISO week of Saturday 2026-03-07 is Monday 2 March … Sunday 8 March.
    expect(c('1990-03-02').birthdayIn('week')).toBe(true);
    expect(c('1990-03-09').birthdayIn('week')).toBe(false);
    expect(c('1990-03-31').birthdayIn('month')).toBe(true);
    const feb28 = { ...order, placedAt: new Date('2026-02-28T12:00:00Z') };
    expect(createFactSubject({ order: feb28, customer: { id: 'c', joinedAt: new Date('2020-01-01T00:00:00Z'), birthDate: '2000-02-29' }, timeZone: 'Europe/Paris' }).birthdayIn('day')).toBe(true);
  });
});

describe('validation', () => {
  it('reports every problem with its path', () => {
    const issues = conditionIssues(
      {
        all: [
          { fact: 'order.total', operator: 'greaterThan', value: 5 },
          { fact: 'order.subtotal', operator: 'greaterThen', value: '5' },
          { fact: 'order.subtotal', operator: 'greaterThan', value: '5.001' },
          { fact: 'line.sku', operator: 'equal', value: 'A' },
          { fact: 'line.categories', operator: 'lessThan', value: 'A' },
          { fact: 'order.weekday', operator: 'in', value: [6, 8] },
          { lines: { measure: 'weight' }, operator: 'equal', value: 1 },
          { frob: 1 },
        ],
      },
      { currency: 'EUR', path: 'earnRules[2].conditions' },
    );
    expect(issues.map((i) => i.path)).toEqual([
      'earnRules[2].conditions.all[0].fact',
      'earnRules[2].conditions.all[1].operator',
      'earnRules[2].conditions.all[2].value',
      'earnRules[2].conditions.all[3].fact',
      'earnRules[2].conditions.all[4].fact',
      'earnRules[2].conditions.all[5].value',
      'earnRules[2].conditions.all[6].lines.measure',
      'earnRules[2].conditions.all[7]',
    ]);
    expect(issues[2]?.message).toContain('more than 2 decimals for EUR');
    expect(issues[5]?.message).toContain('[1]');
  });
  it('accepts line facts in line scope and rejects unknown keys', () => {
    expect(conditionIssues({ fact: 'line.sku', operator: 'equal', value: 'A' }, { currency: 'EUR', scope: 'line' })).toEqual([]);
    expect(conditionIssues({ fact: 'order.channel', operator: 'equal', value: 'web', path: 'x' }, { currency: 'EUR' })[0]?.path).toBe('path');
    expect(() => compileCondition({ all: [{ fact: 'nope', operator: 'equal', value: 1 }] }, { currency: 'EUR' })).toThrow(/all\[0\]\.fact/);
  });
});

describe('trace', () => {
  it('names the failing comparison with its actual value', () => {
    const c = compileCondition(
      { all: [{ fact: 'order.channel', operator: 'equal', value: 'web' }, { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '50.00' }] },
      { currency: 'EUR', path: 'conditions' },
    );
    const trace = c.explain(subject);
    expect(trace.passed).toBe(false);
    const failed = failedComparisons(trace);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ path: 'conditions.all[1]', fact: 'order.subtotal', actual: '48.99 EUR', expected: '50.00 EUR' });
    expect(failed[0]?.sentence).toBe('order.subtotal is 48.99 EUR, which is not at least 50.00 EUR');
  });
  it('the indexed "some line has category / SKU" agrees with the line loop (property)', () => {
    const lineArb = fc.record({ sku: fc.constantFrom('A', 'B', 'C'), categories: fc.subarray(['tea', 'bio', 'kitchen']) });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.constantFrom('tea', 'bio', 'kitchen', 'toys'), fc.constantFrom('A', 'B', 'Z'), (lines, category, sku) => {
        const s = createFactSubject({
          order: { ...order, lines: lines.map((l, i) => ({ id: `l${i}`, sku: l.sku, quantity: 1, unitPrice: '1.00', categories: l.categories })) },
          timeZone: 'Europe/Paris',
        });
        for (const leaf of [
          { fact: 'line.categories', operator: 'contains', value: category },
          { fact: 'line.categories', operator: 'in', value: [category, 'bio'] },
          { fact: 'line.sku', operator: 'equal', value: sku },
          { fact: 'line.sku', operator: 'in', value: [sku, 'C'] },
        ]) {
          const indexed = compileCondition({ anyLine: leaf }, { currency: 'EUR' });
          const looped = compileCondition({ not: { allLines: { not: leaf } } }, { currency: 'EUR' });
          expect(indexed.test(s)).toBe(looped.test(s));
          expect(indexed.explain(s).passed).toBe(indexed.test(s));
        }
      }),
      { numRuns: 200 },
    );
  });
  it('test and explain agree (property)', () => {
    const arb = fc.record({
      subtotalFloor: fc.integer({ min: 0, max: 10_000 }),
      weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7]),
      category: fc.constantFrom('tea', 'bio', 'kitchen', 'toys'),
      qty: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ subtotalFloor, weekdays, category, qty }) => {
        const cond = {
          any: [
            { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: (subtotalFloor / 100).toFixed(2) },
            { all: [{ fact: 'order.weekday', operator: 'in', value: weekdays }, { not: { anyLine: { fact: 'line.categories', operator: 'contains', value: category } } }] },
            { lines: { where: { fact: 'line.categories', operator: 'contains', value: category }, measure: 'quantity' }, operator: 'greaterThan', value: qty },
          ],
        };
        const c = compileCondition(cond, { currency: 'EUR' });
        expect(c.explain(subject).passed).toBe(c.test(subject));
        // independent check of the first branch in integer cents
        if (subtotalFloor <= 4899) expect(c.test(subject)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
