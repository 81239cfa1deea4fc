// Coalition partner points (the seed's Payback / Miles & More): earning and redemption recorded
// in the ledger with the partner's terms, and the month's settlement read from the store.
// airline: earnRate 0.5 points per mile, redeemRate 2 miles per point, 0.008 € a point.
import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine, isFidelisError, manualClock, parseProgram } from '../../src/index.js';
import { engineBackends } from '../postgres/pglite-store.js';

const program = parseProgram({
  id: 'shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  expiry: { after: 'P24M', roundTo: 'month' },
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
  partners: [{ id: 'airline', name: 'Miles & More', earnRate: '0.5', redeemRate: '2', valuePerPoint: '0.008' }],
});
const march = { partner: 'airline', from: new Date('2026-03-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00') };

const backends = engineBackends('partners');

describe.each(backends)('partner points (%s)', (_name, open) => {
  it('earning and redemption carry the partner terms; March settles 5,750 earned against 1,000 redeemed: the partner pays 38.00 €', async () => {
    const clock = manualClock(new Date('2026-03-25T10:00:00Z'));
    const engine = createLoyaltyEngine({ store: await open(), programs: [program], clock });
    const first = await engine.recordPartnerEarning({ customerId: 'c1', partnerId: 'airline', units: 1500, at: '2026-03-02T10:00:00+01:00', reference: 'LH123' }, { idempotencyKey: 'air-LH123' });
    // 1,500 miles × 0.5 = 750 points, worth 750 × 0.008 = 6.00 €; expiry 24 months → end of March 2028 (CEST)
    expect(first).toMatchObject({ status: 'applied', customerId: 'c1', points: 750, reference: 'LH123', expiresAt: '2028-03-31T21:59:59.999Z',
      partner: { partnerId: 'airline', units: 1500, rate: '0.5', value: { amount: '6.00', currency: 'EUR' } } });
    expect((await engine.recordPartnerEarning({ customerId: 'c1', partnerId: 'airline', units: 1500, at: '2026-03-02T10:00:00+01:00', reference: 'LH123' }, { idempotencyKey: 'other-key' })).status).toBe('duplicate');
    await engine.recordPartnerEarning({ customerId: 'c2', partnerId: 'airline', units: 10_000, at: '2026-03-20T08:00:00Z', reference: 'LH777' }, { idempotencyKey: 'air-LH777' });
    await engine.recordPartnerEarning({ customerId: 'c1', partnerId: 'airline', units: 1000, at: '2026-04-02T08:00:00Z', reference: 'LH900' }, { idempotencyKey: 'air-LH900' }); // April
    expect((await engine.balance('c2')).active).toBe(5000);
    const miles = await engine.redeemAtPartner({ customerId: 'c2', partnerId: 'airline', points: 1000 }, { idempotencyKey: 'miles-1' });
    // 1,000 points × 2 = 2,000 miles delivered; worth 8.00 €
    expect(miles).toMatchObject({ status: 'applied', points: 1000, activeAfter: 4000, partner: { partnerId: 'airline', units: 2000, rate: '2', value: { amount: '8.00', currency: 'EUR' } } });
    const settlement = await engine.partnerSettlement(march);
    // (750 + 5,000 − 1,000) × 0.008 = 4,750 × 0.008 = 38.00 €, the partner pays
    expect(settlement).toEqual({ partnerId: 'airline', from: march.from, to: new Date(march.until.getTime() - 1), earnedPoints: 5750, redeemedPoints: 1000, partnerUnits: 2000, entries: 3,
      direction: 'partner-pays', amountDue: { amount: '38.00', currency: 'EUR' } });
    const events = (await engine.events.read()).events;
    expect(events.map((e) => [e.type, e.customerId, e.payload['partnerId'], e.payload['points']])).toEqual([
      ['points.earned', 'c1', 'airline', 750],
      ['points.earned', 'c2', 'airline', 5000],
      ['points.earned', 'c1', 'airline', 500],
      ['points.redeemed', 'c2', 'airline', 1000],
    ]);
    // erasure keeps the totals the partner is owed
    await engine.eraseCustomer('c1');
    expect(await engine.partnerSettlement(march)).toEqual(settlement);
  });

  it('an unknown partner, a bad unit count, too many points, a rate ≤ 0: coded errors naming the field, nothing written', async () => {
    const engine = createLoyaltyEngine({ store: await open(), programs: [program], clock: manualClock(new Date('2026-03-25T10:00:00Z')) });
    const unknown = await engine.recordPartnerEarning({ customerId: 'c1', partnerId: 'rail', units: 10, at: '2026-03-02T10:00:00Z', reference: 'r1' }, { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(isFidelisError(unknown, 'NOT_FOUND')).toBe(true);
    expect((unknown as Error).message).toBe('partnerId: no partner "rail" in program "shop"');
    for (const units of [0, -5, 1.5, Number.NaN]) {
      const bad = await engine.recordPartnerEarning({ customerId: 'c1', partnerId: 'airline', units, at: '2026-03-02T10:00:00Z', reference: 'r2' }, { idempotencyKey: `k-${units}` }).catch((e: unknown) => e);
      expect(isFidelisError(bad, 'VALIDATION_FAILED')).toBe(true);
      expect((bad as { details: { issues: { path: string }[] } }).details.issues[0]?.path).toBe('units');
    }
    const tooMany = await engine.redeemAtPartner({ customerId: 'c1', partnerId: 'airline', points: 10 }, { idempotencyKey: 'k9' }).catch((e: unknown) => e);
    expect(isFidelisError(tooMany, 'INSUFFICIENT_POINTS')).toBe(true);
    expect((await engine.balance('c1')).lifetime.earned).toBe(0);
    expect((await engine.events.read()).events).toEqual([]);
    const zeroRate = (() => {
      try {
        return parseProgram({ id: 'p', currency: 'EUR', timeZone: 'UTC', earnRules: [], partners: [{ id: 'x', earnRate: '0', redeemRate: '1', valuePerPoint: '0.01' }] });
      } catch (e) {
        return e;
      }
    })();
    expect(isFidelisError(zeroRate, 'VALIDATION_FAILED')).toBe(true);
    expect((zeroRate as Error).message).toBe('Invalid program: partners[0].earnRate: must be positive');
  });
});
