// The outbox on a real PostgreSQL server (only when FIDELIS_TEST_PG_URL is set): 16 writers in
// 4 processes while a reader follows the cursor, and 20 writers SIGKILLed at random moments.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/storage/index.js';
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import { serverLabel, serverUrl } from './server-store.js';
import { raceSchema, startWorkers } from './workers.js';

/** Every event after `after`, page by page. */
async function drain(store: PostgresStore, after: string | undefined, seen: StoredEvent[]): Promise<string | undefined> {
  let cursor = after;
  for (;;) {
    const page = await store.events.readEvents({ limit: 500, ...(cursor === undefined ? {} : { after: cursor }) });
    seen.push(...page.events);
    if (page.events.length === 0) return cursor;
    cursor = page.cursor;
  }
}

/** The customers' earn entries, as the events the engine writes with them (`ev_<entry id>`), in ledger order. */
async function earnEventIds(store: PostgresStore, customerId: string): Promise<string[]> {
  return (await store.ledger.ledgerEntries(customerId)).entries.filter((e) => e.kind === 'earn').map((e) => `ev_${e.id}`);
}

if (serverUrl === undefined) {
  describe('Outbox across processes: PostgreSQL server', () => {
    it.skip('not run: set FIDELIS_TEST_PG_URL (e.g. eval "$(bash scripts/pg-server.sh start)")', () => {});
  });
} else {
  describe(`Outbox across processes: PostgreSQL server ${serverLabel()}`, () => {
    const race = raceSchema('fidelis_outbox', 4, 4, 4);

    it('16 concurrent writers (4 processes × 4 customers) while a reader follows the cursor: every event read once, in one order, each customer in write order', async () => {
      const seen: StoredEvent[] = [];
      let writing = true;
      const reader = (async () => {
        let cursor: string | undefined;
        while (writing) {
          const page = await race.store.events.readEvents({ limit: 37, ...(cursor === undefined ? {} : { after: cursor }) });
          seen.push(...page.events);
          cursor = page.cursor;
        }
        await drain(race.store, cursor, seen);
      })();
      const customers = (w: number) => [0, 1, 2, 3].map((c) => `p${w}-c${c}`);
      const results = await Promise.all(race.workers.map((worker, w) => worker.call<{ recorded: number }>({ task: 'record-orders', schema: race.schema, customers: customers(w), count: 25, prefix: `o${w}` })));
      writing = false;
      await reader;
      expect(results.reduce((s, r) => s + r.recorded, 0)).toBe(400);
      const ids = seen.map((e) => e.id);
      expect(ids).toHaveLength(400); // one points.earned per order, nothing else under this program
      expect(new Set(ids).size).toBe(400);
      const cursors = seen.map((e) => Number(e.cursor));
      expect(cursors).toEqual(cursors.map((_, i) => i + 1)); // gap-free positions, read in order
      for (let w = 0; w < race.workers.length; w++) {
        for (const c of customers(w)) {
          const own = seen.filter((e) => e.customerId === c);
          expect(own.map((e) => e.id)).toEqual(await earnEventIds(race.store, c));
          expect(own.map((e) => e.payload['orderId'])).toEqual(Array.from({ length: 25 }, (_, i) => `o${w}-${c}-o${i}`));
        }
      }
    });

    it('20 writers SIGKILLed at random moments: every order written has its event and every event its order, none twice', async () => {
      const seen: StoredEvent[] = [];
      let cursor = await drain(race.store, undefined, []);
      const victims: string[] = [];
      // the next worker starts while the current one writes (a worker takes a second to start)
      let next = startWorkers(1, 4, race.schema);
      for (let kill = 0; kill < 20; kill++) {
        const [doomed] = await next;
        if (doomed === undefined) throw new Error('no worker');
        if (kill < 19) next = startWorkers(1, 4, race.schema);
        const customers = [`k${kill}-a`, `k${kill}-b`, `k${kill}-c`, `k${kill}-d`];
        victims.push(...customers);
        const running = doomed.call({ task: 'record-orders', schema: race.schema, customers, count: 0, prefix: `k${kill}` }).catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, 30 + Math.floor(Math.random() * 150)));
        doomed.process.kill('SIGKILL');
        expect(await running).toBeInstanceOf(Error);
        cursor = await drain(race.store, cursor, seen);
      }
      // The server finishes or aborts each statement of a dead client: wait until none is left running.
      for (let i = 0; i < 200; i++) {
        const { rows } = await race.pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`);
        if (Number(rows[0]?.n) === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await drain(race.store, cursor, seen);
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      let orders = 0;
      for (const c of victims) {
        const entries = await earnEventIds(race.store, c);
        orders += entries.length;
        expect(seen.filter((e) => e.customerId === c).map((e) => e.id)).toEqual(entries);
      }
      expect(ids).toHaveLength(orders);
      expect(orders).toBeGreaterThan(20); // the writers did write before they died
    });
  });
}
