import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../../src/core/errors.js';
import {
  type LedgerEntry,
  type ReturnPolicy,
  applyEntry,
  balanceAt,
  deriveLedger,
  planActivation,
  planBurn,
  planExpiry,
  planReversal,
} from '../../src/rules/ledger/index.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

type Op =
  | { t: 'order'; lines: Array<{ quantity: number; points: number }>; pendingDays: number; expiryDays: number | null }
  | { t: 'burn'; points: number }
  | { t: 'return'; order: number; line: number; quantity: number }
  | { t: 'clock'; hours: number }
  | { t: 'expire' }
  | { t: 'activate' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
    t: fc.constant('order' as const),
    lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 4 }), points: fc.integer({ min: 0, max: 200 }) }), { minLength: 1, maxLength: 3 }),
    pendingDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4 })),
    expiryDays: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null, freq: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('burn' as const), points: fc.integer({ min: 1, max: 150 }) }) },
  fc.record({ t: fc.constant('return' as const), order: fc.nat(), line: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 24 * 6 }) }),
  fc.constant({ t: 'expire' as const }),
  fc.constant({ t: 'activate' as const }),
);

function run(ops: readonly Op[], policy: ReturnPolicy): void {
  const entries: LedgerEntry[] = [];
  let now = T0;
  let n = 0;
  const orders: string[] = [];
  const stamp = (): { customerId: string; at: Date; newId: () => string } => ({ customerId: 'c', at: new Date(now), newId: () => `e${++n}` });
  const state = deriveLedger([]);
  const push = (es: readonly LedgerEntry[]): void => {
    for (const e of es) {
      entries.push(e);
      applyEntry(state, e);
    }
  };
  for (const op of ops) {
    switch (op.t) {
      case 'order': {
        const orderId = `o${orders.length}`;
        orders.push(orderId);
        const lines = op.lines.map((l, i) => ({ lineId: `l${i}`, quantity: l.quantity, points: l.points }));
        const points = lines.reduce((s, l) => s + l.points, 0);
        push([
          {
            kind: 'earn', id: `e${++n}`, customerId: 'c', at: new Date(now), points,
            activatesAt: new Date(now + op.pendingDays * DAY),
            expiresAt: op.expiryDays === null ? null : new Date(Math.floor(now / DAY) * DAY + (op.pendingDays + op.expiryDays) * DAY - 1),
            source: { type: 'order', orderId, programId: 'p', lines },
          },
        ]);
        break;
      }
      case 'burn': {
        // independent oracle of the burn order: active lots with points left, by expiry then age
        const before = state.lots
          .filter((l) => l.remaining > 0 && l.activatesAt.getTime() <= now && !l.expiredRecorded && (l.expiresAt === null || l.expiresAt.getTime() >= now))
          .map((l, i) => ({ id: l.lotId, remaining: l.remaining, key: [l.expiresAt?.getTime() ?? Infinity, i] as const }))
          .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1]);
        try {
          const burn = planBurn(state, op.points, 'r', stamp());
          // soonest-expiring first: allocations are a prefix of the burn order, all but the last lot emptied
          (burn.allocations ?? []).forEach((a, i) => {
            expect(a.lotId).toBe(before[i]!.id);
            if (i < (burn.allocations ?? []).length - 1) expect(a.points).toBe(before[i]!.remaining);
          });
          push([burn]);
        } catch (e) {
          expect(isFidelisError(e, 'INSUFFICIENT_POINTS')).toBe(true);
          expect(balanceAt(state, new Date(now)).active).toBeLessThan(op.points);
        }
        break;
      }
      case 'return': {
        if (orders.length === 0) break;
        const orderId = orders[op.order % orders.length]!;
        const track = state.orders.get(orderId)!;
        const line = track.lines[op.line % track.lines.length]!;
        try {
          push([planReversal(state, orderId, `r${n}`, [{ lineId: line.lineId, quantity: op.quantity }], policy, stamp())]);
        } catch (e) {
          expect(isFidelisError(e, 'VALIDATION_FAILED')).toBe(true);
        }
        // cumulative: never more reversed than the line earned
        expect(track.reversed.get(line.lineId) ?? 0).toBeLessThanOrEqual(line.points);
        if ((track.returned.get(line.lineId) ?? 0) === line.quantity) expect(track.reversed.get(line.lineId)).toBe(line.points);
        break;
      }
      case 'clock':
        now += op.hours * 3_600_000;
        break;
      case 'expire': {
        push(planExpiry(state, stamp()));
        expect(planExpiry(state, stamp())).toEqual([]);
        break;
      }
      case 'activate': {
        push(planActivation(state, stamp()));
        expect(planActivation(state, stamp())).toEqual([]);
        break;
      }
    }
    const b = balanceAt(state, new Date(now));
    const total = entries.reduce((s, e) => s + e.points, 0);
    expect(b.active + b.pending + b.expiredUnrecorded).toBe(total);
    expect(deriveLedger(entries).total).toBe(total);
    for (const lot of state.lots) expect(lot.remaining).toBeGreaterThanOrEqual(0);
    if (policy !== 'claw-back-below-zero') {
      expect(b.active).toBeGreaterThanOrEqual(0);
      expect(b.debt).toBe(0);
    } else {
      expect(b.debt).toBeGreaterThanOrEqual(0);
    }
  }
}

describe('ledger properties (fast-check)', () => {
  for (const policy of ['claw-back-below-zero', 'claw-back-within-balance', 'forgive'] as const) {
    it(`balance = sum of entries, no overdraw, soonest-expiring first, idempotent jobs (${policy})`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }), (ops) => run(ops, policy)),
        { numRuns: 150 },
      );
    });
  }
});
