import { describe, expect, it } from 'vitest';
import {
  type EarnEntry,
  type EntryStamp,
  type LedgerEntry,
  type LineAttribution,
  balanceAt,
  deriveLedger,
  planActivation,
  planAdjustment,
  planBurn,
  planExpiry,
  planReversal,
  pointsDueForReturn,
} from '../../src/rules/ledger/index.js';
import { isFidelisError } from '../../src/core/errors.js';

const T0 = new Date('2026-03-01T10:00:00Z');
const day = (n: number): Date => new Date(T0.getTime() + n * 86_400_000);

function stampFactory(): (at: Date) => EntryStamp {
  let n = 0;
  return (at) => ({ customerId: 'c1', at, newId: () => `e${++n}` });
}

function earn(id: string, points: number, opts: { at?: Date; activatesAt?: Date; expiresAt?: Date | null; orderId?: string; lines?: LineAttribution[] } = {}): EarnEntry {
  const at = opts.at ?? T0;
  return {
    kind: 'earn',
    id,
    customerId: 'c1',
    at,
    points,
    activatesAt: opts.activatesAt ?? at,
    expiresAt: opts.expiresAt ?? null,
    source:
      opts.orderId === undefined
        ? { type: 'bonus', bonus: 'test', reference: id }
        : { type: 'order', orderId: opts.orderId, programId: 'p', lines: opts.lines ?? [] },
  };
}

const sum = (entries: readonly LedgerEntry[]): number => entries.reduce((s, e) => s + e.points, 0);

describe('balance views', () => {
  it('splits active and pending at activatesAt (inclusive) and reports the next expiry', () => {
    const entries = [
      earn('a', 100, { expiresAt: day(30) }),
      earn('b', 50, { activatesAt: day(14), expiresAt: day(30) }),
      earn('c', 20, { expiresAt: day(60) }),
    ];
    const s = deriveLedger(entries);
    expect(balanceAt(s, day(1))).toMatchObject({ active: 120, pending: 50, nextExpiry: { at: day(30), points: 150 } });
    expect(balanceAt(s, day(14))).toMatchObject({ active: 170, pending: 0 });
    // usable through expiresAt, expired one millisecond later
    expect(balanceAt(s, day(30)).active).toBe(170);
    const after = balanceAt(s, new Date(day(30).getTime() + 1));
    expect(after).toMatchObject({ active: 20, pending: 0, expiredUnrecorded: 150, nextExpiry: { at: day(60), points: 20 } });
  });
});

describe('planBurn', () => {
  it('takes soonest-expiring active lots first, never-expiring last, ties by creation order', () => {
    const entries = [
      earn('never', 100, { expiresAt: null }),
      earn('late', 100, { expiresAt: day(90) }),
      earn('soonB', 30, { expiresAt: day(20) }),
      earn('soonA', 30, { at: day(1), expiresAt: day(20) }),
      earn('pending', 500, { activatesAt: day(50), expiresAt: day(21) }),
    ];
    const stamp = stampFactory();
    const burn = planBurn(deriveLedger(entries), 150, 'reward', stamp(day(2)));
    expect(burn.points).toBe(-150);
    expect(burn.allocations).toEqual([
      { lotId: 'soonB', points: 30 },
      { lotId: 'soonA', points: 30 },
      { lotId: 'late', points: 90 },
    ]);
  });

  it('refuses more than the active balance with INSUFFICIENT_POINTS', () => {
    const s = deriveLedger([earn('a', 100), earn('p', 100, { activatesAt: day(10) })]);
    const stamp = stampFactory();
    expect(() => planBurn(s, 101, 'x', stamp(day(1)))).toThrowError(expect.objectContaining({ code: 'INSUFFICIENT_POINTS' }) as Error);
    expect(() => planBurn(s, 0, 'x', stamp(day(1)))).toThrowError(/must be positive/);
    expect(() => planBurn(s, 1.5, 'x', stamp(day(1)))).toThrowError(/whole number/);
  });
});

describe('expiry and activation', () => {
  it('expires what is left of each lot once; running again plans nothing', () => {
    const stamp = stampFactory();
    const entries: LedgerEntry[] = [earn('a', 100, { expiresAt: day(30) }), earn('b', 40, { expiresAt: day(40) })];
    entries.push(planBurn(deriveLedger(entries), 30, 'r', stamp(day(2))));
    const exp = planExpiry(deriveLedger(entries), stamp(day(31)));
    expect(exp).toEqual([{ kind: 'expire', id: expect.any(String), customerId: 'c1', at: day(30), points: -70, lotId: 'a' }]);
    entries.push(...exp);
    expect(planExpiry(deriveLedger(entries), stamp(day(31)))).toEqual([]);
    expect(balanceAt(deriveLedger(entries), day(31))).toMatchObject({ active: 40, expiredUnrecorded: 0, lifetime: { expired: 70, burned: 30, earned: 140 } });
    expect(sum(entries)).toBe(40);
  });

  it('writes one activation marker per pending lot that became active', () => {
    const stamp = stampFactory();
    const entries: LedgerEntry[] = [earn('a', 100, { activatesAt: day(14) }), earn('b', 5)];
    expect(planActivation(deriveLedger(entries), stamp(day(13)))).toEqual([]);
    const act = planActivation(deriveLedger(entries), stamp(day(14)));
    expect(act).toMatchObject([{ kind: 'activate', lotId: 'a', lotPoints: 100, at: day(14), points: 0 }]);
    entries.push(...act);
    expect(planActivation(deriveLedger(entries), stamp(day(20)))).toEqual([]);
  });
});

describe('reversal of returns', () => {
  const lines: LineAttribution[] = [
    { lineId: 'l1', quantity: 1, points: 50 },
    { lineId: 'l2', quantity: 3, points: 10 },
    { lineId: 'l3', quantity: 2, points: 41 },
  ];

  it('reverses exactly the returned line share, cumulatively, rounding down per cumulative quantity', () => {
    expect([1, 1, 1].map((q, i) => pointsDueForReturn(lines[1]!, i, q))).toEqual([3, 3, 4]);
    expect(pointsDueForReturn(lines[2]!, 0, 1)).toBe(20);
    expect(pointsDueForReturn(lines[2]!, 1, 1)).toBe(21);
    expect(pointsDueForReturn(lines[2]!, 0, 2)).toBe(41);
  });

  it('a return of 1 of 3 lines reverses that line only; a full return reverses all', () => {
    const stamp = stampFactory();
    const entries: LedgerEntry[] = [earn('o', 101, { orderId: 'o1', lines, activatesAt: day(14) })];
    const r1 = planReversal(deriveLedger(entries), 'o1', 'r1', [{ lineId: 'l1', quantity: 1 }], 'forgive', stamp(day(3)));
    expect(r1).toMatchObject({ points: -50, allocations: [{ lotId: 'o', points: 50 }], debt: 0, forgiven: 0, lines: [{ lineId: 'l1', quantity: 1, points: 50 }] });
    entries.push(r1);
    const r2 = planReversal(deriveLedger(entries), 'o1', 'r2', [{ lineId: 'l2', quantity: 3 }, { lineId: 'l3', quantity: 2 }], 'forgive', stamp(day(4)));
    expect(r2.points).toBe(-51);
    entries.push(r2);
    expect(sum(entries)).toBe(0);
    expect(balanceAt(deriveLedger(entries), day(20))).toMatchObject({ active: 0, pending: 0 });
  });

  it('rejects over-returns, unknown lines and a repeated return id, naming the path', () => {
    const stamp = stampFactory();
    const entries: LedgerEntry[] = [earn('o', 101, { orderId: 'o1', lines })];
    entries.push(planReversal(deriveLedger(entries), 'o1', 'r1', [{ lineId: 'l2', quantity: 2 }], 'forgive', stamp(day(1))));
    const s = deriveLedger(entries);
    try {
      planReversal(s, 'o1', 'r2', [{ lineId: 'l9', quantity: 1 }, { lineId: 'l2', quantity: 2 }], 'forgive', stamp(day(2)));
      expect.unreachable();
    } catch (e) {
      expect(isFidelisError(e, 'VALIDATION_FAILED')).toBe(true);
      expect((e as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['lines[0].lineId', 'lines[1].quantity']);
    }
    expect(() => planReversal(s, 'o1', 'r1', [{ lineId: 'l1', quantity: 1 }], 'forgive', stamp(day(2)))).toThrowError(
      expect.objectContaining({ code: 'CONFLICT' }) as Error,
    );
    expect(() => planReversal(s, 'o9', 'r3', [{ lineId: 'l1', quantity: 1 }], 'forgive', stamp(day(2)))).toThrowError(/orderId/);
  });

  // Order o1 earned 100 (line l1), 80 of them were spent; another lot holds 30 active points.
  function spentScenario(): { entries: LedgerEntry[]; stamp: (at: Date) => EntryStamp } {
    const stamp = stampFactory();
    const entries: LedgerEntry[] = [
      earn('o', 100, { orderId: 'o1', lines: [{ lineId: 'l1', quantity: 1, points: 100 }], expiresAt: day(100) }),
      earn('other', 30, { expiresAt: day(200) }),
    ];
    entries.push(planBurn(deriveLedger(entries), 80, 'reward', stamp(day(1))));
    return { entries, stamp };
  }

  it('claw-back-below-zero: own lot, then other active points, then debt; debt is settled from the next points', () => {
    const { entries, stamp } = spentScenario();
    const r = planReversal(deriveLedger(entries), 'o1', 'r1', [{ lineId: 'l1', quantity: 1 }], 'claw-back-below-zero', stamp(day(2)));
    expect(r).toMatchObject({ points: -100, allocations: [{ lotId: 'o', points: 20 }, { lotId: 'other', points: 30 }], debt: 50, forgiven: 0 });
    entries.push(r);
    expect(balanceAt(deriveLedger(entries), day(2))).toMatchObject({ active: -50, debt: 50 });
    entries.push(earn('new', 70, { at: day(3), activatesAt: day(10) }));
    expect(balanceAt(deriveLedger(entries), day(11)).active).toBe(20);
    const act = planActivation(deriveLedger(entries), stamp(day(11)));
    expect(act.at(-1)).toMatchObject({ kind: 'settle', points: 0, allocations: [{ lotId: 'new', points: 50 }] });
    entries.push(...act);
    expect(balanceAt(deriveLedger(entries), day(11))).toMatchObject({ active: 20, debt: 0 });
    expect(planActivation(deriveLedger(entries), stamp(day(12)))).toEqual([]);
  });

  it('claw-back-within-balance: takes other active points but never below zero, forgives the rest', () => {
    const { entries, stamp } = spentScenario();
    const r = planReversal(deriveLedger(entries), 'o1', 'r1', [{ lineId: 'l1', quantity: 1 }], 'claw-back-within-balance', stamp(day(2)));
    expect(r).toMatchObject({ points: -50, allocations: [{ lotId: 'o', points: 20 }, { lotId: 'other', points: 30 }], debt: 0, forgiven: 50 });
    entries.push(r);
    expect(balanceAt(deriveLedger(entries), day(2))).toMatchObject({ active: 0, debt: 0, lifetime: { forgiven: 50, reversed: 50 } });
  });

  it('forgive: takes only what is left of the order lot', () => {
    const { entries, stamp } = spentScenario();
    const r = planReversal(deriveLedger(entries), 'o1', 'r1', [{ lineId: 'l1', quantity: 1 }], 'forgive', stamp(day(2)));
    expect(r).toMatchObject({ points: -20, allocations: [{ lotId: 'o', points: 20 }], debt: 0, forgiven: 80 });
    entries.push(r);
    expect(balanceAt(deriveLedger(entries), day(2)).active).toBe(30);
  });
});

describe('planAdjustment', () => {
  it('credits a lot active at once, debits soonest-expiring first, refuses to overdraw unless allowed', () => {
    const stamp = stampFactory();
    const entries: LedgerEntry[] = [earn('a', 10, { expiresAt: day(5) })];
    const credit = planAdjustment(deriveLedger(entries), { points: 25, reason: 'parcel lost', actor: 'agent:maria' }, stamp(day(1)));
    entries.push(credit);
    expect(balanceAt(deriveLedger(entries), day(1)).active).toBe(35);
    expect(() => planAdjustment(deriveLedger(entries), { points: -40, reason: 'x', actor: 'y' }, stamp(day(1)))).toThrowError(/INSUFFICIENT|40 to debit/);
    const debit = planAdjustment(deriveLedger(entries), { points: -40, reason: 'fraud', actor: 'agent:li', allowNegative: true }, stamp(day(1)));
    expect(debit).toMatchObject({ allocations: [{ lotId: 'a', points: 10 }, { lotId: credit.id, points: 25 }], debt: 5 });
    entries.push(debit);
    expect(balanceAt(deriveLedger(entries), day(1)).active).toBe(-5);
    expect(sum(entries)).toBe(-5);
    expect(() => planAdjustment(deriveLedger(entries), { points: 3, reason: ' ', actor: '' }, stamp(day(1)))).toThrowError(/reason: is required; actor: is required/);
  });
});
