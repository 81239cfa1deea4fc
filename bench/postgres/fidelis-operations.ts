// The fidelis side of the PostgreSQL benchmark: each operation as a shop calls it (the engine
// for points, the coupon Store port for reserve/commit), with the ids raw-statements.ts uses,
// and a check of every outcome (a benchmark that counts refusals as work is not a result).
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import type { LoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { AT, appendEntries, orderEarn, shopOrder } from '../../test/postgres/workload.js';
import type { Operation } from './raw-statements.js';

/** Define the coupon the reserve/commit runs of `tag` use: per customer 1, in total far above the run. */
export async function defineBenchCoupon(store: PostgresStore, tag: string): Promise<void> {
  await store.coupons.defineCoupon({ promotionId: `${tag}-promo`, campaign: 'BENCH', limits: { total: 10_000_000, perCustomer: 1 } });
}

/** Give customers `${tag}-c0 … ${tag}-c${n-1}` `points` active points (32 appends at a time). */
export async function seedBalances(store: PostgresStore, tag: string, n: number, points: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < n; i = next++) {
        const customerId = `${tag}-c${i}`;
        const r = await appendEntries(store, { customerId, entries: [orderEarn(customerId, `${tag}-seed${i}`, `${tag}-seed${i}`, points)], expectedVersion: 0 });
        if (r.status !== 'applied') throw new Error(`seeding ${customerId}: ${r.status}`);
      }
    }),
  );
}

function expect(what: string, ok: boolean): void {
  if (!ok) throw new Error(`benchmark anomaly: ${what}`);
}

/** One call of `op` through fidelis for item `i`; throws when the outcome is not the expected success. */
export function fidelisOperation(store: PostgresStore, engine: LoyaltyEngine, op: Operation, tag: string): (i: number) => Promise<unknown> {
  switch (op) {
    case 'reserve':
      return async (i) => {
        const r = await store.coupons.reserveUsage({
          reservationId: `${tag}-r${i}`,
          promotionId: `${tag}-promo`,
          customerId: `${tag}-c${i}`,
          currency: 'EUR',
          discountMinor: 500,
          at: AT,
          expiresAt: new Date(AT.getTime() + 15 * 60_000),
        });
        expect(`reserve ${i} refused`, r.ok);
      };
    case 'commit':
      return async (i) => {
        const c = await store.coupons.commitUsage({ reservationId: `${tag}-r${i}`, at: AT });
        expect(`commit ${i}: ${c.reservation?.status}`, c.reservation?.status === 'committed');
      };
    case 'recordOrder (new customer)':
    case 'recordOrder (existing customer)': {
      const again = op === 'recordOrder (existing customer)' ? '-again' : '';
      return async (i) => {
        const r = await engine.recordOrder(shopOrder(`${tag}-o${i}${again}`, `${tag}-c${i}`), { idempotencyKey: `${tag}-k${i}${again}` });
        expect(`recordOrder ${i}: ${r.status}`, r.status === 'applied' && r.points === 80);
      };
    }
    case 'redeemPoints':
      return async (i) => {
        const r = await engine.redeemPoints(`${tag}-c${i}`, 7, { idempotencyKey: `${tag}-k${i}` });
        expect(`redeemPoints ${i}: ${r.status}`, r.status === 'applied');
      };
    case 'replay of a key':
      return async (i) => {
        const r = await engine.recordOrder(shopOrder(`${tag}-o${i}`, `${tag}-c${i}`), { idempotencyKey: `${tag}-k${i}` });
        expect(`replay ${i}: ${r.status}`, r.status === 'replayed');
      };
  }
}
