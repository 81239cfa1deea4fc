// Merchant statistics read from the store, on a small scripted history whose figures are worked
// out by hand below (Europe/Paris; 1 point per euro; 7 days pending to the next local midnight;
// points expire at the end of the month one month after earning; a stamp per order, 2 fill a
// card; silver from 50 points in the calendar year, gold from 170).
import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine, isFidelisError, manualClock, merchantDashboardSvg, parseProgram, parsePromotion, type Store } from '../../src/index.js';
import { engineBackends } from '../postgres/pglite-store.js';

const program = parseProgram({
  id: 'cafe',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  rounding: 'down',
  pending: 'P7D',
  expiry: { after: 'P1M', roundTo: 'month' },
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'card', kind: 'stamp-card', stampsRequired: 2, stampsPer: 'order', reward: { rewardId: 'free-coffee' } },
    { id: 'welcome', kind: 'signup-bonus', points: 50 },
  ],
  rewards: [{ id: 'free-coffee', cost: 1, effect: { type: 'product', sku: 'COFFEE' } }],
  partners: [{ id: 'airline', earnRate: '0.5', redeemRate: '2', valuePerPoint: '0.008' }],
  tiers: { basis: 'points', window: { calendar: 'year' }, review: 'year', levels: [{ id: 'silver', threshold: '50' }, { id: 'gold', threshold: '170' }] },
});
const spring = parsePromotion({ id: 'spring', name: '5 €', campaign: 'SPRING26', codes: ['SPRING26'], effect: { type: 'amount-off', amount: { EUR: '5.00' } } });
const welcome = parsePromotion({ id: 'welcome', name: '10 %', campaign: 'WELCOME', effect: { type: 'percent-off', percent: '10' }, limits: { perCode: 1 } });
const cart = { currency: 'EUR', lines: [{ id: 'l1', sku: 'SET', quantity: 1, unitPrice: '40.00' }] };

const from = new Date('2026-01-01T00:00:00+01:00');
const until = new Date('2026-04-01T00:00:00+02:00');
const monthStart = (m: string): Date => new Date(`2026-${m}-01T00:00:00+01:00`);

const order = (id: string, customerId: string, placedAt: string, ...amounts: string[]) => ({
  id,
  customerId,
  placedAt,
  currency: 'EUR',
  lines: amounts.map((unitPrice, i) => ({ id: `l${i + 1}`, sku: `S${i + 1}`, quantity: 1, unitPrice })),
});

const backends = engineBackends('stats');

/**
 * The history (Z times; the jobs run at local month starts, and write their activation and
 * expiry entries dated at the lot's `activatesAt` / `expiresAt`, not at the job's run):
 * - c4: 15 Nov order 30 € → 30, expires 31 Dec 2025 (before the window).
 * - c1: 10 Dec order 40 € → 40 (expires 31 Jan), first stamp of a card.
 * - c1: 5 Jan order 40 + 20 € → 60 (active 13 Jan, expires 28 Feb), second stamp: a card filled in 26 days; silver (60 ≥ 50).
 * - c1: 8 Jan return of the 20 € line → 20 reversed (the lot keeps 40, activated 13 Jan).
 * - c1: 20 Jan redeems 30: from the lot expiring first (31 Jan), whose last 10 expire on 31 Jan.
 *   The January lot's 40 expire on 28 Feb.
 * - c2: 3 Feb signup bonus 50 (expires 31 Mar); 10 Feb order 100 € → 100 (active 18 Feb, expires 31 Mar), first stamp; silver.
 * - c3: 2 Mar 200 airline miles × 0.5 = 100 points (expires 30 Apr).
 * - c1 uses the public code SPRING26 twice, c2 once; 5 WELCOME codes are issued, c3 uses one.
 * - c2: 12 Mar order 80 € → 80 (active 20 Mar, expires 30 Apr), second stamp: a card filled in 30 days; gold (≥ 170).
 * - c2: 20 Mar redeems 120: the signup 50 and 70 of the February lot (both expire 31 Mar, oldest first).
 * - c2: 25 Mar reserves 20 for a checkout and releases them: burned net 0. The February lot's last 30 expire on 31 Mar.
 */
async function scriptedHistory(store: Store) {
  const clock = manualClock(new Date('2025-11-15T10:00:00Z'));
  const engine = createLoyaltyEngine({ store, clock, programs: [program], promotions: { promotions: [spring, welcome], timeZone: 'Europe/Paris' } });
  const at = (iso: string): void => clock.set(new Date(iso));
  const jobs = async (iso: string): Promise<void> => {
    at(iso);
    await engine.activatePending(new Date(iso));
    await engine.expirePoints(new Date(iso));
  };
  const coupon = async (checkoutId: string, customerId: string, codes: string[]): Promise<void> => {
    const evaluation = await engine.evaluateCheckout({ cart, codes });
    await engine.commitCoupons(await engine.reserveCoupons({ checkoutId, evaluation, customerId }));
  };
  await engine.recordOrder(order('o4', 'c4', '2025-11-15T10:00:00Z', '30.00'), { idempotencyKey: 'o4' });
  at('2025-12-10T10:00:00Z');
  await engine.recordOrder(order('o0', 'c1', '2025-12-10T10:00:00Z', '40.00'), { idempotencyKey: 'o0' });
  await jobs('2025-12-20T10:00:00Z');
  await jobs('2025-12-31T23:00:00Z');
  at('2026-01-05T10:00:00Z');
  await engine.recordOrder(order('o1', 'c1', '2026-01-05T10:00:00Z', '40.00', '20.00'), { idempotencyKey: 'o1' });
  at('2026-01-08T10:00:00Z');
  await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-01-08T10:00:00Z', lines: [{ lineId: 'l2', quantity: 1 }] }, { idempotencyKey: 'r1' });
  at('2026-01-20T10:00:00Z');
  await engine.redeemPoints('c1', 30, { idempotencyKey: 'burn-c1', reason: 'reward' });
  await jobs('2026-01-31T23:00:00Z');
  at('2026-02-03T10:00:00Z');
  await engine.awardBonus({ kind: 'signup', customerId: 'c2' }, { idempotencyKey: 'signup-c2' });
  at('2026-02-10T10:00:00Z');
  await engine.recordOrder(order('o2', 'c2', '2026-02-10T10:00:00Z', '100.00'), { idempotencyKey: 'o2' });
  await jobs('2026-02-28T23:00:00Z');
  at('2026-03-02T10:00:00Z');
  await engine.recordPartnerEarning({ customerId: 'c3', partnerId: 'airline', units: 200, at: '2026-03-02T10:00:00Z', reference: 'LH1' }, { idempotencyKey: 'air-LH1' });
  await engine.issueCodes({ promotionId: 'welcome', count: 5, pattern: '####-####', idempotencyKey: 'mailing' });
  const [welcomeCode] = await engine.issuedCodes('mailing');
  await coupon('co-1', 'c1', ['spring26']);
  at('2026-03-05T10:00:00Z');
  await coupon('co-2', 'c1', ['SPRING26']);
  await coupon('co-3', 'c2', ['SPRING26']);
  await coupon('co-4', 'c3', [welcomeCode as string]);
  at('2026-03-12T10:00:00Z');
  await engine.recordOrder(order('o3', 'c2', '2026-03-12T10:00:00Z', '80.00'), { idempotencyKey: 'o3' });
  at('2026-03-20T10:00:00Z');
  await engine.redeemPoints('c2', 120, { idempotencyKey: 'burn-c2', reason: 'reward' });
  at('2026-03-25T10:00:00Z');
  await engine.reservePoints('c2', 20, { checkoutId: 'chk-1', idempotencyKey: 'hold-c2' });
  at('2026-03-25T10:05:00Z');
  await engine.releasePoints('c2', 'chk-1', { idempotencyKey: 'release-c2' });
  await jobs('2026-03-31T22:00:00Z');
  return engine;
}

const zero = { orders: 0, bonuses: 0, partners: 0 };

describe.each(backends)('merchantStatistics (%s)', (_name, open) => {
  it('the scripted first quarter of 2026, worked out by hand', async () => {
    const engine = await scriptedHistory(await open());
    const s = await engine.merchantStatistics({ from, until });
    expect(s.programId).toBe('cafe');
    // members: all four have a ledger; active (earning or burn in the quarter): c1, c2, c3 (not c4); new: c2 (Feb), c3 (Mar)
    expect(s.members).toEqual({ total: 4, active: 3, new: 2 });
    // before 1 Jan: c4's 30 (expired) and c1's 40
    expect(s.totalAtStart).toBe(40);
    expect(s.months).toEqual([
      // January: 60 issued, 40 of them activated; 30 burned, 10 expired, 20 reversed → 60 − 30 − 10 − 20 = 0; total 40
      { month: '2026-01', issued: { ...zero, orders: 60, total: 60 }, activated: 40, burned: 30, expired: 10, reversed: 20, adjusted: 0, net: 0, totalAtEnd: 40, activeMembers: 1, newMembers: 0 },
      // February: order 100 (activated) and signup 50 (active at once: no marker); 40 expired → 110; total 150
      { month: '2026-02', issued: { orders: 100, bonuses: 50, partners: 0, total: 150 }, activated: 100, burned: 0, expired: 40, reversed: 0, adjusted: 0, net: 110, totalAtEnd: 150, activeMembers: 1, newMembers: 1 },
      // March: order 80 (activated) and 100 partner points; 120 + 20 − 20 burned; 30 expired → 180 − 120 − 30 = 30; total 180
      { month: '2026-03', issued: { orders: 80, bonuses: 0, partners: 100, total: 180 }, activated: 80, burned: 120, expired: 30, reversed: 0, adjusted: 0, net: 30, totalAtEnd: 180, activeMembers: 2, newMembers: 1 },
    ]);
    // 40 at the start + 140 = 180 at the end: c2 80, c3 100
    expect(s.totals).toEqual({ issued: { orders: 240, bonuses: 50, partners: 100, total: 390 }, activated: 220, burned: 150, expired: 80, reversed: 20, adjusted: 0, net: 140 });
    // lots expiring in the quarter: c1 40 (31 Jan) + 60 (28 Feb), c2 50 + 100 (31 Mar) = 250; they expired 10 + 40 + 0 + 30 = 80
    expect(s.breakage).toEqual({ numerator: 80, denominator: 250, value: '0.3200' });
    // 150 / 390 = 0.384615…
    expect(s.redemption).toEqual({ numerator: 150, denominator: 390, value: '0.3846' });
    // cards: c1 10 Dec → 5 Jan (26 days), c2 10 Feb → 12 Mar (30 days)
    expect(s.stampCards).toEqual([{ ruleId: 'card', completed: 2, meanDays: '28.00', medianDays: '28.00' }]);
    expect(s.tiers).toEqual([
      { month: '2026-01', at: monthStart('02'), tiers: { silver: 1 }, untiered: 1 }, // c1 silver, c4 none; c2 and c3 not yet members
      { month: '2026-02', at: monthStart('03'), tiers: { silver: 2 }, untiered: 1 },
      { month: '2026-03', at: until, tiers: { gold: 1, silver: 1 }, untiered: 2 },
    ]);
    // SPRING26: one public code, 3 redemptions by 2 customers; WELCOME: 5 codes issued, 1 redeemed
    expect(s.coupons.map((c) => [c.campaign, c.issued, c.sharedCodes, c.redeemers, c.redeemed])).toEqual([
      ['SPRING26', 0, 1, 2, 3],
      ['WELCOME', 5, 0, 1, 1],
    ]);
  });

  it('the dashboard: three monthly series of three bars, one tier stack per tier and one for no tier, axis and month labels, the rates', async () => {
    const engine = await scriptedHistory(await open());
    const svg = merchantDashboardSvg(await engine.merchantStatistics({ from, until }));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="merchant-dashboard"')).toBe(true);
    expect(svg).toContain('2026-01-01 to 2026-03-31 (Europe/Paris) · 4 members, 3 active, 2 new'); // local days, until exclusive
    const groups = [...svg.matchAll(/<g class="(series|tier) ([^"]+)"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => [m[1], m[2], (m[3]?.match(/<rect /g) ?? []).length]);
    expect(groups).toEqual([
      ['series', 'issued', 3],
      ['series', 'burned', 3],
      ['series', 'expired', 3],
      ['tier', 'gold', 3],
      ['tier', 'silver', 3],
      ['tier', 'untiered', 3],
    ]);
    expect([...svg.matchAll(/class="axis-label"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['Points', 'Customers']);
    expect([...svg.matchAll(/<g class="months"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => [...(m[1] ?? '').matchAll(/<text [^>]*>([^<]+)</g)].map((x) => x[1]))).toEqual([
      ['2026-01', '2026-02', '2026-03'],
      ['2026-01', '2026-02', '2026-03'],
    ]);
    // bar heights follow the values: March issued 180 is the tallest bar (the axis top)
    expect(svg).toContain('<title>2026-03 issued: 180</title>');
    expect(svg).toContain('38.46 % (150 / 390)');
    expect(svg).toContain('32.00 % (80 / 250)');
    expect(svg).toContain('1 codes, 2 redeemers, 3 uses');
  });

  it('a window that is not a period, an unknown program: coded errors naming the field', async () => {
    const engine = createLoyaltyEngine({ store: await open(), programs: [program] });
    const backwards = await engine.merchantStatistics({ from: until, until: from }).catch((e: unknown) => e);
    expect(isFidelisError(backwards, 'VALIDATION_FAILED')).toBe(true);
    expect((backwards as Error).message).toBe('until: must be after from (2026-03-31T22:00:00.000Z), got 2025-12-31T23:00:00.000Z');
    const bad = await engine.merchantStatistics({ from: new Date('nope'), until }).catch((e: unknown) => e);
    expect((bad as Error).message).toBe('from: must be a valid Date');
    const unknown = await engine.merchantStatistics({ from, until, programId: 'other' }).catch((e: unknown) => e);
    expect(isFidelisError(unknown, 'NOT_FOUND')).toBe(true);
  });
});
