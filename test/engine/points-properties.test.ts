import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

type Op =
  | { t: 'order'; lines: Array<{ quantity: number; cents: number }> }
  | { t: 'return'; order: number; line: number; quantity: number }
  | { t: 'redeem'; points: number }
  | { t: 'clock'; hours: number }
  | { t: 'jobs' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('order' as const), lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 3 }), cents: fc.integer({ min: 0, max: 9_999 }) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('return' as const), order: fc.nat(), line: fc.nat(), quantity: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 24 * 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'jobs' as const }) },
);

async function run(ops: readonly Op[], policy: string): Promise<void> {
  const clock = manualClock(new Date('2026-01-01T08:00:00Z'));
  const engine = createLoyaltyEngine({
    store: createMemoryStore(),
    clock,
    ids: sequentialIdGenerator('e'),
    programs: [
      parseProgram({
        id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', pending: 'P7D', expiry: { after: 'P2M', roundTo: 'day' }, returnPolicy: policy,
        earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }, { id: 'first', kind: 'first-order-bonus', points: 25 }],
      }),
    ],
  });
  const orders: Array<{ id: string; lines: Array<{ id: string; quantity: number }> }> = [];
  let k = 0;
  for (const op of ops) {
    const now = clock.now();
    if (op.t === 'order') {
      const id = `o${orders.length}`;
      const lines = op.lines.map((l, i) => ({ id: `l${i}`, sku: `S${i}`, quantity: l.quantity, unitPrice: (l.cents / 100).toFixed(2) }));
      orders.push({ id, lines });
      await engine.recordOrder({ id, customerId: 'c', placedAt: now.toISOString(), currency: 'EUR', lines }, { idempotencyKey: `k${k++}` });
    } else if (op.t === 'return' && orders.length > 0) {
      const o = orders[op.order % orders.length]!;
      const line = o.lines[op.line % o.lines.length]!;
      await engine
        .recordReturn({ id: `r${k}`, orderId: o.id, at: now.toISOString(), lines: [{ lineId: line.id, quantity: op.quantity }] }, { idempotencyKey: `k${k++}` })
        .catch((e: unknown) => expect(isFidelisError(e, 'VALIDATION_FAILED')).toBe(true));
    } else if (op.t === 'redeem') {
      const before = (await engine.balance('c')).active;
      await engine.redeemPoints('c', op.points, { idempotencyKey: `k${k++}`, reason: 'r' }).then(
        (r) => expect(r.activeAfter).toBe(before - op.points),
        (e: unknown) => {
          expect(isFidelisError(e, 'INSUFFICIENT_POINTS')).toBe(true);
          expect(before).toBeLessThan(op.points);
        },
      );
    } else if (op.t === 'clock') {
      clock.advance(op.hours * 3_600_000);
    } else if (op.t === 'jobs') {
      await engine.activatePending(now);
      await engine.expirePoints(now);
      const size = (await engine.history('c')).length;
      await engine.activatePending(now);
      await engine.expirePoints(now);
      expect((await engine.history('c')).length).toBe(size);
    }
    const b = await engine.balance('c');
    const sum = (await engine.history('c')).reduce((s, e) => s + e.points, 0);
    expect(b.active + b.pending + b.expiredUnrecorded).toBe(sum);
    if (policy !== 'claw-back-below-zero') expect(b.active).toBeGreaterThanOrEqual(0);
  }
}

describe('engine properties (fast-check): random orders, returns, redemptions, clock moves', () => {
  for (const policy of ['claw-back-below-zero', 'claw-back-within-balance', 'forgive']) {
    it(`balance = sum of entries; no overdraw; jobs idempotent (${policy})`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), (ops) => run(ops, policy)), { numRuns: 40 });
    });
  }
});
