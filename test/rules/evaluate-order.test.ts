import { describe, expect, it } from 'vitest';
import { parseOrder } from '../../src/core/index.js';
import { type EvaluationContext, evaluateOrder, explainOrder, parseProgram } from '../../src/rules/index.js';

const base = { id: 'p', currency: 'EUR', timeZone: 'Europe/Paris' };
const program = (extra: Record<string, unknown>) => parseProgram({ ...base, ...extra });
// Saturday 7 March 2026, 11:00 in Paris.
const order = (lines: { id: string; price: string; qty?: number; cats?: string[]; discount?: string }[], placedAt = '2026-03-07T10:00:00Z') =>
  parseOrder({
    id: 'o1',
    customerId: 'c1',
    placedAt,
    currency: 'EUR',
    lines: lines.map((l) => ({ id: l.id, sku: `SKU-${l.id}`, quantity: l.qty ?? 1, unitPrice: l.price, categories: l.cats ?? [], ...(l.discount ? { discount: l.discount } : {}) })),
  });
const customer = { id: 'c1', joinedAt: new Date('2025-01-01T00:00:00Z'), birthDate: '1990-03-20', stats: { orderCount: 3 } };
const ctx = (o: ReturnType<typeof order>, extra: Partial<EvaluationContext> = {}): EvaluationContext => ({ now: o.placedAt, customer, ...extra });

describe('points per currency unit', () => {
  it('applies the rounding mode to the eligible amount', () => {
    // 48.50 EUR at 1 point per euro = 48.5 points
    const o = order([{ id: 'l1', price: '8.50' }, { id: 'l2', price: '40.00' }]);
    const points = (rounding: string) => evaluateOrder(program({ rounding, earnRules: [{ id: 'b', kind: 'points-per-unit', rate: '1' }] }), o, ctx(o)).totalPoints;
    expect(points('down')).toBe(48);
    expect(points('up')).toBe(49);
    expect(points('half-up')).toBe(49);
    expect(points('half-even')).toBe(48);
  });
  it('rates with decimals and zero-decimal currencies are exact', () => {
    // 10.10 × 2.5 = 25.25 points
    const o = order([{ id: 'l1', price: '10.10' }]);
    const p = (rounding: string) => evaluateOrder(program({ rounding, earnRules: [{ id: 'b', kind: 'points-per-unit', rate: '2.5' }] }), o, ctx(o)).totalPoints;
    expect([p('down'), p('up'), p('half-up'), p('half-even')]).toEqual([25, 26, 25, 25]);
    // 1250 JPY at 0.01 point per yen = 12.5 points
    const jpy = parseProgram({ id: 'j', currency: 'JPY', timeZone: 'Asia/Tokyo', rounding: 'half-even', earnRules: [{ id: 'b', kind: 'points-per-unit', rate: '0.01' }] });
    const jo = parseOrder({ id: 'o', customerId: 'c', placedAt: '2026-03-07T10:00:00Z', currency: 'JPY', lines: [{ id: 'l', sku: 'A', quantity: 1, unitPrice: '1250' }] });
    expect(evaluateOrder(jpy, jo, { now: jo.placedAt }).totalPoints).toBe(12);
  });
  it('is net of line discounts by default, gross on request', () => {
    const o = order([{ id: 'l1', price: '41.00', discount: '1.01' }]);
    const net = evaluateOrder(program({ earnRules: [{ id: 'b', kind: 'points-per-unit', rate: '1' }] }), o, ctx(o));
    const gross = evaluateOrder(program({ earnRules: [{ id: 'b', kind: 'points-per-unit', rate: '1', base: 'gross' }] }), o, ctx(o));
    expect(net.totalPoints).toBe(39);
    expect(gross.totalPoints).toBe(41);
  });
  it('earns nothing on an order in another currency, and says why', () => {
    const p = program({ earnRules: [{ id: 'b', kind: 'points-per-unit', rate: '1' }] });
    const o = parseOrder({ id: 'o', customerId: 'c', placedAt: '2026-03-07T10:00:00Z', currency: 'USD', lines: [{ id: 'l', sku: 'A', quantity: 1, unitPrice: '10' }] });
    const r = evaluateOrder(p, o, { now: o.placedAt });
    expect(r.totalPoints).toBe(0);
    expect(r.trace[0]).toMatchObject({ status: 'currency-mismatch' });
  });
});

describe('multipliers, thresholds, caps', () => {
  const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' };
  it('multipliers add (factor − 1) × base points of their lines, and compose additively', () => {
    // base: l1 tea 9.00 → 9, l2 39.99 → 39 (48.99 → 48 rounded down, split 9/39)
    const o = order([{ id: 'l1', price: '4.50', qty: 2, cats: ['tea'] }, { id: 'l2', price: '39.99' }]);
    const r = evaluateOrder(
      program({
        earnRules: [
          { id: 'base', kind: 'points-per-unit', rate: '1' },
          { id: 'tea-x2', kind: 'multiplier', factor: '2', eligibleLines: tea },
          { id: 'weekend-x3', kind: 'multiplier', factor: '3', conditions: { fact: 'order.weekday', operator: 'in', value: [6, 7] } },
        ],
      }),
      o,
      ctx(o),
    );
    // tea ×2: +9 on l1; weekend ×3: +2 × 48 = +96 split 18/78
    expect(r.byRule).toEqual([
      { ruleId: 'base', kind: 'points-per-unit', points: 48 },
      { ruleId: 'tea-x2', kind: 'multiplier', points: 9 },
      { ruleId: 'weekend-x3', kind: 'multiplier', points: 96 },
    ]);
    expect(r.totalPoints).toBe(153);
    expect(r.lines.map((l) => l.points)).toEqual([36, 117]);
  });
  it('appliesTo limits a multiplier to the points of the named base rules', () => {
    // base 1/EUR on 20.00 = 20; tea 0.5/EUR on the tea line 10.00 = 5; ×3 on 'tea' only: +10
    const o = order([{ id: 'l1', price: '10.00', cats: ['tea'] }, { id: 'l2', price: '10.00' }]);
    const r = evaluateOrder(
      program({
        earnRules: [
          { id: 'base', kind: 'points-per-unit', rate: '1' },
          { id: 'tea', kind: 'points-per-unit', rate: '0.5', eligibleLines: tea },
          { id: 'tea-x3', kind: 'multiplier', factor: '3', appliesTo: ['tea'] },
        ],
      }),
      o,
      ctx(o),
    );
    expect(r.byRule.map((a) => [a.ruleId, a.points])).toEqual([['base', 20], ['tea', 5], ['tea-x3', 10]]);
    expect(r.lines.map((l) => l.points)).toEqual([25, 10]);
  });
  it('tier multipliers apply to members of the tier', () => {
    const o = order([{ id: 'l1', price: '100.00' }]);
    const p = program({
      tiers: { basis: 'points', window: { calendar: 'year' }, levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '1000', multiplier: '1.25' }] },
      earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
    });
    expect(evaluateOrder(p, o, ctx(o, { customer: { ...customer, tier: 'gold' } })).totalPoints).toBe(125);
    expect(evaluateOrder(p, o, ctx(o, { customer: { ...customer, tier: 'member' } })).totalPoints).toBe(100);
  });
  it('threshold bonuses pay the highest step reached, exactly at the boundary', () => {
    const p = program({ earnRules: [{ id: 'big', kind: 'threshold-bonus', steps: [{ minAmount: '50.00', points: 10 }, { minAmount: '100.00', points: 30 }] }] });
    const at = (price: string) => {
      const o = order([{ id: 'l1', price }]);
      return evaluateOrder(p, o, ctx(o));
    };
    expect(at('49.99').totalPoints).toBe(0);
    expect(at('49.99').trace[0]).toMatchObject({ status: 'below-threshold', reason: 'eligible amount 49.99 EUR is below the first step 50.00 EUR' });
    expect(at('50.00').totalPoints).toBe(10);
    expect(at('99.99').totalPoints).toBe(10);
    expect(at('100.00').totalPoints).toBe(30);
  });
  it('caps per order, per day and budget limit the points and say which cap', () => {
    const o = order([{ id: 'l1', price: '48.00' }]);
    const p = program({
      earnRules: [
        { id: 'a', kind: 'points-per-unit', rate: '1', caps: { perOrder: 30 } },
        { id: 'b', kind: 'points-per-unit', rate: '1', caps: { perDay: 100 } },
        { id: 'c', kind: 'points-per-unit', rate: '1', caps: { budget: 1000, perCustomer: 500 } },
      ],
    });
    const r = evaluateOrder(p, o, ctx(o, { usage: { b: { day: 90 }, c: { budget: 1000, customer: 10 } } }));
    expect(r.byRule).toEqual([
      { ruleId: 'a', kind: 'points-per-unit', points: 30 },
      { ruleId: 'b', kind: 'points-per-unit', points: 10 },
    ]);
    const byId = Object.fromEntries(r.trace.map((t) => [t.ruleId, t]));
    expect(byId['a']).toMatchObject({ status: 'capped', cap: { uncapped: 48, allowed: 30, limitedBy: 'perOrder' } });
    expect(byId['b']).toMatchObject({ status: 'capped', cap: { uncapped: 48, allowed: 10, limitedBy: 'perDay' } });
    expect(byId['c']).toMatchObject({ status: 'cap-reached', points: 0, cap: { limitedBy: 'budget' } });
  });
});

describe('stacking', () => {
  const bonus = (id: string, points: number, priority = 0, group?: string) => ({ id, kind: 'fixed-bonus', points, priority, ...(group ? { group } : {}) });
  it('an exclusive group applies only its first rule by priority, ties by id', () => {
    const o = order([{ id: 'l1', price: '10.00' }]);
    const p = program({
      groups: [{ id: 'promo', mode: 'exclusive' }, { id: 'extra', mode: 'stackable' }],
      earnRules: [bonus('z-low', 5, 1, 'promo'), bonus('b-high', 20, 5, 'promo'), bonus('a-high', 30, 5, 'promo'), bonus('x', 1, 0, 'extra'), bonus('y', 2, 0, 'extra')],
    });
    const r = evaluateOrder(p, o, ctx(o));
    // priority 5 ties between a-high and b-high: a-high wins by id
    expect(r.byRule.map((a) => a.ruleId)).toEqual(['a-high', 'x', 'y']);
    expect(r.totalPoints).toBe(33);
    expect(r.trace.find((t) => t.ruleId === 'b-high')).toMatchObject({ status: 'superseded', reason: 'exclusive group promo: rule a-high applied first' });
  });
  it('a rule whose cap is exhausted does not take the group', () => {
    const o = order([{ id: 'l1', price: '10.00' }]);
    const p = program({
      groups: [{ id: 'promo', mode: 'exclusive' }],
      earnRules: [{ ...bonus('first', 50, 9, 'promo'), caps: { perCustomer: 100 } }, bonus('second', 7, 1, 'promo')],
    });
    expect(evaluateOrder(p, o, ctx(o, { usage: { first: { customer: 100 } } })).byRule.map((a) => a.ruleId)).toEqual(['second']);
    expect(evaluateOrder(p, o, ctx(o, { usage: { first: { customer: 80 } } })).byRule).toEqual([{ ruleId: 'first', kind: 'fixed-bonus', points: 20 }]);
  });
  it('a rule whose conditions fail does not take the group', () => {
    const o = order([{ id: 'l1', price: '10.00' }]);
    const p = program({
      groups: [{ id: 'promo', mode: 'exclusive' }],
      earnRules: [{ ...bonus('first', 50, 9, 'promo'), conditions: { fact: 'order.channel', operator: 'equal', value: 'app' } }, bonus('second', 7, 1, 'promo')],
    });
    expect(evaluateOrder(p, o, ctx(o)).totalPoints).toBe(7);
  });
});

describe('customer bonuses', () => {
  it('first-order bonus only on the first order of a known customer', () => {
    const p = program({ earnRules: [{ id: 'welcome', kind: 'first-order-bonus', points: 100 }] });
    const o = order([{ id: 'l1', price: '10.00' }]);
    expect(evaluateOrder(p, o, ctx(o, { customer: { ...customer, stats: { orderCount: 0 } } })).totalPoints).toBe(100);
    const second = evaluateOrder(p, o, ctx(o));
    expect(second.totalPoints).toBe(0);
    expect(second.trace[0]).toMatchObject({ status: 'not-first-order', reason: 'not a first order: the customer has 3 earlier order(s)' });
    expect(evaluateOrder(p, o, { now: o.placedAt }).trace[0]?.status).toBe('no-customer');
  });
  it('birthday bonus in the birthday month, week or day', () => {
    const o = order([{ id: 'l1', price: '10.00' }]); // Saturday 7 March 2026
    const p = (period: string) => program({ earnRules: [{ id: 'bday', kind: 'birthday-bonus', points: 200, period }] });
    expect(evaluateOrder(p('month'), o, ctx(o)).totalPoints).toBe(200); // born 20 March
    expect(evaluateOrder(p('week'), o, ctx(o)).totalPoints).toBe(0);
    expect(evaluateOrder(p('week'), o, ctx(o, { customer: { ...customer, birthDate: '1985-03-02' } })).totalPoints).toBe(200); // Monday of that week
    const miss = evaluateOrder(p('day'), o, ctx(o));
    expect(miss.trace[0]).toMatchObject({ status: 'not-birthday', reason: 'birthday 1990-03-20 is not in the day of the order (2026-03-07)' });
  });
  it('stamp cards add stamps, fill cards and unlock rewards', () => {
    const p = program({
      rewards: [{ id: 'free-tea', cost: 1, effect: { type: 'product', sku: 'TEA-1' } }],
      earnRules: [{ id: 'card', kind: 'stamp-card', stampsRequired: 10, stampsPer: 'line', reward: { rewardId: 'free-tea' } }],
    });
    const o = order([{ id: 'l1', price: '1.00' }, { id: 'l2', price: '1.00' }, { id: 'l3', price: '1.00' }]);
    const r = evaluateOrder(p, o, ctx(o, { stamps: { card: 8 } }));
    expect(r.stamps).toEqual([{ ruleId: 'card', before: 8, added: 3, after: 1, completedCards: 1, per: 'line', lines: { l1: 1, l2: 1, l3: 1 } }]);
    expect(r.rewardsUnlocked).toEqual([{ ruleId: 'card', rewardId: 'free-tea', count: 1 }]);
  });
  it('referral payouts are scheduled at the end of the return window of the first order', () => {
    const p = program({ pending: 'P14D', earnRules: [{ id: 'refer', kind: 'referral', referrerPoints: 500, refereePoints: 250, minOrderAmount: '20.00' }] });
    const o = order([{ id: 'l1', price: '25.00' }]);
    const r = evaluateOrder(p, o, ctx(o, { customer: { ...customer, stats: { orderCount: 0 }, referredBy: 'c0' } }));
    // 7 March + 14 days = 21 March; active from 22 March 00:00 Paris = 21 March 23:00 UTC
    expect(r.referrals).toEqual([{ ruleId: 'refer', referrerId: 'c0', refereeId: 'c1', referrerPoints: 500, refereePoints: 250, payableAt: new Date('2026-03-21T23:00:00.000Z') }]);
    expect(r.totalPoints).toBe(0);
  });
  it('a customer who names themselves as referrer is paid nothing, and the trace says why', () => {
    const p = program({ pending: 'P14D', earnRules: [{ id: 'refer', kind: 'referral', referrerPoints: 500, refereePoints: 250 }] });
    const o = order([{ id: 'l1', price: '25.00' }]);
    const r = evaluateOrder(p, o, ctx(o, { customer: { ...customer, stats: { orderCount: 0 }, referredBy: 'c1' } }));
    expect(r.referrals).toEqual([]);
    expect(r.trace.find((x) => x.ruleId === 'refer')).toMatchObject({ status: 'self-referral', reason: 'the customer named themselves as referrer: nothing is paid' });
  });
});

describe('time zones', () => {
  it('reads the weekday and hour of placedAt in the program zone, not the host zone', () => {
    // 2026-03-07T23:30Z is Sunday 00:30 in Paris but Saturday 18:30 in New York.
    const o = order([{ id: 'l1', price: '10.00' }], '2026-03-07T23:30:00Z');
    const rules = [{ id: 'sunday', kind: 'fixed-bonus', points: 5, conditions: { all: [{ fact: 'order.weekday', operator: 'equal', value: 7 }, { fact: 'order.hour', operator: 'lessThan', value: 1 }] } }];
    expect(evaluateOrder(program({ earnRules: rules }), o, ctx(o)).totalPoints).toBe(5);
    expect(evaluateOrder(program({ timeZone: 'America/New_York', earnRules: rules }), o, ctx(o)).totalPoints).toBe(0);
  });
});

describe('trace and explanation', () => {
  it('names the failing condition and its actual value for an order that earned nothing', () => {
    const p = program({
      earnRules: [
        { id: 'web-bonus', kind: 'fixed-bonus', points: 50, conditions: { all: [{ fact: 'order.channel', operator: 'equal', value: 'web' }, { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '50.00' }] } },
        { id: 'tea', kind: 'points-per-unit', rate: '1', eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'tea' } },
      ],
    });
    const o = order([{ id: 'l1', price: '48.99', cats: ['kitchen'] }]);
    const r = evaluateOrder(p, o, ctx(o));
    expect(r.totalPoints).toBe(0);
    expect(r.trace[0]).toMatchObject({ ruleId: 'tea', status: 'no-eligible-lines' });
    expect(r.trace[0]?.reason).toBe('no eligible line: line.categories of line l1 is ["kitchen"], which is not containing "tea"');
    expect(r.trace[1]).toMatchObject({ ruleId: 'web-bonus', status: 'conditions-failed' });
    expect(r.trace[1]?.failed?.[0]).toMatchObject({ fact: 'order.subtotal', actual: '48.99 EUR', expected: '50.00 EUR', path: 'earnRules[0].conditions.all[1]' });
    expect(r.trace[1]?.reason).toBe('conditions not met: order.subtotal is 48.99 EUR, which is not at least 50.00 EUR');
    const text = explainOrder(r);
    expect(text[0]).toBe('Order o1 earns 0 points.');
    expect(text).toContain('  ✗ web-bonus (fixed-bonus): conditions not met: order.subtotal is 48.99 EUR, which is not at least 50.00 EUR');
  });
});
