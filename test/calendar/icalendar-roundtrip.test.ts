// The .ics of a plan read back by an independent parser (ical.js): every event has its start,
// an end (DURATION), its summary and the plan's creation instant as DTSTAMP.
// Expected instants worked out by hand: the car bought on 2007-07-01 at 11:00 Paris (+02:00,
// 09:00Z); the spring check on 2008-03-01 at 10:00 (+01:00, 09:00Z); the card on 2008-05-11 at
// 09:00 (+02:00, 07:00Z); the questionnaire, carrying the offer, on 2009-07-01 at 10:00 (+02:00,
// 08:00Z); the reminder on 2009-10-01 at 10:00 (+02:00, 08:00Z). The plan is made at
// 2007-06-01T00:00Z; events last 15 minutes by default.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../../src/core/index.js';
import { planContacts, toICalendar } from '../../src/calendar/index.js';
import { at, carPurchase, customer, referencePolicy } from './fixtures.js';

const PARIS = 'Europe/Paris';
const plan = planContacts({
  customers: [customer('c0', PARIS)],
  journeys: [carPurchase],
  policy: referencePolicy,
  events: [{ customerId: 'c0', type: 'purchase', id: 'order-0', at: at(PARIS, 2007, 7, 1, 11) }],
  from: new Date('2007-06-01T00:00:00Z'),
  until: new Date('2010-01-01T00:00:00Z'),
  now: new Date('2007-06-01T00:00:00Z'),
});

interface Read {
  uid: string;
  start: string;
  end: string;
  duration: string;
  summary: string;
  dtstamp: string;
}

function read(ics: string): Read[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    const stamp = v.getFirstPropertyValue('dtstamp');
    if (!(stamp instanceof ICAL.Time)) throw new Error('DTSTAMP is not a date-time');
    return {
      uid: e.uid,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      duration: e.duration.toString(),
      summary: e.summary,
      dtstamp: stamp.toJSDate().toISOString(),
    };
  });
}

const event = (start: string, end: string, summary: string, duration = 'PT15M', dtstamp = '2007-06-01T00:00:00.000Z') => ({ start, end, duration, summary, dtstamp });

describe('toICalendar read back by ical.js', () => {
  it('each event has its start, a 15-minute duration, its summary and the plan creation instant as DTSTAMP', () => {
    const events = read(toICalendar(plan));
    expect(events.map(({ uid: _, ...rest }) => rest)).toEqual([
      event('2007-07-01T09:00:00.000Z', '2007-07-01T09:15:00.000Z', 'in-store: welcome-gift'),
      event('2008-03-01T09:00:00.000Z', '2008-03-01T09:15:00.000Z', 'email: spring-check-invitation'),
      event('2008-05-11T07:00:00.000Z', '2008-05-11T07:15:00.000Z', 'post: customer-day-card'),
      event('2009-07-01T08:00:00.000Z', '2009-07-01T08:15:00.000Z', 'email: satisfaction-questionnaire + new-model-offer'),
      event('2009-10-01T08:00:00.000Z', '2009-10-01T08:15:00.000Z', 'email: new-model-reminder'),
    ]);
    expect(events.map((e) => e.uid)).toEqual(plan.contacts.map((c) => c.id));
  });

  it('a chosen duration and stamp; a list of contacts takes its stamp from the options', () => {
    const stamp = new Date('2007-06-15T12:30:00Z');
    const [gift] = read(toICalendar(plan.contacts.slice(0, 1), { now: stamp, duration: 'PT1H30M' }));
    expect(gift).toMatchObject(event('2007-07-01T09:00:00.000Z', '2007-07-01T10:30:00.000Z', 'in-store: welcome-gift', 'PT1H30M', '2007-06-15T12:30:00.000Z'));
  });

  it('survives a second round trip through ical.js unchanged', () => {
    const once = read(toICalendar(plan));
    const twice = read(ICAL.stringify(ICAL.parse(toICalendar(plan))));
    expect(twice).toEqual(once);
  });

  it('refuses a list of contacts without a stamp, and a duration iCalendar cannot say', () => {
    const fails = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    // @ts-expect-error a list of contacts needs `now` (it does not know when its plan was made)
    const noStamp = fails(() => toICalendar(plan.contacts));
    expect(isFidelisError(noStamp, 'VALIDATION_FAILED')).toBe(true);
    expect((noStamp as Error).message).toContain('now');
    const badDuration = fails(() => toICalendar(plan, { duration: 'P1M' }));
    expect(isFidelisError(badDuration, 'VALIDATION_FAILED')).toBe(true);
    expect((badDuration as Error).message).toContain('duration');
  });
});
