import { describe, expect, it } from 'vitest';
import { FidelisError } from '../core/errors.js';
import type { Store } from '../storage/store.js';
import type { UsageRequest } from '../storage/coupon-store.js';
import type { StoreFactory } from './conformance.js';
import { withStore } from './with-store.js';

const T0 = new Date('2026-03-07T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

function request(id: string, extra: Partial<UsageRequest> = {}): UsageRequest {
  return { reservationId: id, promotionId: 'promo', currency: 'EUR', discountMinor: 500, at: T0, expiresAt: at(15), ...extra };
}

/**
 * The coupons part of the Store conformance suite: atomic limits under concurrency (200
 * redemptions of a coupon limited to 10 → exactly 10; a per-customer limit of 1; budgets and
 * voucher balances), reservations whose TTL passed returning their usage exactly once,
 * idempotent replays, returns, code storage and reporting counters.
 *
 * @example
 * ```ts
 * describeCouponConformance(async () => createMemoryStore());
 * ```
 */
export function describeCouponConformance(factory: StoreFactory): void {
  describe('coupons', () => {
    it('200 concurrent redemptions of a coupon limited to 10: exactly 10 succeed', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { total: 10 } });
        const results = await Promise.all(
          Array.from({ length: 200 }, async (_, i) => {
            const r = await store.coupons.reserveUsage(request(`r${i}`, { customerId: `c${i}` }));
            if (r.ok) await store.coupons.commitUsage({ reservationId: `r${i}`, at: T0 });
            return r.ok;
          }),
        );
        expect(results.filter(Boolean)).toHaveLength(10);
        expect((await store.coupons.usageCounts({ promotionId: 'promo', at: T0 })).total).toBe(10);
        const refused = await store.coupons.reserveUsage(request('late'));
        expect(refused).toEqual({ ok: false, reason: 'TOTAL_LIMIT' });
      });
    });

    it('a per-customer limit of 1 holds under concurrency', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { perCustomer: 1 } });
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.coupons.reserveUsage(request(`r${i}`, { customerId: i % 2 === 0 ? 'alice' : 'bob' }))),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(2);
        expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'CUSTOMER_LIMIT')).toBe(true);
        expect(await store.coupons.reserveUsage(request('anonymous'))).toEqual({ ok: false, reason: 'CUSTOMER_REQUIRED' });
      });
    });

    it('a reservation whose TTL passed returns its usage exactly once', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { total: 1 } });
        expect((await store.coupons.reserveUsage(request('first'))).ok).toBe(true);
        expect(await store.coupons.reserveUsage(request('second', { at: at(14), expiresAt: at(30) }))).toEqual({ ok: false, reason: 'TOTAL_LIMIT' });
        // At 15:00 the first reservation's TTL has passed: its usage is back.
        expect((await store.coupons.usageCounts({ promotionId: 'promo', at: at(15) })).total).toBe(0);
        // A late commit or release changes nothing and gives nothing back twice.
        const commit = await store.coupons.commitUsage({ reservationId: 'first', at: at(16) });
        expect([commit.changed, commit.reservation?.status]).toEqual([false, 'expired']);
        const release = await store.coupons.releaseUsage({ reservationId: 'first', at: at(16) });
        expect([release.changed, release.reservation?.status]).toEqual([false, 'expired']);
        const again = await Promise.all(Array.from({ length: 20 }, (_, i) => store.coupons.reserveUsage(request(`x${i}`, { at: at(16), expiresAt: at(31) }))));
        expect(again.filter((r) => r.ok)).toHaveLength(1);
        expect((await store.coupons.usageCounts({ promotionId: 'promo', at: at(17) })).total).toBe(1);
        expect((await store.coupons.getReservation('first', at(17)))?.status).toBe('expired');
      });
    });

    it('replays are idempotent: same id → one reservation; another input → CONFLICT', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { total: 5 } });
        const replays = await Promise.all(Array.from({ length: 20 }, () => store.coupons.reserveUsage(request('same', { customerId: 'c1' }))));
        expect(replays.every((r) => r.ok)).toBe(true);
        expect(replays.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
        expect((await store.coupons.usageCounts({ promotionId: 'promo', at: T0 })).total).toBe(1);
        await expect(store.coupons.reserveUsage(request('same', { customerId: 'c1', discountMinor: 999 }))).rejects.toSatisfy(
          (e: unknown) => e instanceof FidelisError && e.code === 'CONFLICT',
        );
        const commits = await Promise.all(Array.from({ length: 5 }, () => store.coupons.commitUsage({ reservationId: 'same', at: T0 })));
        expect(commits.filter((c) => c.changed)).toHaveLength(1);
        expect(commits.every((c) => c.reservation?.status === 'committed')).toBe(true);
        expect((await store.coupons.releaseUsage({ reservationId: 'same', at: T0 })).changed).toBe(false);
        expect((await store.coupons.commitUsage({ reservationId: 'unknown', at: T0 })).reservation).toBeUndefined();
      });
    });

    it('a release gives the usage back once', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { total: 1 } });
        await store.coupons.reserveUsage(request('a'));
        const releases = await Promise.all(Array.from({ length: 10 }, () => store.coupons.releaseUsage({ reservationId: 'a', at: at(1) })));
        expect(releases.filter((r) => r.changed)).toHaveLength(1);
        expect((await store.coupons.commitUsage({ reservationId: 'a', at: at(1) })).reservation?.status).toBe('released');
        expect((await store.coupons.usageCounts({ promotionId: 'promo', at: at(1) })).total).toBe(0);
        expect((await store.coupons.reserveUsage(request('b', { at: at(1), expiresAt: at(16) }))).ok).toBe(true);
      });
    });

    it('per-code and per-period limits, and budgets, hold under concurrency', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { perCode: 2, perPeriod: 3, budgets: { EUR: 1000 } } });
        await store.coupons.addCodes('promo', [{ key: 'AAAA', display: 'AAAA' }, { key: 'BBBB', display: 'BB-BB' }], T0);
        const byCode = await Promise.all(Array.from({ length: 10 }, (_, i) => store.coupons.reserveUsage(request(`a${i}`, { codeKey: 'AAAA', periodKey: '2026-03', discountMinor: 100 }))));
        expect(byCode.filter((r) => r.ok)).toHaveLength(2);
        const byPeriod = await Promise.all(Array.from({ length: 10 }, (_, i) => store.coupons.reserveUsage(request(`b${i}`, { codeKey: 'BBBB', periodKey: '2026-03', discountMinor: 100 }))));
        expect(byPeriod.filter((r) => r.ok)).toHaveLength(1); // period 2026-03 allows 3: 2 + 1
        const nextPeriod = await Promise.all(Array.from({ length: 10 }, (_, i) => store.coupons.reserveUsage(request(`c${i}`, { periodKey: '2026-04', discountMinor: 300 }))));
        // Budget 1000: 300 spent so far, 300 each → 2 more fit (900), the third would make 1200.
        expect(nextPeriod.filter((r) => r.ok)).toHaveLength(2);
        expect(nextPeriod.some((r) => !r.ok && r.reason === 'BUDGET_EXHAUSTED')).toBe(true);
        expect(await store.coupons.reserveUsage(request('d', { periodKey: '2026-04', codeKey: 'ZZZZ' }))).toEqual({ ok: false, reason: 'UNKNOWN_CODE' });
        expect(await store.coupons.reserveUsage(request('e', { codeKey: 'AAAA' }))).toEqual({ ok: false, reason: 'PERIOD_REQUIRED' });
        expect((await store.coupons.usageCounts({ promotionId: 'promo', at: T0, codeKey: 'AAAA', periodKey: '2026-03' })).spentMinor).toEqual({ EUR: 900 });
      });
    });

    it('voucher balances: concurrent debits never overdraw; returns credit back once', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'GIFT', limits: {} });
        await store.coupons.addCodes('promo', [{ key: 'G1', display: 'G-1', voucher: { currency: 'EUR', amountMinor: 5000 } }], T0);
        const debits = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.coupons.reserveUsage(request(`v${i}`, { codeKey: 'G1', discountMinor: 0, voucherDebitMinor: 2000 }))),
        );
        const ok = debits.filter((r) => r.ok);
        expect(ok).toHaveLength(2);
        expect((await store.coupons.findCode('G1', T0))?.voucher).toEqual({ currency: 'EUR', initialMinor: 5000, balanceMinor: 5000, availableMinor: 1000 });
        const ids = ok.map((r) => (r.ok ? r.reservation.reservationId : ''));
        await store.coupons.commitUsage({ reservationId: ids[0] ?? '', at: T0 });
        await store.coupons.releaseUsage({ reservationId: ids[1] ?? '', at: T0 });
        expect((await store.coupons.findCode('G1', T0))?.voucher).toEqual({ currency: 'EUR', initialMinor: 5000, balanceMinor: 3000, availableMinor: 3000 });
        expect(await store.coupons.reserveUsage(request('usd', { codeKey: 'G1', currency: 'USD', voucherDebitMinor: 10 }))).toEqual({ ok: false, reason: 'INSUFFICIENT_BALANCE' });
        const restores = await Promise.all(
          Array.from({ length: 5 }, () => store.coupons.restoreUsage({ reservationId: ids[0] ?? '', restoreId: 'ret-1', at: at(5), restoreUsage: true, voucherCreditMinor: 1500 })),
        );
        expect(restores.filter((r) => r.changed)).toHaveLength(1);
        // A second return credits the rest, capped at the debit (2000).
        await store.coupons.restoreUsage({ reservationId: ids[0] ?? '', restoreId: 'ret-2', at: at(6), restoreUsage: true, voucherCreditMinor: 1500 });
        const r = await store.coupons.getReservation(ids[0] ?? '', at(6));
        expect([r?.status, r?.voucherCreditedMinor]).toEqual(['restored', 2000]);
        expect((await store.coupons.findCode('G1', at(6)))?.voucher?.balanceMinor).toBe(5000);
      });
    });

    it('a return restores the usage once', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { total: 1 } });
        await store.coupons.reserveUsage(request('a'));
        await store.coupons.commitUsage({ reservationId: 'a', at: T0 });
        const restores = await Promise.all(Array.from({ length: 5 }, (_, i) => store.coupons.restoreUsage({ reservationId: 'a', restoreId: `ret-${i}`, at: at(1), restoreUsage: true })));
        expect(restores.filter((r) => r.changed)).toHaveLength(1);
        expect((await store.coupons.usageCounts({ promotionId: 'promo', at: at(1) })).total).toBe(0);
        expect((await store.coupons.reserveUsage(request('b', { at: at(2), expiresAt: at(17) }))).ok).toBe(true);
      });
    });

    it('finds a checkout\'s and an order\'s reservations; a checkout id reused for another cart is a CONFLICT', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: {} });
        await store.coupons.defineCoupon({ promotionId: 'other', campaign: 'C', limits: {} });
        const held = { checkoutId: 'co-1', checkoutHash: 'h1', orderId: 'o-1' };
        expect((await store.coupons.reserveUsage(request('co-1:promo', held))).ok).toBe(true);
        expect((await store.coupons.reserveUsage(request('co-1:other', { ...held, promotionId: 'other' }))).ok).toBe(true);
        expect((await store.coupons.reserveUsage(request('co-2:promo', { checkoutId: 'co-2', checkoutHash: 'h2' }))).ok).toBe(true);
        await store.coupons.commitUsage({ reservationId: 'co-1:promo', at: T0 });
        const found = await store.coupons.findReservations({ checkoutId: 'co-1' }, at(20));
        expect(found.map((r) => [r.reservationId, r.status, r.checkoutId, r.checkoutHash, r.orderId])).toEqual([
          ['co-1:other', 'expired', 'co-1', 'h1', 'o-1'],
          ['co-1:promo', 'committed', 'co-1', 'h1', 'o-1'],
        ]);
        expect((await store.coupons.findReservations({ orderId: 'o-1' }, T0)).map((r) => r.reservationId)).toEqual(['co-1:other', 'co-1:promo']);
        expect(await store.coupons.findReservations({ checkoutId: 'nope' }, T0)).toEqual([]);
        const replay = await store.coupons.reserveUsage(request('co-2:promo', { checkoutId: 'co-2', checkoutHash: 'h2' }));
        expect(replay.ok && replay.replayed).toBe(true);
        await expect(store.coupons.reserveUsage(request('co-2:promo', { checkoutId: 'co-2', checkoutHash: 'h3' }))).rejects.toMatchObject({ code: 'CONFLICT' });
      });
    });

    it('a partial return gives a usage back only when it undoes what the promotion required; concurrent returns add up', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: { perCode: 1 } });
        await store.coupons.addCodes('promo', [{ key: 'ONCE', display: 'ONCE' }], T0);
        // 3 teas at 4.50 discounted by 1.50 each, 1 mug at 12.00 untouched; the promotion needs 20.00.
        const terms = {
          subtotalMinor: 2550,
          minimumMinor: 2000,
          lines: {
            tea: { quantity: 3, amountMinor: 1350, totalMinor: 900, discountedMinor: 450 },
            mug: { quantity: 1, amountMinor: 1200, totalMinor: 1200, discountedMinor: 0 },
          },
        };
        await store.coupons.reserveUsage(request('co:promo', { codeKey: 'ONCE', terms }));
        await store.coupons.commitUsage({ reservationId: 'co:promo', at: T0 });
        const restore = (id: string, lineId: string, quantity: number) =>
          store.coupons.restoreUsage({ reservationId: 'co:promo', restoreId: id, at: at(1), restoreUsage: 'if-undone', returnedLines: [{ lineId, quantity }] });
        // one tea back: 2 discounted teas kept, 21.00 kept ≥ 20.00: the code stays used
        expect((await restore('r1', 'tea', 1)).reservation?.status).toBe('committed');
        expect((await store.coupons.usageCounts({ promotionId: 'promo', codeKey: 'ONCE', at: at(1) })).code).toBe(1);
        // the two other teas come back in two concurrent returns: all discounted lines returned
        const both = await Promise.all([restore('r2', 'tea', 1), restore('r3', 'tea', 1)]);
        expect(both.filter((r) => r.changed)).toHaveLength(1);
        const after = await store.coupons.getReservation('co:promo', at(2));
        expect([after?.status, after?.returnedUnits]).toEqual(['restored', { tea: 3 }]);
        expect((await store.coupons.usageCounts({ promotionId: 'promo', codeKey: 'ONCE', at: at(2) })).code).toBe(0);
      });
    });

    it('a voucher paid pro rata comes back per returned unit, the whole debit once everything is back', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'GIFT', limits: {} });
        await store.coupons.addCodes('promo', [{ key: 'G1', display: 'G-1', voucher: { currency: 'EUR', amountMinor: 5000 } }], T0);
        // paid: 3 × 10.00 + 1 × 15.00 = 45.00, of which 30.00 by the voucher
        const terms = {
          subtotalMinor: 4500,
          lines: { a: { quantity: 3, amountMinor: 3000, totalMinor: 3000, discountedMinor: 0 }, b: { quantity: 1, amountMinor: 1500, totalMinor: 1500, discountedMinor: 0 } },
        };
        await store.coupons.reserveUsage(request('v', { codeKey: 'G1', discountMinor: 0, voucherDebitMinor: 3000, terms }));
        await store.coupons.commitUsage({ reservationId: 'v', at: T0 });
        const back = (id: string, lines: ReadonlyArray<{ lineId: string; quantity: number }> | 'all') =>
          store.coupons.restoreUsage({ reservationId: 'v', restoreId: id, at: at(1), restoreUsage: 'if-undone', returnedLines: lines, voucherCreditMinor: 'pro-rata' });
        // one unit of a: 10.00 of 45.00 paid → 30.00 × 10/45 = 6.666… → 6.67
        expect((await back('r1', [{ lineId: 'a', quantity: 1 }])).reservation?.voucherCreditedMinor).toBe(667);
        expect((await store.coupons.findCode('G1', at(1)))?.voucher?.balanceMinor).toBe(2000 + 667);
        // the rest: the whole 30.00 credited, not a cent more
        expect((await back('r2', 'all')).reservation?.voucherCreditedMinor).toBe(3000);
        expect((await store.coupons.findCode('G1', at(1)))?.voucher?.balanceMinor).toBe(5000);
      });
    });

    it('a batch of codes is stored once under its id, even when two calls race; shared codes are not issued ones', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: {} });
        const batch = (keys: string[]) => keys.map((key) => ({ key, display: `${key.slice(0, 2)}-${key.slice(2)}` }));
        const [a, b] = await Promise.all([
          store.coupons.addCodes('promo', batch(['AAAA', 'BBBB']), T0, { id: 'mailing-1' }),
          store.coupons.addCodes('promo', batch(['CCCC', 'DDDD']), T0, { id: 'mailing-1' }),
        ]);
        expect([a, b].map((r) => r.added).sort()).toEqual([0, 2]);
        expect([a, b].filter((r) => r.batchExisted === true)).toHaveLength(1);
        const stored = await store.coupons.codesOfBatch('mailing-1', T0);
        expect(stored.map((c) => c.display)).toEqual(a.added === 2 ? ['AA-AA', 'BB-BB'] : ['CC-CC', 'DD-DD']);
        expect(await store.coupons.existingCodeKeys(['AAAA', 'BBBB', 'CCCC', 'DDDD'])).toHaveProperty('size', 2);
        expect(await store.coupons.codesOfBatch('other', T0)).toEqual([]);
        await store.coupons.addCodes('promo', [{ key: 'SPRING26', display: 'SPRING26', shared: true }], T0);
        const [row] = await store.coupons.couponActivity({ from: T0, to: at(1) });
        expect(row?.issued).toBe(2);
      });
    });

    it('stores codes all or nothing, unique by key across promotions', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'C', limits: {} });
        await store.coupons.defineCoupon({ promotionId: 'other', campaign: 'C', limits: {} });
        expect((await store.coupons.addCodes('promo', [{ key: 'K1', display: 'K-1' }, { key: 'K2', display: 'K-2', assignedTo: 'alice' }], T0)).added).toBe(2);
        expect((await store.coupons.addCodes('promo', [{ key: 'K1', display: 'K-1' }], T0)).added).toBe(0); // replay
        await expect(store.coupons.addCodes('other', [{ key: 'K3', display: 'K-3' }, { key: 'K1', display: 'K-1' }], T0)).rejects.toSatisfy(
          (e: unknown) => e instanceof FidelisError && e.code === 'CONFLICT',
        );
        expect(await store.coupons.findCode('K3', T0)).toBeUndefined();
        await expect(store.coupons.addCodes('nope', [{ key: 'K9', display: 'K9' }], T0)).rejects.toSatisfy((e: unknown) => e instanceof FidelisError && e.code === 'NOT_FOUND');
        expect(await store.coupons.findCode('K2', T0)).toEqual({ key: 'K2', display: 'K-2', promotionId: 'promo', issuedAt: T0, assignedTo: 'alice' });
        expect([...(await store.coupons.existingCodeKeys(['K1', 'K3', 'K2']))].sort()).toEqual(['K1', 'K2']);
        expect(await store.coupons.reserveUsage(request('n', { codeKey: 'K2', customerId: 'bob' }))).toEqual({ ok: false, reason: 'NOT_ASSIGNED' });
        expect(await store.coupons.reserveUsage(request('n', { promotionId: 'none' }))).toEqual({ ok: false, reason: 'UNKNOWN_PROMOTION' });
      });
    });

    it('reports issued, redeemed, restored and discount per promotion and window', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'SPRING', limits: {} });
        await store.coupons.addCodes('promo', [{ key: 'A', display: 'A' }, { key: 'B', display: 'B' }, { key: 'C', display: 'C' }], T0);
        await store.coupons.reserveUsage(request('r1', { codeKey: 'A', discountMinor: 250 }));
        await store.coupons.commitUsage({ reservationId: 'r1', at: at(1) });
        await store.coupons.reserveUsage(request('r2', { codeKey: 'B', discountMinor: 100, at: at(119), expiresAt: at(134) }));
        await store.coupons.commitUsage({ reservationId: 'r2', at: at(120) });
        await store.coupons.restoreUsage({ reservationId: 'r2', restoreId: 'x', at: at(121), restoreUsage: true });
        await store.coupons.reserveUsage(request('r3', { codeKey: 'C' })); // never committed
        const firstHour = await store.coupons.couponActivity({ from: T0, to: at(60) });
        expect(firstHour).toEqual([{ promotionId: 'promo', campaign: 'SPRING', issued: 3, sharedCodes: 0, redeemed: 1, redeemers: 1, restored: 0, discountMinor: { EUR: 250 }, voucherDebitMinor: {} }]);
        const later = await store.coupons.couponActivity({ from: at(60), to: at(180), promotionIds: ['promo'] });
        expect(later).toEqual([{ promotionId: 'promo', campaign: 'SPRING', issued: 0, sharedCodes: 0, redeemed: 1, redeemers: 1, restored: 1, discountMinor: { EUR: 100 }, voucherDebitMinor: {} }]);
      });
    });

    it('counts a public code once however many use it, and its redeemers once each', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'promo', campaign: 'SPRING', limits: {} });
        await store.coupons.addCodes('promo', [{ key: 'SPRING26', display: 'SPRING26', shared: true }], T0);
        // alice twice, bob once, one guest checkout without a customer id: 4 usages, 3 redeemers
        const uses: [string, string | undefined][] = [['u1', 'alice'], ['u2', 'alice'], ['u3', 'bob'], ['u4', undefined]];
        for (const [id, customerId] of uses) {
          await store.coupons.reserveUsage(request(id, { codeKey: 'SPRING26', ...(customerId === undefined ? {} : { customerId }) }));
          await store.coupons.commitUsage({ reservationId: id, at: at(1) });
        }
        const [row] = await store.coupons.couponActivity({ from: T0, to: at(60) });
        expect(row).toMatchObject({ issued: 0, sharedCodes: 1, redeemed: 4, redeemers: 3 });
      });
    });
  });
}
