// A customer with years of history next to a new one: the cost of recordOrder and redeemPoints
// must not grow with the ledger (the engine reads the customer's projection, never the entries).
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import type { LoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import type { LedgerEntry } from '../../src/rules/ledger/entry.js';
import { activeBalanceWindow, projectionOf } from '../../src/rules/ledger/projection.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import { AT, orderEarn, shopOrder } from '../../test/postgres/workload.js';

const HOUR = 3_600_000;

/**
 * `n` entries for `customerId`: pairs of an earn of 10 points and its burn, one a day back from
 * 2021, then one earn of 1,000,000 active points (so every burn of the run is granted).
 */
export function historyOf(customerId: string, n: number): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  const start = Date.UTC(2021, 0, 1);
  for (let i = 0; entries.length < n - 1; i++) {
    const at = new Date(start + i * 12 * HOUR);
    entries.push({
      kind: 'earn', id: `${customerId}-h${i}`, customerId, at, points: 10, activatesAt: at, expiresAt: new Date(at.getTime() + 365 * 24 * HOUR),
      source: { type: 'bonus', bonus: 'history', reference: `${customerId}-h${i}` },
    });
    if (entries.length < n - 1) entries.push({ kind: 'burn', id: `${customerId}-hb${i}`, customerId, at: new Date(at.getTime() + HOUR), points: -10, reason: 'history' });
  }
  entries.push(orderEarn(customerId, `${customerId}-big`, `${customerId}-big`, 1_000_000));
  return entries;
}

/** Write `historyOf(customerId, n)` as one append with its projection. */
export async function seedHistory(store: PostgresStore, customerId: string, n: number): Promise<void> {
  const entries = historyOf(customerId, n);
  const state = deriveLedger(entries);
  const r = await store.ledger.appendLedger({ customerId, entries, expectedVersion: 0, state: { projection: projectionOf(state), balance: activeBalanceWindow(state, AT) } });
  if (r.status !== 'applied') throw new Error(`seeding ${customerId}: ${r.status}`);
}

/** `count` sequential recordOrders, then `count` redeemPoints of 1, on one customer; ops/s of each. */
export async function oneCustomerRates(engine: LoyaltyEngine, customerId: string, count: number, tag: string): Promise<{ recordOrder: number; redeemPoints: number }> {
  let t0 = performance.now();
  for (let i = 0; i < count; i++) await engine.recordOrder(shopOrder(`${tag}-${customerId}-o${i}`, customerId), { idempotencyKey: `${tag}-${customerId}-o${i}` });
  const recordOrder = (count / (performance.now() - t0)) * 1000;
  t0 = performance.now();
  for (let i = 0; i < count; i++) await engine.redeemPoints(customerId, 1, { idempotencyKey: `${tag}-${customerId}-b${i}` });
  const redeemPoints = (count / (performance.now() - t0)) * 1000;
  return { recordOrder, redeemPoints };
}
