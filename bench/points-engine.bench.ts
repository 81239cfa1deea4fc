// recordOrder/s and balance reads/s through the engine on the memory store, over 10,000
// customers, and balance() of one customer whose ledger holds 10,000 lots.
// Run: npm run bench points-engine
import {
  type EarnEntry,
  balanceAt,
  createLoyaltyEngine,
  createMemoryStore,
  deriveLedger,
  manualClock,
  parseProgram,
} from '../src/index.js';
import { activeBalanceWindow, projectionOf } from '../src/rules/ledger/projection.js';

const CUSTOMERS = 10_000;
const TARGET_ORDERS = 25_000;
const TARGET_BALANCES = 50_000;

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

const perSecond = (n: number, t0: number): number => (n / (performance.now() - t0)) * 1000;
const verdict = (value: number, target: number): string => `(target ≥ ${target.toLocaleString('en')}/s: ${value >= target ? 'met' : 'NOT met'})`;

const newEngine = () => createLoyaltyEngine({ store: createMemoryStore(), programs: [program], clock: manualClock(new Date('2026-06-01T00:00:00Z')) });

/** `rounds` orders for each of `customers` customers, round-robin (round 0 creates every ledger); orders/s per round. */
async function recordOrders(engine: ReturnType<typeof newEngine>, customers: number, rounds: number): Promise<number[]> {
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let c = 0; c < customers; c++) {
      const i = r * customers + c;
      await engine.recordOrder(order(i, `c${c}`), { idempotencyKey: `k${i}` });
    }
    rates.push(perSecond(customers, t0));
  }
  return rates;
}

// warm-up (JIT), in its own store
await recordOrders(newEngine(), 500, 3);

const engine = newEngine();
const [first = 0, second = 0, third = 0] = await recordOrders(engine, CUSTOMERS, 3);
const all = 3 / (1 / first + 1 / second + 1 / third);
console.log(`recordOrder (5-line cart, 3 rules), memory store, ${CUSTOMERS.toLocaleString('en')} customers × 3 orders:`);
console.log(`  all ${(3 * CUSTOMERS).toLocaleString('en')} orders: ${all.toFixed(0)} orders/s ${verdict(all, TARGET_ORDERS)}`);
console.log(`  1st order of each (new ledger): ${first.toFixed(0)}/s, 2nd: ${second.toFixed(0)}/s, 3rd: ${third.toFixed(0)}/s`);

const one = newEngine();
await one.recordOrder(order(0, 'c0'), { idempotencyKey: 'one-warm' });
let t0 = performance.now();
for (let i = 0; i < 2_000; i++) await one.recordOrder(order(i + 1, 'c0'), { idempotencyKey: `one-${i}` });
console.log(`  2,000 orders of ONE customer (ledger grows to 2,000 lots): ${perSecond(2_000, t0).toFixed(0)} orders/s`);

// balance reads over the 10,000 customers just recorded (3 lots each)
for (let c = 0; c < 2_000; c++) await engine.balance(`c${c}`);
const reads = 100_000;
t0 = performance.now();
for (let i = 0; i < reads; i++) await engine.balance(`c${i % CUSTOMERS}`);
const balances = perSecond(reads, t0);
console.log(`balance reads (engine.balance, memory store), round-robin over the ${CUSTOMERS.toLocaleString('en')} customers: ${balances.toFixed(0)} balances/s ${verdict(balances, TARGET_BALANCES)}`);

// balance with 10,000 lots: derive + views from the entries, and through the engine (projection)
const entries: EarnEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
  kind: 'earn', id: `e${i}`, customerId: 'big', at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000), points: 10 + (i % 7),
  activatesAt: new Date(Date.UTC(2025, 0, 15) + i * 3_600_000), expiresAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
  source: { type: 'bonus', bonus: 'bench', reference: `r${i}` },
}));
const now = new Date('2026-03-01T00:00:00Z');
const store = createMemoryStore();
const derived = deriveLedger(entries);
await store.ledger.appendLedger({ customerId: 'big', entries, expectedVersion: 0, state: { projection: projectionOf(derived), balance: activeBalanceWindow(derived, now) } });
const bigEngine = createLoyaltyEngine({ store, programs: [program], clock: manualClock(now) });
for (let i = 0; i < 20; i++) balanceAt(deriveLedger(entries), now);
t0 = performance.now();
const reps = 200;
for (let i = 0; i < reps; i++) balanceAt(deriveLedger(entries), now);
const pure = (performance.now() - t0) / reps;
for (let i = 0; i < 200; i++) await bigEngine.balance('big');
t0 = performance.now();
const bigReads = 5_000;
for (let i = 0; i < bigReads; i++) await bigEngine.balance('big');
const viaEngine = perSecond(bigReads, t0);
const b = await bigEngine.balance('big');
console.log(
  `balance of ONE customer with 10,000 lots: ${pure.toFixed(2)} ms to derive from the entries (pure), ${viaEngine.toFixed(0)} balances/s via engine.balance (projection) ${verdict(viaEngine, TARGET_BALANCES)}; active=${b.active} pending=${b.pending}`,
);
