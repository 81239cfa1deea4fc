// The store operations the concurrency tests and the benchmark drive, as the engine does them:
// append entries with their projection guarded by the version read, retry when stale; burns
// through the engine (the balance guard); reserve then commit a coupon usage.
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { type LoyaltyEngine, createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import type { EarnEntry, LedgerEntry } from '../../src/rules/ledger/entry.js';
import { activeBalanceWindow, projectionOf } from '../../src/rules/ledger/projection.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import type { LedgerAppend, LedgerAppendOutcome, Store } from '../../src/storage/index.js';

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

/** Every entry of a customer's ledger. */
export async function entriesOf(store: Store, customerId: string): Promise<readonly LedgerEntry[]> {
  return (await store.ledger.ledgerEntries(customerId)).entries;
}

/** An append as the engine makes it: with the projection of the stored entries plus the new ones. */
export async function appendEntries(store: Store, req: Omit<LedgerAppend, 'state'>): Promise<LedgerAppendOutcome> {
  const state = deriveLedger([...(await entriesOf(store, req.customerId)), ...req.entries]);
  return store.ledger.appendLedger({ ...req, state: { projection: projectionOf(state), balance: activeBalanceWindow(state, AT) } });
}

/** Record an order's points once: claim `order:<id>`, idempotent by `key`; retried while stale. */
export async function recordOrderPoints(store: Store, customerId: string, orderId: string, key: string, points: number): Promise<LedgerAppendOutcome['status']> {
  for (;;) {
    const { version } = await store.ledger.readCustomer({ customerId });
    const r = await appendEntries(store, {
      customerId,
      entries: [orderEarn(customerId, `earn-${orderId}-${key}`, orderId, points)],
      expectedVersion: version,
      idempotencyKey: key,
      requestHash: `order:${orderId}:${points}`,
      claims: [`order:${orderId}`],
      orders: [{ orderId, customerId, programId: 'shop', placedAt: AT, lotId: `earn-${orderId}-${key}` }],
      result: { orderId, points },
    });
    if (r.status !== 'stale') return r.status;
  }
}

/** Burn `points` once (key `key`) through the engine, as a shop does: the store's balance guard decides. */
export async function burnPoints(store: Store, customerId: string, points: number, key: string): Promise<'burned' | 'insufficient'> {
  try {
    await shopEngine(store).redeemPoints(customerId, points, { idempotencyKey: key });
    return 'burned';
  } catch (e) {
    if (isFidelisError(e, 'INSUFFICIENT_POINTS')) return 'insufficient';
    throw e;
  }
}

/** Reserve then commit one usage of `promotionId`; true when the usage was granted. */
export async function redeemCoupon(store: Store, promotionId: string, reservationId: string, customerId: string): Promise<boolean> {
  const r = await store.coupons.reserveUsage({
    reservationId,
    promotionId,
    customerId,
    currency: 'EUR',
    discountMinor: 500,
    at: AT,
    expiresAt: new Date(AT.getTime() + 15 * 60_000),
  });
  if (!r.ok) return false;
  const c = await store.coupons.commitUsage({ reservationId, at: AT });
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
