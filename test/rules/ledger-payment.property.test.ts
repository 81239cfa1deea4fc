// Invariants of points reservations over random sequences (credits, reservations, commits,
// releases, lapses, refunds, expiries, time passing), planned as the engine plans: from the
// customer's projection (lots with no points left dropped), a return with its order's entries:
// - that projection folds to the same balances (also read straight from it, `balanceOfProjection`), lots and open reservations as all the entries,
//   whether taken now or at any earlier point and carried on with the rest;
// - a release gives every lot back exactly what the reservation took (while the lot lives);
// - the refunds of an order returned unit by unit add up to exactly the points it was paid with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LedgerEntry,
  applyEntry,
  balanceAt,
  balanceOfProjection,
  deriveLedger,
  planBurn,
  planCommit,
  planExpiry,
  planLapses,
  planRefund,
  planRelease,
} from '../../src/rules/ledger/index.js';
import { projectionOf, stateFromProjection } from '../../src/rules/ledger/projection.js';
import type { LedgerState } from '../../src/rules/ledger/state.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

type Op =
  | { t: 'credit'; points: number; expiryHours: number | null }
  | { t: 'reserve'; points: number; ttlHours: number; release: boolean }
  | { t: 'commit'; pick: number; lines: number[] }
  | { t: 'refund'; pick: number; line: number; quantity: number }
  | { t: 'clock'; hours: number }
  | { t: 'lapse' }
  | { t: 'expire' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('credit' as const), points: fc.integer({ min: 1, max: 120 }), expiryHours: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('reserve' as const), points: fc.integer({ min: 1, max: 400 }), ttlHours: fc.integer({ min: 1, max: 48 }), release: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('commit' as const), pick: fc.nat(), lines: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), pick: fc.nat(), line: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }) }) },
  fc.record({ t: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 72 }) }),
  fc.constant({ t: 'lapse' as const }),
  fc.constant({ t: 'expire' as const }),
);

function sameView(a: LedgerState, b: LedgerState, at: Date): void {
  expect(balanceAt(a, at)).toEqual(balanceAt(b, at));
  // read straight from the projection, as engine.balance does, when no reservation is open
  expect(balanceOfProjection(projectionOf(a), at) ?? balanceAt(a, at)).toEqual(balanceAt(b, at));
  if (a.holds.size === 0) expect(balanceOfProjection(projectionOf(a), at)).toBeDefined();
  expect([...a.holds.values()]).toEqual([...b.holds.values()]);
  const open = (s: LedgerState) => s.lots.filter((l) => l.remaining !== 0).map((l) => [l.lotId, l.remaining, l.seq, l.expiresAt, l.activationRecorded, l.expiredRecorded]);
  expect(open(a)).toEqual(open(b));
}

function run(ops: readonly Op[]): void {
  const entries: LedgerEntry[] = [];
  const snapshots: { count: number; projection: ReturnType<typeof projectionOf> }[] = [];
  let now = T0;
  let n = 0;
  const stamp = () => ({ customerId: 'c', at: new Date(now), newId: () => `e${++n}` });
  let state = deriveLedger([]);
  const push = (...es: LedgerEntry[]): void => {
    for (const e of es) {
      entries.push(e);
      applyEntry(state, e);
    }
  };
  const paid: { orderId: string; points: number; lines: { lineId: string; quantity: number; amount: number }[]; returned: Map<string, number>; back: number }[] = [];
  for (const op of ops) {
    push(...planLapses(state, stamp())); // operations plan after the lapses, as the engine does
    switch (op.t) {
      case 'credit':
        push({ kind: 'adjust', id: `e${++n}`, customerId: 'c', at: new Date(now), points: op.points, reason: 'r', actor: 'a', allocations: [], debt: 0, expiresAt: op.expiryHours === null ? null : new Date(now + op.expiryHours * HOUR) });
        break;
      case 'reserve': {
        if (balanceAt(state, new Date(now)).active < op.points) break;
        const before = new Map(state.lots.map((l) => [l.lotId, l.remaining]));
        const checkoutId = `k${n}`;
        push({ ...planBurn(state, op.points, 'pay', stamp()), hold: { checkoutId, expiresAt: new Date(now + op.ttlHours * HOUR) } });
        if (op.release) {
          const hold = state.holds.get(checkoutId);
          if (hold === undefined) throw new Error('hold missing');
          push(planRelease(state, hold, stamp()));
          const after = new Map(state.lots.map((l) => [l.lotId, l.remaining]));
          for (const [lotId, remaining] of before) expect(after.get(lotId) ?? 0).toBe(remaining);
        }
        break;
      }
      case 'commit': {
        const holds = [...state.holds.values()];
        const hold = holds[op.pick % Math.max(1, holds.length)];
        if (hold === undefined) break;
        const orderId = `o${paid.length}`;
        const lines = op.lines.map((quantity, i) => ({ lineId: `l${i}`, quantity, amount: 1000 + 333 * i }));
        push(planCommit(hold, orderId, lines, stamp()));
        paid.push({ orderId, points: hold.points, lines, returned: new Map(), back: 0 });
        break;
      }
      case 'refund': {
        const order = paid[op.pick % Math.max(1, paid.length)];
        const line = order?.lines[op.line % (order?.lines.length ?? 1)];
        if (order === undefined || line === undefined) break;
        // a return reads its order's entries: the payment comes from them
        const mine = deriveLedger(entries.filter((e) => e.kind === 'payment' && e.orderId === order.orderId)).payments.get(order.orderId);
        if (mine !== undefined) state.payments.set(order.orderId, mine);
        const returnId = `r${n}`;
        const refund = planRefund(state, order.orderId, returnId, [{ lineId: line.lineId, quantity: op.quantity }], stamp());
        if (refund === undefined) break;
        expect(planRefund(deriveLedger(entries), order.orderId, returnId, [{ lineId: line.lineId, quantity: op.quantity }], { ...stamp(), newId: () => refund.id })).toEqual(refund);
        push(refund);
        order.back += refund.points + refund.forfeited;
        order.returned.set(line.lineId, (order.returned.get(line.lineId) ?? 0) + Math.min(op.quantity, line.quantity - (order.returned.get(line.lineId) ?? 0)));
        const all = order.lines.every((l) => order.returned.get(l.lineId) === l.quantity);
        if (all) expect(order.back).toBe(order.points);
        else expect(order.back).toBeLessThanOrEqual(order.points);
        break;
      }
      case 'clock':
        now += op.hours * HOUR;
        break;
      case 'lapse':
        break;
      case 'expire':
        push(...planExpiry(state, stamp()));
        break;
    }
    expect(state.total).toBe(entries.reduce((s, e) => s + e.points, 0));
    snapshots.push({ count: entries.length, projection: projectionOf(state) });
    state = stateFromProjection(projectionOf(state)); // what the next operation reads
    const folded = deriveLedger(entries);
    sameView(state, folded, new Date(now));
    sameView(state, folded, new Date(now + 30 * HOUR));
  }
  // any earlier projection carried on with the entries after it folds to the same state
  const full = deriveLedger(entries);
  for (const snap of snapshots) {
    const carried = stateFromProjection(snap.projection);
    for (const e of entries.slice(snap.count)) applyEntry(carried, e);
    sameView(carried, full, new Date(now));
  }
}

describe('points reservations (properties)', () => {
  it('projections fold like the entries; releases restore the lots; full returns refund exactly what was paid', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => run(ops)), { numRuns: 300 });
  });
});
