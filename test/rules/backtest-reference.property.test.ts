import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, Return } from '../../src/core/schemas.js';
import { parseCustomer, parseOrder, parseReturn } from '../../src/core/schemas.js';
import { backtestProgram } from '../../src/rules/backtest/backtest-program.js';
import { referenceReplay } from './reference-replay.js';

// The optimised replay (memoised calendar, integer tier windows, downgrades decided without
// evaluateTier, pruned activity, order tracks only for returned orders) gives exactly the report
// of the obvious replay, on small random histories that cross tier thresholds, caps and budgets.
const DAY = 86_400_000;
const FROM = new Date('2026-01-01T00:00:00+01:00');
const UNTIL = new Date('2026-06-30T23:59:59.999+02:00');
const T0 = Date.UTC(2025, 10, 1); // orders from November 2025 (before the window) to July 2026 (after it)

const programArb = fc.record({
  pending: fc.constantFrom(undefined, 'P7D', 'PT36H'),
  expiry: fc.constantFrom<unknown>('never', { after: 'P2M', roundTo: 'day' }, { after: 'P3M', roundTo: 'month' }, { after: 'P45D' }),
  returnPolicy: fc.constantFrom('claw-back-below-zero', 'claw-back-within-balance', 'forgive'),
  tiers: fc.option(
    fc.record({
      basis: fc.constantFrom('points', 'spend'),
      window: fc.constantFrom<unknown>({ rolling: 'P1M' }, { rolling: 'P60D' }, { calendar: 'month' }, { calendar: 'quarter' }),
      review: fc.constantFrom('month', 'quarter'),
      grace: fc.constantFrom(undefined, 'P10D'),
    }),
    { nil: undefined },
  ),
  multiplier: fc.boolean(),
  threshold: fc.boolean(),
  welcome: fc.boolean(),
  caps: fc.constantFrom<unknown>(undefined, { perDay: 60 }, { perPeriod: { period: 'month', points: 150 } }, { perCustomer: 300 }, { budget: 400 }),
});
type ProgramInput = typeof programArb extends fc.Arbitrary<infer T> ? T : never;

function programOf(p: ProgramInput): Record<string, unknown> {
  const t = p.tiers;
  return {
    id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', expiry: p.expiry, returnPolicy: p.returnPolicy, pointsPayment: { valuePerPoint: '0.01' },
    ...(p.pending === undefined ? {} : { pending: p.pending }),
    ...(t === undefined
      ? {}
      : {
          tiers: {
            basis: t.basis, window: t.window, review: t.review, ...(t.grace === undefined ? {} : { grace: t.grace }),
            levels: [{ id: 'member', threshold: '0' }, { id: 'silver', threshold: t.basis === 'points' ? '80' : '60', multiplier: '1.5' }, { id: 'gold', threshold: t.basis === 'points' ? '200' : '150', multiplier: '2' }],
          },
        }),
    earnRules: [
      { id: 'base', kind: 'points-per-unit', rate: '1', ...(p.caps === undefined ? {} : { caps: p.caps }) },
      ...(p.multiplier ? [{ id: 'tea', kind: 'multiplier', factor: '2', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } }] : []),
      ...(p.threshold ? [{ id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '30.00', points: 10 }, { minAmount: '60.00', points: 25 }], ...(p.caps === undefined ? {} : { caps: p.caps }) }] : []),
      ...(p.welcome ? [{ id: 'welcome', kind: 'first-order-bonus', points: 15 }] : []),
    ],
  };
}

const historyArb = fc.record({
  orders: fc.array(
    fc.record({
      customer: fc.integer({ min: 0, max: 3 }),
      minutes: fc.integer({ min: 0, max: 270 * 24 * 60 }),
      lines: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4000 }), fc.boolean()), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 30 },
  ),
  returns: fc.array(fc.record({ order: fc.nat(), line: fc.nat(), units: fc.integer({ min: 1, max: 3 }), afterHours: fc.integer({ min: 0, max: 40 * 24 }) }), { maxLength: 8 }),
  joined: fc.boolean(),
});

function historyOf(h: typeof historyArb extends fc.Arbitrary<infer T> ? T : never): { orders: Order[]; returns: Return[] } {
  const orders = h.orders.map((o, i) =>
    parseOrder({
      id: `o${i}`, customerId: `c${o.customer}`, placedAt: new Date(T0 + o.minutes * 60_000).toISOString(), currency: 'EUR',
      lines: o.lines.map(([quantity, cents, tea], j) => ({ id: `l${j}`, sku: `S${j}`, categories: [tea ? 'tea' : 'mugs'], quantity, unitPrice: (cents / 100).toFixed(2) })),
    }),
  );
  // Never more units of a line returned than were bought.
  const left = new Map<string, number>();
  const returns: Return[] = [];
  h.returns.forEach((r, i) => {
    const order = orders[r.order % orders.length]!;
    const line = order.lines[r.line % order.lines.length]!;
    const key = `${order.id}/${line.id}`;
    const units = Math.min(r.units, left.get(key) ?? line.quantity);
    if (units === 0) return;
    left.set(key, (left.get(key) ?? line.quantity) - units);
    returns.push(parseReturn({ id: `r${i}`, orderId: order.id, at: new Date(order.placedAt.getTime() + r.afterHours * 3_600_000).toISOString(), lines: [{ lineId: line.id, quantity: units }] }));
  });
  return { orders, returns };
}

describe('backtestProgram against a reference replay', () => {
  it('gives exactly the report of the straightforward replay', () => {
    fc.assert(
      fc.property(programArb, historyArb, (p, h) => {
        const program = programOf(p);
        const { orders, returns } = historyOf(h);
        const customers = h.joined ? [parseCustomer({ id: 'c1', joinedAt: new Date(T0 - 30 * DAY).toISOString() })] : [];
        const { draft } = backtestProgram({ program, orders, returns, customers, from: FROM, until: UNTIL });
        expect(draft).toEqual(referenceReplay({ program, orders, returns, customers, from: FROM, until: UNTIL }));
      }),
      { numRuns: 300 },
    );
  });
});
