// Consent is judged at each contact's planned instant, not at the planning `now`.
// All instants worked out by hand: Paris is UTC+01:00 throughout 1–10 March 2026 (summer time
// starts on 29 March), so 09:00 Paris = 08:00Z. The purchase is on Monday 2 March 2026 at 08:00
// Paris; the plan is made at 00:00 Paris on Tuesday 3 March (2026-03-02T23:00Z).
import { describe, expect, it } from 'vitest';
import { parseContactPolicy, parseJourney, planContacts } from '../../src/calendar/index.js';
import { customer } from './fixtures.js';

const now = new Date('2026-03-02T23:00:00Z'); // 2026-03-03 00:00 Paris
const until = new Date('2026-04-01T00:00:00Z');
const purchase = [{ customerId: 'c', type: 'purchase' as const, id: 'o', at: new Date('2026-03-02T07:00:00Z') }];
const allDay = { from: '00:00', to: '24:00' };
const step = (id: string, channel: string, days: number, time: string, extra: Record<string, unknown> = {}) => ({
  id, channel, contentKey: id, timing: { type: 'offset', offset: `P${days}D` }, time, ...extra,
});

describe('consent at the planned instant', () => {
  it('a contact at or after the grant is planned, one before it is not; a withdrawal holds from its instant on', () => {
    const journey = parseJourney({
      id: 'j', anchor: { event: 'purchase' }, sendWindow: allDay,
      steps: [
        step('mail-before', 'email', 1, '08:59'), // 07:59Z, one minute before the grant
        step('mail-at', 'email', 1, '09:00'), // 08:00Z, the grant's instant
        step('mail-next-day', 'email', 2, '10:00'), // 2026-03-04T09:00Z
        step('receipt', 'email', 1, '08:00', { kind: 'transactional' }), // needs no consent
        step('shop-before', 'in-store', 2, '11:59'), // 10:59Z, a minute before the withdrawal
        step('shop-after', 'in-store', 2, '12:00'), // 11:00Z, the withdrawal's instant
        step('push', 'push', 1, '10:00'), // withdrawn before the plan was made
        step('sms', 'sms', 3, '09:00'), // only a later withdrawal on record: no grant
      ],
    });
    const c = customer('c', 'Europe/Paris', [], {
      consents: {
        email: { status: 'granted', at: '2026-03-03T08:00:00Z', source: 'newsletter form' },
        'in-store': { status: 'withdrawn', at: '2026-03-04T11:00:00Z', source: 'counter' },
        push: { status: 'withdrawn', at: '2026-03-01T00:00:00Z', source: 'app settings' },
        sms: { status: 'withdrawn', at: '2026-03-06T09:00:00Z', source: 'STOP reply' },
      },
    });
    const plan = planContacts({
      customers: [c], journeys: [journey], policy: parseContactPolicy({ consent: { notRequiredFor: ['in-store'] } }),
      events: purchase, from: now, until, now,
    });
    expect(plan.contacts.map((x) => [x.stepId, x.at.toISOString()])).toEqual([
      ['receipt', '2026-03-03T07:00:00.000Z'],
      ['mail-at', '2026-03-03T08:00:00.000Z'],
      ['mail-next-day', '2026-03-04T09:00:00.000Z'],
      ['shop-before', '2026-03-04T10:59:00.000Z'],
    ]);
    expect(plan.suppressions.map((x) => [x.stepId, x.intendedAt.toISOString(), x.code, x.outcome])).toEqual([
      ['mail-before', '2026-03-03T07:59:00.000Z', 'CONSENT_MISSING', 'dropped'],
      ['push', '2026-03-03T09:00:00.000Z', 'CONSENT_WITHDRAWN', 'dropped'],
      ['shop-after', '2026-03-04T11:00:00.000Z', 'CONSENT_WITHDRAWN', 'dropped'],
      ['sms', '2026-03-05T08:00:00.000Z', 'CONSENT_MISSING', 'dropped'],
    ]);
    const reason = (id: string) => plan.suppressions.find((s) => s.stepId === id)?.reason;
    expect(reason('mail-before')).toContain('granted only from 2026-03-03T08:00:00.000Z');
    expect(reason('shop-after')).toContain('withdrew in-store consent at 2026-03-04T11:00:00.000Z (counter)');
    expect(reason('sms')).toContain('2026-03-06T09:00:00.000Z');
  });

  it('a deferral never lands after a withdrawal', () => {
    // One in-store contact a day; the second of 4 March (10:00 Paris) would defer to 5 March
    // 10:00, after the withdrawal at 12:00 on 4 March: dropped as CONSENT_WITHDRAWN.
    const journey = parseJourney({
      id: 'j', anchor: { event: 'purchase' }, sendWindow: allDay,
      steps: [
        step('first', 'in-store', 2, '09:00', { priority: 2 }),
        step('second', 'in-store', 2, '10:00', { priority: 1, whenBlocked: { action: 'defer', maxDelay: 'P3D' } }),
      ],
    });
    const c = customer('c', 'Europe/Paris', [], { consents: { 'in-store': { status: 'withdrawn', at: '2026-03-04T11:00:00Z', source: 'counter' } } });
    const plan = planContacts({
      customers: [c], journeys: [journey],
      policy: parseContactPolicy({ consent: { notRequiredFor: ['in-store'] }, caps: [{ id: 'one-a-day', max: 1, window: { calendar: 'day' } }] }),
      events: purchase, from: now, until, now,
    });
    expect(plan.contacts.map((x) => [x.stepId, x.at.toISOString()])).toEqual([['first', '2026-03-04T08:00:00.000Z']]);
    expect(plan.suppressions.map((x) => [x.stepId, x.code, x.outcome])).toEqual([['second', 'CONSENT_WITHDRAWN', 'dropped']]);
    expect(plan.suppressions[0]?.reason).toContain('one-a-day');
  });

  it('content is not bundled into a contact that goes out before the consent holds', () => {
    // The transactional receipt (08:00 Paris) counts toward the daily cap; the marketing mail at
    // 10:00 is blocked by it and would ride with the receipt, which goes out before the grant (09:00).
    const journey = parseJourney({
      id: 'j', anchor: { event: 'purchase' }, sendWindow: allDay,
      steps: [
        step('receipt', 'email', 1, '08:00', { kind: 'transactional' }),
        step('mail', 'email', 1, '10:00', { whenBlocked: { action: 'bundle' } }),
      ],
    });
    const c = customer('c', 'Europe/Paris', [], { consents: { email: { status: 'granted', at: '2026-03-03T08:00:00Z', source: 'form' } } });
    const plan = planContacts({
      customers: [c], journeys: [journey],
      policy: parseContactPolicy({ caps: [{ id: 'one-a-day', max: 1, window: { calendar: 'day' } }], transactional: { countTowardCaps: true } }),
      events: purchase, from: now, until, now,
    });
    expect(plan.contacts.map((x) => [x.stepId, x.bundled.length])).toEqual([['receipt', 0]]);
    expect(plan.suppressions.map((x) => [x.stepId, x.code, x.outcome])).toEqual([['mail', 'CAP_REACHED', 'dropped']]);
  });
});
