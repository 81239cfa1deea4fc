// Per-segment contact budgets (#15 part 3): the policy's bySegment caps and open journeys, and
// journey steps conditioned on the stored segment, applied by planForCustomers from the store
// (memory and PGlite). Contacts counted by hand in the comments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContactPolicy, parseJourney, planContacts } from '../../src/calendar/index.js';
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { createMemoryStore } from '../../src/storage/index.js';
import { at, customer } from '../calendar/fixtures.js';
import { engineBackends } from '../postgres/pglite-store.js';

const PARIS = 'Europe/Paris';
// Five marketing e-mails on Monday to Friday of the purchase's ISO week (2026-03-02 is a Monday), 10:00 Paris.
const NEWS = parseJourney({
  id: 'news',
  anchor: { event: 'purchase' },
  sendWindow: { from: '10:00', to: '18:00' },
  // steps at equal priority are decided by id: d1 (Monday) first
  steps: ['d1', 'd2', 'd3', 'd4', 'd5'].map((id, i) => ({ id, timing: { type: 'offset', offset: `P${i}D` }, channel: 'email', contentKey: `news-${id}` })),
});
// One step for promising customers only: stars and question marks with P(alive) at least 0.5.
const UPSELL = parseJourney({
  id: 'upsell',
  anchor: { event: 'purchase' },
  sendWindow: { from: '10:00', to: '18:00' },
  steps: [
    {
      id: 'offer',
      timing: { type: 'offset', offset: 'P7D' },
      channel: 'sms',
      contentKey: 'upsell-offer',
      conditions: [
        { fact: 'customer.segment.quadrant', operator: 'in', value: ['star', 'question-mark'] },
        { fact: 'customer.segment.pAlive', operator: 'greaterThanInclusive', value: 0.5 },
      ],
    },
  ],
});
const POLICY = parseContactPolicy({
  caps: [{ id: 'weekly', max: 2, window: { calendar: 'week' } }],
  bySegment: {
    star: { caps: [{ id: 'weekly', max: 3, window: { calendar: 'week' } }] },
    selection: { caps: [{ id: 'weekly', max: 1, window: { calendar: 'week' } }], journeys: ['news'] },
    vip: { caps: [{ id: 'sms-monthly', channels: ['sms'], max: 0, window: { rolling: 'P30D' } }] },
  },
});
const AS_OF = new Date('2026-02-28T00:00:00Z');
const SEGMENTS = [
  { customerId: 'star', asOf: AS_OF, quadrant: 'star', pAlive: 0.9 },
  { customerId: 'qm', asOf: AS_OF, quadrant: 'question-mark', pAlive: 0.4 },
  { customerId: 'sel', asOf: AS_OF, quadrant: 'selection', pAlive: 0.9 },
  { customerId: 'star-vip', asOf: AS_OF, quadrant: 'star', pAlive: 0.9, labels: ['vip'] },
];
const IDS = ['star', 'qm', 'sel', 'star-vip', 'none'];
const CUSTOMERS = IDS.map((id) => customer(id, PARIS));
const EVENTS = IDS.map((id) => ({ customerId: id, type: 'purchase' as const, id: `o-${id}`, at: at(PARIS, 2026, 3, 2, 9) }));
const RANGE = { from: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-04-01T00:00:00Z') };

for (const [name, stores] of engineBackends('segc')) {
  describe(`per-segment contacts (${name})`, () => {
    it('caps per segment limit contacts exactly; journeys and steps open per segment', async () => {
      const store = await stores();
      const engine = createLoyaltyEngine({ store, clock: manualClock(RANGE.from) });
      await engine.saveSegments(SEGMENTS);
      const plan = await engine.planForCustomers({ customers: CUSTOMERS, journeys: [NEWS, UPSELL], policy: POLICY, events: EVENTS, ...RANGE });
      const sent = (id: string) => plan.contacts.filter((c) => c.customerId === id).map((c) => c.stepId);
      const held = (id: string) => plan.suppressions.filter((s) => s.customerId === id).map((s) => `${s.stepId}:${s.code}`);
      // star: weekly 3 replaces weekly 2 → d1–d3 (Mon–Wed); the upsell SMS a week later (another ISO week)
      expect(sent('star')).toEqual(['d1', 'd2', 'd3', 'offer']);
      expect(held('star')).toEqual(['d4:CAP_REACHED', 'd5:CAP_REACHED']);
      // question mark: the policy's weekly 2; P(alive) 0.4 < 0.5 → no upsell
      expect(sent('qm')).toEqual(['d1', 'd2']);
      expect(held('qm')).toEqual(['d3:CAP_REACHED', 'd4:CAP_REACHED', 'd5:CAP_REACHED', 'offer:CONDITION_FAILED']);
      // selection: weekly 1, and only the news journey is open to it
      expect(sent('sel')).toEqual(['d1']);
      expect(held('sel')).toEqual(['d2:CAP_REACHED', 'd3:CAP_REACHED', 'd4:CAP_REACHED', 'd5:CAP_REACHED', 'offer:CONDITION_FAILED']);
      expect(plan.suppressions.find((s) => s.customerId === 'sel' && s.stepId === 'offer')?.reason).toMatch(/journey "upsell" is not open to segment "selection"/);
      // star with the vip label: the star cap and the vip SMS cap (0 in 30 days) both apply
      expect(sent('star-vip')).toEqual(['d1', 'd2', 'd3']);
      expect(held('star-vip')).toEqual(['d4:CAP_REACHED', 'd5:CAP_REACHED', 'offer:CAP_REACHED']);
      expect(plan.suppressions.find((s) => s.customerId === 'star-vip' && s.stepId === 'd4')?.reason).toMatch(/"weekly" of segment "star" allows 3 contacts per local week and 3 are already/);
      // no segment: the policy's caps, and a segment condition fails
      expect(sent('none')).toEqual(['d1', 'd2']);
      expect(plan.suppressions.find((s) => s.customerId === 'none' && s.stepId === 'offer')?.reason).toMatch(/customer\.segment\.quadrant in \["star","question-mark"\] does not hold \(value: absent\)/);
      await store.close();
    });

    it('the stored history counts toward a segment cap over a longer window than the policy\'s own', async () => {
      const store = await stores();
      const engine = createLoyaltyEngine({ store, clock: manualClock(RANGE.from) });
      await engine.saveSegments([{ customerId: 'sel', asOf: AS_OF, quadrant: 'selection' }]);
      const policy = parseContactPolicy({ bySegment: { selection: { caps: [{ id: 'quarterly', max: 1, window: { rolling: 'P90D' } }] } } });
      // one e-mail sent 60 days before the plan: inside the selection's 90 days
      await engine.recordContact({ id: 'old', customerId: 'sel', channel: 'email', kind: 'marketing', at: new Date('2026-01-01T10:00:00Z') }, { idempotencyKey: 'old' });
      const plan = await engine.planForCustomers({ customers: [customer('sel', PARIS)], journeys: [NEWS], policy, events: [EVENTS[2]!], ...RANGE });
      expect(plan.contacts).toEqual([]);
      expect(plan.suppressions.map((s) => s.code)).toEqual(Array(5).fill('CAP_REACHED'));
      await store.close();
    });
  });
}

describe('segment conditions and policies are checked', () => {
  it('refuses an operator that does not fit a segment fact, and a bad bySegment cap, naming the path', () => {
    const bad = (step: Record<string, unknown>) => {
      try {
        parseJourney({ id: 'j', anchor: { event: 'purchase' }, steps: [{ id: 's', channel: 'email', contentKey: 'k', ...step }] });
        return '';
      } catch (e) {
        expect(isFidelisError(e, 'VALIDATION_FAILED')).toBe(true);
        return (e as Error).message;
      }
    };
    expect(bad({ conditions: [{ fact: 'customer.segment.pAlive', operator: 'equal', value: 0.3 }] })).toMatch(/steps\[0\]\.conditions\[0\]\.operator: "equal" does not apply to customer\.segment\.pAlive/);
    expect(bad({ conditions: [{ fact: 'customer.segment.clv', operator: 'greaterThan', value: 'fifty' }] })).toMatch(/conditions\[0\]\.value: customer\.segment\.clv compares with a decimal/);
    expect(bad({ conditions: [{ fact: 'customer.segment.colour', operator: 'equal', value: 'red' }] })).toMatch(/conditions\[0\]\.fact: must name a customer attribute/);
    expect(() => parseContactPolicy({ bySegment: { star: { caps: [{ id: 'w', max: -1, window: { calendar: 'week' } }] } } })).toThrow(/bySegment\.star\.caps\[0\]\.max/);
  });

  it('a CLV condition on a step compares exact decimals', () => {
    const journey = parseJourney({
      id: 'j', anchor: { event: 'purchase' }, sendWindow: { from: '10:00', to: '18:00' },
      steps: [{ id: 's', timing: { type: 'offset', offset: 'P0D' }, channel: 'email', contentKey: 'k', conditions: [{ fact: 'customer.segment.clv', operator: 'greaterThan', value: '50' }] }],
    });
    const planned = (clv: string) =>
      planContacts({
        customers: [customer('c', PARIS)], journeys: [journey], policy: parseContactPolicy({}),
        events: [{ customerId: 'c', type: 'purchase', id: 'o', at: at(PARIS, 2026, 3, 2, 9) }],
        segments: new Map([['c', { clv }]]), ...RANGE, now: RANGE.from,
      }).contacts.length;
    expect([planned('50'), planned('50.0001'), planned('49.99')]).toEqual([0, 1, 0]);
  });
});

describe('saving segments in any order leaves the latest asOf (property)', () => {
  it('memory store: any permutation and batching of assignments gives the same stored segments', async () => {
    const assignment = fc.record({
      customerId: fc.constantFrom('a', 'b', 'c'),
      day: fc.integer({ min: 1, max: 28 }),
      quadrant: fc.constantFrom('star', 'question-mark', 'profit', 'selection'),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(assignment, { selector: (a) => `${a.customerId}:${a.day}`, maxLength: 20 }), fc.integer({ min: 1, max: 5 }), fc.infiniteStream(fc.nat()), async (list, batch, seeds) => {
        const items = list.map((a) => ({ customerId: a.customerId, asOf: new Date(Date.UTC(2026, 1, a.day)), quadrant: a.quadrant }));
        const shuffled = [...items];
        const it = seeds[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const store = createMemoryStore();
        for (let i = 0; i < shuffled.length; i += batch) await store.segments.saveSegments(shuffled.slice(i, i + batch));
        // expected, by a second method: for each customer the assignment with the largest day
        for (const id of ['a', 'b', 'c']) {
          const mine = items.filter((a) => a.customerId === id).sort((x, y) => y.asOf.getTime() - x.asOf.getTime());
          expect(await store.segments.segmentOf(id)).toEqual(mine[0]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
