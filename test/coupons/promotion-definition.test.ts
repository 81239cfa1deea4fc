import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FidelisError } from '../../src/core/errors.js';
import { allocate, allocateMinorUnits, Money } from '../../src/core/money.js';
import { Decimal, roundDecimal, roundRatio, ROUNDING_MODES } from '../../src/core/decimal.js';
import { PromotionDefinition, parsePromotion, parsePromotions, usagePeriodKey } from '../../src/coupons/index.js';

function issues(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof FidelisError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('parsePromotion', () => {
  it('fills the defaults', () => {
    const p = parsePromotion({ id: 'p', name: 'P', effect: { type: 'percent-off', percent: '10' } });
    expect(p).toMatchObject({
      activation: 'code',
      codes: [],
      priority: 0,
      exclusive: false,
      stacking: { mode: 'stackable' },
      rounding: 'half-up',
      limits: {},
      onReturn: { usage: 'restore', voucher: 'restore' },
      effect: { type: 'percent-off', percent: '10', target: 'order', basis: 'discounted' },
    });
  });
  it('names every problem with its path', () => {
    const found = issues(() =>
      parsePromotion({
        id: 'p',
        name: 'P',
        effect: { type: 'tiers', tiers: [{ from: { EUR: '50' }, amountOff: { EUR: '10.005' } }, { from: { JPY: '1.5' }, percentOff: '150' }] },
        minimumOrder: { KWD: '1.0001' },
        conditions: { all: [{ fact: 'order.totl', operator: 'equal', value: 1 }] },
        validFrom: '2026-12-31',
        validUntil: '2026-01-01',
      }),
    );
    const paths = found.map((f) => f.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'effect.tiers[1].percentOff',
        'minimumOrder.KWD',
        'effect.tiers[0].amountOff.EUR',
        'effect.tiers[1].from.JPY',
        'conditions.all[0].fact',
        'validUntil',
      ]),
    );
  });
  it('rejects unknown fields and effect types', () => {
    expect(issues(() => parsePromotion({ id: 'p', name: 'P', effect: { type: 'magic' }, colour: 'red' })).length).toBeGreaterThanOrEqual(2);
  });
  it('checks a list: unique ids and agreeing group modes', () => {
    const base = { name: 'P', effect: { type: 'free-shipping' } };
    const found = issues(() =>
      parsePromotions([
        { ...base, id: 'a', stacking: { group: 'g', mode: 'best-of' } },
        { ...base, id: 'a', stacking: { group: 'g', mode: 'first-match' } },
        { ...base, id: 'c', effect: { type: 'percent-off', percent: '0' } },
      ]),
    );
    expect(found.map((f) => f.split(':')[0])).toEqual(['[2].effect.percent', '[1].id', '[1].stacking.mode']);
  });
  it('publishes a JSON Schema', async () => {
    const { z } = await import('zod');
    const schema = z.toJSONSchema(PromotionDefinition, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['effect', 'limits', 'stacking', 'validUntil']));
  });
});

describe('usagePeriodKey', () => {
  it.each([
    ['2026-12-31T23:30:00Z', 'day', '2027-01-01'],
    ['2026-12-31T23:30:00Z', 'month', '2027-01'],
    ['2027-01-01T12:00:00Z', 'week', '2026-W53'], // Friday of ISO week 53 of 2026
    ['2027-01-04T12:00:00Z', 'week', '2027-W01'], // Monday
    ['2026-01-01T12:00:00Z', 'week', '2026-W01'], // Thursday
    ['2025-12-29T12:00:00Z', 'week', '2026-W01'], // Monday of 2026-W01
  ] as const)('%s %s → %s (Paris)', (iso, period, key) => {
    expect(usagePeriodKey(new Date(iso), 'Europe/Paris', period)).toBe(key);
  });
});

describe('core helpers used by the evaluation (checked against a second method)', () => {
  it('allocateMinorUnits matches allocate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 25 }), (units, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const expected = allocate(Money.fromMinorUnits(units, 'EUR'), weights).map((m) => Number(m.toMinorUnits()));
        expect(allocateMinorUnits(units, weights)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
    // Beyond 2^53 it switches to bigint and still agrees.
    expect(allocateMinorUnits(9_000_000_000_000, [3, 3, 3_000_000_000_001])).toEqual(
      allocate(Money.fromMinorUnits(9_000_000_000_000n, 'EUR'), [3, 3, 3_000_000_000_001]).map((m) => Number(m.toMinorUnits())),
    );
  });
  it('roundRatio matches roundDecimal', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...ROUNDING_MODES), (n, d, mode) => {
        expect(roundRatio(n, d, mode)).toBe(roundDecimal(new Decimal(n).dividedBy(d), 0, mode).toNumber());
      }),
      { numRuns: 1000 },
    );
    // Exact halves: 2.5 and 3.5
    expect(['half-up', 'half-even', 'down', 'up'].map((m) => roundRatio(25, 10, m as 'up'))).toEqual([3, 2, 2, 3]);
    expect(roundRatio(35, 10, 'half-even')).toBe(4);
});
});
