// Migration 6 fills the usage counters and voucher holds from the reservations a schema at
// version 5 holds, so reservations after the upgrade see the same limits: a committed and a live
// reservation of a 2-use coupon leave no room; once the live one's TTL passes it is swept and
// its room is free; a voucher's live hold keeps its balance until it is released.
import { describe, expect, it } from 'vitest';
import { type PostgresStore, migrate } from '../../src/adapters/postgres/index.js';
import type { UsageRequest } from '../../src/storage/coupon-store.js';
import { pgliteStores } from './pglite-store.js';
import { serverStores, serverUrl } from './server-store.js';
import { undoCouponCheckouts, undoEventOutbox } from './undo-migrations.js';

const T = new Date('2026-03-01T10:00:00Z');
const minutes = (n: number): Date => new Date(T.getTime() + n * 60_000);

function request(reservationId: string, promotionId: string, customerId: string, at: Date, extra: Partial<UsageRequest> = {}): UsageRequest {
  return { reservationId, promotionId, customerId, currency: 'EUR', discountMinor: 500, at, expiresAt: new Date(at.getTime() + 15 * 60_000), ...extra };
}

/** Back to schema 5: what migrations 6 and 7 add gone, their version rows deleted. */
async function downToVersion5(store: PostgresStore): Promise<void> {
  const s = `"${store.schema}"`;
  await store.sql.query(`DROP TABLE ${s}.coupon_counters`);
  await store.sql.query(`ALTER TABLE ${s}.coupon_codes DROP COLUMN voucher_held_minor`);
  await store.sql.query(`ALTER TABLE ${s}.ledgers DROP COLUMN revision`);
  await undoEventOutbox(store.sql, s);
  await undoCouponCheckouts(store.sql, s);
  await store.sql.query(`DELETE FROM ${s}.fidelis_schema_version WHERE version >= 6`);
}

const backends: [string, () => Promise<PostgresStore>][] = [['PGlite', pgliteStores('counters')]];
if (serverUrl !== undefined) backends.push(['server', serverStores('fidelis_counters').factory]);

describe.each(backends)('coupon counters after migration 6 (%s)', (_name, stores) => {
  it('count the committed and the live reservations written before it; a lapsed one is swept when the limit would refuse', async () => {
    const store = await stores();
    const { coupons } = store;
    await coupons.defineCoupon({ promotionId: 'two', campaign: 'TWO', limits: { total: 2, perCustomer: 1 } });
    expect((await coupons.reserveUsage(request('r1', 'two', 'c1', T))).ok).toBe(true);
    expect((await coupons.commitUsage({ reservationId: 'r1', at: T })).reservation?.status).toBe('committed');
    expect((await coupons.reserveUsage(request('r2', 'two', 'c2', T))).ok).toBe(true); // live until T + 15 min
    await downToVersion5(store);
    expect((await migrate(store)).applied).toEqual([
      { version: 6, name: 'coupon-counters' },
      { version: 7, name: 'ledger-revision' },
      { version: 8, name: 'coupon-checkouts' },
      { version: 9, name: 'event-outbox' },
      { version: 10, name: 'partner-entries' },
      { version: 11, name: 'webhooks' },
      { version: 12, name: 'customer-segments' },
    ]);
    // 1 committed + 1 live = 2 of 2
    expect(await coupons.reserveUsage(request('r3', 'two', 'c3', minutes(5)))).toEqual({ ok: false, reason: 'TOTAL_LIMIT' });
    // at T + 20 min r2 has lapsed: the refusal sweeps it, and r3 gets its room
    expect((await coupons.reserveUsage(request('r3', 'two', 'c3', minutes(20)))).ok).toBe(true);
    expect((await coupons.commitUsage({ reservationId: 'r2', at: minutes(21) })).reservation?.status).toBe('expired');
    expect(await coupons.reserveUsage(request('r4', 'two', 'c4', minutes(21)))).toEqual({ ok: false, reason: 'TOTAL_LIMIT' });
    // c1 has used its one: still refused per customer once total room comes back
    expect((await coupons.releaseUsage({ reservationId: 'r3', at: minutes(22) })).reservation?.status).toBe('released');
    expect(await coupons.reserveUsage(request('r5', 'two', 'c1', minutes(22)))).toEqual({ ok: false, reason: 'CUSTOMER_LIMIT' });
    expect((await coupons.usageCounts({ promotionId: 'two', customerId: 'c1', at: minutes(22) })).total).toBe(1);
  });

  it('keep a live reservation’s hold on a voucher written before it, until it is released', async () => {
    const store = await stores();
    const { coupons } = store;
    await coupons.defineCoupon({ promotionId: 'card', campaign: 'CARD', limits: {} });
    await coupons.addCodes('card', [{ key: 'GIFT50', display: 'GIFT50', voucher: { currency: 'EUR', amountMinor: 5000 } }], T);
    const pay = (id: string, at: Date): UsageRequest => request(id, 'card', 'c1', at, { codeKey: 'GIFT50', discountMinor: 3000, voucherDebitMinor: 3000 });
    expect((await coupons.reserveUsage(pay('v1', T))).ok).toBe(true); // 30.00 of 50.00 held
    await downToVersion5(store);
    await migrate(store);
    expect(await coupons.reserveUsage(pay('v2', minutes(1)))).toEqual({ ok: false, reason: 'INSUFFICIENT_BALANCE' }); // 20.00 left
    expect((await coupons.releaseUsage({ reservationId: 'v1', at: minutes(2) })).reservation?.status).toBe('released');
    expect((await coupons.reserveUsage(pay('v2', minutes(3)))).ok).toBe(true);
    expect((await coupons.commitUsage({ reservationId: 'v2', at: minutes(4) })).reservation?.status).toBe('committed');
    expect((await coupons.findCode('GIFT50', minutes(5)))?.voucher?.availableMinor).toBe(2000);
    expect(await coupons.reserveUsage(pay('v3', minutes(5)))).toEqual({ ok: false, reason: 'INSUFFICIENT_BALANCE' });
  });
});

describe.each(backends)('migration 8 (%s)', (_name, stores) => {
  it('gives reservations written before it their checkout, read from their id <checkout>:<promotion>', async () => {
    const store = await stores();
    const { coupons } = store;
    await coupons.defineCoupon({ promotionId: 'two', campaign: 'TWO', limits: {} });
    for (const id of ['co-7:two', 'co:x:two', 'plain']) expect((await coupons.reserveUsage(request(id, 'two', 'c1', T))).ok).toBe(true);
    await undoEventOutbox(store.sql, `"${store.schema}"`);
    await undoCouponCheckouts(store.sql, `"${store.schema}"`);
    await store.sql.query(`DELETE FROM "${store.schema}".fidelis_schema_version WHERE version >= 8`);
    expect((await migrate(store)).applied).toEqual([{ version: 8, name: 'coupon-checkouts' }, { version: 9, name: 'event-outbox' }, { version: 10, name: 'partner-entries' }, { version: 11, name: 'webhooks' }, { version: 12, name: 'customer-segments' }]);
    expect((await coupons.findReservations({ checkoutId: 'co-7' }, T)).map((r) => r.reservationId)).toEqual(['co-7:two']);
    expect((await coupons.findReservations({ checkoutId: 'co:x' }, T)).map((r) => r.reservationId)).toEqual(['co:x:two']);
    expect((await coupons.getReservation('plain', T))?.checkoutId).toBeUndefined();
  });
});

describe.each(backends)('coupon counters under concurrency (%s)', (_name, stores) => {
  it('100 reservations of one promotion committed and released all at once: no deadlock, the counters end exact', async () => {
    const store = await stores();
    const { coupons } = store;
    await coupons.defineCoupon({ promotionId: 'flash', campaign: 'FLASH', limits: { total: 60, perCustomer: 1, budgets: { EUR: 60 * 500 } } });
    const ids = Array.from({ length: 100 }, (_, i) => `f${i}`);
    const reserved = await Promise.all(ids.map((id, i) => coupons.reserveUsage(request(id, 'flash', `c${i}`, T))));
    expect(reserved.filter((r) => r.ok)).toHaveLength(60);
    const granted = ids.filter((_, i) => reserved[i]?.ok === true);
    // half committed, half released, concurrently: each statement locks total, customer and budget counters
    await Promise.all(granted.map((id, i) => (i % 2 === 0 ? coupons.commitUsage({ reservationId: id, at: minutes(1) }) : coupons.releaseUsage({ reservationId: id, at: minutes(1) }))));
    expect((await coupons.usageCounts({ promotionId: 'flash', at: minutes(2) })).total).toBe(30);
    // 30 used, 30 free again: exactly 30 more are granted
    const more = await Promise.all(Array.from({ length: 40 }, (_, i) => coupons.reserveUsage(request(`g${i}`, 'flash', `d${i}`, minutes(2)))));
    expect(more.filter((r) => r.ok)).toHaveLength(30);
    expect(more.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.reason))).toEqual(Array.from({ length: 10 }, () => 'TOTAL_LIMIT'));
  });
});
