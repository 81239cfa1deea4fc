// Returns of orders with line-level points and order-level bonuses, under both bonus return
// policies: returning everything reverses everything earned, returning nothing reverses nothing,
// what is reversed never exceeds what was earned, and the policies differ only as documented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOrderEntries } from '../../src/engine/points-orders.js';
import { type BonusReturnPolicy, type EvaluatedOrder, applyEntry, deriveLedger, evaluateOrder, isOrderBonusKind, parseProgram, planReversal } from '../../src/rules/index.js';
import type { Order } from '../../src/core/schemas.js';

const program = parseProgram({
  id: 'p',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'tea-x2', kind: 'multiplier', factor: '2', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } },
    { id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '30.00', points: 7 }, { minAmount: '80.00', points: 31 }] },
    { id: 'tea-bonus', kind: 'fixed-bonus', points: 13, eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } },
    { id: 'welcome', kind: 'first-order-bonus', points: 50 },
    { id: 'birthday', kind: 'birthday-bonus', points: 200, period: 'month' },
  ],
});

const lineArb = fc.record({ cents: fc.integer({ min: 0, max: 6_000 }), quantity: fc.integer({ min: 1, max: 4 }), tea: fc.boolean() });
const caseArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 6 }),
  birthdayThisMonth: fc.boolean(),
  // each return takes, for each line, a number of the units still kept (0 skips the line)
  returns: fc.array(fc.array(fc.nat({ max: 4 }), { minLength: 6, maxLength: 6 }), { maxLength: 5 }),
  returnTheRest: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function play(c: Case, policy: BonusReturnPolicy): void {
  const order: EvaluatedOrder & Order = {
    id: 'o1',
    customerId: 'c1',
    currency: 'EUR',
    placedAt: new Date('2026-03-07T09:00:00Z'),
    lines: c.lines.map((l, i) => ({ id: `l${i}`, sku: `S${i}`, quantity: l.quantity, unitPrice: (l.cents / 100).toFixed(2), categories: l.tea ? ['tea'] : ['cups'], attributes: {} })),
    attributes: {},
  } as EvaluatedOrder & Order;
  const customer = { id: 'c1', joinedAt: new Date('2025-01-01T00:00:00Z'), birthDate: c.birthdayThisMonth ? '1990-03-20' : '1990-08-20', stats: { orderCount: 0 } };
  const ev = evaluateOrder(program, order, { now: order.placedAt, customer });
  let n = 0;
  const stamp = (at: Date) => ({ customerId: 'c1', at, newId: () => `e${++n}` });
  const state = deriveLedger([]);
  const { entries } = planOrderEntries(program, state, order, ev, stamp(order.placedAt));
  const bonusTotal = ev.bonuses.reduce((s, b) => s + b.points, 0);
  expect(ev.bonuses.every((b) => isOrderBonusKind(b.kind))).toBe(true);
  expect(entries[0]?.points).toBe(ev.totalPoints);

  const kept = c.lines.map((l) => l.quantity);
  let reversed = 0;
  let bonusesReversed = 0;
  let returnsWithUnits = 0;
  const returnOnce = (id: string, wanted: readonly number[]): number => {
    const lines = kept.flatMap((left, i) => {
      const q = Math.min(left, wanted[i] ?? 0);
      return q > 0 ? [{ lineId: `l${i}`, quantity: q }] : [];
    });
    const entry = planReversal(state, 'o1', id, lines, program.returnPolicy, stamp(new Date('2026-03-10T09:00:00Z')), policy);
    applyEntry(state, entry);
    for (const l of lines) kept[Number(l.lineId.slice(1))]! -= l.quantity;
    // nothing was spent, so the order's own lot pays every point due back
    expect(entry.forgiven + entry.debt).toBe(0);
    const bonusPart = (entry.bonuses ?? []).reduce((s, b) => s + b.points, 0);
    expect(entry.points + entry.lines.reduce((s, l) => s + l.points, 0) + bonusPart).toBe(0);
    if (lines.length === 0) expect(Math.abs(entry.points)).toBe(0); // returning none reverses nothing (the entry says -0)
    else returnsWithUnits += 1;
    reversed -= entry.points;
    bonusesReversed += bonusPart;
    expect(reversed).toBeLessThanOrEqual(ev.totalPoints);
    expect(bonusesReversed).toBeLessThanOrEqual(bonusTotal);
    return bonusPart;
  };
  c.returns.forEach((r, i) => {
    returnOnce(`r${i}`, r);
    const everything = kept.every((k) => k === 0);
    if (policy === 'claw-back' && returnsWithUnits > 0) expect(bonusesReversed).toBe(bonusTotal);
    // keep: the first-order and birthday bonuses (all lines eligible, no threshold) stay while any unit is kept
    if (policy === 'keep' && !everything) {
      const unconditional = ev.bonuses.filter((b) => b.kind === 'first-order-bonus' || b.kind === 'birthday-bonus').reduce((s, b) => s + b.points, 0);
      expect(bonusesReversed).toBeLessThanOrEqual(bonusTotal - unconditional);
    }
  });
  if (c.returnTheRest) {
    returnOnce('last', [4, 4, 4, 4, 4, 4]);
    // returning every line reverses everything earned
    expect(reversed).toBe(ev.totalPoints);
    expect(bonusesReversed).toBe(bonusTotal);
    expect(state.total).toBe(0);
  }
}

describe('order-level bonuses on returns (property)', () => {
  for (const policy of ['keep', 'claw-back'] as const) {
    it(`returning all lines reverses everything, none reverses nothing, reversed ≤ earned (${policy})`, () => {
      fc.assert(
        fc.property(caseArb, (c) => play(c, policy)),
        { numRuns: 300 },
      );
    });
  }
});
