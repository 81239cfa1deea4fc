// The stored customer projection is what folding the entries gives: after a realistic sequence
// through the engine (a signup and a birthday bonus, orders with pending points under a per-day
// cap, a return, redemptions through the balance guard and from the lots, manual adjustments,
// the activation and expiry jobs) each customer's stored projection equals
// projectionOf(deriveLedger(entries), activitySince), on the memory store, PGlite and a server.
// On PostgreSQL also: the balance guard columns, and a wiped projection reads and rebuilds the same.
import { describe, expect, it } from 'vitest';
import { type PostgresStore, quoteIdentifier } from '../../src/adapters/postgres/index.js';
import { jsonValue } from '../../src/adapters/postgres/ledger-read.js';
import { manualClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { balanceAt } from '../../src/rules/ledger/balance.js';
import { type LedgerProjection, projectionOf } from '../../src/rules/ledger/projection.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { pgliteStores } from './pglite-store.js';
import { serverLabel, serverStores, serverUrl } from './server-store.js';

// 1 point per euro; a visit bonus of 10 per order, at most 15 per local day (so the projection
// keeps the orders since local midnight of the newest one); signup pays 100; 14 days pending;
// expiry at the end of the month 12 months after earning (Paris: UTC+1, UTC+2 from 29 Mar 2026 and 28 Mar 2027).
const PROGRAM = parseProgram({
  id: 'shop', currency: 'EUR', timeZone: 'Europe/Paris', pending: 'P14D', expiry: { after: 'P12M', roundTo: 'month' }, returnPolicy: 'claw-back-within-balance',
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }, { id: 'visit', kind: 'fixed-bonus', points: 10, caps: { perDay: 15 } }, { id: 'welcome', kind: 'signup-bonus', points: 100 }],
  rewards: [{ id: 'five-off', cost: 50, effect: { type: 'discount', amount: '5.00' } }],
});
const d = (iso: string): Date => new Date(iso);
const order = (id: string, customerId: string, placedAt: string, quantity: number, unitPrice: string) => ({
  id, customerId, placedAt, currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity, unitPrice }],
});
const T = {
  start: d('2026-03-01T09:00:00Z'), // 10:00 Paris
  sameDay: d('2026-03-01T15:00:00Z'),
  nextDay: d('2026-03-02T10:00:00Z'),
  returned: d('2026-03-05T10:00:00Z'),
  activated: d('2026-03-20T10:00:00Z'),
  paid: d('2026-03-20T11:00:00Z'),
  adjusted: d('2026-03-21T10:00:00Z'),
  cPaid: d('2026-06-01T10:00:00Z'),
  cAdjusted: d('2026-06-02T10:00:00Z'),
  expired: d('2027-04-01T00:00:00Z'), // past 31 Mar 2027 23:59:59.999 CEST, when every 2026 lot expires
  end: d('2027-04-02T10:00:00Z'), // the test's time
};
// Orders kept in the projection: since local midnight of the newest order's day (the per-day cap's
// look-back, twice, is still that midnight). a's newest is o3 (2 Apr 2027); b's is o4 (2 Mar 2026); c has none.
const SINCE: Record<string, Date | undefined> = { a: d('2027-04-01T22:00:00.000Z'), b: d('2026-03-01T23:00:00.000Z'), c: undefined };

/** What a store keeps for a customer beside the entries. */
interface Stored {
  readonly projection: LedgerProjection | undefined;
  /** Entries appended, and the entries the projection stands for. */
  readonly version: number;
  readonly stateVersion: number;
  readonly guard?: { readonly active: number; readonly from: number; readonly until: number };
}

async function drive(store: Store, checkpoint: () => Promise<void>) {
  const clock = manualClock(T.start);
  const engine = createLoyaltyEngine({ store, programs: [PROGRAM], clock, ids: sequentialIdGenerator('e') });
  const at = async <R>(t: Date, run: () => Promise<R>): Promise<R> => {
    clock.set(t);
    return run();
  };
  expect(await engine.awardBonus({ kind: 'signup', customerId: 'a' }, { idempotencyKey: 'signup-a' })).toMatchObject({ status: 'applied', points: 100 });
  expect(await engine.awardBonus({ kind: 'signup', customerId: 'c' }, { idempotencyKey: 'signup-c' })).toMatchObject({ status: 'applied', points: 100 });
  expect(await engine.awardBonus({ kind: 'birthday', customerId: 'b', points: 20 }, { idempotencyKey: 'bday-b-2026' })).toMatchObject({ reference: '2026', points: 20 });
  // o1: 4 × 25 € = 100 + visit 10 = 110, pending to 16 Mar 00:00 CET (15 Mar 23:00Z); o2 the same day: 30 + the 5 left of the day's cap
  expect(await engine.recordOrder(order('o1', 'a', T.start.toISOString(), 4, '25.00'), { idempotencyKey: 'o1' })).toMatchObject({ points: 110, activatesAt: '2026-03-15T23:00:00.000Z' });
  expect(await at(T.sameDay, () => engine.recordOrder(order('o2', 'a', T.sameDay.toISOString(), 1, '30.00'), { idempotencyKey: 'o2' }))).toMatchObject({ points: 35 });
  // o4, another local day: 40 + 10, pending to 17 Mar 00:00 CET
  expect(await at(T.nextDay, () => engine.recordOrder(order('o4', 'b', T.nextDay.toISOString(), 1, '40.00'), { idempotencyKey: 'o4' }))).toMatchObject({ points: 50, activatesAt: '2026-03-16T23:00:00.000Z' });
  // 1 of o1's 4 units back: the base points' share floor(100 × 1 / 4) = 25 (the visit bonus is kept: bonusReturnPolicy 'keep'), from o1's own pending lot (110 → 85)
  expect(await at(T.returned, () => engine.recordReturn({ id: 'r1', orderId: 'o1', at: T.returned.toISOString(), lines: [{ lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'r1' })))
    .toMatchObject({ pointsReversed: 25, debt: 0, forgiven: 0 });
  // activation markers for o1 (85), o2 (35), o4 (50); then a spends through the guard the activation's write set up: 100 + 85 + 35 = 220 → 170 → 152
  expect(await at(T.activated, () => engine.activatePending(T.activated))).toEqual({ customers: 3, lotsActivated: 3, pointsActivated: 170, debtSettled: 0, referralsPaid: 0 });
  expect(await engine.redeemReward('a', 'five-off', { idempotencyKey: 'rw-a' })).toMatchObject({ status: 'applied', activeAfter: 170 });
  expect(await at(T.paid, () => engine.redeemPoints('a', 18, { idempotencyKey: 'pay-a', reason: 'payment' }))).toMatchObject({ status: 'applied', activeAfter: 152 });
  // both granted by the guard: appended after the projection, without allocations
  expect((await store.ledger.readCustomer({ customerId: 'a' })).tail.map((e) => e.kind === 'burn' && e.allocations === undefined)).toEqual([true, true]);
  // the burns took the welcome lot (same expiry as the orders', created first): 100 − 68 = 32 left; +20 never expires
  expect(await at(T.adjusted, () => engine.adjustPoints('a', { points: 20, reason: 'goodwill', actor: 'agent:li' }, { idempotencyKey: 'adj-a' }))).toMatchObject({ activeAfter: 172 });
  await checkpoint();
  expect(await at(T.cPaid, () => engine.redeemPoints('c', 30, { idempotencyKey: 'pay-c', reason: 'payment' }))).toMatchObject({ activeAfter: 70 });
  expect(await at(T.cAdjusted, () => engine.adjustPoints('c', { points: -10, reason: 'correction', actor: 'agent:li' }, { idempotencyKey: 'adj-c' }))).toMatchObject({ activeAfter: 60 });
  // a: 32 + 85 + 35; b: 20 + 50; c: 60
  expect(await at(T.expired, () => engine.expirePoints(T.expired))).toEqual({ customers: 3, lotsExpired: 6, pointsExpired: 282 });
  // o3: 2 × 10 € = 20 + 10, pending to 17 Apr 00:00 CEST, expiring 30 Apr 2028; b's 2027 birthday
  expect(await at(T.end, () => engine.recordOrder(order('o3', 'a', T.end.toISOString(), 2, '10.00'), { idempotencyKey: 'o3' })))
    .toMatchObject({ points: 30, activatesAt: '2027-04-16T22:00:00.000Z', expiresAt: '2028-04-30T21:59:59.999Z' });
  expect(await engine.awardBonus({ kind: 'birthday', customerId: 'b', points: 20 }, { idempotencyKey: 'bday-b-2027' })).toMatchObject({ reference: '2027', expiresAt: '2028-04-30T21:59:59.999Z' });
  return engine;
}

type Engine = Awaited<ReturnType<typeof drive>>;

// At T.end. a: adjustment 20 active, o3's 30 pending; 100 + 110 + 35 + 30 earned − 25 − 68 − 152 + 20 = 50.
// b: the 2027 birthday's 20. c: 100 − 30 − 10 − 60 = 0.
async function expectHandBalances(engine: Engine): Promise<void> {
  expect(await engine.balance('a')).toMatchObject({ active: 20, pending: 30, debt: 0, expiredUnrecorded: 0,
    lifetime: { earned: 275, burned: 68, expired: 152, reversed: 25, forgiven: 0, adjusted: 20 } });
  expect(await engine.balance('a', d('2027-04-16T22:00:00.000Z'))).toMatchObject({ active: 50, pending: 0 });
  expect(await engine.balance('b')).toMatchObject({ active: 20, pending: 0, lifetime: { earned: 90, expired: 70 } });
  expect(await engine.balance('c')).toMatchObject({ active: 0, pending: 0, lifetime: { earned: 100, burned: 30, expired: 60, adjusted: -10 } });
}

/** Entries per customer and the orders' look-back start, at the checkpoint (after a's adjustment; a's newest order is then o2, 1 Mar 2026) and at the end. */
const MID = { at: T.adjusted, counts: { a: 9, b: 3, c: 1 }, since: { a: d('2026-02-28T23:00:00.000Z'), b: SINCE['b'], c: undefined } };
// at the end: a 13 (signup, o1, o2, r1, 2 markers, 2 burns, adjustment, 3 expiries, o3), b 6, c 4
const END = { at: T.end, counts: { a: 13, b: 6, c: 4 }, since: SINCE };
type Point = { readonly at: Date; readonly counts: Record<string, number>; readonly since: Record<string, Date | undefined> };

/** Every customer's stored projection is the fold of its entries, stands for all of them, and its guard says the active balance at `p.at`. */
async function expectProjectionsRebuild(store: Store, stored: (customerId: string) => Promise<Stored>, p: Point): Promise<number> {
  let guarded = 0;
  for (const customerId of ['a', 'b', 'c']) {
    const entries = (await store.ledger.ledgerEntries(customerId)).entries;
    expect(entries).toHaveLength(p.counts[customerId] ?? -1);
    const state = deriveLedger(entries);
    const s = await stored(customerId);
    expect(s.projection).toEqual(projectionOf(state, p.since[customerId]));
    expect([s.version, s.stateVersion, s.projection?.n]).toEqual([entries.length, entries.length, entries.length]);
    if (s.guard !== undefined && s.guard.from <= p.at.getTime() && p.at.getTime() < s.guard.until) {
      expect(s.guard.active).toBe(balanceAt(state, p.at).active);
      guarded += 1;
    }
  }
  return guarded;
}

/** Hand-worked anchors of the projections at the end. */
async function expectEndProjections(stored: (customerId: string) => Promise<Stored>): Promise<void> {
  // anchors worked out by hand: a keeps only o3's activity; c's only lot is spent and expired, so no lot is kept
  const a = (await stored('a')).projection;
  expect(a).toMatchObject({ n: 13, total: 50, debt: 0, lotsCreated: 5, orderCount: 3, firstOrderAt: T.start.getTime(), firstLotAt: T.start.getTime(), tierId: null,
    ruleTotals: { base: 100 + 30 + 20 - 25, visit: 10 + 5 + 10 } /* r1 gave base its 25 back */, lifetime: { earned: 275, burned: 68, expired: 152, reversed: 25, forgiven: 0, adjusted: 20 },
    activity: [{ o: 'o3', t: T.end.getTime(), p: 30, rv: 0, am: '20.00', u: 2, ru: 0, br: { base: 20, visit: 10 } }], referrals: [] });
  expect(a?.lots.map((l) => [l.o, l.r, l.a, l.e])).toEqual([['adjustment', 20, T.adjusted.getTime(), -1], ['order', 30, d('2027-04-16T22:00:00.000Z').getTime(), d('2028-04-30T21:59:59.999Z').getTime()]]);
  expect((await stored('b')).projection?.activity.map((x) => x.o)).toEqual(['o4']);
  expect((await stored('c')).projection).toMatchObject({ n: 4, total: 0, lots: [], lotsCreated: 1, activity: [] });
}

describe('projection rebuild (memory store)', () => {
  it('each stored projection equals the fold of the entries', async () => {
    const store = createMemoryStore();
    const stored = async (customerId: string): Promise<Stored> => {
      const read = await store.ledger.readCustomer({ customerId });
      expect(read.tail).toEqual([]); // the projection stands for every entry
      return { projection: read.projection, version: read.version, stateVersion: read.projection?.n ?? 0 };
    };
    const engine = await drive(store, async () => void (await expectProjectionsRebuild(store, stored, MID)));
    await expectHandBalances(engine);
    await expectProjectionsRebuild(store, stored, END);
    await expectEndProjections(stored);
  });
});

/** The `state` column decoded as ledger-read.ts does, and the guard columns. */
async function pgStored(store: PostgresStore, customerId: string): Promise<Stored> {
  type Row = { state: unknown; state_version: string | number; version: string | number; active: string | number; active_from: string | number; active_until: string | number };
  const { rows } = await store.sql.query<Row>(`SELECT state, state_version, version, active, active_from, active_until FROM ${quoteIdentifier(store.schema)}.ledgers WHERE customer_id = $1`, [customerId]);
  const r = rows[0];
  if (r === undefined) throw new Error(`no ledger row for ${customerId}`);
  return { projection: r.state === null ? undefined : (jsonValue(r.state) as LedgerProjection), stateVersion: Number(r.state_version), version: Number(r.version),
    guard: { active: Number(r.active), from: Number(r.active_from), until: Number(r.active_until) } };
}

function pgSuite(label: string, fresh: () => Promise<PostgresStore>): void {
  describe(`projection rebuild (${label})`, () => {
    it('each stored projection and balance guard equals the fold of the entries; a wiped projection reads and rebuilds the same', async () => {
      const store = await fresh();
      const stored = (c: string) => pgStored(store, c);
      const engine = await drive(store, async () => expect(await expectProjectionsRebuild(store, stored, MID)).toBe(3));
      await expectHandBalances(engine);
      expect(await expectProjectionsRebuild(store, stored, END)).toBe(3);
      await expectEndProjections(stored);
      // the guard at T.end, by hand: a from the adjustment's creation until o3 activates; b from the 2027 birthday until it expires; c has no lot
      const guards = await Promise.all(['a', 'b', 'c'].map(async (c) => (await pgStored(store, c)).guard));
      expect(guards).toEqual([
        { active: 20, from: T.adjusted.getTime(), until: d('2027-04-16T22:00:00.000Z').getTime() },
        { active: 20, from: T.end.getTime(), until: d('2028-04-30T22:00:00.000Z').getTime() },
        { active: 0, from: -Number.MAX_SAFE_INTEGER, until: Number.MAX_SAFE_INTEGER },
      ]);
      await store.sql.query(`UPDATE ${quoteIdentifier(store.schema)}.ledgers SET state = NULL, state_version = 0`);
      expect((await store.ledger.readCustomer({ customerId: 'a' })).tail).toHaveLength(13);
      await expectHandBalances(engine); // folded from every entry now
      // a burn cannot use the wiped guard: it is planned from the lots, and that append writes the projection afresh
      expect(await engine.redeemPoints('a', 5, { idempotencyKey: 'pay-a-2', reason: 'payment' })).toMatchObject({ status: 'applied', activeAfter: 15 });
      const a = await pgStored(store, 'a');
      const entries = (await store.ledger.ledgerEntries('a')).entries;
      expect([a.version, a.stateVersion]).toEqual([14, 14]);
      expect(a.projection).toEqual(projectionOf(deriveLedger(entries), SINCE['a']));
      expect(a.guard).toEqual({ active: 15, from: T.adjusted.getTime(), until: d('2027-04-16T22:00:00.000Z').getTime() });
    });
  });
}

pgSuite('PGlite', pgliteStores('rebuild'));
if (serverUrl !== undefined) pgSuite(`PostgreSQL server ${serverLabel()}`, serverStores('fidelis_rebuild').factory);
