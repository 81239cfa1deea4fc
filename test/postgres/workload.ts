// The store operations the concurrency tests and the benchmark drive, exactly as the engine
// does them: plan with the pure ledger on a snapshot, append guarded by its version, retry when
// stale; reserve then commit a coupon usage.
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { type LoyaltyEngine, createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import { planBurn } from '../../src/rules/ledger/burn.js';
import type { EarnEntry } from '../../src/rules/ledger/entry.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import type { LedgerAppendOutcome, Store } from '../../src/storage/index.js';

export const AT = new Date('2026-03-01T10:00:00.000Z');
const EXPIRES = new Date('2027-03-01T10:00:00.000Z');

/** An earn entry of `points` for an order (active at once). */
export function orderEarn(customerId: string, id: string, orderId: string, points: number): EarnEntry {
  return {
    kind: 'earn',
    id,
    customerId,
    at: AT,
    points,
    activatesAt: AT,
    expiresAt: EXPIRES,
    source: { type: 'order', orderId, programId: 'shop', lines: [{ lineId: 'l1', quantity: 1, points }] },
  };
}

/** Record an order's points once: claim `order:<id>`, idempotent by `key`; retried while stale. */
export async function recordOrderPoints(store: Store, customerId: string, orderId: string, key: string, points: number): Promise<LedgerAppendOutcome['status']> {
  for (;;) {
    const snap = await store.loadLedger(customerId);
    const r = await store.appendLedger({
      customerId,
      entries: [orderEarn(customerId, `earn-${orderId}-${key}`, orderId, points)],
      expectedVersion: snap.version,
      idempotencyKey: key,
      requestHash: `order:${orderId}:${points}`,
      claims: [`order:${orderId}`],
      orders: [{ orderId, customerId, programId: 'shop', placedAt: AT, lotId: `earn-${orderId}-${key}` }],
      result: { orderId, points },
    });
    if (r.status !== 'stale') return r.status;
  }
}

/** Burn `points` once (key `key`): soonest-expiring lots first, guarded by version; retried while stale. */
export async function burnPoints(store: Store, customerId: string, points: number, key: string): Promise<'burned' | 'insufficient'> {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const snap = await store.loadLedger(customerId);
    let n = 0;
    let entry;
    try {
      entry = planBurn(deriveLedger(snap.entries), points, key, { customerId, at: AT, newId: () => `${key}-${attempt}-${++n}` });
    } catch (e) {
      if (isFidelisError(e, 'INSUFFICIENT_POINTS')) return 'insufficient';
      throw e;
    }
    const r = await store.appendLedger({ customerId, entries: [entry], expectedVersion: snap.version, idempotencyKey: key, requestHash: `burn:${points}`, result: { burned: points } });
    if (r.status === 'applied' || r.status === 'replayed') return 'burned';
    // Stale: another burn won this version. Back off a little (randomly) before planning again.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
  }
  throw new Error(`burn ${key} did not converge`);
}

/** Reserve then commit one usage of `promotionId`; true when the usage was granted. */
export async function redeemCoupon(store: Store, promotionId: string, reservationId: string, customerId: string): Promise<boolean> {
  const r = await store.reserveUsage({
    reservationId,
    promotionId,
    customerId,
    currency: 'EUR',
    discountMinor: 500,
    at: AT,
    expiresAt: new Date(AT.getTime() + 15 * 60_000),
  });
  if (!r.ok) return false;
  const c = await store.commitUsage({ reservationId, at: AT });
  return c.reservation?.status === 'committed';
}

/** 1 point per euro, 14 days pending, expiry 12 months after, rounded to the month's end. */
export const PROGRAM = parseProgram({
  id: 'shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  pending: 'P14D',
  expiry: { after: 'P12M', roundTo: 'month' },
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
});

/** An order of 50 € + 3 × 10 € (80 points under PROGRAM). */
export function shopOrder(id: string, customerId: string): Record<string, unknown> {
  return {
    id,
    customerId,
    placedAt: '2026-03-01T10:00:00+01:00',
    currency: 'EUR',
    lines: [
      { id: 'l1', sku: 'A', quantity: 1, unitPrice: '50.00' },
      { id: 'l2', sku: 'B', quantity: 3, unitPrice: '10.00' },
    ],
  };
}

/** The loyalty engine over `store` running PROGRAM at a fixed instant. */
export function shopEngine(store: Store): LoyaltyEngine {
  return createLoyaltyEngine({ store, programs: [PROGRAM], clock: manualClock(new Date('2026-03-01T12:00:00Z')) });
}
