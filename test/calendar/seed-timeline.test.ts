// The source document's car-purchase timeline, literally: the purchase on 01.07.2007; the spring
// check on 01.03.2008; the customer-day card on 11.05.2008; the satisfaction survey and the
// new-model offer on 01.07.2009; the reminder on 01.10.2009. The shipped journey
// (examples/journeys/car-purchase.json) under the shipped policy must give exactly these dates,
// and the gift on the purchase day, at the purchase.
import { describe, expect, it } from 'vitest';
import { planContacts } from '../../src/calendar/index.js';
import { at, carPurchase, customer, referencePolicy } from './fixtures.js';

const documentDates: ReadonlyArray<readonly [string, string]> = [
  ['gift', '2007-07-01'],
  ['spring-check', '2008-03-01'],
  ['customer-day', '2008-05-11'],
  ['questionnaire', '2009-07-01'],
  ['new-model-offer', '2009-07-01'],
  ['new-model-reminder', '2009-10-01'],
];

describe("the seed's car-purchase timeline", () => {
  it('the journey says it with the offsets of the document', () => {
    expect(carPurchase.steps.map((s) => [s.id, s.channel, s.timing])).toEqual([
      ['gift', 'in-store', { type: 'offset', offset: 'P0D' }],
      ['spring-check', 'email', { type: 'offset', offset: 'P8M' }],
      ['customer-day', 'post', { type: 'yearly', month: 5, day: 11, count: 1 }],
      ['questionnaire', 'email', { type: 'offset', offset: 'P2Y' }],
      ['new-model-offer', 'email', { type: 'offset', offset: 'P2Y' }],
      ['new-model-reminder', 'email', { type: 'offset', offset: 'P2Y3M' }],
    ]);
  });

  for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Chatham']) {
    it(`${zone}: every contact on the document's date; the survey carries the offer`, () => {
      const bought = at(zone, 2007, 7, 1, 11);
      const plan = planContacts({
        customers: [customer('anne', zone)],
        journeys: [carPurchase],
        policy: referencePolicy,
        events: [{ customerId: 'anne', type: 'purchase', id: 'car-1', at: bought }],
        from: new Date('2007-06-29T00:00:00Z'),
        until: new Date('2010-01-01T00:00:00Z'),
        now: new Date('2007-06-29T00:00:00Z'),
      });
      // Each step's local date: its own contact's, or that of the contact it rides with.
      const dates = new Map<string, string>();
      for (const c of plan.contacts) {
        dates.set(c.stepId, c.local.slice(0, 10));
        for (const b of c.bundled) dates.set(b.stepId, c.local.slice(0, 10));
      }
      expect(carPurchase.steps.map((s) => [s.id, dates.get(s.id)])).toEqual(documentDates);
      // The gift is handed over on the purchase day, at the purchase itself.
      const gift = plan.contacts.find((c) => c.stepId === 'gift');
      expect(gift?.at.getTime()).toBe(bought.getTime());
      // One e-mail on 2009-07-01 carries both contents; nothing else is held back or moved.
      const survey = plan.contacts.find((c) => c.stepId === 'questionnaire');
      expect(survey?.bundled).toEqual([{ journeyId: 'car-purchase', stepId: 'new-model-offer', contentKey: 'new-model-offer' }]);
      expect(plan.contacts.map((c) => c.stepId)).toEqual(['gift', 'spring-check', 'customer-day', 'questionnaire', 'new-model-reminder']);
      expect(plan.suppressions.map((s) => [s.stepId, s.code, s.outcome, s.bundledInto])).toEqual([['new-model-offer', 'BUNDLED', 'bundled', survey?.id]]);
      expect(plan.contacts.every((c) => c.deferredFrom === undefined)).toBe(true);
    });
  }
});
