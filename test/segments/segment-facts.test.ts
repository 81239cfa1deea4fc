// Segments as audiences (#15 part 3): a stored portfolio segment feeds earn rules, promotions
// and previews, on the memory store and on PGlite. Points and totals worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { parsePromotion } from '../../src/coupons/index.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import {  } from '../../src/storage/index.js';
import { engineBackends } from '../postgres/pglite-store.js';

// 1 point per euro for everyone; stars earn 1 more per euro; question marks with a CLV above 50 get 30 points once per order.
const PROGRAM = parseProgram({
  id: 'shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    { id: 'stars-only', kind: 'points-per-unit', rate: '1', conditions: { fact: 'customer.segment.quadrant', operator: 'equal', value: 'star' } },
    {
      id: 'promising',
      kind: 'fixed-bonus',
      points: 30,
      conditions: { all: [{ fact: 'customer.segment.quadrant', operator: 'equal', value: 'question-mark' }, { fact: 'customer.segment.clv', operator: 'greaterThan', value: '50' }] },
    },
    { id: 'not-selection', kind: 'fixed-bonus', points: 7, conditions: { fact: 'customer.segment.quadrant', operator: 'notEqual', value: 'selection' } },
  ],
});
// 20 % off for customers at risk of leaving: RFM at-risk with P(alive) below 0.3.
const WIN_BACK = parsePromotion({
  id: 'win-back',
  name: 'We miss you',
  activation: 'automatic',
  conditions: { all: [{ fact: 'customer.segment.rfm', operator: 'equal', value: 'at-risk' }, { fact: 'customer.segment.pAlive', operator: 'lessThan', value: 0.3 }] },
  effect: { type: 'percent-off', percent: '20' },
});
const VIP_LABEL = parsePromotion({
  id: 'vip-label',
  name: 'VIP 5 €',
  activation: 'automatic',
  conditions: { fact: 'customer.segment.labels', operator: 'contains', value: 'vip' },
  effect: { type: 'amount-off', amount: { EUR: '5.00' } },
});

const AS_OF = new Date('2026-02-28T00:00:00Z');
const SEGMENTS = [
  { customerId: 'star', asOf: AS_OF, quadrant: 'star', rfm: 'champions', clv: '310.40', pAlive: 0.97 },
  { customerId: 'qm-high', asOf: AS_OF, quadrant: 'question-mark', rfm: 'promising', clv: '50.01', pAlive: 0.6 },
  { customerId: 'qm-low', asOf: AS_OF, quadrant: 'question-mark', rfm: 'promising', clv: '50.004', pAlive: 0.6 }, // rounds to 50.00: not above 50
  { customerId: 'risk', asOf: AS_OF, quadrant: 'selection', rfm: 'at-risk', clv: '12.00', pAlive: 0.29, labels: ['vip'] },
  { customerId: 'risk-alive', asOf: AS_OF, quadrant: 'selection', rfm: 'at-risk', clv: '12.00', pAlive: 0.3 },
];
const order = (id: string, customerId: string) => ({
  id,
  customerId,
  placedAt: '2026-03-01T10:00:00+01:00',
  currency: 'EUR',
  lines: [{ id: 'l1', sku: 'WINE', quantity: 2, unitPrice: '25.00' }], // 50.00 €
});
const cart = { currency: 'EUR', lines: [{ id: 'l1', sku: 'WINE', quantity: 2, unitPrice: '25.00' }] };
const customer = (id: string) => ({ id, joinedAt: '2025-01-01T00:00:00Z' });

for (const [name, stores] of engineBackends('seg')) {
  describe(`segment facts (${name})`, () => {
    const setup = async () => {
      const store = await stores();
      const engine = createLoyaltyEngine({
        store,
        programs: [PROGRAM],
        promotions: { promotions: [WIN_BACK, VIP_LABEL], timeZone: 'Europe/Paris' },
        clock: manualClock(new Date('2026-03-01T09:30:00Z')),
      });
      await engine.saveSegments(SEGMENTS);
      return { store, engine };
    };

    it('an earn rule "stars only" earns for a star and not for a question mark; CLV > 50 at the currency\'s cents; no segment: every segment condition false', async () => {
      const { engine } = await setup();
      const points = async (customerId: string) =>
        (await engine.recordOrder(order(`o-${customerId}`, customerId), { idempotencyKey: `k-${customerId}`, customer: customer(customerId) })).points;
      expect(await points('star')).toBe(50 + 50 + 7); // base, stars-only, not-selection
      const preview = await engine.previewOrder(order('p1', 'star'), {});
      expect(preview.byRule.map((a) => [a.ruleId, a.points])).toEqual([['base', 50], ['stars-only', 50], ['not-selection', 7]]);
      expect(await points('qm-high')).toBe(50 + 30 + 7); // CLV 50.01 > 50
      expect(await points('qm-low')).toBe(50 + 7); // CLV 50.004 → 50.00, not above 50
      expect(await points('risk')).toBe(50); // a selection customer: notEqual selection is false
      expect(await points('nobody')).toBe(50); // no segment: not even notEqual holds
    });

    it('a promotion "at-risk with P(alive) < 0.3" applies only to that customer', async () => {
      const { engine } = await setup();
      const totals: Record<string, string> = {};
      for (const id of ['risk', 'risk-alive', 'star', 'nobody']) totals[id] = (await engine.evaluateCheckout({ cart, customer: customer(id) })).total;
      // risk: the vip label's 5.00 first (same priority and kind: by id), then 20 % of 45.00 = 9.00 → 36.00;
      // risk-alive: P(alive) 0.3 is not below 0.3
      expect(totals).toEqual({ risk: '36.00', 'risk-alive': '50.00', star: '50.00', nobody: '50.00' });
      expect((await engine.evaluateCheckout({ cart })).total).toBe('50.00'); // a guest has no segment
    });

    it('a later classification replaces the segment, and the next order reads the new one', async () => {
      const { engine } = await setup();
      await engine.saveSegments([{ customerId: 'qm-low', asOf: '2026-02-27T00:00:00Z', quadrant: 'star' }]); // earlier: ignored
      expect((await engine.segmentOf('qm-low'))?.quadrant).toBe('question-mark');
      await engine.saveSegments([{ customerId: 'qm-low', asOf: '2026-03-31T00:00:00Z', quadrant: 'star' }]);
      const r = await engine.recordOrder(order('o9', 'qm-low'), { idempotencyKey: 'k9' });
      expect(r.points).toBe(50 + 50 + 7);
    });

    it('GDPR: the export carries the segment and the erasure removes it', async () => {
      const { engine } = await setup();
      await engine.recordOrder(order('o1', 'star'), { idempotencyKey: 'k1' });
      expect((await engine.exportCustomerData('star')).segment).toEqual({ customerId: 'star', asOf: AS_OF, quadrant: 'star', rfm: 'champions', clv: '310.40', pAlive: 0.97 });
      expect(await engine.eraseCustomer('star')).toMatchObject({ segmentsErased: 1 });
      expect(await engine.segmentOf('star')).toBeUndefined();
      expect((await engine.exportCustomerData('star')).segment).toBeUndefined();
      expect((await engine.eraseCustomer('star')).segmentsErased).toBe(0);
    });

    it('bad assignments are refused with the field named, and nothing is written', async () => {
      const { engine } = await setup();
      const error = await engine
        .saveSegments([{ customerId: 'new', asOf: AS_OF, quadrant: 'star' }, { customerId: 'bad', asOf: AS_OF, pAlive: 1.2 }])
        .catch((e: unknown) => e);
      expect(isFidelisError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as Error).message).toMatch(/1\.pAlive|\[1\]\.pAlive/);
      expect((error as Error).message).toMatch(/probability 0–1/);
      expect(await engine.segmentOf('new')).toBeUndefined();
    });
  });
}
