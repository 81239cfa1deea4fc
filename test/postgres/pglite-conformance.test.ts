// Always runs: `npm test` on a fresh machine needs no server. One PGlite for the whole file
// (it takes seconds to start), one fresh schema per store. The ledger part of the suite is in
// pglite-ledger-conformance.test.ts, so the two halves run side by side.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { type Store, createMemoryStore } from '../../src/storage/index.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { pgliteStores } from './pglite-store.js';
import { PROGRAM, shopOrder } from './workload.js';

const stores = pgliteStores();

describeStoreConformance('PostgreSQL adapter on PGlite (in-process)', stores, { parts: ['coupons', 'contacts', 'events', 'segments'] });

// PROGRAM: 1 point per euro, pending 14 days (until the end of that local day in Paris).
const ACTIVE = new Date('2026-03-15T23:00:00.000Z');

describe('the loyalty engine on the PostgreSQL store (PGlite)', () => {
  const engineOn = async () => {
    const store = await stores();
    const clock = manualClock(new Date('2026-03-01T12:00:00Z'));
    return { store, clock, engine: createLoyaltyEngine({ store, programs: [PROGRAM], clock }) };
  };

  it('earns an order once: replayed key, same order under another key, 30 concurrent calls', async () => {
    const { engine } = await engineOn();
    const first = await engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k1' });
    expect(first).toMatchObject({ status: 'applied', points: 80 }); // 50 € + 3 × 10 €
    expect(await engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k1' })).toEqual({ ...first, status: 'replayed' });
    expect(await engine.recordOrder(shopOrder('o1', 'c1'), { idempotencyKey: 'k2' })).toEqual({ ...first, status: 'duplicate' });
    const racing = await Promise.all(Array.from({ length: 30 }, (_, i) => engine.recordOrder(shopOrder('o2', 'c1'), { idempotencyKey: `race-${i}` })));
    expect(racing.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(await engine.balance('c1', ACTIVE)).toMatchObject({ active: 160, pending: 0 });
  });

  it('a partial return reverses exactly the returned line; concurrent redemptions never overdraw', async () => {
    const { engine, clock } = await engineOn();
    await engine.recordOrder(shopOrder('o1', 'c2'), { idempotencyKey: 'k1' });
    const ret = await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l2', quantity: 1 }] }, { idempotencyKey: 'rk1' });
    expect(ret).toMatchObject({ status: 'applied', pointsReversed: 10 }); // one of three 10 € units
    clock.set(ACTIVE);
    expect(await engine.balance('c2')).toMatchObject({ active: 70 });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        engine.redeemPoints('c2', 20, { idempotencyKey: `pay-${i}` }).then(
          () => 'redeemed',
          (e: unknown) => (isFidelisError(e, 'INSUFFICIENT_POINTS') ? 'refused' : Promise.reject(e)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'redeemed')).toHaveLength(3); // 3 × 20 = 60 ≤ 70 < 80
    expect(await engine.balance('c2')).toMatchObject({ active: 10 });
  });
});

// The PostgreSQL coupon store must answer exactly like the memory store (the reference) for any
// sequence of operations: random sequences run on both, every answer compared.
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const PROMOS = ['p1', 'p2'];
const CODES = ['K1', 'K2', 'K3', 'V1'];
const CUSTOMERS = ['c1', 'c2', 'c3'];

type Op =
  | { op: 'define'; promo: string; total?: number | undefined; perCustomer?: number | undefined; perCode?: number | undefined; perPeriod?: number | undefined; budget?: number | undefined }
  | { op: 'codes'; promo: string; keys: string[]; display: string }
  | { op: 'reserve'; id: number; promo: string; code?: string | undefined; customer?: string | undefined; period?: string | undefined; currency: string; discount: number; debit: number; ttl: number; commit: boolean }
  | { op: 'commit' | 'release'; id: number }
  | { op: 'restore'; id: number; restoreId: number; usage: boolean; credit: number }
  | { op: 'get'; id: number }
  | { op: 'counts'; promo: string; customer?: string | undefined; code?: string | undefined; period?: string | undefined }
  | { op: 'find'; code: string }
  | { op: 'activity' }
  | { op: 'tick'; ms: number };

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('define' as const), promo: fc.constantFrom(...PROMOS), total: opt(fc.integer({ min: 0, max: 4 })), perCustomer: opt(fc.integer({ min: 1, max: 2 })), perCode: opt(fc.integer({ min: 1, max: 2 })), perPeriod: opt(fc.integer({ min: 1, max: 3 })), budget: opt(fc.integer({ min: 0, max: 3000 })) }, { requiredKeys: ['op', 'promo'] }),
  fc.record({ op: fc.constant('codes' as const), promo: fc.constantFrom(...PROMOS), keys: fc.array(fc.constantFrom(...CODES), { minLength: 1, maxLength: 3 }), display: fc.constantFrom('a', 'b') }),
  fc.record({ op: fc.constant('reserve' as const), id: fc.integer({ min: 1, max: 8 }), promo: fc.constantFrom('p1', 'p1', 'p2', 'nope'), code: opt(fc.constantFrom(...CODES, 'V1', 'V1', 'ZZ')), customer: opt(fc.constantFrom(...CUSTOMERS)), period: opt(fc.constantFrom('2026-03', '2026-04')), currency: fc.constantFrom('EUR', 'JPY'), discount: fc.integer({ min: 0, max: 1500 }), debit: fc.constantFrom(0, 500, 2500), ttl: fc.constantFrom(1_000, 60_000), commit: fc.boolean() }, { requiredKeys: ['op', 'id', 'promo', 'currency', 'discount', 'debit', 'ttl', 'commit'] }),
  fc.record({ op: fc.constantFrom('commit' as const, 'release' as const), id: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('restore' as const), id: fc.integer({ min: 1, max: 8 }), restoreId: fc.integer({ min: 1, max: 3 }), usage: fc.boolean(), credit: fc.constantFrom(0, 300, 5000) }),
  fc.record({ op: fc.constant('get' as const), id: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('counts' as const), promo: fc.constantFrom(...PROMOS), customer: opt(fc.constantFrom(...CUSTOMERS)), code: opt(fc.constantFrom(...CODES)), period: opt(fc.constantFrom('2026-03')) }, { requiredKeys: ['op', 'promo'] }),
  fc.record({ op: fc.constant('find' as const), code: fc.constantFrom(...CODES) }),
  fc.constant({ op: 'activity' as const }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.constantFrom(500, 2_000, 90_000) }),
);

async function apply(store: Store, op: Op, now: number): Promise<unknown> {
  const at = new Date(now);
  try {
    switch (op.op) {
      case 'define': {
        const budgets = op.budget === undefined ? {} : { budgets: { EUR: op.budget } };
        const limits = {
          ...(op.total === undefined ? {} : { total: op.total }),
          ...(op.perCustomer === undefined ? {} : { perCustomer: op.perCustomer }),
          ...(op.perCode === undefined ? {} : { perCode: op.perCode }),
          ...(op.perPeriod === undefined ? {} : { perPeriod: op.perPeriod }),
          ...budgets,
        };
        return await store.coupons.defineCoupon({ promotionId: op.promo, campaign: `camp-${op.promo}`, limits });
      }
      case 'codes':
        return await store.coupons.addCodes(
          op.promo,
          op.keys.map((key) => ({
            key,
            display: `${key}-${op.display}`,
            ...(key === 'V1' ? { voucher: { currency: 'EUR', amountMinor: 4000 } } : {}),
            ...(key === 'K3' ? { assignedTo: 'c2' } : {}),
          })),
          at,
        );
      case 'reserve': {
        const reserved = await store.coupons.reserveUsage({
          reservationId: `r${op.id}`,
          promotionId: op.promo,
          ...(op.code === undefined ? {} : { codeKey: op.code }),
          ...(op.customer === undefined ? {} : { customerId: op.customer }),
          ...(op.period === undefined ? {} : { periodKey: op.period }),
          currency: op.currency,
          discountMinor: op.discount,
          voucherDebitMinor: op.debit,
          orderId: `o${op.id}`,
          at,
          expiresAt: new Date(now + op.ttl),
        });
        return op.commit ? { reserved, committed: await store.coupons.commitUsage({ reservationId: `r${op.id}`, at }) } : reserved;
      }
      case 'commit':
        return await store.coupons.commitUsage({ reservationId: `r${op.id}`, at });
      case 'release':
        return await store.coupons.releaseUsage({ reservationId: `r${op.id}`, at });
      case 'restore':
        return await store.coupons.restoreUsage({ reservationId: `r${op.id}`, restoreId: `ret${op.restoreId}`, at, restoreUsage: op.usage, voucherCreditMinor: op.credit });
      case 'get':
        return await store.coupons.getReservation(`r${op.id}`, at);
      case 'counts':
        return await store.coupons.usageCounts({
          promotionId: op.promo,
          ...(op.customer === undefined ? {} : { customerId: op.customer }),
          ...(op.code === undefined ? {} : { codeKey: op.code }),
          ...(op.period === undefined ? {} : { periodKey: op.period }),
          at,
        });
      case 'find':
        return await store.coupons.findCode(op.code, at);
      case 'activity':
        return await store.coupons.couponActivity({ from: new Date(T0), to: new Date(now + 1) });
      case 'tick':
        return undefined;
    }
  } catch (error) {
    if (isFidelisError(error)) return { error: error.code, details: error.details };
    throw error;
  }
}

describe('PostgreSQL coupon store (PGlite) answers exactly like the memory store', () => {
  it('for random sequences of define / codes / reserve / commit / release / restore / reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40 }), async (ops) => {
        const memory = createMemoryStore();
        const pg = await stores();
        let now = T0;
        // Every run starts from a promotion with all codes (vouchers included), so deep paths are reached.
        const setup: Op[] = [{ op: 'define', promo: 'p1' }, { op: 'codes', promo: 'p1', keys: [...CODES], display: 'a' }];
        // …and ends by reading every figure, so a wrong total or balance cannot hide.
        const reads: Op[] = [{ op: 'counts', promo: 'p1', customer: 'c1', code: 'V1', period: '2026-03' }, { op: 'counts', promo: 'p2' }, { op: 'find', code: 'V1' }, { op: 'activity' }];
        for (const [i, op] of [...setup, ...ops, ...reads].entries()) {
          if (op.op === 'tick') now += op.ms;
          now += 1;
          const expected = await apply(memory, op, now);
          const actual = await apply(pg, op, now);
          expect({ step: i, op, result: actual }).toEqual({ step: i, op, result: expected });
        }
        await pg.close();
      }),
      { numRuns: 25 },
    );
  });
});
