// Order-level bonuses on returns (issue #13): a one-line return must not take back a
// once-a-year birthday bonus under the default policy; line-level points still go back per line.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

// 1 point per euro; a 200-point birthday bonus in the birthday month, once a year (cap).
const PROGRAM = {
  id: 'shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  pending: 'P14D',
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'birthday', kind: 'birthday-bonus', points: 200, period: 'month', caps: { perPeriod: { period: 'year', points: 200 } } },
  ],
};
const CUSTOMER = { id: 'c1', joinedAt: '2025-01-01T00:00:00Z', birthDate: '1990-03-20' };
// 37.00 + 67.00 = 104.00 EUR in March (the birthday month).
// base: l1 37, l2 67. birthday 200 split 37:67 → exact 71.15 / 128.85 → floors 71 / 128, the
// point left to the larger remainder (l2) → 71 / 129. Line l1 carries 37 + 71 = 108 points.
const ORDER = {
  id: 'o1',
  customerId: 'c1',
  placedAt: '2026-03-07T10:00:00+01:00',
  currency: 'EUR',
  lines: [
    { id: 'l1', sku: 'A', quantity: 1, unitPrice: '37.00' },
    { id: 'l2', sku: 'B', quantity: 1, unitPrice: '67.00' },
  ],
};
const RETURN_L1 = { id: 'r1', orderId: 'o1', at: '2026-03-10T10:00:00+01:00', lines: [{ lineId: 'l1', quantity: 1 }] };
const RETURN_L2 = { id: 'r2', orderId: 'o1', at: '2026-03-11T10:00:00+01:00', lines: [{ lineId: 'l2', quantity: 1 }] };

function setup(overrides: Record<string, unknown> = {}) {
  const clock = manualClock(new Date('2026-03-07T09:00:00Z'));
  const engine = createLoyaltyEngine({ store: createMemoryStore(), programs: [parseProgram({ ...PROGRAM, ...overrides })], clock, ids: sequentialIdGenerator('e') });
  return { engine, clock };
}

describe('order-level bonuses on a return', () => {
  it('default (keep): a one-line return reverses only that line’s 37 base points, the birthday bonus stays', async () => {
    const { engine } = setup();
    const earned = await engine.recordOrder(ORDER, { idempotencyKey: 'o1', customer: CUSTOMER });
    expect(earned.points).toBe(304);
    expect(earned.lines.map((l) => [l.lineId, l.points])).toEqual([['l1', 108], ['l2', 196]]);
    const r1 = await engine.recordReturn(RETURN_L1, { idempotencyKey: 'r1' });
    expect(r1.pointsReversed).toBe(37);
    expect(r1.lines).toEqual([{ lineId: 'l1', quantity: 1, points: 37 }]);
    expect(r1.bonuses).toEqual([]);
    const after = new Date('2026-03-12T10:00:00Z');
    expect(await engine.balance('c1', after)).toMatchObject({ pending: 267, lifetime: { earned: 304, reversed: 37 } });
    // the last unit of the order goes back: its 67 base points and now the whole bonus (no order is left)
    const r2 = await engine.recordReturn(RETURN_L2, { idempotencyKey: 'r2' });
    expect(r2.pointsReversed).toBe(267);
    expect(r2.lines).toEqual([{ lineId: 'l2', quantity: 1, points: 67 }]);
    expect(r2.bonuses).toEqual([{ ruleId: 'birthday', points: 200, reason: 'order-fully-returned' }]);
    expect(await engine.balance('c1', after)).toMatchObject({ pending: 0, lifetime: { earned: 304, reversed: 304 } });
  });

  it('claw-back: the first return takes the whole bonus back with the line', async () => {
    const { engine } = setup({ bonusReturnPolicy: 'claw-back' });
    await engine.recordOrder(ORDER, { idempotencyKey: 'o1', customer: CUSTOMER });
    const r1 = await engine.recordReturn(RETURN_L1, { idempotencyKey: 'r1' });
    expect(r1.pointsReversed).toBe(237);
    expect(r1.bonuses).toEqual([{ ruleId: 'birthday', points: 200, reason: 'claw-back' }]);
    const r2 = await engine.recordReturn(RETURN_L2, { idempotencyKey: 'r2' });
    expect(r2.pointsReversed).toBe(67);
    expect(r2.bonuses).toEqual([]);
  });

  // base 1/EUR; big basket: 10 points from 50.00, 30 from 100.00. l1 2 × 30.00, l2 45.00 = 105.00 → step 30.
  // base l1 60, l2 45; the 30 split 60:45 → 17.14 / 12.86 → 17 / 13 (the point left goes to l2's larger remainder).
  const BASKET = {
    earnRules: [
      { id: 'base', kind: 'points-per-unit', rate: '1' },
      { id: 'big-basket', kind: 'threshold-bonus', steps: [{ minAmount: '50.00', points: 10 }, { minAmount: '100.00', points: 30 }] },
    ],
  };
  const BASKET_ORDER = {
    id: 'o1',
    customerId: 'c1',
    placedAt: '2026-03-07T10:00:00+01:00',
    currency: 'EUR',
    lines: [
      { id: 'l1', sku: 'A', quantity: 2, unitPrice: '30.00' },
      { id: 'l2', sku: 'B', quantity: 1, unitPrice: '45.00' },
    ],
  };
  const ret = (id: string, lineId: string, quantity: number) => ({ id, orderId: 'o1', at: '2026-03-10T10:00:00+01:00', lines: [{ lineId, quantity }] });

  it('keep: a threshold bonus falls to the step the kept lines still reach, then to nothing', async () => {
    const { engine } = setup(BASKET);
    const earned = await engine.recordOrder(BASKET_ORDER, { idempotencyKey: 'o1' });
    expect(earned.lines.map((l) => [l.lineId, l.points])).toEqual([['l1', 77], ['l2', 58]]);
    // l2 back: 60.00 kept reaches the 50.00 step only → 45 base + (30 − 10) bonus
    const r1 = await engine.recordReturn(ret('r1', 'l2', 1), { idempotencyKey: 'r1' });
    expect(r1).toMatchObject({ pointsReversed: 65, lines: [{ lineId: 'l2', quantity: 1, points: 45 }], bonuses: [{ ruleId: 'big-basket', points: 20, reason: 'below-threshold' }] });
    // one of the two l1 units back: 30.00 kept is below 50.00 → 30 base + the last 10
    const r2 = await engine.recordReturn(ret('r2', 'l1', 1), { idempotencyKey: 'r2' });
    expect(r2).toMatchObject({ pointsReversed: 40, lines: [{ lineId: 'l1', quantity: 1, points: 30 }], bonuses: [{ ruleId: 'big-basket', points: 10, reason: 'below-threshold' }] });
    const r3 = await engine.recordReturn(ret('r3', 'l1', 1), { idempotencyKey: 'r3' });
    expect(r3).toMatchObject({ pointsReversed: 30, bonuses: [] });
    expect((await engine.balance('c1')).lifetime).toMatchObject({ earned: 135, reversed: 135 });
  });

  it('keep: the kept amount of partly returned lines is compared exactly (2 of 3 units of 100.00 is 66.666…)', async () => {
    const { engine } = setup({ earnRules: [{ id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '66.66', points: 10 }, { minAmount: '66.67', points: 20 }] }] });
    const order = { ...BASKET_ORDER, lines: [{ id: 'l1', sku: 'A', quantity: 3, unitPrice: '33.34' }, { id: 'l2', sku: 'B', quantity: 1, unitPrice: '0.00' }] };
    // 3 × 33.34 = 100.02 → step 20; keeping 2 of 3 units keeps 66.68 → still 20
    expect((await engine.recordOrder(order, { idempotencyKey: 'o1' })).points).toBe(20);
    expect((await engine.recordReturn(ret('r1', 'l1', 1), { idempotencyKey: 'r1' })).pointsReversed).toBe(0);
    const { engine: other } = setup({ earnRules: [{ id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '66.66', points: 10 }, { minAmount: '66.67', points: 20 }] }] });
    // a 100.00 line of 3 units: 2 kept are worth 66.666…, at least 66.66 but below 66.67 → falls to 10
    await other.recordOrder({ ...order, lines: [{ id: 'l1', sku: 'A', quantity: 3, unitPrice: '33.34', discount: '0.02' }] }, { idempotencyKey: 'o1' });
    expect(await other.recordReturn(ret('r1', 'l1', 1), { idempotencyKey: 'r1' })).toMatchObject({ pointsReversed: 10, bonuses: [{ ruleId: 'big', points: 10, reason: 'below-threshold' }] });
  });

  it('keep: a bonus earned on some lines goes when every unit of those lines is back', async () => {
    const { engine } = setup({
      earnRules: [
        { id: 'base', kind: 'points-per-unit', rate: '1' },
        { id: 'tea-bonus', kind: 'fixed-bonus', points: 20, eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } },
      ],
    });
    await engine.recordOrder(
      { ...BASKET_ORDER, lines: [{ id: 'l1', sku: 'T', quantity: 2, unitPrice: '5.00', categories: ['tea'] }, { id: 'l2', sku: 'M', quantity: 1, unitPrice: '12.00', categories: ['mugs'] }] },
      { idempotencyKey: 'o1' },
    );
    // earned 10 + 12 base + 20 on the tea line = 42; one tea unit back: 5 base, the bonus stays (a tea unit is kept)
    expect(await engine.recordReturn(ret('r1', 'l1', 1), { idempotencyKey: 'r1' })).toMatchObject({ pointsReversed: 5, bonuses: [] });
    expect(await engine.recordReturn(ret('r2', 'l1', 1), { idempotencyKey: 'r2' })).toMatchObject({
      pointsReversed: 25,
      bonuses: [{ ruleId: 'tea-bonus', points: 20, reason: 'no-eligible-lines' }],
    });
  });
});
