// backtestProgram over 1,000,000 historical orders (100,000 customers, three years, 2 % of the
// orders partly returned): the draft alone, then the draft compared with the current program.
// Target: 1,000,000 orders in < 10 s.
// Run: npm run bench rules-backtest
import { loadavg } from 'node:os';
import { type Order, type Return, backtestProgram, parseProgram } from '../src/index.js';

const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 1_000_000);
const CUSTOMERS = Math.max(1, Math.round(ORDERS / 10));
const START = Date.UTC(2024, 0, 1);
const SPAN = Date.UTC(2027, 0, 1) - START;

const draft = parseProgram({
  id: 'draft', currency: 'EUR', timeZone: 'Europe/Paris', pending: 'P14D', expiry: { after: 'P12M', roundTo: 'month' },
  pointsPayment: { valuePerPoint: '0.01' },
  tiers: { basis: 'points', window: { rolling: 'P12M' }, levels: [{ id: 'member', threshold: '0' }, { id: 'silver', threshold: '500', multiplier: '1.25' }, { id: 'gold', threshold: '1500', multiplier: '1.5' }] },
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'tea-x2', kind: 'multiplier', factor: '2', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } },
    { id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '50.00', points: 20 }, { minAmount: '100.00', points: 50 }] },
    { id: 'welcome', kind: 'first-order-bonus', points: 100 },
  ],
});
const current = parseProgram({
  id: 'current', currency: 'EUR', timeZone: 'Europe/Paris', expiry: { after: 'P24M', roundTo: 'year' }, pointsPayment: { valuePerPoint: '0.01' },
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
});

// A small deterministic generator (xorshift32): the same history on every run.
let seed = 20261207;
const next = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

const t0 = performance.now();
const orders: Order[] = [];
const returns: Return[] = [];
for (let i = 0; i < ORDERS; i++) {
  const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, l) => ({
    id: `l${l}`, sku: `S${l}`, categories: next() < 0.4 ? ['tea'] : ['mugs'], quantity: 1 + Math.floor(next() * 3),
    unitPrice: `${5 + Math.floor(next() * 40)}.${String(Math.floor(next() * 100)).padStart(2, '0')}`, attributes: {},
  }));
  const placedAt = new Date(START + Math.floor(next() * SPAN));
  const order: Order = { id: `o${i}`, customerId: `c${Math.floor(next() * CUSTOMERS)}`, placedAt, currency: 'EUR', channel: 'web', taxInclusive: true, lines, attributes: {} };
  orders.push(order);
  if (next() < 0.02) returns.push({ id: `r${i}`, orderId: order.id, at: new Date(placedAt.getTime() + Math.floor(next() * 20 * 86_400_000)), lines: [{ lineId: 'l0', quantity: 1 }] });
}
const built = (performance.now() - t0) / 1000;
const from = new Date('2024-01-01T00:00:00+01:00');
const until = new Date('2026-12-31T23:59:59.999+01:00');
const fmt = (n: number): string => Math.round(n).toLocaleString('en');
console.log(`history: ${fmt(orders.length)} orders of ${fmt(CUSTOMERS)} customers, ${fmt(returns.length)} returns, built in ${built.toFixed(1)} s`);

function run(label: string, compare: boolean, program = draft): void {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const start = performance.now();
  const result = backtestProgram({ program, ...(compare ? { compareWith: current } : {}), orders, returns, from, until });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(c0);
  const heap = process.memoryUsage().heapUsed - heap0;
  const t = result.draft.totals;
  console.log(
    `${label}: ${seconds.toFixed(2)} s = ${fmt(orders.length / seconds)} orders/s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, heap +${fmt(heap / 2 ** 20)} MB held) ` +
      `(target 1,000,000 orders < 10 s: ${orders.length >= 1_000_000 ? (seconds < 10 ? 'met' : 'NOT met') : 'n/a'})\n` +
      `  draft: ${fmt(t.orders)} orders, ${(100 * t.earningShare).toFixed(1)} % earned, issued ${fmt(t.issued)}, expired ${fmt(t.expired)}, reversed ${fmt(t.reversed)}, liability ${result.draft.liability.value ?? '-'} EUR` +
      (result.difference === undefined ? '' : `; draft − current liability ${result.difference.liabilityValue ?? '-'} EUR`),
  );
}

const only = process.env['BENCH_RUN'];
if (only === undefined || only === 'simple') run('backtestProgram, current (1 point per euro, no tiers)', false, current); // also warms up
if (only === undefined || only === 'draft') run('backtestProgram, draft (4 rules, tiers, pending, expiry)', false);
if (only === undefined) run('backtestProgram, draft + current compared', true);
console.log(`load average (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
