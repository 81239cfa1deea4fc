// recordOrder/s on the memory store, and balance() over a ledger of 10,000 lots.
// Run: npm run bench points-engine
import { createLoyaltyEngine, createMemoryStore, deriveLedger, balanceAt, manualClock, parseProgram, type EarnEntry } from '../src/index.js';

const program = parseProgram({
  id: 'bench', currency: 'EUR', timeZone: 'Europe/Paris', pending: 'P14D', expiry: { after: 'P12M', roundTo: 'month' },
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'tea-x2', kind: 'multiplier', factor: '2', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } },
    { id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '50.00', points: 20 }, { minAmount: '100.00', points: 50 }] },
  ],
});

function order(i: number, customer: string) {
  return {
    id: `o${i}`, customerId: customer, placedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), currency: 'EUR',
    lines: Array.from({ length: 5 }, (_, l) => ({ id: `l${l}`, sku: `S${l}`, quantity: 1 + (l % 3), unitPrice: `${10 + l}.90`, categories: l % 2 === 0 ? ['tea'] : ['mugs'] })),
  };
}

async function recordOrders(customers: number, perCustomer: number): Promise<number> {
  const engine = createLoyaltyEngine({ store: createMemoryStore(), programs: [program], clock: manualClock(new Date('2026-06-01T00:00:00Z')) });
  const n = customers * perCustomer;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await engine.recordOrder(order(i, `c${i % customers}`), { idempotencyKey: `k${i}` });
  return (n / (performance.now() - t0)) * 1000;
}

// warm-up
await recordOrders(50, 4);
const spread = await recordOrders(2_000, 5);
const oneCustomer = await recordOrders(1, 2_000);
console.log(`recordOrder (5-line cart, 3 rules), memory store:`);
console.log(`  10,000 orders over 2,000 customers: ${spread.toFixed(0)} orders/s`);
console.log(`  2,000 orders of ONE customer (ledger grows to 2,000 lots): ${oneCustomer.toFixed(0)} orders/s`);

// balance with 10,000 lots: derive + views, and through the engine (memory store)
const entries: EarnEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
  kind: 'earn', id: `e${i}`, customerId: 'big', at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000), points: 10 + (i % 7),
  activatesAt: new Date(Date.UTC(2025, 0, 15) + i * 3_600_000), expiresAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
  source: { type: 'bonus', bonus: 'bench', reference: `r${i}` },
}));
const store = createMemoryStore();
await store.appendLedger({ customerId: 'big', entries, expectedVersion: 0 });
const engine = createLoyaltyEngine({ store, programs: [program], clock: manualClock(new Date('2026-03-01T00:00:00Z')) });
const now = new Date('2026-03-01T00:00:00Z');
for (let i = 0; i < 20; i++) balanceAt(deriveLedger(entries), now);
let t0 = performance.now();
const reps = 200;
for (let i = 0; i < reps; i++) balanceAt(deriveLedger(entries), now);
const pure = (performance.now() - t0) / reps;
t0 = performance.now();
for (let i = 0; i < reps; i++) await engine.balance('big');
const viaEngine = (performance.now() - t0) / reps;
const b = await engine.balance('big');
console.log(`balance with 10,000 lots: ${pure.toFixed(2)} ms (pure derive + views), ${viaEngine.toFixed(2)} ms via engine.balance on the memory store (${(1000 / viaEngine).toFixed(0)} balances/s); active=${b.active} pending=${b.pending}`);
