// fidelis on PostgreSQL next to PostgreSQL's own rate for the same work, in one run:
//  1. per operation (reserve, commit, recordOrder for a new and an existing customer,
//     redeemPoints, replay of a key) at 1, 8 and 32 clients: fidelis ops/s, the minimal SQL of
//     the same operation as ONE named prepared statement (bench/postgres/raw-statements.ts, the
//     equivalent of pgbench -M prepared, sent through the same driver and pool), and the ratio;
//     target ≥ 50 % at 1 and 8 clients;
//  2. a customer with 10,000 ledger entries next to one with 10 (recordOrder, redeemPoints);
//  3. contention: 480 redeemPoints of 7 on one balance of 1,000 from 12 processes;
//  4. the outbox: reserve, commit, recordOrder and redeemPoints with their events written and with
//     the events dropped (bench/postgres/without-outbox.ts), side by side.
// On PGlite (in-process, one connection) sections 1 (1 client), 2 and 4; on a server when
// FIDELIS_TEST_PG_URL is set, all four. The 1-minute load average is printed on every line.
//
//   eval "$(bash scripts/pg-server.sh start)"; npm run bench postgres; bash scripts/pg-server.sh stop
//   FIDELIS_BENCH_OPS=400 npm run bench postgres      # operations per measurement (default 1000)
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { type PostgresStore, createPostgresStore, migrate, openPglite } from '../src/adapters/postgres/index.js';
import { burnRace } from '../test/postgres/burn-race.js';
import { startWorkers } from '../test/postgres/workers.js';
import { shopEngine } from '../test/postgres/workload.js';
import { defineBenchCoupon, fidelisOperation, seedBalances } from './postgres/fidelis-operations.js';
import { oneCustomerRates, seedHistory } from './postgres/loyal-customer.js';
import { type Operation, createRawTables, rawOperation, seedRawBalances } from './postgres/raw-statements.js';
import { withoutOutbox } from './postgres/without-outbox.js';

const OPS = Number(process.env['FIDELIS_BENCH_OPS'] ?? 1000);
const url = process.env['FIDELIS_TEST_PG_URL'] || undefined;
const OPERATIONS: readonly Operation[] = ['reserve', 'commit', 'recordOrder (new customer)', 'recordOrder (existing customer)', 'redeemPoints', 'replay of a key'];
const load = (): string => `load ${loadavg()[0]?.toFixed(2)}`;

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

/** Every operation at `clients`, fidelis then the raw statement; prints one line each (unless `quiet`). */
async function operations(backend: string, store: PostgresStore, clients: number, ops: number, base: string, quiet = false): Promise<void> {
  const raw = `"raw_${store.schema}"`;
  await createRawTables(store.sql, raw);
  const engine = shopEngine(store);
  const tags = { coupon: `${base}-cp`, order: `${base}-or`, redeem: `${base}-rd` };
  await defineBenchCoupon(store, tags.coupon);
  await seedBalances(store, tags.redeem, ops, 1000);
  await seedRawBalances(store.sql, raw, `${tags.redeem}-c`, ops, 1000);
  for (const op of OPERATIONS) {
    const tag = op === 'reserve' || op === 'commit' ? tags.coupon : op === 'redeemPoints' ? tags.redeem : tags.order;
    const ours = await throughput(clients, ops, fidelisOperation(store, engine, op, tag));
    const limit = await throughput(clients, ops, rawOperation(store.sql, raw, op, tag));
    if (quiet) continue;
    const ratio = ours / limit;
    const target = clients <= 8 ? (ratio >= 0.5 ? 'met' : 'NOT met') : '';
    console.log(
      `${backend.padEnd(16)} ${op.padEnd(32)} ${String(clients).padStart(3)} ${ours.toFixed(0).padStart(8)} ${limit.toFixed(0).padStart(8)} ${`${(ratio * 100).toFixed(0)} %`.padStart(6)} ${target.padEnd(8)} ${load()}`,
    );
  }
  await store.sql.query(`DROP SCHEMA IF EXISTS ${raw} CASCADE`);
}

/** Section 4 on `store`: each writing operation with its events and without them, alternated. */
async function outbox(backend: string, store: PostgresStore, clients: number, ops: number, base: string): Promise<void> {
  const bare = withoutOutbox(store);
  const engines = { on: shopEngine(store), off: shopEngine(bare) };
  for (const mode of ['on', 'off'] as const) {
    await defineBenchCoupon(store, `${base}-${mode}-cp`);
    await seedBalances(store, `${base}-${mode}-rd`, ops, 1000);
  }
  for (const op of ['reserve', 'commit', 'recordOrder (new customer)', 'redeemPoints'] as const) {
    const rate = async (mode: 'on' | 'off'): Promise<number> => {
      const tag = op === 'reserve' || op === 'commit' ? `${base}-${mode}-cp` : op === 'redeemPoints' ? `${base}-${mode}-rd` : `${base}-${mode}-or`;
      return throughput(clients, ops, fidelisOperation(mode === 'on' ? store : bare, engines[mode], op, tag));
    };
    const on = await rate('on');
    const off = await rate('off');
    console.log(`${backend.padEnd(16)} ${op.padEnd(32)} ${String(clients).padStart(3)}   with events ${on.toFixed(0).padStart(6)}/s   without ${off.toFixed(0).padStart(6)}/s   ${`${((on / off) * 100).toFixed(0)} %`.padStart(5)}   ${load()}`);
  }
}

/** Section 2 on `store`: three alternating rounds of 200 operations on each customer, medians. */
async function loyalCustomer(backend: string, store: PostgresStore): Promise<void> {
  await seedHistory(store, 'new-ish', 10);
  await seedHistory(store, 'loyal', 10_000);
  const engine = shopEngine(store);
  const rounds: { small: { recordOrder: number; redeemPoints: number }; loyal: { recordOrder: number; redeemPoints: number } }[] = [];
  for (let r = 0; r < 3; r++) {
    const small = await oneCustomerRates(engine, 'new-ish', 200, `round${r}`);
    const loyal = await oneCustomerRates(engine, 'loyal', 200, `round${r}`);
    rounds.push({ small, loyal });
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[1] ?? 0;
  for (const op of ['recordOrder', 'redeemPoints'] as const) {
    const small = median(rounds.map((x) => x.small[op]));
    const loyal = median(rounds.map((x) => x.loyal[op]));
    const cost = small / loyal; // time per op of the loyal customer relative to the new one
    console.log(
      `${backend.padEnd(16)} ${op.padEnd(13)} 10 entries: ${small.toFixed(0).padStart(6)}/s   10,000 entries: ${loyal.toFixed(0).padStart(6)}/s   cost ×${cost.toFixed(2)} ${cost <= 1.1 ? '(within 10 %: met)' : '(NOT within 10 %)'}   ${load()}`,
    );
  }
}

console.log(`fidelis on PostgreSQL: ${OPS} operations per measurement (PGlite: at most 500); ${cpus().length} CPUs; ${load()}`);
console.log('reserve/commit = CouponStore.reserveUsage / commitUsage; recordOrder, redeemPoints, replay = the loyalty engine (validate, plan, read, write)');
console.log('limit = the minimal SQL of the same work as one named prepared statement, same driver and pool size (bench/postgres/raw-statements.ts)\n');
console.log(`${'backend'.padEnd(16)} ${'operation'.padEnd(32)} cl. fidelis/s  limit/s  ratio target`);

const pglite = await openPglite();
try {
  const warm = createPostgresStore({ pglite, schema: 'bench_warm' });
  await migrate(warm);
  await operations('PGlite', warm, 1, 100, 'warm', true);
  const store = createPostgresStore({ pglite, schema: 'bench_pglite' });
  await migrate(store);
  await operations('PGlite', store, 1, Math.min(OPS, 500), 'l1');
  console.log('');
  await loyalCustomer('PGlite', store);
  console.log('');
  await outbox('PGlite', store, 1, Math.min(OPS, 500), 'ob1');
} finally {
  await pglite.close();
}

if (url === undefined) {
  console.log('\nserver: not run (set FIDELIS_TEST_PG_URL, e.g. eval "$(bash scripts/pg-server.sh start)")');
} else {
  console.log('');
  const host = new URL(url);
  const label = `${host.hostname}:${host.port}`;
  const schemas: string[] = [];
  const withStore = async <T>(clients: number, schema: string, fn: (store: PostgresStore) => Promise<T>): Promise<T> => {
    const pool = new pg.Pool({ connectionString: url, max: clients });
    pool.on('error', () => {});
    schemas.push(schema);
    try {
      const store = createPostgresStore({ pool, schema });
      await migrate(store);
      return await fn(store);
    } finally {
      await pool.end();
    }
  };
  await withStore(8, `fidelis_bench_${process.pid}_warm`, (store) => operations('server', store, 8, 200, 'warm', true));
  for (const clients of [1, 8, 32]) {
    await withStore(clients, `fidelis_bench_${process.pid}_${clients}`, (store) => operations(`server ${label}`.slice(0, 16), store, clients, OPS, `s${clients}`));
  }
  console.log('');
  await withStore(1, `fidelis_bench_${process.pid}_loyal`, (store) => loyalCustomer('server', store));

  console.log('');
  for (const clients of [1, 8]) await withStore(clients, `fidelis_bench_${process.pid}_outbox${clients}`, (store) => outbox(`server ${label}`.slice(0, 16), store, clients, OPS, `ob${clients}`));

  console.log('');
  const raceSchema = `fidelis_bench_${process.pid}_race`;
  const workers = await startWorkers(12, 4, raceSchema);
  try {
    await withStore(4, raceSchema, async (store) => {
      const r = await burnRace(store, workers, 'contended', { balance: 1000, points: 7, perWorker: 40 });
      const ok = r.granted === 142 && r.left === 6 && r.leftByEngine === 6 && r.neverNegative;
      console.log(
        `contention: 480 redeemPoints of 7 on one balance of 1,000 from 12 processes × 4 connections: ${(r.wallMs / 1000).toFixed(2)} s ${r.wallMs < 3000 ? '(< 3 s: met)' : '(NOT < 3 s)'}, ` +
          `${r.granted} granted, ${r.insufficient} refused, ${r.left} left ${ok ? '(exact)' : '(ANOMALY: expected 142 granted, 6 left)'}   ${load()}`,
      );
    });
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }

  const admin = new pg.Pool({ connectionString: url, max: 1 });
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  const { rows } = await admin.query<{ v: string; fsync: string }>(`SELECT version() AS v, current_setting('fsync') AS fsync`);
  await admin.end();
  console.log(`\nserver: ${rows[0]?.v.split(' on ')[0]}, fsync=${rows[0]?.fsync} (scripts/pg-server.sh turns fsync off unless FIDELIS_PG_FSYNC=on)`);
}
