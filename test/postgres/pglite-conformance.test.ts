// Always runs: `npm test` on a fresh machine needs no server. One PGlite for the whole file
// (it takes seconds to start), one fresh schema per store.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { pgliteStores } from './pglite-store.js';
import { PROGRAM, shopOrder } from './workload.js';

const stores = pgliteStores();

describeStoreConformance('PostgreSQL adapter on PGlite (in-process)', stores);

// PROGRAM: 1 point per euro, pending 14 days (until the end of that local day in Paris).
const ACTIVE = new Date('2026-03-15T23:00:00.000Z');

describe('the loyalty engine on the PostgreSQL store (PGlite)', () => {
  const engineOn = async () => {
    const store = await stores();
    const clock = manualClock(new Date('2026-03-01T12:00:00Z'));
    return { store, clock, engine: createLoyaltyEngine({ store, programs: [PROGRAM], clock }) };
  };

  it('earns an order once: replayed key, same order under another key, 30 concurrent calls', async () => {
    const { engine } = await engineOn();
    const first = await engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k1' });
    expect(first).toMatchObject({ status: 'applied', points: 80 }); // 50 € + 3 × 10 €
    expect(await engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k1' })).toEqual({ ...first, status: 'replayed' });
    expect(await engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k2' })).toEqual({ ...first, status: 'duplicate' });
    const racing = await Promise.all(Array.from({ length: 30 }, (_, i) => engine.recordOrder(shopOrder('o2', 'c1'), { idempotencyKey: `race-${i}` })));
    expect(racing.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(await engine.balance('c1', ACTIVE)).toMatchObject({ active: 160, pending: 0 });
  });

  it('a partial return reverses exactly the returned line; concurrent redemptions never overdraw', async () => {
    const { engine, clock } = await engineOn();
    await engine.recordOrder(shopOrder('o1', 'c2'), { idempotencyKey: 'k1' });
    const ret = await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l2', quantity: 1 }] }, { idempotencyKey: 'rk1' });
    expect(ret).toMatchObject({ status: 'applied', pointsReversed: 10 }); // one of three 10 € units
    clock.set(ACTIVE);
    expect(await engine.balance('c2')).toMatchObject({ active: 70 });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        engine.redeemPoints('c2', 20, { idempotencyKey: `pay-${i}` }).then(
          () => 'redeemed',
          (e: unknown) => (isFidelisError(e, 'INSUFFICIENT_POINTS') ? 'refused' : Promise.reject(e)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'redeemed')).toHaveLength(3); // 3 × 20 = 60 ≤ 70 < 80
    expect(await engine.balance('c2')).toMatchObject({ active: 10 });
  });
});
