// Points as payment: reserve → commit → release like coupons, with a TTL, and returns of the paid
// order giving back the paid points' share of the returned amount (issue 13).
// Lots: A 300 points that never expire, B 200 points expiring 30 June 2026 (burned first).
import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine, eventPayloadSchemas, formatStatement, isFidelisError, manualClock, parseProgram, type Store } from '../../src/index.js';
import { balanceAt } from '../../src/rules/ledger/balance.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { engineBackends } from '../postgres/pglite-store.js';

const program = parseProgram({ id: 'shop', currency: 'EUR', timeZone: 'Europe/Paris', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] });
const at = (iso: string): Date => new Date(iso);
// o1: l1 2 × 30.00 + l2 1 × 40.00 = 100.00 € net
const o1 = {
  id: 'o1', customerId: 'c1', placedAt: '2026-03-02T09:05:00Z', currency: 'EUR',
  lines: [{ id: 'l1', sku: 'TEA', quantity: 2, unitPrice: '30.00' }, { id: 'l2', sku: 'POT', quantity: 1, unitPrice: '40.00' }],
};

const backends = engineBackends('points-payment');

async function setUp(open: () => Promise<Store>, programs = [program]) {
  const clock = manualClock(at('2026-03-02T09:00:00Z'));
  const store = await open();
  const engine = createLoyaltyEngine({ store, programs, clock, ids: sequentialIdGenerator('e') });
  await engine.adjustPoints('c1', { points: 300, reason: 'welcome', actor: 'test' }, { idempotencyKey: 'seed-a' });
  await engine.adjustPoints('c1', { points: 200, reason: 'promo', actor: 'test', expiresAt: at('2026-06-30T21:59:59.999Z') }, { idempotencyKey: 'seed-b' });
  return { clock, engine };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(() => undefined, (error: unknown) => error);
  if (!isFidelisError(e)) throw new Error(`expected a FidelisError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

describe.each(backends)('points as payment (%s)', (_name, open) => {
  it('reserve → commit: the points leave the balance at once; two returns give back ⌊400 × 30/100⌋ = 120, then the other 280', async () => {
    const { clock, engine } = await setUp(open);
    const held = await engine.reservePoints('c1', 400, { checkoutId: 'chk-1', idempotencyKey: 'pay-chk-1' });
    // B's 200 (soonest expiry) then 200 of A; 15 minutes to commit
    expect(held).toEqual({ status: 'applied', customerId: 'c1', checkoutId: 'chk-1', points: 400, entryId: 'e3', expiresAt: at('2026-03-02T09:15:00Z'), activeAfter: 100 });
    expect(await engine.reservePoints('c1', 400, { checkoutId: 'chk-1', idempotencyKey: 'pay-chk-1' })).toEqual({ ...held, status: 'replayed' });
    expect(await engine.balance('c1')).toMatchObject({ active: 100, reserved: 400 });
    // reserved is not spent: the program still owes all 500 (B's 200 expire in June)
    expect(await engine.liability()).toMatchObject({ active: 500, outstanding: 500, neverExpiring: 300, expiring: [{ month: '2026-06', points: 200 }] });
    // a second checkout cannot spend them; the same checkout cannot hold twice
    expect(await refusal(engine.reservePoints('c1', 200, { checkoutId: 'chk-2', idempotencyKey: 'pay-chk-2' }))).toEqual({ code: 'INSUFFICIENT_POINTS', message: 'points: 200 requested, 100 active' });
    expect((await refusal(engine.reservePoints('c1', 50, { checkoutId: 'chk-1', idempotencyKey: 'pay-chk-1-again' }))).code).toBe('CONFLICT');
    expect(await engine.history('c1')).toHaveLength(3);

    clock.set(at('2026-03-02T09:06:00Z'));
    const earned = await engine.recordOrder(o1, { idempotencyKey: 'order-o1' });
    expect(earned.points).toBe(100);
    const paid = await engine.commitPoints('c1', 'chk-1', { order: o1, idempotencyKey: 'paid-o1' });
    expect(paid).toEqual({ status: 'applied', customerId: 'c1', checkoutId: 'chk-1', orderId: 'o1', points: 400, pointsBack: 0, lapsed: false, entryId: 'e5', activeAfter: 200 });
    expect(await engine.balance('c1')).toMatchObject({ active: 200, reserved: 0 });
    expect((await refusal(engine.releasePoints('c1', 'chk-1', { idempotencyKey: 'late-cancel' }))).code).toBe('NOT_FOUND');

    // r1: one tea back (30.00 of 100.00): ⌊400 × 0.3⌋ = 120 back to A (latest expiry first); the order's 30 earned points taken back
    clock.set(at('2026-03-05T10:00:00Z'));
    const r1 = await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'return-r1' });
    expect(r1).toMatchObject({ status: 'applied', pointsRefunded: 120, pointsReversed: 30, activeAfter: 290 });
    // r2: everything else: 400 − 120 = 280 (A's other 80, then B's 200); the other 70 earned points taken back
    const r2 = await engine.recordReturn({ id: 'r2', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }, { lineId: 'l2', quantity: 1 }] }, { idempotencyKey: 'return-r2' });
    expect(r2).toMatchObject({ pointsRefunded: 280, pointsReversed: 70, activeAfter: 500 });
    const history = await engine.history('c1');
    const state = deriveLedger(history);
    expect(state.lots.map((l) => [l.lotId, l.remaining])).toEqual([['e1', 300], ['e2', 200], ['e4', 0]]);
    expect(await engine.balance('c1')).toEqual(balanceAt(state, clock.now()));
    expect(history.filter((e) => e.kind === 'payment').map((e) => e.kind === 'payment' && [e.action, e.points, e.restored])).toEqual([
      ['commit', 0, []],
      ['refund', 120, [{ lotId: 'e1', points: 120 }]],
      ['refund', 280, [{ lotId: 'e1', points: 80 }, { lotId: 'e2', points: 200 }]],
    ]);
    expect(formatStatement(history, 'en', program).filter((l) => l.kind === 'payment' || l.kind === 'burn').map((l) => l.description)).toEqual([
      'Redeemed 400 points (points payment of checkout chk-1)',
      '400 points paid for order o1',
      'Return r1 of order o1: 120 points paid back',
      'Return r2 of order o1: 280 points paid back',
    ]);
    const all = (await engine.events.read()).events;
    for (const e of all) expect(eventPayloadSchemas[e.type as keyof typeof eventPayloadSchemas].strict().parse(e.payload)).toEqual(e.payload);
    const events = all.filter((e) => e.type.startsWith('points.re'));
    expect(events.map((e) => [e.type, e.payload['points']])).toEqual([
      ['points.reserved', 400], ['points.redeemed', 400], ['points.refunded', 120], ['points.reversed', 30], ['points.refunded', 280], ['points.reversed', 70],
    ]);
  });

  it("with the order total, the program's terms apply: at least 100 points, at most half the order at 0.01 € a point", async () => {
    const paying = parseProgram({ ...program, pointsPayment: { valuePerPoint: '0.01', minPoints: 100, maxShare: '0.5' } });
    const { engine } = await setUp(open, [paying]);
    expect(await refusal(engine.reservePoints('c1', 50, { checkoutId: 'k1', idempotencyKey: 'k1', orderTotal: '60.00' }))).toEqual({
      code: 'VALIDATION_FAILED', message: 'points: 50 is below the minimum of 100 points for an order of 60.00',
    });
    // 4.00 € × 0.5 ÷ 0.01 = 200 points at most
    expect(await refusal(engine.reservePoints('c1', 300, { checkoutId: 'k2', idempotencyKey: 'k2', orderTotal: '4.00' }))).toEqual({
      code: 'VALIDATION_FAILED', message: 'points: 300 is above the maximum of 200 points for an order of 4.00',
    });
    expect(await engine.history('c1')).toHaveLength(2);
    expect(await engine.reservePoints('c1', 200, { checkoutId: 'k3', idempotencyKey: 'k3', orderTotal: '4.00' })).toMatchObject({ points: 200, activeAfter: 300, value: { amount: '2.00', currency: 'EUR' } });
  });

  it('ten checkouts reserving 100 each at once on a balance of 500: five are granted, five refused, none overspends', async () => {
    const { engine } = await setUp(open);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => engine.reservePoints('c1', 100, { checkoutId: `chk-${i}`, idempotencyKey: `pay-${i}` }).then(() => 'granted', (e: unknown) => (isFidelisError(e) ? e.code : String(e)))),
    );
    expect(outcomes.filter((o) => o === 'granted')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'INSUFFICIENT_POINTS')).toHaveLength(5);
    expect(await engine.balance('c1')).toMatchObject({ active: 0, reserved: 500 });
  });

  it('release gives the points back at once; an uncommitted reservation lapses after its TTL: commit refused, the job writes the lapse once', async () => {
    const { clock, engine } = await setUp(open);
    await engine.reservePoints('c1', 300, { checkoutId: 'chk-a', idempotencyKey: 'pay-a' });
    expect(await engine.releasePoints('c1', 'chk-a', { idempotencyKey: 'cancel-a' })).toEqual({
      status: 'applied', customerId: 'c1', checkoutId: 'chk-a', points: 300, pointsBack: 300, lapsed: false, entryId: 'e4', activeAfter: 500,
    });
    expect((await refusal(engine.releasePoints('c1', 'chk-a', { idempotencyKey: 'cancel-a-again' }))).code).toBe('NOT_FOUND');

    await engine.reservePoints('c1', 300, { checkoutId: 'chk-b', idempotencyKey: 'pay-b', ttl: 'PT10M' });
    clock.set(at('2026-03-02T09:10:00Z')); // the last instant: still held
    expect(await engine.balance('c1')).toMatchObject({ active: 200, reserved: 300 });
    clock.set(at('2026-03-02T09:10:00.001Z'));
    expect(await engine.balance('c1')).toMatchObject({ active: 500, reserved: 0 });
    const entries = (await engine.history('c1')).length;
    expect(await refusal(engine.commitPoints('c1', 'chk-b', { order: o1, idempotencyKey: 'paid-b' }))).toEqual({
      code: 'RESERVATION_EXPIRED', message: 'checkoutId: the points reservation of checkout "chk-b" lapsed before it was committed; its points are back',
    });
    expect(await engine.history('c1')).toHaveLength(entries);
    const jobs = await engine.runDueJobs(at('2026-03-02T09:11:00Z'));
    expect(jobs.lapsed).toEqual({ customers: 1, reservations: 1, points: 300 });
    expect((await engine.runDueJobs(at('2026-03-02T09:12:00Z'))).lapsed.reservations).toBe(0);
    const lapse = (await engine.history('c1')).at(-1);
    expect(lapse).toMatchObject({ kind: 'payment', action: 'lapse', at: at('2026-03-02T09:10:00Z'), points: 300, checkoutId: 'chk-b' });

    // a release after the TTL but before the job: the lapse is written with it, the answer says so
    await engine.reservePoints('c1', 100, { checkoutId: 'chk-c', idempotencyKey: 'pay-c' });
    clock.set(at('2026-03-02T09:40:00Z'));
    expect(await engine.releasePoints('c1', 'chk-c', { idempotencyKey: 'cancel-c' })).toMatchObject({ status: 'applied', points: 100, pointsBack: 100, lapsed: true, activeAfter: 500 });
    const all = (await engine.events.read()).events;
    // every payload is exactly its published schema (no field left out of the catalogue)
    for (const e of all) expect(eventPayloadSchemas[e.type as keyof typeof eventPayloadSchemas].strict().parse(e.payload)).toEqual(e.payload);
    const released = all.filter((e) => e.type === 'points.released');
    expect(released.map((e) => [e.payload['checkoutId'], e.payload['lapsed']])).toEqual([['chk-a', false], ['chk-b', true], ['chk-c', true]]);
  });

  it('a redemption after a reservation lapsed spends the points it gave back (the lapse written first, in the same append)', async () => {
    const { clock, engine } = await setUp(open);
    await engine.reservePoints('c1', 300, { checkoutId: 'chk-l', idempotencyKey: 'pay-l' });
    await engine.redeemPoints('c1', 150, { idempotencyKey: 'redeem-1' }); // guarded: 200 − 150 = 50 active
    clock.set(at('2026-03-02T09:20:00Z'));
    expect(await engine.redeemPoints('c1', 340, { idempotencyKey: 'redeem-2' })).toMatchObject({ status: 'applied', points: 340, activeAfter: 10 });
    const history = await engine.history('c1');
    expect(history.slice(-2).map((e) => [e.kind, e.points])).toEqual([['payment', 300], ['burn', -340]]);
    const burn = history.at(-1);
    const taken = burn?.kind === 'burn' ? (burn.allocations ?? []).reduce((sum, a) => sum + a.points, 0) : 0;
    expect(taken).toBe(340);
    expect(balanceAt(deriveLedger(history), clock.now())).toMatchObject({ active: 10, reserved: 0 });
  });

  it('a refund after the lot expired forfeits the points; bad input is refused with a code naming the field, nothing written', async () => {
    const clock = manualClock(at('2026-03-01T10:00:00Z'));
    const engine = createLoyaltyEngine({ store: await open(), programs: [program], clock });
    await engine.adjustPoints('c1', { points: 100, reason: 'promo', actor: 'test', expiresAt: at('2026-03-31T21:59:59.999Z') }, { idempotencyKey: 'seed' });
    for (const [points, options, code, message] of [
      [0, { checkoutId: 'x', idempotencyKey: 'k0' }, 'VALIDATION_FAILED', 'points: 0 must be positive'],
      [10, { checkoutId: ' ', idempotencyKey: 'k1' }, 'VALIDATION_FAILED', 'checkoutId: must be a non-empty string'],
      [10, { checkoutId: 'x', idempotencyKey: 'k2', ttl: '15 minutes' }, 'INVALID_DURATION', undefined],
      [101, { checkoutId: 'x', idempotencyKey: 'k3' }, 'INSUFFICIENT_POINTS', 'points: 101 requested, 100 active'],
    ] as const) {
      const r = await refusal(engine.reservePoints('c1', points, options));
      expect(r.code).toBe(code);
      if (message !== undefined) expect(r.message).toBe(message);
    }
    expect(await engine.history('c1')).toHaveLength(1);
    const o2 = { id: 'o2', customerId: 'c1', placedAt: '2026-03-01T10:01:00Z', currency: 'EUR', lines: [{ id: 'l1', sku: 'MUG', quantity: 1, unitPrice: '50.00' }] };
    await engine.reservePoints('c1', 100, { checkoutId: 'chk-x', idempotencyKey: 'pay-x' });
    expect((await refusal(engine.commitPoints('c1', 'chk-x', { order: { ...o2, customerId: 'c2' }, idempotencyKey: 'paid-x' }))).message).toBe('order.customerId: "c2" is not the customer of the reservation ("c1")');
    await engine.recordOrder(o2, { idempotencyKey: 'order-o2' });
    await engine.commitPoints('c1', 'chk-x', { order: o2, idempotencyKey: 'paid-x' });
    clock.set(at('2026-04-10T10:00:00Z'));
    const back = await engine.recordReturn({ id: 'r9', orderId: 'o2', at: '2026-04-10T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'return-r9' });
    expect(back.pointsRefunded).toBe(0);
    const refund = (await engine.history('c1')).find((e) => e.kind === 'payment' && e.action === 'refund');
    expect(refund).toMatchObject({ points: 0, forfeited: 100, restored: [] });
  });
});
