import { describe, expect, it } from 'vitest';
import { localParts } from '../../src/core/index.js';
import { planContacts } from '../../src/calendar/index.js';
import { at, carPurchase, customer, referencePolicy } from './fixtures.js';

// The car bought on 2007-07-01 at 11:00 local time, planned from the purchase to 2010-01-01.
// Expected local times worked out by hand from the journey file and the zone rules:
// Paris is +01:00 until 2008-03-30 and +02:00 from then to 2008-10-26, and again from 2009-03-29
// to 2009-10-25; New York is -05:00 until 2008-03-09 and -04:00 to 2008-11-02, and again from
// 2009-03-08 to 2009-11-01; Tokyo is +09:00 all year. The gift goes out at the purchase (P0D; a
// handover keeps to no send window); the spring check P8M later, on 2008-03-01 at the step's
// 10:00; the customer-day card on 11 May at the window opening 09:00; the questionnaire (priority
// 40) two years later at 10:00, carrying the offer (priority 10, held by the "one-a-day" cap and
// bundled); the reminder at P2Y3M = 2009-10-01.
const expected = {
  'Europe/Paris': [
    ['gift', '2007-07-01T11:00:00+02:00'],
    ['spring-check', '2008-03-01T10:00:00+01:00'],
    ['customer-day', '2008-05-11T09:00:00+02:00'],
    ['questionnaire', '2009-07-01T10:00:00+02:00'],
    ['new-model-reminder', '2009-10-01T10:00:00+02:00'],
  ],
  'America/New_York': [
    ['gift', '2007-07-01T11:00:00-04:00'],
    ['spring-check', '2008-03-01T10:00:00-05:00'],
    ['customer-day', '2008-05-11T09:00:00-04:00'],
    ['questionnaire', '2009-07-01T10:00:00-04:00'],
    ['new-model-reminder', '2009-10-01T10:00:00-04:00'],
  ],
  'Asia/Tokyo': [
    ['gift', '2007-07-01T11:00:00+09:00'],
    ['spring-check', '2008-03-01T10:00:00+09:00'],
    ['customer-day', '2008-05-11T09:00:00+09:00'],
    ['questionnaire', '2009-07-01T10:00:00+09:00'],
    ['new-model-reminder', '2009-10-01T10:00:00+09:00'],
  ],
} as const;
const zones = Object.keys(expected) as Array<keyof typeof expected>;

function planReference() {
  return planContacts({
    customers: zones.map((z, i) => customer(`c${i}`, z)),
    journeys: [carPurchase],
    policy: referencePolicy,
    events: zones.map((z, i) => ({ customerId: `c${i}`, type: 'purchase' as const, id: `order-${i}`, at: at(z, 2007, 7, 1, 11) })),
    from: new Date('2007-06-01T00:00:00Z'),
    until: new Date('2010-01-01T00:00:00Z'),
    now: new Date('2007-06-01T00:00:00Z'),
  });
}

describe('the reference journey (car bought 2007-07-01)', () => {
  const plan = planReference();

  for (const [i, zone] of zones.entries()) {
    it(`${zone}: every contact on its day and time`, () => {
      const mine = plan.contacts.filter((c) => c.customerId === `c${i}`);
      expect(mine.map((c) => [c.stepId, c.local])).toEqual(expected[zone]);
      for (const c of mine) {
        expect(c.zone).toBe(zone);
        // The UTC instant and the local string agree (independent check through core localParts).
        const p = localParts(c.at, zone);
        const hhmm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
        expect(c.local.slice(11, 16)).toBe(hhmm);
        expect(Number(c.local.slice(8, 10))).toBe(p.day);
        // Inside the send window (every day 09:00–19:00) and outside quiet hours (21:00–08:00).
        expect(p.hour).toBeGreaterThanOrEqual(9);
        expect(p.hour).toBeLessThan(19);
      }
    });
  }

  it('the questionnaire carries the offer on the same day; the bundle is explained', () => {
    expect(plan.suppressions).toHaveLength(3);
    for (const [i] of zones.entries()) {
      const host = plan.contacts.find((c) => c.customerId === `c${i}` && c.stepId === 'questionnaire');
      expect(host?.bundled).toEqual([{ journeyId: 'car-purchase', stepId: 'new-model-offer', contentKey: 'new-model-offer' }]);
      const s = plan.suppressions.find((x) => x.customerId === `c${i}`);
      expect(s).toMatchObject({ stepId: 'new-model-offer', code: 'BUNDLED', outcome: 'bundled', bundledInto: host?.id });
      expect(s?.reason).toContain('one-a-day');
      expect(s?.reason).toContain('bundled with satisfaction-questionnaire');
    }
    const offer = plan.suppressions.find((s) => s.customerId === 'c0');
    expect(offer?.intendedAt.toISOString()).toBe('2009-07-01T08:00:00.000Z');
  });

  it('plans are identical under any host time zone', () => {
    const original = process.env['TZ'];
    const json = JSON.stringify(plan);
    try {
      for (const tz of ['UTC', 'Pacific/Chatham', 'America/Los_Angeles', 'Asia/Kathmandu']) {
        process.env['TZ'] = tz;
        expect(JSON.stringify(planReference())).toBe(json);
      }
    } finally {
      if (original === undefined) delete process.env['TZ'];
      else process.env['TZ'] = original;
    }
  });

  it('re-planning gives the same ids; planning from later keeps the ids of the remaining steps', () => {
    const again = planReference();
    expect(again.contacts.map((c) => c.id)).toEqual(plan.contacts.map((c) => c.id));
    expect(new Set(plan.contacts.map((c) => c.id)).size).toBe(plan.contacts.length);
    const later = planContacts({
      customers: [customer('c0', 'Europe/Paris')],
      journeys: [carPurchase],
      policy: referencePolicy,
      events: [{ customerId: 'c0', type: 'purchase', id: 'order-0', at: at('Europe/Paris', 2007, 7, 1, 11) }],
      from: new Date('2008-04-01T00:00:00Z'),
      until: new Date('2010-01-01T00:00:00Z'),
      now: new Date('2008-04-01T00:00:00Z'),
    });
    const earlierIds = new Map(plan.contacts.filter((c) => c.customerId === 'c0').map((c) => [c.stepId, c.id]));
    expect(later.contacts.map((c) => c.stepId)).toEqual(['customer-day', 'questionnaire', 'new-model-reminder']);
    for (const c of later.contacts) expect(c.id).toBe(earlierIds.get(c.stepId));
  });

  it('a new purchase withdraws the remaining steps and starts a new journey', () => {
    const paris = 'Europe/Paris';
    const second = at(paris, 2008, 1, 15, 16);
    const replanned = planContacts({
      customers: [customer('c0', paris)],
      journeys: [carPurchase],
      policy: referencePolicy,
      events: [
        { customerId: 'c0', type: 'purchase', id: 'order-0', at: at(paris, 2007, 7, 1, 11) },
        { customerId: 'c0', type: 'purchase', id: 'order-9', at: second },
      ],
      from: new Date('2008-01-16T00:00:00Z'),
      until: new Date('2008-10-01T00:00:00Z'),
      now: new Date('2008-01-16T00:00:00Z'),
    });
    const first = replanned.suppressions.filter((s) => s.anchor === 'purchase:order-0');
    expect(first.map((s) => [s.stepId, s.code])).toEqual([
      ['spring-check', 'GOAL_REACHED'],
      ['customer-day', 'GOAL_REACHED'],
    ]);
    expect(first[0]?.reason).toContain('2008-01-15 16:00');
    // The new purchase's own journey: the first 11 May on or after 2008-01-15 is 2008-05-11;
    // P8M after 2008-01-15 is 2008-09-15.
    expect(replanned.contacts.map((c) => [c.anchor, c.stepId, c.local])).toEqual([
      ['purchase:order-9', 'customer-day', '2008-05-11T09:00:00+02:00'],
      ['purchase:order-9', 'spring-check', '2008-09-15T10:00:00+02:00'],
    ]);
  });
});
