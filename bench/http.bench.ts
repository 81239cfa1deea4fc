// The HTTP service next to the engine called in-process, in one run: cart evaluations/s and
// recordOrder/s with 1 and 32 connections. The service is `fidelis serve` in its own process
// (the real CLI, its JSON request log written to a file), loaded by autocannon over loopback;
// the in-process rate is the same operation on the same kind of store with 1 and 32 concurrent
// loops in this process. The ratio in-process ÷ HTTP is the HTTP overhead (target ≤ 2× for
// recordOrder on the server). PGlite (a directory each) always; a PostgreSQL server when
// FIDELIS_BENCH_PG_URL is set (both sides use the "fidelis" schema there, migrated first).
//
//   npm run bench http
//   FIDELIS_BENCH_PG_URL=postgres://… FIDELIS_BENCH_OPS=4000 npm run bench http
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createPostgresStore, migrate, openPglite } from '../src/adapters/postgres/index.js';
import { DEMO_CAMPAIGN_PROMOTIONS, DEMO_PROGRAM, DEMO_THANK_YOU_PROMOTION, DEMO_TIME_ZONE } from '../src/cli/demo-shop.js';
import { parsePromotion } from '../src/coupons/index.js';
import { createLoyaltyEngine, type LoyaltyEngine } from '../src/engine/index.js';
import { createApiKey } from '../src/http/index.js';
import { parseProgram } from '../src/rules/index.js';
import type { Store } from '../src/storage/store.js';

const OPS = Number(process.env['FIDELIS_BENCH_OPS'] ?? 2000);
const url = process.env['FIDELIS_BENCH_PG_URL'] || undefined;
const root = fileURLToPath(new URL('../', import.meta.url));
const load = (): string => `load ${loadavg()[0]?.toFixed(2)}`;
const promotions = [...DEMO_CAMPAIGN_PROMOTIONS, DEMO_THANK_YOU_PROMOTION];

// three teas (the 3-for-2), a teapot (25 € off from 100 €, free shipping, the tote bag)
const cart = {
  currency: 'EUR', shipping: '4.90',
  lines: [
    { id: 'sencha', sku: 'SENCHA-100', quantity: 3, unitPrice: '12.50', categories: ['tea'] },
    { id: 'kyusu', sku: 'KYUSU-1', quantity: 1, unitPrice: '68.00', categories: ['teaware'] },
  ],
};
const customer = { id: 'bench-c', joinedAt: '2025-01-01T00:00:00Z' };
const order = (id: string, n: number) => ({
  id, customerId: `cust-${n % 200}`, placedAt: '2026-03-07T10:00:00Z', currency: 'EUR',
  lines: [{ id: 'l1', sku: 'SENCHA-100', quantity: 2, unitPrice: '12.50', categories: ['tea'] }, { id: 'l2', sku: 'KYUSU-1', quantity: 1, unitPrice: '48.00', categories: ['teaware'] }],
});

/** Run `total` operations with `loops` concurrent loops; returns ops/s. */
async function inProcess(loops: number, total: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: loops }, async () => {
    for (let i = next++; i < total; i = next++) await op(i);
  }));
  return total / ((performance.now() - started) / 1000);
}

/**
 * `fidelis serve --config` on `storeFlags` in a child process, its stdout (the request log) into
 * a file (a pipe drained by this busy process would make the service wait on it); resolves with
 * its port once it listens.
 */
async function startService(storeFlags: string[], config: string, log: string): Promise<{ port: number; child: ChildProcess }> {
  const out = openSync(log, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', config, '--port', '0', ...storeFlags], { cwd: root, stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  for (let waited = 0; waited < 120_000; waited += 100) {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(log, 'utf8'));
    if (m !== null) return { port: Number(m[1]), child };
    if (exited !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fidelis serve did not start (exit ${exited}):\n${readFileSync(log, 'utf8')}`);
}

/**
 * autocannon: `amount` requests over `connections`, each built by `body(i)` (and its key); returns
 * the answers per second from the start to the last answer (autocannon's own count ends on its
 * 1-second ticks).
 */
async function overHttp(port: number, path: string, key: string, connections: number, amount: number, body: (i: number) => string, idempotencyKey?: (i: number) => string): Promise<number> {
  let n = 0;
  let answered = 0;
  let last = 0;
  const started = performance.now();
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    amount,
    requests: [{
      method: 'POST', path,
      setupRequest: (req: Record<string, unknown>) => {
        const i = n++;
        const headers: Record<string, string> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
        if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey(i);
        return { ...req, headers, body: body(i) };
      },
    }],
  });
  instance.on('response', () => {
    answered += 1;
    last = performance.now();
  });
  const result = await instance;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return answered / ((last - started) / 1000);
}

function shopEngine(store: Store): LoyaltyEngine {
  return createLoyaltyEngine({ store, programs: [parseProgram(DEMO_PROGRAM)], promotions: { promotions: promotions.map((p) => parsePromotion(p)), timeZone: DEMO_TIME_ZONE } });
}

async function backend(label: string, storeFlags: string[], inProcessStore: () => Promise<Store>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fidelis-http-bench-'));
  const { key, record } = createApiKey({ id: 'bench', scopes: ['read', 'checkout'] });
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ programs: [DEMO_PROGRAM], promotions, timeZone: DEMO_TIME_ZONE, keys: [record], limits: { rate: { perSecond: 1e9, burst: 1e9 } } }));
  const service = await startService(storeFlags, config, join(dir, 'requests.log'));
  const store = await inProcessStore();
  const engine = shopEngine(store);
  try {
    // warm-up both sides
    await overHttp(service.port, '/v1/checkouts/evaluate', key, 4, 300, () => JSON.stringify({ cart, customer }));
    await inProcess(4, 300, () => engine.evaluateCheckout({ cart, customer }));
    const tag = `${label.replace(/\W/g, '')}${process.pid}`;
    for (const connections of [1, 32]) {
      const httpCarts = await overHttp(service.port, '/v1/checkouts/evaluate', key, connections, OPS, () => JSON.stringify({ cart, customer }));
      const ownCarts = await inProcess(connections, OPS, () => engine.evaluateCheckout({ cart, customer }));
      line(label, 'evaluate cart', connections, httpCarts, ownCarts);
      const orders = Math.max(100, Math.floor(OPS / 2));
      const httpOrders = await overHttp(service.port, '/v1/orders', key, connections, orders, (i) => JSON.stringify({ order: order(`h${tag}-${connections}-${i}`, i) }), (i) => `h${tag}-${connections}-${i}`);
      const ownOrders = await inProcess(connections, orders, (i) => engine.recordOrder(order(`p${tag}-${connections}-${i}`, i), { idempotencyKey: `p${tag}-${connections}-${i}` }));
      line(label, 'recordOrder', connections, httpOrders, ownOrders);
    }
  } finally {
    service.child.kill('SIGTERM');
    await new Promise((resolve) => service.child.once('exit', resolve));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(label: string, op: string, connections: number, http: number, own: number): void {
  console.log(`${label.padEnd(12)} ${op.padEnd(14)} ${String(connections).padStart(4)} ${http.toFixed(0).padStart(9)} ${own.toFixed(0).padStart(11)} ${`×${(own / http).toFixed(2)}`.padStart(8)}   ${load()}`);
}

console.log(`fidelis HTTP service (fidelis serve, its own process) vs the engine in-process: ${OPS} cart evaluations and ${Math.max(100, Math.floor(OPS / 2))} orders per measurement; ${cpus().length} CPUs; ${load()}`);
console.log(`${'backend'.padEnd(12)} ${'operation'.padEnd(14)} conn.    HTTP/s  in-process/s overhead`);
const pgliteDirs: string[] = [];
const pgliteDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'fidelis-http-bench-pglite-'));
  pgliteDirs.push(d);
  return d;
};
try {
  await backend('PGlite', ['--store', `pglite:${pgliteDir()}`], async () => {
    const store = createPostgresStore({ pglite: await openPglite(pgliteDir()), owned: true });
    await migrate(store);
    return store;
  });
  if (url === undefined) {
    console.log('\nserver: not run (set FIDELIS_BENCH_PG_URL)');
  } else {
    const pool = new pg.Pool({ connectionString: url, max: 32 });
    pool.on('error', () => {});
    const store = createPostgresStore({ pool, owned: true });
    await migrate(store);
    await backend('PostgreSQL', ['--url', url], async () => store);
  }
} finally {
  for (const d of pgliteDirs) rmSync(d, { recursive: true, force: true });
}
