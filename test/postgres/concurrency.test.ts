// Multi-process concurrency on a real PostgreSQL server (only when FIDELIS_TEST_PG_URL is set):
// 10 Node worker processes × 3 connections race on one schema.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/adapters/postgres/index.js';
import { isFidelisError } from '../../src/core/errors.js';
import { balanceAt } from '../../src/rules/ledger/balance.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import { openPool, serverLabel, serverUrl } from './server-store.js';
import { raceSchema, startWorkers } from './workers.js';
import { AT, appendEntries, entriesOf, orderEarn, recordOrderPoints } from './workload.js';

const PROCESSES = 10;
const POOL_PER_PROCESS = 3;

/** Wait until a backend of this database waits for a lock on a statement mentioning `table`; returns its pid. */
async function waitForBlockedBackend(pool: pg.Pool, table: string): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
      [`%${table}%`],
    );
    if (rows[0] !== undefined) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no backend ever waited for the lock');
}

async function backendGone(pool: pg.Pool, pid: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows.length === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`backend ${pid} never went away`);
}

/** Lock a customer's ledger row in an open transaction; returns the function that ends it. */
async function holdLedgerRow(pool: pg.Pool, schema: string, customerId: string): Promise<() => Promise<void>> {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(`SELECT version FROM "${schema}".ledgers WHERE customer_id = $1 FOR UPDATE`, [customerId]);
  let open = true;
  return async () => {
    if (!open) return;
    open = false;
    await client.query('ROLLBACK');
    client.release();
  };
}

if (serverUrl === undefined) {
  describe('Concurrency across processes: PostgreSQL server', () => {
    it.skip('not run: set FIDELIS_TEST_PG_URL (e.g. eval "$(bash scripts/pg-server.sh start)")', () => {});
  });
} else {
  describe(`Concurrency across ${PROCESSES} processes × ${POOL_PER_PROCESS} connections: PostgreSQL server ${serverLabel()}`, () => {
    const race = raceSchema('fidelis_race', 8, PROCESSES, POOL_PER_PROCESS);
    const { schema } = race;

    it('a coupon limited to 10, raced by 200 reserve+commit redemptions from 10 processes, is granted exactly 10 times', async () => {
      await race.store.coupons.defineCoupon({ promotionId: 'race10', campaign: 'RACE', limits: { total: 10 } });
      const results = await Promise.all(
        race.workers.map((w, i) => w.call<{ granted: number }>({ task: 'redeem', schema, promotionId: 'race10', count: 20, prefix: `w${i}` })),
      );
      expect(results.reduce((s, r) => s + r.granted, 0)).toBe(10);
      expect((await race.store.coupons.usageCounts({ promotionId: 'race10', at: AT })).total).toBe(10);
      const [activity] = await race.store.coupons.couponActivity({ from: new Date(0), to: new Date('2100-01-01T00:00:00Z'), promotionIds: ['race10'] });
      expect(activity?.redeemed).toBe(10);
      // The race ran over at least 16 server connections (the workers' pools stay open while idle).
      const { rows } = await race.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
      );
      expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(16);
    });

    it('100 concurrent burns of 30 on a balance of 1,000 from 10 processes: 33 succeed, 10 points left, never below zero', async () => {
      expect((await appendEntries(race.store, { customerId: 'burner', entries: [orderEarn('burner', 'seed', 'seed-order', 1000)], expectedVersion: 0 })).status).toBe('applied');
      const results = await Promise.all(
        race.workers.map((w, i) => w.call<{ burned: number }>({ task: 'burn', schema, customerId: 'burner', points: 30, count: 10, prefix: `b${i}` })),
      );
      expect(results.reduce((s, r) => s + r.burned, 0)).toBe(33); // 33 × 30 = 990 ≤ 1000 < 34 × 30
      const entries = await entriesOf(race.store, 'burner');
      const burns = entries.filter((e) => e.kind === 'burn');
      expect(burns).toHaveLength(33);
      expect(entries.reduce((s, e) => s + e.points, 0)).toBe(10);
      expect(balanceAt(deriveLedger(entries), AT).active).toBe(10);
      // Never below zero at any prefix of the ledger either.
      let running = 0;
      for (const e of entries) {
        running += e.points;
        expect(running).toBeGreaterThanOrEqual(0);
      }
    });

    it('one order recorded through the engine from 10 processes at once (different idempotency keys) earns its points once', async () => {
      const results = await Promise.all(
        race.workers.map((w, i) => w.call<{ statuses: string[]; points: number[] }>({ task: 'record-order', schema, customerId: 'buyer', orderId: 'o-shared', prefix: `r${i}` })),
      );
      const statuses = results.flatMap((r) => r.statuses).sort();
      expect(statuses).toEqual(['applied', ...Array.from({ length: PROCESSES - 1 }, () => 'duplicate')]);
      expect(new Set(results.flatMap((r) => r.points))).toEqual(new Set([80])); // every caller sees the first result
      expect((await entriesOf(race.store, 'buyer')).filter((e) => e.kind === 'earn').map((e) => e.points)).toEqual([80]);
      expect((await race.store.ledger.readCustomer({ orderId: 'o-shared' })).customerId).toBe('buyer');
    });

    it('a process SIGKILLed while its append waits for the ledger row leaves the append whole or absent, never partial', async () => {
      await appendEntries(race.store, { customerId: 'victim', entries: [orderEarn('victim', 'v0', 'v-order-0', 50)], expectedVersion: 0 });
      const release = await holdLedgerRow(race.pool, schema, 'victim');
      const [doomed] = await startWorkers(1, 1, schema);
      if (doomed === undefined) throw new Error('no worker');
      const request = {
        customerId: 'victim',
        entries: [orderEarn('victim', 'v1', 'v-order-1', 70)],
        expectedVersion: 1,
        idempotencyKey: 'killed-key',
        requestHash: 'h',
        claims: ['order:v-order-1'],
        orders: [{ orderId: 'v-order-1', customerId: 'victim', programId: 'shop', placedAt: AT, lotId: 'v1' }],
        result: { points: 70 },
      };
      const pending = doomed.call({ task: 'append', schema, request }).catch((e: unknown) => e);
      try {
        const pid = await waitForBlockedBackend(race.pool, 'ledgers');
        doomed.process.kill('SIGKILL');
        expect(await pending).toBeInstanceOf(Error);
        // A backend blocked on a lock notices its dead client only when it runs again: let it.
        await release();
        await backendGone(race.pool, pid);
      } finally {
        await release();
      }
      // One statement, atomic on its own: the backend either ran it whole after the lock was
      // released (it notices its dead client only afterwards) or not at all; never a part.
      const key = (await race.store.ledger.readCustomer({ idempotencyKey: 'killed-key' })).idempotency;
      const order = (await race.store.ledger.readCustomer({ orderId: 'v-order-1' })).order;
      const { version } = await race.store.ledger.readCustomer({ customerId: 'victim' });
      const points = (await entriesOf(race.store, 'victim')).map((e) => e.points);
      const whole = { key: { requestHash: 'h', result: { points: 70 } }, order: 'v-order-1', version: 2, points: [50, 70] };
      const none = { key: undefined, order: undefined, version: 1, points: [50] };
      expect([whole, none]).toContainEqual({ key, order: order?.orderId, version, points });
      // Either way the order earns exactly once: the claim holds, or the order can still be recorded.
      expect(await recordOrderPoints(race.store, 'victim', 'v-order-1', 'retry-key', 70)).toBe(key === undefined ? 'applied' : 'claimed');
      expect((await entriesOf(race.store, 'victim')).map((e) => e.points)).toEqual([50, 70]);
    });

    it('a connection dropped mid-append (pg_terminate_backend) fails that call with STORE_FAILURE and leaves no partial state', async () => {
      await appendEntries(race.store, { customerId: 'dropped', entries: [orderEarn('dropped', 'd0', 'd-order-0', 10)], expectedVersion: 0 });
      const release = await holdLedgerRow(race.pool, schema, 'dropped');
      const ownPool = openPool(2);
      const victimStore = createPostgresStore({ pool: ownPool, schema });
      const request = {
        customerId: 'dropped',
        entries: [orderEarn('dropped', 'd1', 'd-order-1', 20)],
        expectedVersion: 1,
        idempotencyKey: 'dropped-key',
        requestHash: 'h',
        claims: ['order:d-order-1'],
        result: { points: 20 },
      };
      const pending = appendEntries(victimStore, request).then(
        () => 'resolved',
        (e: unknown) => e,
      );
      try {
        const pid = await waitForBlockedBackend(race.pool, 'ledgers');
        await race.pool.query('SELECT pg_terminate_backend($1)', [pid]);
        const outcome = await pending;
        expect(isFidelisError(outcome, 'STORE_FAILURE')).toBe(true);
      } finally {
        await release();
      }
      expect((await race.store.ledger.readCustomer({ idempotencyKey: 'dropped-key' })).idempotency).toBeUndefined();
      expect((await race.store.ledger.readCustomer({ customerId: 'dropped' })).version).toBe(1);
      // The same store (its pool replaced the dead connection) applies the same request afterwards.
      expect(await appendEntries(victimStore, request)).toMatchObject({ status: 'applied', version: 2 });
      await ownPool.end();
    });
  });
}
