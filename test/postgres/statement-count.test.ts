// Round trips per operation, counted through the SQL client (PGlite always; the server when
// FIDELIS_TEST_PG_URL is set), so a later change cannot quietly add one. A transaction counts
// BEGIN and COMMIT as round trips of their own, as they are on the wire.
import { describe, expect, it } from 'vitest';
import { type PostgresStore, createPostgresStore } from '../../src/adapters/postgres/index.js';
import type { SqlClient, SqlQueryable } from '../../src/adapters/postgres/sql-client.js';
import type { LoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { pgliteStores } from './pglite-store.js';
import { serverStores, serverUrl } from './server-store.js';
import { AT, shopEngine, shopOrder } from './workload.js';

/** `sql` with a count of the statements sent through it (transactions: BEGIN + statements + COMMIT). */
function counting(sql: SqlClient): { sql: SqlClient; take: () => number } {
  let n = 0;
  const counted = (q: SqlQueryable): SqlQueryable => ({
    query: (text, params, options) => {
      n++;
      return q.query(text, params, options);
    },
  });
  return {
    sql: {
      ...counted(sql),
      transaction: (fn) => {
        n += 2;
        return sql.transaction((tx) => fn(counted(tx)));
      },
      close: () => sql.close(),
    },
    take: () => {
      const taken = n;
      n = 0;
      return taken;
    },
  };
}

async function countedEngine(base: PostgresStore): Promise<{ store: PostgresStore; engine: LoyaltyEngine; trips: <T>(op: () => Promise<T>) => Promise<number> }> {
  const c = counting(base.sql);
  const store = createPostgresStore({ sql: c.sql, schema: base.schema });
  const engine = shopEngine(store);
  return {
    store,
    engine,
    trips: async (op) => {
      c.take();
      await op();
      return c.take();
    },
  };
}

const backends: [string, () => Promise<PostgresStore>][] = [['PGlite', pgliteStores('count')]];
if (serverUrl !== undefined) backends.push(['server', serverStores('fidelis_count').factory]);

describe.each(backends)('Round trips per operation on PostgreSQL (%s)', (_name, stores) => {
  it('recordOrder: 1 for a new customer and for one whose state the engine holds; a replay 1; the same order under another key 1', async () => {
    const base = await stores();
    const { engine, trips } = await countedEngine(base);
    expect(await trips(() => engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k1' }))).toBe(1);
    expect(await trips(() => engine.recordOrder(shopOrder('o2', 'c1'), { idempotencyKey: 'k2' }))).toBe(1);
    expect(await trips(() => engine.recordOrder(shopOrder('o2', 'c1'), { idempotencyKey: 'k2' }))).toBe(1);
    expect(await trips(() => engine.recordOrder(shopOrder('o2', 'c1'), { idempotencyKey: 'k3' }))).toBe(1);
    // after a burn the engine knows only that c1 has a ledger: it reads first
    await engine.adjustPoints('c1', { points: 10, reason: 'welcome', actor: 'test' }, { idempotencyKey: 'a1' });
    await engine.redeemPoints('c1', 5, { idempotencyKey: 'r1' });
    expect(await trips(() => engine.recordOrder(shopOrder('o4', 'c1'), { idempotencyKey: 'k5' }))).toBe(2);
    // Another process, which has not seen c1: its guess is refused with c1's state, then it appends.
    const other = await countedEngine(base);
    expect(await other.trips(() => other.engine.recordOrder(shopOrder('o3', 'c1'), { idempotencyKey: 'k4' }))).toBe(2);
    expect(await other.trips(() => other.engine.recordOrder(shopOrder('o3', 'c1'), { idempotencyKey: 'k4' }))).toBe(1);
    expect((await engine.balance('c1')).pending).toBe(320);
  });

  it('redeemPoints: 1 (the balance guard decides), also when it refuses; balance 1; recordReturn 2', async () => {
    const { engine, trips } = await countedEngine(await stores());
    await engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k1' });
    await engine.adjustPoints('c1', { points: 100, reason: 'welcome', actor: 'test' }, { idempotencyKey: 'a1' });
    expect(await trips(() => engine.redeemPoints('c1', 30, { idempotencyKey: 'r1' }))).toBe(1);
    expect(await trips(() => engine.redeemPoints('c1', 30, { idempotencyKey: 'r1' }))).toBe(1);
    expect(await trips(() => engine.redeemPoints('c1', 500, { idempotencyKey: 'r2' }).catch(() => undefined))).toBe(1);
    expect(await trips(() => engine.balance('c1'))).toBe(1);
    expect(await trips(() => engine.recordReturn({ id: 'ret1', orderId: 'o1', at: '2026-03-01T11:00:00Z', lines: [{ lineId: 'l2', quantity: 3 }] }, { idempotencyKey: 'rt1' }))).toBe(2);
    expect((await engine.balance('c1')).active).toBe(70);
  });

  it('coupon reserve: 1; commit: 1', async () => {
    const { store, trips } = await countedEngine(await stores());
    await store.coupons.defineCoupon({ promotionId: 'p', campaign: 'C', limits: { total: 10, perCustomer: 1 } });
    const reserve = { reservationId: 'r1', promotionId: 'p', customerId: 'c1', currency: 'EUR', discountMinor: 500, at: AT, expiresAt: new Date(AT.getTime() + 60_000) };
    expect(await trips(() => store.coupons.reserveUsage(reserve))).toBe(1);
    expect(await trips(() => store.coupons.commitUsage({ reservationId: 'r1', at: AT }))).toBe(1);
  });
});
