// engine.merchantStatistics over 10,000 customers on the memory store (two orders each, a
// redemption for every third, expiry and activation jobs run: ~5 entries a customer), and the
// pure fold ledgerStatistics on the same ledgers, to split reading the store from folding.
// Run: npm run bench merchant-statistics
import { createLoyaltyEngine, createMemoryStore, ledgerStatistics, manualClock, parseProgram } from '../src/index.js';
import type { LedgerEntry } from '../src/rules/ledger/entry.js';

const CUSTOMERS = 10_000;
const TARGET_MS = 1_000;

const program = parseProgram({
  id: 'bench', currency: 'EUR', timeZone: 'Europe/Paris', pending: 'P14D', expiry: { after: 'P3M', roundTo: 'month' },
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'card', kind: 'stamp-card', stampsRequired: 2, stampsPer: 'order', reward: { rewardId: 'free' } },
  ],
  rewards: [{ id: 'free', cost: 1, effect: { type: 'product', sku: 'FREE' } }],
  tiers: { basis: 'points', window: { calendar: 'year' }, review: 'year', levels: [{ id: 'silver', threshold: '50' }, { id: 'gold', threshold: '150' }] },
});

const clock = manualClock(new Date('2026-01-01T00:00:00Z'));
const store = createMemoryStore();
const engine = createLoyaltyEngine({ store, programs: [program], clock });
const day = 86_400_000;
const start = Date.UTC(2026, 0, 1);
for (let round = 0; round < 2; round++) {
  for (let c = 0; c < CUSTOMERS; c++) {
    const at = new Date(start + round * 90 * day + (c % 80) * day);
    clock.set(at);
    await engine.recordOrder(
      { id: `o${round}-${c}`, customerId: `c${c}`, placedAt: at.toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'S', quantity: 1, unitPrice: `${20 + (c % 90)}.00` }] },
      { idempotencyKey: `o${round}-${c}` },
    );
  }
}
clock.set(new Date('2026-07-10T00:00:00Z'));
await engine.activatePending(new Date('2026-07-10T00:00:00Z'));
for (let c = 0; c < CUSTOMERS; c += 3) await engine.redeemPoints(`c${c}`, 10, { idempotencyKey: `b${c}`, reason: 'reward' });
await engine.expirePoints(new Date('2026-12-31T23:00:00Z'));

const query = { from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2027-01-01T00:00:00+01:00') };
const timed = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
};
await engine.merchantStatistics(query); // warm-up
const runs: number[] = [];
let stats = await engine.merchantStatistics(query);
for (let i = 0; i < 3; i++) {
  const [s, ms] = await timed(() => engine.merchantStatistics(query));
  stats = s;
  runs.push(ms);
}
const activeMonths = stats.months.reduce((n, m) => n + m.activeMembers, 0);
const best = Math.min(...runs);
const ledgers: LedgerEntry[][] = [];
for (let c = 0; c < CUSTOMERS; c++) ledgers.push([...(await engine.history(`c${c}`))]);
const count = ledgers.reduce((n, l) => n + l.length, 0);
const folds: number[] = [];
for (let i = 0; i < 4; i++) folds.push((await timed(() => ledgerStatistics(ledgers, { ...query, timeZone: 'Europe/Paris', stampsRequired: { card: 2 } })))[1]);
console.log(`merchantStatistics, memory store, ${CUSTOMERS.toLocaleString('en')} customers, ${count.toLocaleString('en')} ledger entries, 12 months:`);
console.log(`  engine (read every ledger + fold + coupons): best ${best.toFixed(0)} ms of 3 (${runs.map((r) => r.toFixed(0)).join(', ')}) (target < ${TARGET_MS} ms: ${best < TARGET_MS ? 'met' : 'NOT met'})`);
console.log(`  pure fold ledgerStatistics: best ${Math.min(...folds.slice(1)).toFixed(0)} ms (${((count / Math.min(...folds.slice(1))) * 1000).toFixed(0)} entries/s)`);
console.log(`  check: ${stats.members.total} members, issued ${stats.totals.issued.total}, burned ${stats.totals.burned}, expired ${stats.totals.expired}, ${stats.stampCards[0]?.completed ?? 0} cards, ${activeMonths} member-months active`);
