import { describe, expect, it } from 'vitest';
import {
  capWindow,
  evaluateSignup,
  evaluateTier,
  expiresAt,
  parseProgram,
  partnerEarnPoints,
  partnerRedeemUnits,
  partnerSettlement,
  pendingUntil,
  pointsPaymentQuote,
  pointsValue,
} from '../../src/rules/index.js';

const program = parseProgram({
  id: 'p',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  pending: 'P14D',
  expiry: { after: 'P12M', roundTo: 'month' },
  tiers: {
    basis: 'points',
    window: { calendar: 'year' },
    review: 'year',
    grace: 'P1M',
    levels: [{ id: 'member', threshold: '0' }, { id: 'silver', threshold: '500' }, { id: 'gold', threshold: '1000', multiplier: '1.5' }],
  },
  pointsPayment: { valuePerPoint: '0.01', minPoints: 100, maxShare: '0.5' },
  partners: [{ id: 'air', earnRate: '0.5', redeemRate: '2', valuePerPoint: '0.008' }],
  earnRules: [{ id: 'welcome', kind: 'signup-bonus', points: 100, caps: { budget: 1000 } }],
});

describe('pending and expiry', () => {
  it('activates at the end of the local day the return window ends', () => {
    // 1 March 10:00 Paris + 14 days = 15 March; active from 16 March 00:00 Paris (UTC+1)
    expect(pendingUntil(program, new Date('2026-03-01T09:00:00Z')).toISOString()).toBe('2026-03-15T23:00:00.000Z');
    // Across the DST change (29 March): 20 March + 14 days = 3 April; 4 April 00:00 Paris is UTC+2
    expect(pendingUntil(program, new Date('2026-03-20T12:00:00Z')).toISOString()).toBe('2026-04-03T22:00:00.000Z');
    expect(pendingUntil({ timeZone: 'Europe/Paris' }, new Date('2026-03-01T09:00:00Z')).toISOString()).toBe('2026-03-01T09:00:00.000Z');
  });
  it('expires after the duration, rounded to the end of the local month', () => {
    expect(expiresAt(program, new Date('2026-03-10T09:00:00Z'))?.toISOString()).toBe('2027-03-31T21:59:59.999Z');
    // 22:30 UTC on 31 December is 23:30 in Paris, still 2026: expiry at the end of December 2027
    expect(expiresAt(program, new Date('2026-12-31T22:30:00Z'))?.toISOString()).toBe('2027-12-31T22:59:59.999Z');
    expect(expiresAt({ timeZone: 'Europe/Paris', expiry: 'never' }, new Date())).toBeNull();
  });
  it('cap windows are local periods', () => {
    const w = capWindow(program, new Date('2026-03-07T10:00:00Z'), 'week');
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual(['2026-03-01T23:00:00.000Z', '2026-03-08T22:59:59.999Z']);
    const q = capWindow(program, new Date('2026-05-07T10:00:00Z'), 'quarter');
    expect([q.from.toISOString(), q.to.toISOString()]).toEqual(['2026-03-31T22:00:00.000Z', '2026-06-30T21:59:59.999Z']);
  });
});

describe('evaluateTier', () => {
  const at = (iso: string) => new Date(iso);
  it('upgrades immediately when the window value reaches a higher level', () => {
    const d = evaluateTier(program, { currentTierId: 'silver', since: at('2026-01-10T00:00:00Z'), activity: [{ at: at('2026-02-01T10:00:00Z'), points: 600 }, { at: at('2026-05-01T10:00:00Z'), points: 450 }] }, at('2026-05-01T12:00:00Z'));
    expect(d).toMatchObject({ tierId: 'gold', change: 'upgrade', qualifyingValue: '1050' });
    expect(d.effectiveAt.toISOString()).toBe('2026-05-01T12:00:00.000Z');
  });
  it('keeps the tier during the grace period after a failed review, then downgrades', () => {
    // gold since 2025-06; 2025 earned 700 (silver level); 2026 nothing yet
    const history = { currentTierId: 'gold', since: at('2025-06-01T00:00:00Z'), activity: [{ at: at('2025-03-01T10:00:00Z'), points: 700 }] };
    const during = evaluateTier(program, history, at('2026-01-15T12:00:00Z'));
    expect(during).toMatchObject({ tierId: 'gold', change: 'keep', pendingDowngrade: { tierId: 'silver' } });
    // review at the end of 2025 (Paris), grace P1M → 1 February 2026 00:00 Paris
    expect(during.pendingDowngrade?.at.toISOString()).toBe('2026-01-31T23:00:00.000Z');
    const after = evaluateTier(program, history, at('2026-02-01T08:00:00Z'));
    expect(after).toMatchObject({ tierId: 'silver', change: 'downgrade' });
    expect(after.effectiveAt.toISOString()).toBe('2026-01-31T23:00:00.000Z');
    // once recorded (since after the review), nothing more happens until the next review
    expect(evaluateTier(program, { ...history, currentTierId: 'silver', since: after.effectiveAt }, at('2026-06-01T00:00:00Z')).change).toBe('keep');
  });
  it('enters the first level and reports what is missing to the next', () => {
    const d = evaluateTier(program, { activity: [{ at: at('2026-02-01T10:00:00Z'), points: 120 }] }, at('2026-02-02T00:00:00Z'));
    expect(d).toMatchObject({ tierId: 'member', change: 'enter', next: { tierId: 'silver', remaining: '380' } });
  });
});

describe('points as payment', () => {
  it('limits points by balance, maximum share and minimum', () => {
    expect(pointsPaymentQuote(program, '80.00', 5000)).toEqual({ available: true, minPoints: 100, maxPoints: 4000, maxAmount: { amount: '40.00', currency: 'EUR' }, valuePerPoint: '0.01' });
    expect(pointsPaymentQuote(program, '80.00', 1234)).toMatchObject({ available: true, maxPoints: 1234, maxAmount: { amount: '12.34', currency: 'EUR' } });
    expect(pointsPaymentQuote(program, '80.00', 99)).toMatchObject({ available: false, reason: 'the balance 99 is below the minimum of 100 points' });
    expect(pointsPaymentQuote(program, '1.50', 5000)).toMatchObject({ available: false, maxPoints: 75 });
    expect(pointsValue(program, 1999).toString()).toBe('19.99 EUR');
  });
});

describe('partners', () => {
  it('converts and settles per partner and period', () => {
    expect(partnerEarnPoints(program, 'air', 1501)).toBe(750); // 750.5 rounded down
    expect(partnerRedeemUnits(program, 'air', 1000)).toBe(2000);
    const entries = [
      { partnerId: 'air', kind: 'earn' as const, points: 10_000, at: new Date('2026-03-05T10:00:00Z') },
      { partnerId: 'air', kind: 'redeem' as const, points: 6_000, at: new Date('2026-03-20T10:00:00Z') },
      { partnerId: 'air', kind: 'earn' as const, points: 999, at: new Date('2026-04-01T10:00:00Z') },
      { partnerId: 'rail', kind: 'earn' as const, points: 5, at: new Date('2026-03-05T10:00:00Z') },
    ];
    const s = partnerSettlement(program, 'air', entries, { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-31T23:59:59Z') });
    // (10 000 − 6 000) × 0.008 = 32.00 EUR owed by the partner
    expect(s).toMatchObject({ earnedPoints: 10_000, redeemedPoints: 6_000, partnerUnits: 12_000, entries: 2, direction: 'partner-pays', amountDue: { amount: '32.00', currency: 'EUR' } });
    expect(() => partnerSettlement(program, 'sea', entries, { from: new Date(0), to: new Date(1) })).toThrow(/partnerId/);
  });
});

describe('signup', () => {
  it('pays signup bonuses within their budget', () => {
    expect(evaluateSignup(program)).toEqual({ totalPoints: 100, byRule: [{ ruleId: 'welcome', points: 100 }] });
    expect(evaluateSignup(program, { welcome: 950 })).toEqual({ totalPoints: 50, byRule: [{ ruleId: 'welcome', points: 50 }] });
    expect(evaluateSignup(program, { welcome: 1000 }).totalPoints).toBe(0);
  });
});
