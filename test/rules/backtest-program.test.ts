import { describe, expect, it } from 'vitest';
import { parseOrder, parseReturn } from '../../src/core/schemas.js';
import { FidelisError } from '../../src/core/errors.js';
import { backtestProgram } from '../../src/rules/backtest/backtest-program.js';

// A 2-customer, 3-month history worked on paper (zone UTC, window January–March 2026).
//
// Draft: 1 point per euro (rounded down), a 50-point welcome bonus on the first order, points
// pending 14 days (active from the end of that day) and expiring one month after the order,
// rounded to the end of that month; tiers on points over 12 months: member from 0, gold from
// 150 with ×1.5. A point is worth 0.01 EUR.
const DRAFT = {
  id: 'draft', currency: 'EUR', timeZone: 'UTC', pending: 'P14D', expiry: { after: 'P1M', roundTo: 'month' },
  pointsPayment: { valuePerPoint: '0.01' },
  tiers: { basis: 'points', window: { rolling: 'P12M' }, levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '150', multiplier: '1.5' }] },
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'welcome', kind: 'first-order-bonus', points: 50 },
  ],
};
// Current: 1 point per euro, active at once, never expiring.
const CURRENT = { id: 'current', currency: 'EUR', timeZone: 'UTC', pointsPayment: { valuePerPoint: '0.01' }, earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] };

const order = (id: string, customerId: string, placedAt: string, lines: Array<[string, number, string]>) =>
  parseOrder({ id, customerId, placedAt, currency: 'EUR', lines: lines.map(([lineId, quantity, unitPrice]) => ({ id: lineId, sku: 'SKU', quantity, unitPrice })) });

const ORDERS = [
  order('oB0', 'B', '2025-12-20T10:00:00Z', [['l1', 1, '10.00']]), // before the window: B's earlier order, no welcome bonus later
  order('oA1', 'A', '2026-01-05T10:00:00Z', [['l1', 2, '30.00']]), // 60 + 50 welcome = 110; active 20 Jan; expires end of Feb; A becomes member
  order('oB1', 'B', '2026-01-25T15:00:00Z', [['l1', 1, '25.50']]), // 25; active 9 Feb; expires end of Feb; B becomes member
  order('oA2', 'A', '2026-02-10T12:00:00Z', [['l1', 1, '50.00']]), // 50 (member); active 25 Feb; valid until 31 Mar 23:59:59.999; A reaches gold (160)
  order('oA3', 'A', '2026-03-03T09:00:00Z', [['l1', 1, '20.00'], ['l2', 1, '20.00']]), // gold: 40 + 20 = 60, 30 a line; active 18 Mar
  order('oB2', 'B', '2026-03-20T08:00:00Z', [['l1', 3, '10.00']]), // 30 (member); active 4 Apr: pending at the end
  order('oC1', 'C', '2026-04-02T08:00:00Z', [['l1', 1, '10.00']]), // after the window
];
const RETURNS = [
  parseReturn({ id: 'rA3', orderId: 'oA3', at: '2026-03-10T00:00:00Z', lines: [{ lineId: 'l2', quantity: 1 }] }), // l2's 30 points, still pending
  parseReturn({ id: 'rB0', orderId: 'oB0', at: '2026-01-02T00:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }), // order not replayed: skipped
];
const FROM = new Date('2026-01-01T00:00:00Z');
const UNTIL = new Date('2026-03-31T23:59:59.999Z');

describe('backtestProgram', () => {
  const result = backtestProgram({ program: DRAFT, compareWith: CURRENT, orders: ORDERS, returns: RETURNS, from: FROM, until: UNTIL });

  it('reports issued, activated, reversed, expired and the month-end balances as worked on paper', () => {
    const months = result.draft.months.map(({ month, orders, earningOrders, issued, activated, reversed, expired, burnable, pending, outstandingValue }) => ({
      month, orders, earningOrders, issued, activated, reversed, expired, burnable, pending, outstandingValue,
    }));
    expect(months).toEqual([
      // Jan: A1 110 + B1 25 issued; A1 active on 20 Jan; B1 pending
      { month: '2026-01', orders: 2, earningOrders: 2, issued: 135, activated: 110, reversed: 0, expired: 0, burnable: 110, pending: 25, outstandingValue: '1.35' },
      // Feb: A2 50 issued; B1 (9 Feb) and A2 (25 Feb) activate; A1 and B1 are valid through
      // 28 Feb 23:59:59.999, so still burnable at the end of February
      { month: '2026-02', orders: 1, earningOrders: 1, issued: 50, activated: 75, reversed: 0, expired: 0, burnable: 185, pending: 0, outstandingValue: '1.85' },
      // Mar: A1 and B1 expire at 1 Mar 00:00 (135); A3 60 and B2 30 issued; the return takes 30
      // of A3 while pending, 30 activate on 18 Mar; A2 is valid through 31 Mar 23:59:59.999 =
      // until, so not expired yet
      { month: '2026-03', orders: 2, earningOrders: 2, issued: 90, activated: 30, reversed: 30, expired: 135, burnable: 80, pending: 30, outstandingValue: '1.10' },
    ]);
    expect(result.draft.totals).toEqual({
      orders: 5, earningOrders: 5, earningShare: 1, returns: 1, returnsSkipped: 1, ordersBefore: 1, ordersAfter: 1,
      issued: 275, activated: 215, reversed: 30, settled: 0, expired: 135,
    });
  });

  it('takes the liability at until in money, with its expiry by month', () => {
    expect(result.draft.liability).toMatchObject({ active: 80, pending: 30, outstanding: 110, debt: 0, value: '1.10', ledgers: 2 });
    expect(result.draft.liability.expiring).toEqual([
      { month: '2026-03', points: 50, value: '0.50' }, // A2
      { month: '2026-04', points: 60, value: '0.60' }, // A3's 30 kept, B2
    ]);
  });

  it('costs each rule and each tier', () => {
    expect(result.draft.rules).toEqual([
      { ruleId: 'base', kind: 'points-per-unit', orders: 5, points: 205, value: '2.05' }, // 60 + 25 + 50 + 40 + 30
      { ruleId: 'welcome', kind: 'first-order-bonus', orders: 1, points: 50, value: '0.50' }, // A only: B had an order before the window
      { ruleId: 'tier:gold', kind: 'multiplier', orders: 1, points: 20, value: '0.20' }, // A3: 40 × 0.5
    ]);
    expect(result.draft.tiers).toEqual([
      { tierId: null, orders: 2, points: 135, tierPoints: 0, value: '1.35', tierValue: '0.00' }, // A1, B1
      { tierId: 'member', orders: 2, points: 80, tierPoints: 0, value: '0.80', tierValue: '0.00' }, // A2, B2
      { tierId: 'gold', orders: 1, points: 60, tierPoints: 20, value: '0.60', tierValue: '0.20' }, // A3
    ]);
  });

  it('replays the current program on the same history and reports the difference', () => {
    // Current: 60 + 25 + 50 + 40 + 30 = 205 active at once; the return takes l2's 20 back.
    expect(result.current?.totals).toMatchObject({ issued: 205, activated: 205, reversed: 20, expired: 0 });
    expect(result.current?.months.map((m) => m.burnable)).toEqual([85, 135, 185]);
    expect(result.current?.liability).toMatchObject({ outstanding: 185, value: '1.85' });
    expect(result.difference).toEqual({
      earningOrders: 0, earningShare: 0, issued: 70, activated: 10, reversed: 10, expired: 135, burnable: -105, outstanding: -75, liabilityValue: '-0.75',
      months: [
        { month: '2026-01', issued: 50, expired: 0, burnable: 25 },
        { month: '2026-02', issued: 0, expired: 0, burnable: 50 },
        { month: '2026-03', issued: 20, expired: 135, burnable: -105 },
      ],
      rules: [{ ruleId: 'base', points: 0 }, { ruleId: 'tier:gold', points: 20 }, { ruleId: 'welcome', points: 50 }],
    });
  });

  it('gives the same report whatever order the history comes in', () => {
    const shuffled = backtestProgram({ program: DRAFT, orders: [...ORDERS].reverse(), returns: [...RETURNS].reverse(), from: FROM, until: UNTIL });
    expect(shuffled.draft.months).toEqual(result.draft.months);
    expect(shuffled.draft.liability).toEqual(result.draft.liability);
  });
});

describe('backtestProgram on bad input', () => {
  const fails = (input: Parameters<typeof backtestProgram>[0], path: string, message: RegExp): void => {
    let error: unknown;
    try {
      backtestProgram(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FidelisError);
    expect((error as FidelisError).code).toBe('VALIDATION_FAILED');
    expect((error as FidelisError).issues.map((i) => i.path)).toContain(path);
    expect((error as FidelisError).message).toMatch(message);
  };

  it('names the field of a draft or current program that fails validation', () => {
    fails({ program: { ...DRAFT, earnRules: [{ id: 'base', kind: 'points-per-unit', rate: 'one' }] }, orders: [], from: FROM, until: UNTIL }, 'earnRules[0].rate', /Invalid program: earnRules\[0\]\.rate/);
    fails({ program: DRAFT, compareWith: { ...CURRENT, timeZone: 'Mars/Base' }, orders: [], from: FROM, until: UNTIL }, 'compareWith.timeZone', /compareWith\.timeZone/);
  });

  it('refuses a window whose start is after its end', () => {
    fails({ program: DRAFT, orders: [], from: UNTIL, until: FROM }, 'from', /from: 2026-03-31T23:59:59\.999Z is after until \(2026-01-01T00:00:00\.000Z\)/);
  });

  it('names an order with a bad amount, another currency or a duplicate id', () => {
    const bad = { ...ORDERS[1]!, lines: [{ ...ORDERS[1]!.lines[0]!, unitPrice: '12.345' }] };
    fails({ program: DRAFT, orders: [ORDERS[0]!, bad], from: FROM, until: UNTIL }, 'orders[1].lines[0].unitPrice', /12\.345 is not an amount in EUR/);
    fails({ program: DRAFT, orders: [{ ...ORDERS[1]!, currency: 'USD' }], from: FROM, until: UNTIL }, 'orders[0].currency', /USD but program "draft" counts in EUR/);
    fails({ program: DRAFT, orders: [ORDERS[1]!, ORDERS[1]!], from: FROM, until: UNTIL }, 'orders[1].id', /duplicate order id "oA1"/);
  });

  it('names a return of more units than were bought', () => {
    const tooMany = parseReturn({ id: 'r9', orderId: 'oA1', at: '2026-01-06T00:00:00Z', lines: [{ lineId: 'l1', quantity: 3 }] });
    fails({ program: DRAFT, orders: ORDERS, returns: [tooMany], from: FROM, until: UNTIL }, 'returns[0].lines[0].quantity', /returns\[0\]\.lines\[0\]\.quantity: 3 returned but only 2/);
  });

  it('names the first bad return in time, though customers are replayed one after the other', () => {
    // A is replayed before B (A's first order comes first), but B's bad return comes first in time.
    const laterOfA = parseReturn({ id: 'rA', orderId: 'oA1', at: '2026-02-01T00:00:00Z', lines: [{ lineId: 'l9', quantity: 1 }] });
    const earlierOfB = parseReturn({ id: 'rB', orderId: 'oB1', at: '2026-01-26T00:00:00Z', lines: [{ lineId: 'l1', quantity: 2 }] });
    fails({ program: DRAFT, orders: ORDERS, returns: [laterOfA, earlierOfB], from: FROM, until: UNTIL }, 'returns[1].lines[0].quantity', /returns\[1\]\.lines\[0\]\.quantity: 2 returned but only 1/);
    fails({ program: DRAFT, orders: ORDERS, returns: [laterOfA], from: FROM, until: UNTIL }, 'returns[0].lines[0].lineId', /"l9" is not a line of order "oA1"/);
  });
});
