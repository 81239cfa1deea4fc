// A worker process for the multi-process tests and the benchmark: `node --import tsx test/postgres/worker.ts`.
// Reads one JSON command per line on stdin, answers one JSON line on stdout:
//   {"id":1,"task":"redeem","schema":"s","promotionId":"p","count":20,"prefix":"w1"} → {"id":1,"value":<granted>}
//   {"id":3,"task":"record-orders","schema":"s","customers":["a","b"],"count":50,"prefix":"w1"} → {"id":3,"value":{"recorded":100}}
//   {"id":2,"task":"warm","schema":"s"} opens every connection of the pool first, so a later command (the start signal of a race) waits for none
// The store connects to FIDELIS_TEST_PG_URL with a pool of FIDELIS_WORKER_POOL (default 4) connections.
import { createInterface } from 'node:readline';
import pg from 'pg';
import { type PostgresStore, createPostgresStore } from '../../src/adapters/postgres/index.js';
import type { LedgerAppend } from '../../src/storage/index.js';
import { appendEntries, burnPoints, redeemCoupon, shopEngine, shopOrder } from './workload.js';

interface Command {
  id: number;
  task: 'ping' | 'warm' | 'redeem' | 'burn' | 'record-order' | 'record-orders' | 'append';
  schema: string;
  [k: string]: unknown;
}

const pool = new pg.Pool({ connectionString: process.env['FIDELIS_TEST_PG_URL'], max: Number(process.env['FIDELIS_WORKER_POOL'] ?? 4) });
pool.on('error', () => {});
const stores = new Map<string, PostgresStore>();
const storeOf = (schema: string): PostgresStore => {
  let s = stores.get(schema);
  if (s === undefined) stores.set(schema, (s = createPostgresStore({ pool, schema })));
  return s;
};

async function run(cmd: Command): Promise<unknown> {
  const store = storeOf(cmd.schema);
  const count = Number(cmd['count'] ?? 1);
  const prefix = String(cmd['prefix'] ?? 'w');
  const started = performance.now();
  switch (cmd.task) {
    case 'ping':
      await pool.query('SELECT 1');
      return 'pong';
    case 'warm': {
      // Hold every connection of the pool at once (so each one is opened), then release them all.
      const size = Number(process.env['FIDELIS_WORKER_POOL'] ?? 4);
      const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
      try {
        await Promise.all(clients.map((c) => c.query('SELECT 1')));
      } finally {
        for (const c of clients) c.release();
      }
      return { connections: size };
    }
    case 'redeem': {
      const results = await Promise.all(
        Array.from({ length: count }, (_, i) => redeemCoupon(store, String(cmd['promotionId']), `${prefix}-${i}`, `${prefix}-c${i}`)),
      );
      return { granted: results.filter(Boolean).length, ms: performance.now() - started };
    }
    case 'burn': {
      const results = await Promise.all(
        Array.from({ length: count }, (_, i) => burnPoints(store, String(cmd['customerId']), Number(cmd['points']), `${prefix}-${i}`)),
      );
      return { burned: results.filter((r) => r === 'burned').length, insufficient: results.filter((r) => r === 'insufficient').length, ms: performance.now() - started };
    }
    case 'record-order': {
      // Through the engine: validate, evaluate, append (claims the order id).
      const engine = shopEngine(store);
      const customerId = String(cmd['customerId']);
      const results = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          engine.recordOrder(shopOrder(String(cmd['orderId'] ?? `${prefix}-o${i}`), customerId), { idempotencyKey: `${prefix}-k${i}` }),
        ),
      );
      return { statuses: results.map((r) => r.status), points: results.map((r) => r.points), ms: performance.now() - started };
    }
    case 'record-orders': {
      // Each customer of `customers` records `count` orders one after the other (the writers run
      // side by side); until killed when `count` is 0 (the SIGKILL test).
      const engine = shopEngine(store);
      const customers = cmd['customers'] as string[];
      let recorded = 0;
      await Promise.all(
        customers.map(async (customerId) => {
          for (let i = 0; count === 0 || i < count; i++) {
            await engine.recordOrder(shopOrder(`${prefix}-${customerId}-o${i}`, customerId), { idempotencyKey: `${prefix}-${customerId}-k${i}` });
            recorded += 1;
          }
        }),
      );
      return { recorded, ms: performance.now() - started };
    }
    case 'append': {
      // One raw append (used to be killed while it waits for a row lock).
      const req = cmd['request'] as Omit<LedgerAppend, 'state'>;
      const entries = req.entries.map((e) => ({ ...e, at: new Date(e.at), ...('activatesAt' in e ? { activatesAt: new Date(e.activatesAt), expiresAt: e.expiresAt === null ? null : new Date(e.expiresAt) } : {}) }));
      const orders = req.orders?.map((o) => ({ ...o, placedAt: new Date(o.placedAt) }));
      return appendEntries(store, { ...req, entries, ...(orders === undefined ? {} : { orders }) } as typeof req);
    }
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const cmd = JSON.parse(line) as Command;
  run(cmd).then(
    (value) => process.stdout.write(`${JSON.stringify({ id: cmd.id, value })}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id: cmd.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })}\n`),
  );
});
lines.on('close', () => {
  void pool.end().then(() => process.exit(0));
});
