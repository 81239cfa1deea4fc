import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

// 1 point per euro, net, rounded down; 14 days pending; points expire at the end of the month, 12 months after earning.
const PROGRAM = {
  id: 'shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  pending: 'P14D',
  expiry: { after: 'P12M', roundTo: 'month' },
  returnPolicy: 'claw-back-within-balance',
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
  rewards: [{ id: 'five-off', cost: 50, effect: { type: 'discount', amount: '5.00' } }],
} as const;

// lines worth 50 + 30 + 20 = 100 € → exactly 50 + 30 + 20 points, one line per amount so attribution is exact
const ORDER = {
  id: 'o1',
  customerId: 'c1',
  placedAt: '2026-03-01T10:00:00+01:00',
  currency: 'EUR',
  lines: [
    { id: 'l1', sku: 'A', quantity: 1, unitPrice: '50.00' },
    { id: 'l2', sku: 'B', quantity: 3, unitPrice: '10.00' },
    { id: 'l3', sku: 'C', quantity: 2, unitPrice: '10.00' },
  ],
};

function setup(overrides: Record<string, unknown> = {}, start = '2026-03-01T09:00:00Z') {
  const clock = manualClock(new Date(start));
  const store = createMemoryStore();
  const engine = createLoyaltyEngine({ store, programs: [parseProgram({ ...PROGRAM, ...overrides })], clock, ids: sequentialIdGenerator('e') });
  return { clock, store, engine };
}

const ACTIVE_AT = new Date('2026-03-15T23:00:00.000Z'); // 16 March 00:00 in Paris: end of the local day 14 days after

describe('recordOrder', () => {
  it('earns per line, pending until the end of the local day the return window ends', async () => {
    const { engine } = setup();
    const r = await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    expect(r).toMatchObject({ status: 'applied', points: 100, activatesAt: ACTIVE_AT.toISOString(), expiresAt: '2027-03-31T21:59:59.999Z' });
    expect(r.lines.map((l) => [l.lineId, l.points])).toEqual([['l1', 50], ['l2', 30], ['l3', 20]]);
    expect(await engine.balance('c1', new Date(ACTIVE_AT.getTime() - 1))).toMatchObject({ active: 0, pending: 100 });
    expect(await engine.balance('c1', ACTIVE_AT)).toMatchObject({ active: 100, pending: 0, nextExpiry: { points: 100 } });
  });

  it('earns once for the same key (replayed) and for the same order under another key (duplicate)', async () => {
    const { engine } = setup();
    const first = await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    const again = await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    const other = await engine.recordOrder(ORDER, { idempotencyKey: 'k2' });
    expect(again).toEqual({ ...first, status: 'replayed' });
    expect(other).toEqual({ ...first, status: 'duplicate' });
    expect((await engine.history('c1')).filter((e) => e.kind === 'earn')).toHaveLength(1);
    const conflict = await engine.recordOrder({ ...ORDER, id: 'o2' }, { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(isFidelisError(conflict, 'CONFLICT')).toBe(true);
  });

  it('applies 100 concurrent recordOrder calls of one order exactly once (distinct keys and one key)', async () => {
    const { engine } = setup();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => engine.recordOrder(ORDER, { idempotencyKey: `k${i}` })));
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(new Set(results.map((r) => r.points))).toEqual(new Set([100]));
    const same = await Promise.all(Array.from({ length: 100 }, () => engine.recordOrder({ ...ORDER, id: 'o2' }, { idempotencyKey: 'same' })));
    expect(same.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect((await engine.balance('c1', ACTIVE_AT)).active).toBe(200);
    expect((await engine.history('c1')).filter((e) => e.kind === 'earn')).toHaveLength(2);
  });

  it('writes nothing for invalid input, and the key stays free', async () => {
    const { engine } = setup();
    const bad = { ...ORDER, lines: [{ id: 'l1', sku: 'A', quantity: -1, unitPrice: '1.999' }] };
    const err = await engine.recordOrder(bad, { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(isFidelisError(err, 'VALIDATION_FAILED')).toBe(true);
    expect((err as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort()).toEqual(['lines[0].quantity', 'lines[0].unitPrice']);
    expect(await engine.history('c1')).toEqual([]);
    expect((await engine.recordOrder(ORDER, { idempotencyKey: 'k1' })).status).toBe('applied');
    const usd = await engine.recordOrder({ ...ORDER, id: 'o3', currency: 'USD' }, { idempotencyKey: 'k3' }).catch((e: unknown) => e);
    expect(isFidelisError(usd, 'CURRENCY_MISMATCH')).toBe(true);
  });
});

describe('recordReturn', () => {
  it('a return of 1 of 3 lines reverses exactly that line; the rest of the order reverses the rest', async () => {
    const { engine } = setup();
    await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    const r1 = await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l2', quantity: 3 }] }, { idempotencyKey: 'rk1' });
    expect(r1).toMatchObject({ status: 'applied', pointsReversed: 30, lines: [{ lineId: 'l2', quantity: 3, points: 30 }], forgiven: 0 });
    expect(await engine.balance('c1', ACTIVE_AT)).toMatchObject({ active: 70 });
    // two partial returns of 1 unit of l3 (20 points for 2 units) never exceed the line
    const a = await engine.recordReturn({ id: 'r2', orderId: 'o1', at: '2026-03-05T11:00:00Z', lines: [{ lineId: 'l3', quantity: 1 }] }, { idempotencyKey: 'rk2' });
    const b = await engine.recordReturn({ id: 'r3', orderId: 'o1', at: '2026-03-05T12:00:00Z', lines: [{ lineId: 'l3', quantity: 1 }, { lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'rk3' });
    expect([a.pointsReversed, b.pointsReversed]).toEqual([10, 60]);
    expect(await engine.balance('c1', ACTIVE_AT)).toMatchObject({ active: 0, pending: 0, lifetime: { earned: 100, reversed: 100 } });
    const over = await engine.recordReturn({ id: 'r4', orderId: 'o1', at: '2026-03-06T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'rk4' }).catch((e: unknown) => e);
    expect(isFidelisError(over, 'VALIDATION_FAILED')).toBe(true);
  });

  it('replays a return by key and by return id; unknown orders are NOT_FOUND', async () => {
    const { engine } = setup();
    await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    const ret = { id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] };
    const first = await engine.recordReturn(ret, { idempotencyKey: 'rk1' });
    expect(await engine.recordReturn(ret, { idempotencyKey: 'rk1' })).toEqual({ ...first, status: 'replayed' });
    expect(await engine.recordReturn(ret, { idempotencyKey: 'rk2' })).toEqual({ ...first, status: 'duplicate' });
    expect((await engine.balance('c1', ACTIVE_AT)).active).toBe(50);
    const missing = await engine.recordReturn({ ...ret, id: 'r9', orderId: 'nope' }, { idempotencyKey: 'rk9' }).catch((e: unknown) => e);
    expect(isFidelisError(missing, 'NOT_FOUND')).toBe(true);
  });

  // o1 earns 100 (active 16 March); a bonus of 40; the customer spends 120 on 20 March; then returns line l1 (50 points).
  async function spentThenReturned(policy: string) {
    const { engine, clock } = setup({ returnPolicy: policy });
    await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    await engine.awardBonus({ kind: 'goodwill', customerId: 'c1', points: 40, at: new Date('2026-03-02T10:00:00Z') }, { idempotencyKey: 'b1' });
    clock.set(new Date('2026-03-20T10:00:00Z'));
    await engine.redeemPoints('c1', 120, { idempotencyKey: 'p1', reason: 'payment' });
    const r = await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-21T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'rk1' });
    return { r, balance: await engine.balance('c1', new Date('2026-03-21T10:00:00Z')) };
  }

  it('claw-back-below-zero: the balance goes negative by what could not be taken back', async () => {
    const { r, balance } = await spentThenReturned('claw-back-below-zero');
    // both lots expire on 31 March 2027: the burn of 120 took the order lot (created first, 100) and 20 of the bonus;
    // the return takes the bonus' last 20, the remaining 30 becomes debt
    expect(r).toMatchObject({ pointsReversed: 50, debt: 30, forgiven: 0 });
    expect(balance).toMatchObject({ active: -30, debt: 30 });
  });

  it('claw-back-within-balance: takes what is there, forgives the rest, never below zero', async () => {
    const { r, balance } = await spentThenReturned('claw-back-within-balance');
    expect(r).toMatchObject({ pointsReversed: 20, debt: 0, forgiven: 30 });
    expect(balance).toMatchObject({ active: 0, debt: 0 });
  });

  it('forgive: takes back only what is left of the order itself', async () => {
    const { r, balance } = await spentThenReturned('forgive');
    // the burn of 120 emptied the order lot (100, created first) and 20 of the bonus: nothing of o1 is left
    expect(r).toMatchObject({ pointsReversed: 0, debt: 0, forgiven: 50 });
    expect(balance).toMatchObject({ active: 20 });
  });
});

describe('redemptions', () => {
  it('redeems a reward with its effect, refuses beyond the balance, and never overdraws under 40 concurrent redemptions', async () => {
    const { engine, clock } = setup();
    await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    clock.set(ACTIVE_AT);
    const short = await engine.redeemPoints('c1', 101, { idempotencyKey: 'x', reason: 'too much' }).catch((e: unknown) => e);
    expect(isFidelisError(short, 'INSUFFICIENT_POINTS')).toBe(true);
    const reward = await engine.redeemReward('c1', 'five-off', { idempotencyKey: 'rw1' });
    expect(reward).toMatchObject({ status: 'applied', points: 50, activeAfter: 50, reward: { id: 'five-off', effect: { type: 'discount', amount: '5.00' } } });
    const unknown = await engine.redeemReward('c1', 'nope', { idempotencyKey: 'rw2' }).catch((e: unknown) => e);
    expect(isFidelisError(unknown, 'NOT_FOUND')).toBe(true);
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => engine.redeemPoints('c1', 7, { idempotencyKey: `c${i}`, reason: 'race' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(7); // 7 × 7 = 49 ≤ 50 < 56
    expect((await engine.balance('c1')).active).toBe(1);
  });
});

describe('adjustments and liability', () => {
  it('credits and debits by hand with reason and actor, replays by key, and the liability follows', async () => {
    const { engine } = setup({ pointsPayment: { valuePerPoint: '0.02' } });
    const credit = await engine.adjustPoints('c1', { points: 25, reason: 'parcel lost', actor: 'agent:maria' }, { idempotencyKey: 'a1' });
    expect(credit).toMatchObject({ status: 'applied', points: 25, activeAfter: 25 });
    expect(await engine.adjustPoints('c1', { points: 25, reason: 'parcel lost', actor: 'agent:maria' }, { idempotencyKey: 'a1' })).toMatchObject({ status: 'replayed' });
    const debit = await engine.adjustPoints('c1', { points: -40, reason: 'x', actor: 'y' }, { idempotencyKey: 'a2' }).catch((e: unknown) => e);
    expect(isFidelisError(debit, 'INSUFFICIENT_POINTS')).toBe(true);
    await engine.adjustPoints('c1', { points: -5, reason: 'typo', actor: 'agent:li' }, { idempotencyKey: 'a3' });
    await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    // 20 active (never expire) + 100 pending (expire end of March 2027, Paris) = 120 × 0.02 = 2.40
    expect(await engine.liability()).toMatchObject({ active: 20, pending: 100, outstanding: 120, value: '2.40', neverExpiring: 20, expiring: [{ month: '2027-03', points: 100, value: '2.00' }] });
  });
});

describe('jobs at the local-day boundary', () => {
  it('expires at the end of the local day in Pacific/Chatham, once, whatever the host zone', async () => {
    const { engine } = setup({ timeZone: 'Pacific/Chatham', pending: undefined, expiry: { after: 'P1M', roundTo: 'day' } });
    await engine.recordOrder({ ...ORDER, placedAt: '2026-01-10T12:00:00+13:45' }, { idempotencyKey: 'k1' });
    // 10 Feb 2026 ends at 23:59:59.999 +13:45 (Chatham summer time) = 10:14:59.999Z
    const last = new Date('2026-02-10T10:14:59.999Z');
    expect((await engine.balance('c1', new Date('2026-01-20T00:00:00Z'))).nextExpiry?.at.toISOString()).toBe(last.toISOString());
    expect(await engine.expirePoints(last)).toMatchObject({ lotsExpired: 0 });
    expect((await engine.balance('c1', last)).active).toBe(100);
    const after = new Date(last.getTime() + 1);
    expect(await engine.expirePoints(after)).toMatchObject({ lotsExpired: 1, pointsExpired: 100 });
    expect(await engine.expirePoints(after)).toMatchObject({ lotsExpired: 0, pointsExpired: 0 });
    expect(await engine.balance('c1', after)).toMatchObject({ active: 0, expiredUnrecorded: 0, lifetime: { expired: 100 } });
  });

  it('activates at local midnight in Europe/Paris, once', async () => {
    const { engine } = setup();
    await engine.recordOrder({ ...ORDER, placedAt: '2026-03-01T23:30:00+01:00' }, { idempotencyKey: 'k1' });
    expect(await engine.activatePending(ACTIVE_AT)).toMatchObject({ lotsActivated: 1, pointsActivated: 100 });
    expect(await engine.activatePending(ACTIVE_AT)).toMatchObject({ lotsActivated: 0, pointsActivated: 0 });
    const h = await engine.history('c1');
    expect(h.map((e) => e.kind)).toEqual(['earn', 'activate']);
  });
});

describe('bonuses, referrals, tiers', () => {
  it('pays signup once and birthday once per local year', async () => {
    const { engine, clock } = setup({ earnRules: [...PROGRAM.earnRules, { id: 'welcome', kind: 'signup-bonus', points: 100 }] });
    expect(await engine.awardBonus({ kind: 'signup', customerId: 'c1' }, { idempotencyKey: 's1' })).toMatchObject({ status: 'applied', points: 100 });
    expect(await engine.awardBonus({ kind: 'signup', customerId: 'c1' }, { idempotencyKey: 's2' })).toMatchObject({ status: 'duplicate' });
    clock.advance(86_400_000); // a retry of the same key the next day replays
    expect(await engine.awardBonus({ kind: 'signup', customerId: 'c1' }, { idempotencyKey: 's1' })).toMatchObject({ status: 'replayed', points: 100 });
    // 31 Dec 2026 23:30 in Paris is still 2026 there (22:30Z); 1 Jan 00:30 Paris is 2027
    const b1 = await engine.awardBonus({ kind: 'birthday', customerId: 'c1', points: 20, at: new Date('2026-12-31T22:30:00Z') }, { idempotencyKey: 'b1' });
    const b2 = await engine.awardBonus({ kind: 'birthday', customerId: 'c1', points: 20, at: new Date('2026-12-31T22:45:00Z') }, { idempotencyKey: 'b2' });
    const b3 = await engine.awardBonus({ kind: 'birthday', customerId: 'c1', points: 20, at: new Date('2026-12-31T23:30:00Z') }, { idempotencyKey: 'b3' });
    expect([b1.reference, b1.status, b2.status, b3.reference, b3.status]).toEqual(['2026', 'applied', 'duplicate', '2027', 'applied']);
    expect((await engine.balance('c1', new Date('2027-01-01T00:00:00Z'))).active).toBe(140);
  });

  it('pays a referral to both sides once the first order is kept past its return window, not when fully returned', async () => {
    const { engine } = setup({ earnRules: [...PROGRAM.earnRules, { id: 'refer', kind: 'referral', referrerPoints: 500, refereePoints: 250 }] });
    const r = await engine.recordOrder(ORDER, { idempotencyKey: 'k1', referredBy: 'c0' });
    expect(r.referral).toMatchObject({ referrerId: 'c0', referrerPoints: 500, refereePoints: 250 });
    await engine.recordOrder({ ...ORDER, id: 'o2', customerId: 'c2' }, { idempotencyKey: 'k2', referredBy: 'c0' });
    await engine.recordReturn({ id: 'r2', orderId: 'o2', at: '2026-03-03T10:00:00Z', lines: ORDER.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }, { idempotencyKey: 'rk2' });
    expect((await engine.activatePending(new Date(ACTIVE_AT.getTime() - 1))).referralsPaid).toBe(0);
    expect((await engine.activatePending(ACTIVE_AT)).referralsPaid).toBe(1);
    expect((await engine.activatePending(ACTIVE_AT)).referralsPaid).toBe(0);
    expect((await engine.balance('c0', ACTIVE_AT)).active).toBe(500);
    expect((await engine.balance('c1', ACTIVE_AT)).active).toBe(350);
    expect((await engine.balance('c2', ACTIVE_AT)).active).toBe(0);
  });

  it('refuses a self-referral: the customer who names themselves as referrer earns neither side', async () => {
    const { engine } = setup({ earnRules: [...PROGRAM.earnRules, { id: 'refer', kind: 'referral', referrerPoints: 500, refereePoints: 250 }] });
    const r = await engine.recordOrder(ORDER, { idempotencyKey: 'k1', referredBy: 'c1' });
    expect(r.referral).toBeUndefined();
    expect((await engine.activatePending(ACTIVE_AT)).referralsPaid).toBe(0);
    expect((await engine.balance('c1', ACTIVE_AT)).active).toBe(100);
  });

  it('upgrades at once on the order that qualifies, downgrades only after the review year and the grace month', async () => {
    const tiers = { basis: 'points', window: { calendar: 'year' }, review: 'year', grace: 'P1M', levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '150' }] };
    const { engine } = setup({ tiers });
    const a = await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    expect(a.tierChange).toEqual({ from: null, to: 'member' });
    const b = await engine.recordOrder({ ...ORDER, id: 'o2', placedAt: '2026-06-01T10:00:00+02:00' }, { idempotencyKey: 'k2' });
    expect(b.tierChange).toEqual({ from: 'member', to: 'gold' });
    // the 2026 review (31 Dec 2026) still sees 200 points in 2026: gold is kept through 2027
    expect(await engine.recalculateTiers(new Date('2027-06-15T12:00:00Z'))).toMatchObject({ downgrades: 0, deferred: 0 });
    // nothing earned in 2027: the review of 31 Dec 2027 downgrades, after the grace month
    // (until 31 Jan 2028 23:59:59.999 Paris = 22:59:59.999Z)
    expect(await engine.recalculateTiers(new Date('2028-01-15T12:00:00Z'))).toMatchObject({ downgrades: 0, deferred: 1 });
    expect(await engine.recalculateTiers(new Date('2028-01-31T22:59:59.999Z'))).toMatchObject({ downgrades: 0, deferred: 1 });
    expect(await engine.recalculateTiers(new Date('2028-01-31T23:00:00.000Z'))).toMatchObject({ downgrades: 1 });
    expect(await engine.recalculateTiers(new Date('2028-02-01T00:00:00Z'))).toMatchObject({ downgrades: 0, upgrades: 0, deferred: 0 });
    expect((await engine.balance('c1', new Date('2028-02-01T00:00:00Z'))).tierId).toBe('member');
  });
});

describe('previewOrder', () => {
  it('tells what an order would earn, with the trace, and writes nothing', async () => {
    const { engine } = setup({ earnRules: [...PROGRAM.earnRules, { id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '150.00', points: 30 }] }] });
    const preview = await engine.previewOrder(ORDER);
    expect(preview.totalPoints).toBe(100);
    const big = preview.trace.find((t) => t.ruleId === 'big');
    expect(big?.status).toBe('below-threshold');
    expect(await engine.history('c1')).toEqual([]);
    expect((await engine.recordOrder(ORDER, { idempotencyKey: 'k1' })).points).toBe(preview.totalPoints);
  });
});

describe('caps from the ledger', () => {
  it('a per-day cap counts what the rule already awarded that local day (Paris), and resets at local midnight', async () => {
    const { engine } = setup({ earnRules: [...PROGRAM.earnRules, { id: 'visit', kind: 'fixed-bonus', points: 10, caps: { perDay: 15 } }] });
    const at = (id: string, placedAt: string) => engine.recordOrder({ ...ORDER, id, placedAt }, { idempotencyKey: id });
    const bonus = (r: { lines: ReadonlyArray<{ byRule?: Readonly<Record<string, number>> }> }) => r.lines.reduce((s, l) => s + (l.byRule?.['visit'] ?? 0), 0);
    expect(bonus(await at('o1', '2026-03-01T10:00:00+01:00'))).toBe(10);
    expect(bonus(await at('o2', '2026-03-01T20:00:00+01:00'))).toBe(5);
    expect(bonus(await at('o3', '2026-03-01T23:59:00+01:00'))).toBe(0);
    expect(bonus(await at('o4', '2026-03-02T00:01:00+01:00'))).toBe(10);
  });
});

describe('shared budgets', () => {
  it('a rule budget over all customers is never exceeded, even by concurrent orders', async () => {
    const { engine } = setup({ earnRules: [...PROGRAM.earnRules, { id: 'launch', kind: 'fixed-bonus', points: 50, caps: { budget: 120 } }] });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => engine.recordOrder({ ...ORDER, id: `o${i}`, customerId: `c${i}` }, { idempotencyKey: `k${i}` })),
    );
    const launch = results.map((r) => r.lines.reduce((s, l) => s + (l.byRule?.['launch'] ?? 0), 0));
    expect(launch.reduce((a, b) => a + b, 0)).toBe(120);
    expect([...launch].sort((a, b) => b - a).slice(0, 3)).toEqual([50, 50, 20]);
    expect((await engine.previewOrder({ ...ORDER, id: 'o99', customerId: 'c99' })).trace.find((t) => t.ruleId === 'launch')?.points).toBe(0);
  });
});

describe('signup budget', () => {
  it('pays the signup rule within its shared budget, then nothing', async () => {
    const { engine } = setup({ earnRules: [...PROGRAM.earnRules, { id: 'welcome', kind: 'signup-bonus', points: 100, caps: { budget: 150 } }] });
    const paid = [];
    for (const c of ['c1', 'c2', 'c3']) paid.push((await engine.awardBonus({ kind: 'signup', customerId: c }, { idempotencyKey: `s-${c}` })).points);
    expect(paid).toEqual([100, 50, 0]);
  });
});

describe('GDPR', () => {
  it('exports everything and erases the person while keeping anonymised totals', async () => {
    const { engine, store } = setup();
    await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    const data = await engine.exportCustomerData('c1');
    expect(data).toMatchObject({ customerId: 'c1', orderIds: ['o1'], balance: { pending: 100 } });
    expect(data.entries).toHaveLength(1);
    const erased = await engine.eraseCustomer('c1');
    expect(erased.entriesAnonymised).toBe(1);
    expect(erased.anonymousId).toMatch(/^anon_/);
    expect(await engine.history('c1')).toEqual([]);
    expect((await engine.balance(erased.anonymousId, ACTIVE_AT)).active).toBe(100);
    expect(JSON.stringify(await store.ledger.ledgerEntries(erased.anonymousId))).not.toContain('"c1"');
    expect(await engine.recordOrder(ORDER, { idempotencyKey: 'k1' })).toMatchObject({ status: 'replayed', erased: true });
  });

  it('covers the contact history too: exported, then deleted, and erasing twice erases nothing more', async () => {
    const { engine } = setup();
    await engine.recordOrder(ORDER, { idempotencyKey: 'k1' });
    await engine.recordContact(
      { id: 'ct1', customerId: 'c1', channel: 'email', kind: 'marketing', at: new Date('2026-03-02T09:00:00Z'), contentKey: 'welcome' },
      { idempotencyKey: 'contact-1' },
    );
    const data = await engine.exportCustomerData('c1');
    expect(data.contacts.map((c) => c.contentKey)).toEqual(['welcome']);
    const erased = await engine.eraseCustomer('c1');
    expect(erased).toMatchObject({ customerId: 'c1', entriesAnonymised: 1, contactsErased: 1 });
    expect((await engine.exportCustomerData('c1')).contacts).toEqual([]);
    expect((await engine.eraseCustomer('c1')).contactsErased).toBe(0);
  });
});
