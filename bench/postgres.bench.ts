// PostgreSQL adapter throughput: coupon redemptions/s (reserve + commit) and recordOrder/s with
// 1, 8 and 32 concurrent clients, on PGlite (in-process, one connection) and, when
// FIDELIS_TEST_PG_URL is set, on a PostgreSQL server (a pg.Pool of as many connections as clients,
// in this one process). After each measurement the anomaly checks run at the same concurrency:
// a coupon limited to 10 raced by 200 redemptions (exactly 10), 100 burns of 30 on a balance of
// 1,000 (33 burned, 10 left, never below zero), every order earning exactly once.
//
//   eval "$(bash scripts/pg-server.sh start)"; npm run bench postgres; bash scripts/pg-server.sh stop
//   FIDELIS_BENCH_OPS=400 npm run bench postgres      # operations per measurement (default 1000)
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { type PgliteLike, type PostgresStore, createPostgresStore, migrate, openPglite } from '../src/adapters/postgres/index.js';
import { balanceAt } from '../src/rules/ledger/balance.js';
import { deriveLedger } from '../src/rules/ledger/state.js';
import { AT, burnPoints, orderEarn, redeemCoupon, shopEngine, shopOrder } from '../test/postgres/workload.js';

const OPS = Number(process.env['FIDELIS_BENCH_OPS'] ?? 1000);
const CLIENTS = [1, 8, 32];
const url = process.env['FIDELIS_TEST_PG_URL'] || undefined;

/** Run `total` operations with `clients` concurrent loops; returns ops/s. */
async function throughput(clients: number, total: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) await op(i);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

interface Row {
  backend: string;
  clients: number;
  redemptions: number;
  recordOrders: number;
  anomalies: string[];
}

async function measure(backend: string, store: PostgresStore, clients: number, ops: number, tag: string): Promise<Row> {
  const anomalies: string[] = [];
  // Redemptions: a promotion limited per customer (1) and in total (far above the run), distinct customers.
  await store.defineCoupon({ promotionId: `bench-${tag}`, campaign: 'BENCH', limits: { total: 10_000_000, perCustomer: 1 } });
  let granted = 0;
  const redemptions = await throughput(clients, ops, async (i) => {
    if (await redeemCoupon(store, `bench-${tag}`, `${tag}-r${i}`, `${tag}-c${i}`)) granted++;
  });
  if (granted !== ops) anomalies.push(`redemptions granted ${granted}/${ops}`);

  // recordOrder through the engine: distinct orders spread over clients×2 customers (same-customer appends contend).
  const engine = shopEngine(store);
  const customers = clients * 2;
  const recordOrders = await throughput(clients, ops, (i) => engine.recordOrder(shopOrder(`${tag}-o${i}`, `${tag}-k${i % customers}`), { idempotencyKey: `${tag}-o${i}` }));
  let earned = 0;
  for (let c = 0; c < customers; c++) earned += (await store.loadLedger(`${tag}-k${c}`)).entries.filter((e) => e.kind === 'earn').length;
  if (earned !== ops) anomalies.push(`orders earned ${earned} times for ${ops} orders`);
  const replays = await Promise.all(Array.from({ length: Math.min(ops, 50) }, (_, i) => engine.recordOrder(shopOrder(`${tag}-o${i}`, `${tag}-k${i % customers}`), { idempotencyKey: `${tag}-again-${i}` })));
  if (replays.some((r) => r.status === 'applied')) anomalies.push('a re-recorded order earned again');

  // Over-redemption: coupon limited to 10, 200 redemptions at this concurrency.
  await store.defineCoupon({ promotionId: `ten-${tag}`, campaign: 'TEN', limits: { total: 10 } });
  let ten = 0;
  await throughput(clients, 200, async (i) => {
    if (await redeemCoupon(store, `ten-${tag}`, `${tag}-t${i}`, `${tag}-tc${i}`)) ten++;
  });
  if (ten !== 10) anomalies.push(`OVER/UNDER-REDEMPTION: ${ten} of a 10-limited coupon`);

  // Negative balance: 100 burns of 30 on 1,000 points.
  const burner = `${tag}-burner`;
  await store.appendLedger({ customerId: burner, entries: [orderEarn(burner, `${tag}-seed`, `${tag}-seed`, 1000)], expectedVersion: 0 });
  let burned = 0;
  await throughput(clients, 100, async (i) => {
    if ((await burnPoints(store, burner, 30, `${tag}-burn${i}`)) === 'burned') burned++;
  });
  const left = balanceAt(deriveLedger((await store.loadLedger(burner)).entries), AT).active;
  if (burned !== 33 || left !== 10) anomalies.push(`BURN ANOMALY: ${burned} burns, ${left} left`);
  return { backend, clients, redemptions, recordOrders, anomalies };
}

/** Median latency of `SELECT 1` on this backend: the machine's round-trip baseline, to read the figures against. */
async function roundTripMs(store: PostgresStore): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await store.sql.query('SELECT 1');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[100] ?? 0;
}

function print(row: Row): void {
  const fmt = (n: number): string => n.toFixed(0).padStart(8);
  console.log(
    `${row.backend.padEnd(22)} ${String(row.clients).padStart(7)} ${fmt(row.redemptions)} ${fmt(row.recordOrders)}   ${row.anomalies.length === 0 ? 'none (10/10 coupon, 33 burns, 10 left, orders once)' : row.anomalies.join('; ')}`,
  );
}

console.log(`PostgreSQL adapter benchmark: ${OPS} operations per measurement (PGlite: at most 500); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
console.log('redeem = reserveUsage + commitUsage on one promotion (Store operations); order = engine.recordOrder (load, evaluate, append)');
console.log(`${'backend'.padEnd(22)} ${'clients'.padStart(7)} ${'redeem/s'.padStart(8)} ${'order/s'.padStart(8)}   anomalies`);

let pglite: PgliteLike | undefined;
try {
  pglite = await openPglite();
  for (const clients of CLIENTS) {
    const store = createPostgresStore({ pglite, schema: `bench_${clients}` });
    await migrate(store);
    if (clients === 1) console.log(`(PGlite: SELECT 1 takes ${(await roundTripMs(store)).toFixed(2)} ms median on this machine now)`);
    print(await measure('PGlite (in-process)', store, clients, Math.min(OPS, 500), `l${clients}`));
  }
} finally {
  await pglite?.close();
}

if (url === undefined) {
  console.log('\nserver: not run (set FIDELIS_TEST_PG_URL, e.g. eval "$(bash scripts/pg-server.sh start)")');
} else {
  const host = new URL(url);
  for (const clients of CLIENTS) {
    const pool = new pg.Pool({ connectionString: url, max: clients });
    pool.on('error', () => {});
    const schema = `fidelis_bench_${process.pid}_${clients}`;
    try {
      const store = createPostgresStore({ pool, schema });
      await migrate(store);
      if (clients === 1) console.log(`(server: SELECT 1 round trip takes ${(await roundTripMs(store)).toFixed(2)} ms median on this machine now)`);
      print(await measure(`server ${host.hostname}:${host.port}`, store, clients, OPS, `s${clients}`));
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  }
  const info = new pg.Pool({ connectionString: url, max: 1 });
  const { rows } = await info.query<{ v: string; fsync: string }>(`SELECT version() AS v, current_setting('fsync') AS fsync`);
  await info.end();
  console.log(`\nserver: ${rows[0]?.v.split(' on ')[0]}, fsync=${rows[0]?.fsync} (scripts/pg-server.sh turns fsync off unless FIDELIS_PG_FSYNC=on)`);
}
