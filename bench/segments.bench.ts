// Segments as audiences: assignSegments of 100,000 customers on the memory store and on PGlite
// (in memory), and recordOrder with and without an earn rule that reads customer.segment.* (what
// a segment read adds to an order: rules that name no segment fact read none).
// Run: npm run bench segments
import { loadavg } from 'node:os';
import { createPostgresStore, migrate, openPglite } from '../src/adapters/postgres/index.js';
import { type PortfolioCustomer, type Store, createLoyaltyEngine, createMemoryStore, manualClock, parseProgram } from '../src/index.js';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 100_000);
const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 5_000);
const QUADRANTS = ['star', 'question-mark', 'profit', 'selection'] as const;
const fmt = (n: number): string => Math.round(n).toLocaleString('en');

const customers: PortfolioCustomer[] = Array.from({ length: CUSTOMERS }, (_, i) => ({
  customerId: `c${i}`, value: (i * 7919) % 1000, potential: ((i * 104729) % 10_000) / 100, quadrant: QUADRANTS[i % 4] as PortfolioCustomer['quadrant'],
}));
const portfolio = { customers, measures: { value: 'revenue', potential: 'clv' } };
const pAlive = customers.map((_, i) => (i % 100) / 100);

const plain = parseProgram({ id: 'plain', currency: 'EUR', timeZone: 'Europe/Paris', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] });
const bySegment = parseProgram({
  id: 'segment', currency: 'EUR', timeZone: 'Europe/Paris',
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'stars', kind: 'points-per-unit', rate: '1', conditions: { fact: 'customer.segment.quadrant', operator: 'equal', value: 'star' } },
  ],
});
const order = (i: number) => ({
  id: `o${i}`, customerId: `c${i % CUSTOMERS}`, placedAt: new Date(Date.UTC(2026, 6, 1) + i * 1000).toISOString(), currency: 'EUR',
  lines: [{ id: 'l1', sku: 'TEA', quantity: 2, unitPrice: '12.50' }],
});

async function assign(label: string, store: Store): Promise<void> {
  const engine = createLoyaltyEngine({ store, programs: [plain] });
  const t0 = performance.now();
  const r = await engine.assignSegments(portfolio, { asOf: '2026-06-30T00:00:00Z', pAlive });
  const s = (performance.now() - t0) / 1000;
  console.log(`assignSegments, ${label}: ${fmt(r.saved)} of ${fmt(r.customers)} customers in ${s.toFixed(2)} s = ${fmt(r.customers / s)} customers/s`);
}

async function orders(label: string, store: Store, program: typeof plain, offset: number): Promise<void> {
  const engine = createLoyaltyEngine({ store, programs: [program], clock: manualClock(new Date('2026-07-02T00:00:00Z')) });
  for (let i = 0; i < 200; i++) await engine.recordOrder(order(offset + i), { idempotencyKey: `w${offset + i}` }); // warm-up
  const t0 = performance.now();
  for (let i = 200; i < ORDERS + 200; i++) await engine.recordOrder(order(offset + i), { idempotencyKey: `k${offset + i}` });
  const s = (performance.now() - t0) / 1000;
  console.log(`  recordOrder, ${label}: ${fmt(ORDERS / s)} orders/s (${((1e6 * s) / ORDERS).toFixed(0)} µs an order)`);
}

const memory = createMemoryStore();
await assign('memory store', memory);
const db = await openPglite();
const pg = createPostgresStore({ pglite: db });
await migrate(pg);
await assign('PGlite (in memory)', pg);

for (const [label, store] of [['memory store', memory], ['PGlite', pg]] as const) {
  console.log(`${label}, ${fmt(ORDERS)} orders of customers with a stored segment:`);
  // The first pass creates the ledgers; the next two run on the same customers, each with orders
  // already, so they differ only in the segment read (an earlier version compared a first order
  // with a second one and put the difference on the segment).
  await orders('new customers, base rule only', store, plain, 0);
  await orders('customers with orders, base rule only (no segment read)', store, plain, 1_000_000);
  await orders('customers with orders, + a rule on customer.segment.quadrant (one segment read)', store, bySegment, 2_000_000);
}
await db.close();
console.log(`load average (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
