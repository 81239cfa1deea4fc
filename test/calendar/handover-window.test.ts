// Send windows are for messages; in-store handovers get none unless the policy gives them one.
// Paris is UTC+02:00 on 1 July 2007 (summer time), so 21:45 Paris = 19:45Z.
import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../../src/core/index.js';
import { channelKind, isStillEligible, parseContactPolicy, parseJourney, planContacts } from '../../src/calendar/index.js';
import { at, carPurchase, customer, referencePolicy } from './fixtures.js';

const PARIS = 'Europe/Paris';
const from = new Date('2007-06-30T00:00:00Z');
const until = new Date('2007-07-03T00:00:00Z'); // only the purchase-day gift is due
const boughtAt = (hour: number, minute: number) => [{ customerId: 'c', type: 'purchase' as const, id: 'car', at: at(PARIS, 2007, 7, 1, hour, minute) }];
const plan = (policy = referencePolicy, journey = carPurchase, hour = 21, minute = 45) =>
  planContacts({ customers: [customer('c', PARIS)], journeys: [journey], policy, events: boughtAt(hour, minute), from, until, now: from });

describe('send windows per channel kind', () => {
  it('in-store is a handover, the other channels are messages', () => {
    expect(channelKind('in-store')).toBe('handover');
    for (const ch of ['email', 'sms', 'post', 'push', 'phone'] as const) expect(channelKind(ch)).toBe('message');
  });

  it('the gift for a car bought at 21:45 is handed over at 21:45, outside the journey window and the quiet hours', () => {
    const p = plan();
    expect(p.suppressions).toEqual([]);
    expect(p.contacts.map((c) => [c.stepId, c.channel, c.local, c.at.toISOString()])).toEqual([
      ['gift', 'in-store', '2007-07-01T21:45:00+02:00', '2007-07-01T19:45:00.000Z'],
    ]);
    const gift = p.contacts[0]!;
    expect(gift.sendWindow).toEqual({ weekdays: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' });
    expect(isStillEligible(gift, { consents: {}, notRequiredFor: ['in-store'] }, new Date('2007-07-01T19:50:00Z'))).toEqual({ eligible: true });
  });

  it("the policy's handover window applies to handovers when it gives one", () => {
    const policy = parseContactPolicy({ ...referencePolicy, sendWindows: { handover: { from: '10:00', to: '20:00' } } });
    const late = plan(policy);
    expect(late.contacts).toEqual([]);
    expect(late.suppressions.map((s) => [s.stepId, s.code, s.outcome])).toEqual([['gift', 'OUTSIDE_WINDOW', 'dropped']]);
    expect(late.suppressions[0]?.reason).toContain('10:00–20:00');
    // Bought at 08:30: the gift waits for the handover window's opening, 10:00 = 08:00Z.
    const early = plan(policy, carPurchase, 8, 30);
    expect(early.contacts.map((c) => [c.stepId, c.local])).toEqual([['gift', '2007-07-01T10:00:00+02:00']]);
  });

  it('quiet hours that name a handover channel apply to it', () => {
    const policy = parseContactPolicy({ ...referencePolicy, quietHours: [{ from: '21:00', to: '08:00', channels: ['in-store'] }] });
    expect(plan(policy).suppressions.map((s) => [s.stepId, s.code])).toEqual([['gift', 'QUIET_HOURS']]);
  });

  it('messages keep their windows: the journey window, else the policy message window', () => {
    const journey = (window?: object) =>
      parseJourney({
        id: 'j', anchor: { event: 'purchase' }, ...(window === undefined ? {} : { sendWindow: window }),
        steps: [
          { id: 'mail', timing: { type: 'offset', offset: 'P0D' }, channel: 'email', contentKey: 'thanks' },
          { id: 'gift', timing: { type: 'offset', offset: 'P0D' }, channel: 'in-store', contentKey: 'gift', time: '22:00' },
        ],
      });
    // Bought at 21:45: the e-mail is outside the journey window 09:00–19:00; the gift (its own
    // time 22:00, though outside the journey window) goes at 22:00 = 20:00Z.
    const inStore = { consent: { notRequiredFor: ['in-store'] } };
    const a = plan(parseContactPolicy(inStore), journey({ from: '09:00', to: '19:00' }));
    expect(a.contacts.map((c) => [c.stepId, c.at.toISOString()])).toEqual([['gift', '2007-07-01T20:00:00.000Z']]);
    expect(a.suppressions.map((s) => [s.stepId, s.code])).toEqual([['mail', 'OUTSIDE_WINDOW']]);
    // No journey window: the policy's message window 07:00–23:00 lets the e-mail go at the purchase.
    const b = plan(parseContactPolicy({ ...inStore, sendWindows: { message: { from: '07:00', to: '23:00' } } }), journey());
    expect(b.contacts.map((c) => [c.stepId, c.at.toISOString()])).toEqual([
      ['mail', '2007-07-01T19:45:00.000Z'],
      ['gift', '2007-07-01T20:00:00.000Z'],
    ]);
  });

  it("a step time outside the policy's window for its kind is refused when planning", () => {
    const journey = parseJourney({
      id: 'j', anchor: { event: 'purchase' },
      steps: [{ id: 'gift', timing: { type: 'offset', offset: 'P0D' }, channel: 'in-store', contentKey: 'gift', time: '22:00' }],
    });
    const policy = parseContactPolicy({ sendWindows: { handover: { from: '10:00', to: '20:00' } } });
    let error: unknown;
    try {
      plan(policy, journey);
    } catch (e) {
      error = e;
    }
    expect(isFidelisError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('journeys[0].steps[0].time');
  });
});
