import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropClosedLots } from '../../src/rules/backtest/closed-lots.js';
import { balanceAt } from '../../src/rules/ledger/balance.js';
import type { EarnEntry, LedgerEntry } from '../../src/rules/ledger/entry.js';
import { planSettlement } from '../../src/rules/ledger/maintenance.js';
import { type ReturnPolicy, planReversal } from '../../src/rules/ledger/reversal.js';
import { applyEntry, emptyLedgerState } from '../../src/rules/ledger/state.js';
import { liabilityReport } from '../../src/rules/liability.js';
import { parseProgram } from '../../src/rules/parse-program.js';

// A replayed ledger that drops its closed lots (no points left, or expired) plans every return
// and settlement, and counts its active balance and liability, as the same ledger keeping them.
const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const UNTIL = T0 + 400 * DAY;
const program = parseProgram({ id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', pointsPayment: { valuePerPoint: '0.01' }, earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] });

type Op = { t: 'order'; days: number; lines: Array<{ quantity: number; points: number }>; pendingDays: number } | { t: 'return'; days: number; order: number; line: number; quantity: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('order' as const),
    days: fc.integer({ min: 0, max: 20 }),
    lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 3 }), points: fc.integer({ min: 0, max: 90 }) }), { minLength: 1, maxLength: 3 }),
    pendingDays: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({ t: fc.constant('return' as const), days: fc.integer({ min: 0, max: 20 }), order: fc.nat(), line: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }) }),
);

describe('dropClosedLots', () => {
  it('changes no return, settlement, active balance or liability of a replayed ledger', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom<ReturnPolicy>('claw-back-below-zero', 'claw-back-within-balance', 'forgive'),
        fc.option(fc.integer({ min: 5, max: 60 }), { nil: null }),
        (ops, policy, expiryDays) => {
          const kept = emptyLedgerState();
          const lean = emptyLedgerState();
          const apply = (e: LedgerEntry): void => {
            applyEntry(kept, e);
            applyEntry(lean, e);
          };
          let now = T0;
          let n = 0;
          const orders: Array<{ id: string; lines: Array<{ quantity: number }> }> = [];
          for (const op of ops) {
            now += op.days * DAY;
            dropClosedLots(lean, now);
            const at = new Date(now);
            if (op.t === 'order') {
              const orderId = `o${orders.length}`;
              orders.push({ id: orderId, lines: op.lines });
              const lines = op.lines.map((l, i) => ({ lineId: `l${i}`, quantity: l.quantity, points: l.points, byRule: { base: l.points } }));
              const earn: EarnEntry = {
                kind: 'earn', id: `e${++n}`, customerId: 'c', at, points: lines.reduce((s, l) => s + l.points, 0),
                activatesAt: new Date(now + op.pendingDays * DAY), expiresAt: expiryDays === null ? null : new Date(now + expiryDays * DAY),
                source: { type: 'order', orderId, programId: 'p', lines },
              };
              apply(earn);
              const a = planSettlement(kept, { customerId: 'c', at, newId: () => `s${n}` });
              const b = planSettlement(lean, { customerId: 'c', at, newId: () => `s${n}` });
              expect(b).toEqual(a);
              if (a !== undefined) apply(a);
            } else if (orders.length > 0) {
              const order = orders[op.order % orders.length]!;
              const i = op.line % order.lines.length;
              const left = order.lines[i]!.quantity - (kept.orders.get(order.id)?.returned.get(`l${i}`) ?? 0);
              if (left <= 0) continue;
              const returned = [{ lineId: `l${i}`, quantity: Math.min(left, op.quantity) }];
              const id = `e${++n}`;
              const a = planReversal(kept, order.id, `r${n}`, returned, policy, { customerId: 'c', at, newId: () => id });
              const b = planReversal(lean, order.id, `r${n}`, returned, policy, { customerId: 'c', at, newId: () => id });
              expect(b).toEqual(a);
              apply(a);
            }
            expect(balanceAt(lean, at).active).toBe(balanceAt(kept, at).active);
            expect(lean.debt).toBe(kept.debt);
          }
          expect(lean.lots.length).toBeLessThanOrEqual(kept.lots.length);
          for (const until of [now, UNTIL]) expect(liabilityReport(program, [lean], new Date(until))).toEqual(liabilityReport(program, [kept], new Date(until)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('drops the spent and expired lots at the head, and stops at the first open one', () => {
    const state = emptyLedgerState();
    const earn = (id: string, day: number, points: number, expiresDay: number | null): EarnEntry => ({
      kind: 'earn', id, customerId: 'c', at: new Date(T0 + day * DAY), points, activatesAt: new Date(T0 + day * DAY),
      expiresAt: expiresDay === null ? null : new Date(T0 + expiresDay * DAY), source: { type: 'bonus', bonus: 'test', reference: id },
    });
    for (const e of [earn('a', 0, 10, 5), earn('b', 1, 0, null), earn('c', 2, 10, 20), earn('d', 3, 10, 4)]) applyEntry(state, e);
    dropClosedLots(state, T0 + 10 * DAY);
    expect(state.lots.map((l) => l.lotId)).toEqual(['c', 'd']); // d expired too, but behind the open c
    expect([...state.lotById.keys()]).toEqual(['c', 'd']);
    expect(state.lotsCreated).toBe(4);
  });
});
