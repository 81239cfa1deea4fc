import { describe, expect, it } from 'vitest';
import { localParts } from '../../src/core/index.js';
import { parseContactPolicy, parseJourney, planContacts } from '../../src/calendar/index.js';
import { at, customer, oneStep } from './fixtures.js';

// Paris switches to summer time on 2026-03-29 at 02:00 (→ 03:00, a 23-hour day) and back on
// 2026-10-25 at 03:00 (→ 02:00, a 25-hour day). Expected instants are worked out by hand.
const PARIS = 'Europe/Paris';
const none = parseContactPolicy({});
const range = { from: new Date('2020-01-01T00:00:00Z'), until: new Date('2030-01-01T00:00:00Z'), now: new Date('2020-01-01T00:00:00Z') };

function planOne(journey: ReturnType<typeof oneStep>, anchor: Date, policy = none, zone = PARIS) {
  return planContacts({
    customers: [customer('c', zone)],
    journeys: [journey],
    policy,
    events: [{ customerId: 'c', type: 'purchase', id: 'o', at: anchor }],
    ...range,
  });
}

describe('daylight saving', () => {
  it('a 09:00 contact the day after each change is at 09:00 local', () => {
    const journey = parseJourney({
      id: 'j',
      anchor: { event: 'purchase' },
      steps: [
        { id: 'next-day', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'k', time: '09:00' },
        { id: 'two-days', timing: { type: 'offset', offset: 'P2D' }, channel: 'email', contentKey: 'k', time: '09:00' },
      ],
    });
    const spring = planOne(journey, at(PARIS, 2026, 3, 28, 9));
    expect(spring.contacts.map((c) => [c.local, c.at.toISOString()])).toEqual([
      ['2026-03-29T09:00:00+02:00', '2026-03-29T07:00:00.000Z'],
      ['2026-03-30T09:00:00+02:00', '2026-03-30T07:00:00.000Z'],
    ]);
    const autumn = planOne(journey, at(PARIS, 2026, 10, 24, 9));
    expect(autumn.contacts.map((c) => [c.local, c.at.toISOString()])).toEqual([
      ['2026-10-25T09:00:00+01:00', '2026-10-25T08:00:00.000Z'],
      ['2026-10-26T09:00:00+01:00', '2026-10-26T08:00:00.000Z'],
    ]);
  });

  it('nothing is planned in the local hour that does not exist (02:30 on 2026-03-29 moves to 03:30)', () => {
    const journey = oneStep({ timing: { type: 'offset', offset: 'P1D' }, time: '02:30' });
    const plan = planOne(journey, at(PARIS, 2026, 3, 28, 0));
    expect(plan.contacts.map((c) => [c.local, c.at.toISOString()])).toEqual([['2026-03-29T03:30:00+02:00', '2026-03-29T01:30:00.000Z']]);
    expect(localParts(plan.contacts[0]!.at, PARIS).hour).toBe(3);
  });

  it('an ambiguous 02:30 on 2026-10-25 takes the first (summer-time) instant', () => {
    const plan = planOne(oneStep({ timing: { type: 'offset', offset: 'P1D' }, time: '02:30' }), at(PARIS, 2026, 10, 24, 0));
    expect(plan.contacts.map((c) => c.at.toISOString())).toEqual(['2026-10-25T00:30:00.000Z']);
  });

  for (const [label, day] of [
    ['23-hour day 2026-03-29', 29],
    ['25-hour day 2026-10-25', 25],
  ] as const) {
    it(`quiet hours 21:00–08:00 hold on the ${label}`, () => {
      const month = day === 29 ? 3 : 10;
      // 48 steps, one every half hour of the local day; quiet hours skip those in 21:00–08:00.
      const steps = Array.from({ length: 48 }, (_, i) => ({
        id: `s${String(i).padStart(2, '0')}`,
        timing: { type: 'offset', offset: 'P0D' },
        channel: 'email',
        contentKey: 'k',
        time: `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`,
      }));
      const journey = parseJourney({ id: 'j', anchor: { event: 'purchase' }, sendWindow: { from: '00:00', to: '24:00' }, steps });
      const policy = parseContactPolicy({ quietHours: [{ from: '21:00', to: '08:00' }] });
      const plan = planOne(journey, at(PARIS, 2026, month, day, 0), policy);
      // 08:00 … 20:30 is 26 half hours, on both days (the changes happen inside quiet hours).
      expect(plan.contacts).toHaveLength(26);
      for (const c of plan.contacts) {
        const p = localParts(c.at, PARIS);
        expect(p.day).toBe(day);
        expect(p.hour >= 8 && p.hour < 21).toBe(true);
      }
      const quiet = plan.suppressions.filter((s) => s.code === 'QUIET_HOURS');
      expect(quiet).toHaveLength(22);
      expect(plan.suppressions).toHaveLength(22);
    });
  }

  it('a step deferred out of quiet hours lands at the first allowed hour on its grid', () => {
    const journey = oneStep({ timing: { type: 'offset', offset: 'P1D' }, time: '06:30', whenBlocked: { action: 'defer', maxDelay: 'P1D' } });
    const policy = parseContactPolicy({ quietHours: [{ from: '21:00', to: '08:00' }] });
    const plan = planOne(journey, at(PARIS, 2026, 3, 28, 0), policy);
    expect(plan.contacts.map((c) => c.local)).toEqual(['2026-03-29T08:30:00+02:00']);
    expect(plan.suppressions.map((s) => [s.code, s.outcome, s.deferredTo?.toISOString()])).toEqual([
      ['QUIET_HOURS', 'deferred', '2026-03-29T06:30:00.000Z'],
    ]);
  });
});

describe('month ends and leap days', () => {
  it('anchor 2024-01-31 + P1M = 2024-02-29 and + P2M = 2024-03-31 (from the anchor, not chained)', () => {
    const journey = parseJourney({
      id: 'j',
      anchor: { event: 'purchase' },
      steps: ['P1M', 'P2M', 'P1Y1M'].map((offset) => ({ id: offset, timing: { type: 'offset', offset }, channel: 'email', contentKey: 'k', time: '10:00' })),
    });
    const plan = planOne(journey, at(PARIS, 2024, 1, 31, 12));
    expect(plan.contacts.map((c) => [c.stepId, c.local])).toEqual([
      ['P1M', '2024-02-29T10:00:00+01:00'],
      ['P2M', '2024-03-31T10:00:00+02:00'],
      ['P1Y1M', '2025-02-28T10:00:00+01:00'],
    ]);
  });

  for (const [policy, expected] of [
    ['feb-28', ['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']],
    ['mar-1', ['2025-03-01', '2026-03-01', '2027-03-01', '2028-02-29']],
  ] as const) {
    it(`a birthday on 29 February follows the ${policy} policy`, () => {
      const journey = parseJourney({
        id: 'birthday',
        anchor: { event: 'birthday' },
        leapDay: policy,
        steps: [{ id: 'card', timing: { type: 'offset', offset: 'P0D' }, channel: 'post', contentKey: 'birthday-card' }],
      });
      const plan = planContacts({
        customers: [customer('c', 'Asia/Tokyo', ['post'], { birthDate: '1992-02-29' })],
        journeys: [journey],
        policy: none,
        from: new Date('2025-01-01T00:00:00Z'),
        until: new Date('2029-01-01T00:00:00Z'),
        now: new Date('2025-01-01T00:00:00Z'),
      });
      expect(plan.contacts.map((c) => c.local.slice(0, 10))).toEqual(expected);
      expect(plan.contacts.map((c) => c.anchor)).toEqual(expected.map((d) => `birthday:${d}`));
    });
  }

  it('membership anniversaries come from joinedAt every year; a week-before step uses a negative offset', () => {
    const journey = parseJourney({
      id: 'anniversary',
      anchor: { event: 'signup', recurrence: 'yearly' },
      steps: [
        { id: 'teaser', timing: { type: 'offset', offset: '-P7D' }, channel: 'email', contentKey: 'soon' },
        { id: 'thanks', timing: { type: 'offset', offset: 'P0D' }, channel: 'email', contentKey: 'thanks' },
      ],
    });
    const c = customer('c', 'America/New_York', ['email'], { joinedAt: '2019-03-05T15:00:00Z' });
    const plan = planContacts({ customers: [c], journeys: [journey], policy: none, from: new Date('2026-01-01T00:00:00Z'), until: new Date('2027-01-01T00:00:00Z'), now: new Date('2026-01-01T00:00:00Z') });
    expect(plan.contacts.map((x) => [x.stepId, x.local])).toEqual([
      ['teaser', '2026-02-26T09:00:00-05:00'],
      ['thanks', '2026-03-05T09:00:00-05:00'],
    ]);
  });

  it('calendar rules: the Nth weekday, monthly last day, a count', () => {
    const journey = parseJourney({
      id: 'rules',
      anchor: { event: 'purchase' },
      steps: [
        { id: 'thanksgiving', timing: { type: 'nth-weekday', month: 11, weekday: 4, nth: 4 }, channel: 'email', contentKey: 'k' },
        { id: 'month-end', timing: { type: 'monthly', day: 'last', count: 3 }, channel: 'push', contentKey: 'k' },
      ],
    });
    const c = customer('c', 'America/New_York', ['email', 'push']);
    const plan = planContacts({
      customers: [c], journeys: [journey], policy: none,
      events: [{ customerId: 'c', type: 'purchase', id: 'o', at: at('America/New_York', 2024, 1, 15, 12) }],
      from: new Date('2024-01-01T00:00:00Z'), until: new Date('2026-01-01T00:00:00Z'), now: new Date('2024-01-01T00:00:00Z'),
    });
    expect(plan.contacts.map((x) => [x.stepId, x.local.slice(0, 10), x.occurrence])).toEqual([
      ['month-end', '2024-01-31', '2024-01-31'],
      ['month-end', '2024-02-29', '2024-02-29'],
      ['month-end', '2024-03-31', '2024-03-31'],
      ['thanksgiving', '2024-11-28', '2024-11-28'],
      ['thanksgiving', '2025-11-27', '2025-11-27'],
    ]);
  });
});
