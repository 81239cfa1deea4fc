import { describe, expect, it } from 'vitest';
import { parseContactPolicy, parseJourney, planContacts } from '../../src/calendar/index.js';
import { at, customer, oneStep } from './fixtures.js';

const PARIS = 'Europe/Paris';
const from = new Date('2026-01-01T00:00:00Z');
const until = new Date('2027-01-01T00:00:00Z');

/** A journey of one email step per day offset given, each at 10:00. */
function daily(offsets: readonly number[], extra: Record<string, unknown> = {}) {
  return parseJourney({
    id: 'j',
    anchor: { event: 'purchase' },
    steps: offsets.map((d, i) => ({ id: `s${i}`, timing: { type: 'offset', offset: `P${d}D` }, channel: 'email', contentKey: `k${i}`, time: '10:00', priority: 100 - i, ...extra })),
  });
}
const purchase = [{ customerId: 'c', type: 'purchase' as const, id: 'o', at: at(PARIS, 2026, 3, 2, 8) }]; // Monday 2 March 2026

describe('consent', () => {
  it('no marketing without granted consent; a withdrawal wins even on an exempt channel; transactional needs none', () => {
    const journey = parseJourney({
      id: 'j',
      anchor: { event: 'purchase' },
      steps: [
        { id: 'mail', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'k' },
        { id: 'sms', timing: { type: 'offset', offset: 'P2D' }, channel: 'sms', contentKey: 'k' },
        { id: 'shop', timing: { type: 'offset', offset: 'P3D' }, channel: 'in-store', contentKey: 'k' },
        { id: 'receipt', timing: { type: 'offset', offset: 'P4D' }, channel: 'sms', contentKey: 'k', kind: 'transactional' },
        { id: 'later', timing: { type: 'offset', offset: 'P5D' }, channel: 'push', contentKey: 'k' },
      ],
    });
    const c = customer('c', PARIS, [], {
      consents: {
        email: { status: 'granted', at: '2025-01-01T00:00:00Z', source: 'form' },
        sms: { status: 'withdrawn', at: '2025-06-01T00:00:00Z', source: 'STOP reply' },
        'in-store': { status: 'withdrawn', at: '2025-06-01T00:00:00Z', source: 'counter' },
        push: { status: 'granted', at: '2027-01-01T00:00:00Z', source: 'app' },
      },
    });
    const plan = planContacts({ customers: [c], journeys: [journey], policy: parseContactPolicy({ consent: { notRequiredFor: ['in-store'] } }), events: purchase, from, until, now: from });
    expect(plan.contacts.map((x) => x.stepId)).toEqual(['mail', 'receipt']);
    expect(plan.suppressions.map((x) => [x.stepId, x.code])).toEqual([
      ['sms', 'CONSENT_WITHDRAWN'],
      ['shop', 'CONSENT_WITHDRAWN'],
      ['later', 'CONSENT_MISSING'],
    ]);
    expect(plan.suppressions[0]?.reason).toContain('STOP reply');
  });

  it('an exempt channel needs no consent record', () => {
    const plan = planContacts({
      customers: [customer('c', PARIS, [])],
      journeys: [oneStep({ timing: { type: 'offset', offset: 'P1D' }, channel: 'in-store' })],
      policy: parseContactPolicy({ consent: { notRequiredFor: ['in-store'] } }),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts).toHaveLength(1);
  });
});

describe('caps, gaps, blackouts', () => {
  it('a rolling cap of 2 per 7 days: the third step within a week is skipped; the one 7 days after the first goes', () => {
    // Steps at days 0, 1, 2, 7 (10:00): windows [d0, d7) hold d0, d1 → d2 blocked; d7 is outside [d0, d7) but inside [d1, d8) with d1 only.
    const plan = planContacts({
      customers: [customer('c', PARIS)],
      journeys: [daily([0, 1, 2, 7])],
      policy: parseContactPolicy({ caps: [{ id: 'two-a-week', max: 2, window: { rolling: 'P7D' } }] }),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts.map((x) => x.local.slice(0, 10))).toEqual(['2026-03-02', '2026-03-03', '2026-03-09']);
    expect(plan.suppressions.map((x) => [x.stepId, x.code, x.outcome])).toEqual([['s2', 'CAP_REACHED', 'dropped']]);
    expect(plan.suppressions[0]?.reason).toContain('"two-a-week" allows 2 contacts in any P7D');
  });

  it('priority decides who wins: the highest priority takes the cap even when it comes later', () => {
    const journey = parseJourney({
      id: 'j',
      anchor: { event: 'purchase' },
      steps: [
        { id: 'early-low', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'k', priority: 1 },
        { id: 'late-high', timing: { type: 'offset', offset: 'P20D' }, channel: 'email', contentKey: 'k', priority: 9 },
      ],
    });
    const plan = planContacts({
      customers: [customer('c', PARIS)], journeys: [journey],
      policy: parseContactPolicy({ caps: [{ id: 'one-a-month', max: 1, window: { calendar: 'month' } }] }),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts.map((x) => x.stepId)).toEqual(['late-high']);
    expect(plan.suppressions.map((x) => [x.stepId, x.code])).toEqual([['early-low', 'CAP_REACHED']]);
  });

  it('a per-channel cap only counts its channel; history counts', () => {
    const journey = parseJourney({
      id: 'j',
      anchor: { event: 'purchase' },
      steps: [
        { id: 'sms', timing: { type: 'offset', offset: 'P1D' }, channel: 'sms', contentKey: 'k' },
        { id: 'mail', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'k' },
      ],
    });
    const plan = planContacts({
      customers: [customer('c', PARIS)], journeys: [journey],
      policy: parseContactPolicy({ caps: [{ id: 'sms-30', channels: ['sms'], max: 1, window: { rolling: 'P30D' } }] }),
      history: [{ customerId: 'c', channel: 'sms', kind: 'marketing', at: at(PARIS, 2026, 2, 10, 12) }],
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts.map((x) => x.stepId)).toEqual(['mail']);
    expect(plan.suppressions.map((x) => [x.stepId, x.code])).toEqual([['sms', 'CAP_REACHED']]);
  });

  it('the minimum gap defers a step by whole hours on its grid', () => {
    const plan = planContacts({
      customers: [customer('c', PARIS)],
      journeys: [daily([0, 0], { whenBlocked: { action: 'defer', maxDelay: 'P1D' } })],
      policy: parseContactPolicy({ minGap: 'PT3H' }),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts.map((x) => [x.stepId, x.local])).toEqual([
      ['s0', '2026-03-02T10:00:00+01:00'],
      ['s1', '2026-03-02T13:00:00+01:00'],
    ]);
    expect(plan.suppressions.map((x) => [x.stepId, x.code, x.outcome])).toEqual([['s1', 'MIN_GAP', 'deferred']]);
  });

  it('transactional contacts ignore caps; they count toward them only when configured', () => {
    const journey = parseJourney({
      id: 'j',
      anchor: { event: 'purchase' },
      steps: [
        { id: 'receipt', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'r', kind: 'transactional' },
        { id: 'promo', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'p', priority: 99, time: '11:00' },
        { id: 'receipt2', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'r2', kind: 'transactional', time: '12:00' },
      ],
    });
    const run = (countTowardCaps: boolean) =>
      planContacts({
        customers: [customer('c', PARIS)], journeys: [journey],
        policy: parseContactPolicy({ caps: [{ id: 'one-a-day', max: 1, window: { calendar: 'day' } }], transactional: { countTowardCaps } }),
        events: purchase, from, until, now: from,
      });
    expect(run(false).contacts.map((x) => x.stepId)).toEqual(['receipt', 'promo', 'receipt2']);
    const counted = run(true);
    expect(counted.contacts.map((x) => x.stepId)).toEqual(['receipt', 'receipt2']);
    expect(counted.suppressions.map((x) => [x.stepId, x.code])).toEqual([['promo', 'CAP_REACHED']]);
  });

  it('blackout dates (fixed and yearly) hold marketing back, not transactional', () => {
    const journey = parseJourney({
      id: 'j',
      anchor: { event: 'purchase' },
      steps: [
        { id: 'xmas', timing: { type: 'yearly', month: 12, day: 25 }, channel: 'email', contentKey: 'k' },
        { id: 'eve', timing: { type: 'yearly', month: 12, day: 24 }, channel: 'email', contentKey: 'k', whenBlocked: { action: 'defer', maxDelay: 'P3D' } },
        { id: 'notice', timing: { type: 'yearly', month: 12, day: 25 }, channel: 'push', contentKey: 'k', kind: 'transactional' },
      ],
    });
    const plan = planContacts({
      customers: [customer('c', PARIS)], journeys: [journey],
      policy: parseContactPolicy({ blackoutDates: ['--12-25', '2026-12-24', '2026-12-26'] }),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts.map((x) => [x.stepId, x.local.slice(0, 10)])).toEqual([
      ['notice', '2026-12-25'],
      ['eve', '2026-12-27'],
    ]);
    expect(plan.suppressions.map((x) => [x.stepId, x.code, x.outcome])).toEqual([
      ['eve', 'BLACKOUT', 'deferred'],
      ['xmas', 'BLACKOUT', 'dropped'],
    ]);
  });

  it('a deferral with no allowed moment within maxDelay is DEFERRAL_EXCEEDED', () => {
    const plan = planContacts({
      customers: [customer('c', PARIS)],
      journeys: [daily([0, 0], { whenBlocked: { action: 'defer', maxDelay: 'P2D' } })],
      policy: parseContactPolicy({ caps: [{ id: 'one-a-week', max: 1, window: { calendar: 'week' } }] }),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts.map((x) => x.stepId)).toEqual(['s0']);
    expect(plan.suppressions.map((x) => [x.stepId, x.code])).toEqual([['s1', 'DEFERRAL_EXCEEDED']]);
    expect(plan.suppressions[0]?.reason).toContain('one-a-week');
  });

  it('bundle: a blocked step rides with the contact already planned that day on its channel', () => {
    const plan = planContacts({
      customers: [customer('c', PARIS)],
      journeys: [daily([0, 0], { whenBlocked: { action: 'bundle' } })],
      policy: parseContactPolicy({ caps: [{ id: 'one-a-day', max: 1, window: { calendar: 'day' } }] }),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts).toHaveLength(1);
    expect(plan.contacts[0]?.bundled).toEqual([{ journeyId: 'j', stepId: 's1', contentKey: 'k1' }]);
    expect(plan.suppressions.map((x) => [x.stepId, x.code, x.outcome, x.bundledInto])).toEqual([['s1', 'BUNDLED', 'bundled', plan.contacts[0]?.id]]);
  });

  it('a window on weekdays only: a Saturday step is OUTSIDE_WINDOW and deferred to Monday', () => {
    const plan = planContacts({
      customers: [customer('c', PARIS)],
      journeys: [oneStep({ timing: { type: 'offset', offset: 'P5D' }, sendWindow: { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }, whenBlocked: { action: 'defer', maxDelay: 'P3D' } }, { sendWindow: undefined })],
      policy: parseContactPolicy({}),
      events: purchase, from, until, now: from,
    });
    expect(plan.contacts.map((x) => x.local)).toEqual(['2026-03-09T09:00:00+01:00']);
    expect(plan.suppressions.map((x) => [x.code, x.outcome])).toEqual([['OUTSIDE_WINDOW', 'deferred']]);
  });

  it('conditions on customer attributes', () => {
    const journey = oneStep({ timing: { type: 'offset', offset: 'P1D' }, conditions: [{ fact: 'customer.attributes.segment', operator: 'in', value: ['gold', 'vip'] }] });
    const plan = planContacts({
      customers: [customer('c', PARIS, undefined, { attributes: { segment: 'gold' } }), customer('d', PARIS, undefined, { attributes: { segment: 'basic' } })],
      journeys: [journey], policy: parseContactPolicy({}),
      events: [...purchase, { customerId: 'd', type: 'purchase', id: 'o2', at: at(PARIS, 2026, 3, 2, 8) }],
      from, until, now: from,
    });
    expect(plan.contacts.map((x) => x.customerId)).toEqual(['c']);
    expect(plan.suppressions.map((x) => [x.customerId, x.code])).toEqual([['d', 'CONDITION_FAILED']]);
    expect(plan.suppressions[0]?.reason).toContain('"basic"');
  });

  it('a contact already in the history (by id) is not planned again; a deferred one from before the start is re-placed', () => {
    const journey = daily([0, 0], { whenBlocked: { action: 'defer', maxDelay: 'P3D' } });
    const policy = parseContactPolicy({ caps: [{ id: 'one-a-day', max: 1, window: { calendar: 'day' } }] });
    const first = planContacts({ customers: [customer('c', PARIS)], journeys: [journey], policy, events: purchase, from, until, now: from });
    expect(first.contacts.map((x) => x.local)).toEqual(['2026-03-02T10:00:00+01:00', '2026-03-03T10:00:00+01:00']);
    // The next night: s0 was sent; s1 is still due on 3 March.
    const sent = first.contacts[0]!;
    const nextNight = new Date('2026-03-02T23:00:00Z');
    const second = planContacts({
      customers: [customer('c', PARIS)], journeys: [journey], policy, events: purchase,
      history: [{ customerId: 'c', channel: sent.channel, kind: sent.kind, at: sent.at, id: sent.id }],
      from: nextNight, until, now: nextNight,
    });
    expect(second.contacts.map((x) => [x.id, x.local])).toEqual([[first.contacts[1]!.id, '2026-03-03T10:00:00+01:00']]);
    expect(second.suppressions.map((x) => [x.code, x.outcome])).toEqual([['OUTSIDE_RANGE', 'deferred']]);
  });
});

describe('parseContactPolicy', () => {
  it('rejects bad caps and windows with paths', () => {
    expect(() => parseContactPolicy({ caps: [{ id: 'x', max: -1, window: { rolling: 'P1M' } }], quietHours: [{ from: '25:00', to: '08:00' }], defaultTimeZone: 'Mars/Base' })).toThrow(
      /caps\[0\]\.max.*caps\[0\]\.window.*quietHours\[0\]\.from.*defaultTimeZone/s,
    );
  });
});
