import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, Return } from '../../src/core/schemas.js';
import { parseOrder, parseReturn } from '../../src/core/schemas.js';
import { backtestProgram } from '../../src/rules/backtest/backtest-program.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const FROM = new Date(T0);
/** Month ends of the window, Paris time: January to April 2026. */
const MONTH_ENDS = ['2026-01-31T22:59:59.999Z', '2026-02-28T22:59:59.999Z', '2026-03-31T21:59:59.999Z', '2026-04-30T21:59:59.999Z'].map((s) => new Date(s));
const UNTIL = MONTH_ENDS[3]!;

const programArb = fc.record({
  pending: fc.constantFrom(undefined, 'P7D', 'P30D'),
  expiry: fc.constantFrom('never' as const, { after: 'P1M', roundTo: 'day' as const }, { after: 'P2M', roundTo: 'month' as const }),
  returnPolicy: fc.constantFrom('claw-back-below-zero' as const, 'claw-back-within-balance' as const, 'forgive' as const),
  rate: fc.constantFrom('1', '2', '0.5'),
  welcome: fc.boolean(),
});

interface HistoryInput {
  readonly orders: readonly { customer: number; hours: number; lines: [number, number][] }[];
  readonly returns: readonly { order: number; line: number; afterHours: number }[];
}

const historyArb: fc.Arbitrary<HistoryInput> = fc.record({
  orders: fc.array(
    fc.record({ customer: fc.integer({ min: 0, max: 2 }), hours: fc.integer({ min: 0, max: 119 * 24 }), lines: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9999 })), { minLength: 1, maxLength: 3 }) }),
    { minLength: 1, maxLength: 12 },
  ),
  returns: fc.array(fc.record({ order: fc.nat(), line: fc.nat(), afterHours: fc.integer({ min: 0, max: 60 * 24 }) }), { maxLength: 6 }),
});

function programOf(p: { pending: string | undefined; expiry: unknown; returnPolicy: string; rate: string; welcome: boolean }): Record<string, unknown> {
  return {
    id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', expiry: p.expiry, returnPolicy: p.returnPolicy, pointsPayment: { valuePerPoint: '0.01' },
    ...(p.pending === undefined ? {} : { pending: p.pending }),
    earnRules: [{ id: 'base', kind: 'points-per-unit', rate: p.rate }, ...(p.welcome ? [{ id: 'welcome', kind: 'first-order-bonus', points: 25 }] : [])],
  };
}

function historyOf(h: HistoryInput): { orders: Order[]; returns: Return[] } {
  const orders = h.orders.map((o, i) =>
    parseOrder({
      id: `o${i}`, customerId: `c${o.customer}`, placedAt: new Date(T0 + o.hours * HOUR).toISOString(), currency: 'EUR',
      lines: o.lines.map(([quantity, cents], j) => ({ id: `l${j}`, sku: 'S', quantity, unitPrice: (cents / 100).toFixed(2) })),
    }),
  );
  // Each order line returned at most once, whole: never more units than were bought.
  const seen = new Set<string>();
  const returns: Return[] = [];
  h.returns.forEach((r, i) => {
    const order = orders[r.order % orders.length]!;
    const line = order.lines[r.line % order.lines.length]!;
    const key = `${order.id}/${line.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    returns.push(parseReturn({ id: `r${i}`, orderId: order.id, at: new Date(order.placedAt.getTime() + r.afterHours * HOUR).toISOString(), lines: [{ lineId: line.id, quantity: line.quantity }] }));
  });
  return { orders, returns };
}

describe('backtestProgram invariants', () => {
  it('issued − reversed − settled − expired = outstanding at until, and each month end is what a backtest ending there finds', () => {
    fc.assert(
      fc.property(programArb, historyArb, (p, h) => {
        const program = programOf(p);
        const { orders, returns } = historyOf(h);
        const { draft } = backtestProgram({ program, orders, returns, from: FROM, until: UNTIL });
        const t = draft.totals;
        expect(t.issued - t.reversed - t.settled - t.expired).toBe(draft.liability.outstanding);
        const last = draft.months.at(-1)!;
        expect([last.burnable, last.pending]).toEqual([draft.liability.active, draft.liability.pending]);
        MONTH_ENDS.forEach((end, i) => {
          const cut = backtestProgram({ program, orders, returns, from: FROM, until: end }).draft;
          expect([draft.months[i]!.burnable, draft.months[i]!.pending]).toEqual([cut.liability.active, cut.liability.pending]);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('comparing a program with itself gives zero difference', () => {
    fc.assert(
      fc.property(programArb, historyArb, (p, h) => {
        const program = programOf(p);
        const { orders, returns } = historyOf(h);
        const d = backtestProgram({ program, compareWith: program, orders, returns, from: FROM, until: UNTIL }).difference!;
        expect([d.issued, d.activated, d.reversed, d.expired, d.burnable, d.outstanding, d.earningOrders, d.earningShare]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
        expect(d.liabilityValue).toBe('0.00');
        expect(d.months.every((m) => m.issued === 0 && m.expired === 0 && m.burnable === 0)).toBe(true);
        expect(d.rules.every((r) => r.points === 0)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
