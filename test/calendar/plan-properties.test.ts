import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactChannel, type Customer, formatLocalDate, localParts, parseCustomer } from '../../src/core/index.js';
import {
  type ContactPlan,
  type ContactPolicy,
  type HistoryContact,
  type Journey,
  type PlanInput,
  type PlanningEvent,
  parseContactPolicy,
  parseJourney,
  planContacts,
  planContactsByCustomer,
} from '../../src/calendar/index.js';

// Random journeys, policies, consents and histories; the invariants are checked with core's
// localParts (not the planner's memoised zone arithmetic) and by brute force over windows.
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Chatham'];
const CHANNELS: ContactChannel[] = ['email', 'sms', 'push', 'post'];
const from = new Date('2026-01-01T00:00:00Z');
const until = new Date('2026-09-01T00:00:00Z');
const DAY = 86_400_000;
const hhmm = (h: number, m = 0): string => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

const stepArb = fc.record({
  offset: fc.oneof(fc.integer({ min: 0, max: 60 }).map((d) => `P${d}D`), fc.integer({ min: 1, max: 4 }).map((m) => `P${m}M`)),
  channel: fc.constantFrom(...CHANNELS),
  kind: fc.constantFrom('marketing', 'marketing', 'marketing', 'transactional'),
  priority: fc.integer({ min: 0, max: 5 }),
  hour: fc.integer({ min: 6, max: 22 }),
  blocked: fc.oneof(
    fc.constant({ action: 'skip' }),
    fc.integer({ min: 1, max: 5 }).map((d) => ({ action: 'defer', maxDelay: `P${d}D` })),
    fc.constant({ action: 'bundle' }),
  ),
  weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
});
const journeyArb = (id: string) =>
  fc.array(stepArb, { minLength: 1, maxLength: 5 }).map((steps) =>
    parseJourney({
      id,
      anchor: { event: 'purchase' },
      steps: steps.map((s, i) => ({
        id: `s${i}`,
        timing: { type: 'offset', offset: s.offset },
        channel: s.channel,
        contentKey: `k${i}`,
        kind: s.kind,
        priority: s.priority,
        time: hhmm(s.hour),
        sendWindow: { weekdays: s.weekdays, from: '06:00', to: '23:00' },
        whenBlocked: s.blocked,
      })),
    }),
  );
const capArb = fc.record({
  channels: fc.option(fc.uniqueArray(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  max: fc.integer({ min: 0, max: 3 }),
  window: fc.oneof(
    fc.integer({ min: 1, max: 10 }).map((d) => ({ rolling: `P${d}D` })),
    fc.integer({ min: 2, max: 30 }).map((h) => ({ rolling: `PT${h}H` })),
    fc.constantFrom('day', 'week', 'month').map((calendar) => ({ calendar })),
  ),
});
const policyArb = fc
  .record({
    caps: fc.array(capArb, { maxLength: 3 }),
    minGap: fc.option(fc.integer({ min: 1, max: 30 }).map((h) => `PT${h}H`), { nil: undefined }),
    quiet: fc.boolean(),
    countTowardCaps: fc.boolean(),
  })
  .map((p) =>
    parseContactPolicy({
      caps: p.caps.map((c, i) => ({ id: `cap${i}`, ...c, ...(c.channels === undefined ? {} : { channels: c.channels }) })),
      ...(p.minGap === undefined ? {} : { minGap: p.minGap }),
      quietHours: p.quiet ? [{ from: '21:00', to: '08:00' }] : [],
      transactional: { countTowardCaps: p.countTowardCaps },
    }),
  );
const consentArb = fc.constantFrom('none', 'granted', 'granted', 'withdrawn', 'later');
const customerArb = (id: string) =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      consents: fc.tuple(...CHANNELS.map(() => consentArb)),
      purchases: fc.array(fc.integer({ min: -40 * 24, max: 200 * 24 }), { minLength: 1, maxLength: 2 }),
      history: fc.array(fc.record({ hours: fc.integer({ min: -30 * 24, max: 200 * 24 }), channel: fc.constantFrom(...CHANNELS), marketing: fc.boolean() }), { maxLength: 4 }),
    })
    .map((r) => {
      const consents: Record<string, unknown> = {};
      CHANNELS.forEach((c, i) => {
        const state = r.consents[i];
        if (state === 'granted') consents[c] = { status: 'granted', at: '2025-01-01T00:00:00Z', source: 't' };
        if (state === 'withdrawn') consents[c] = { status: 'withdrawn', at: '2025-06-01T00:00:00Z', source: 't' };
        if (state === 'later') consents[c] = { status: 'granted', at: '2026-06-01T00:00:00Z', source: 't' };
      });
      const customer = parseCustomer({ id, joinedAt: '2020-01-01T00:00:00Z', timeZone: r.zone, consents });
      const events: PlanningEvent[] = r.purchases.map((h, i) => ({ customerId: id, type: 'purchase', id: `${id}-o${i}`, at: new Date(from.getTime() + h * 3_600_000) }));
      const history: HistoryContact[] = r.history.map((h) => ({ customerId: id, channel: h.channel, kind: h.marketing ? 'marketing' : 'transactional', at: new Date(from.getTime() + h.hours * 3_600_000) }));
      return { customer, events, history };
    });
const inputArbOf = (people: number) => fc
  .record({
    journeys: fc.tuple(journeyArb('a'), fc.option(journeyArb('b'), { nil: undefined })),
    policy: policyArb,
    people: fc.tuple(...Array.from({ length: people }, (_, i) => customerArb(`c${i + 1}`))),
  })
  .map(({ journeys, policy, people }): PlanInput => ({
    customers: people.map((p) => p.customer),
    journeys: journeys.filter((j): j is Journey => j !== undefined),
    policy,
    events: people.flatMap((p) => p.events),
    history: people.flatMap((p) => p.history),
    from,
    until,
    now: from,
  }));
const inputArb = inputArbOf(2);

/** ISO-week key of a local date: the day number of its Monday. */
function localKeys(at: Date, zone: string): { day: string; week: number; month: string } {
  const p = localParts(at, zone);
  const dayNumber = Date.UTC(p.year, p.month - 1, p.day) / DAY;
  return { day: formatLocalDate(p), week: dayNumber - (p.weekday - 1), month: `${p.year}-${p.month}` };
}

function checkCaps(input: PlanInput, plan: ContactPlan, policy: ContactPolicy): void {
  for (const customer of input.customers) {
    const zone = customer.timeZone ?? 'UTC';
    const counts = (kind: string) => kind === 'marketing' || policy.transactional.countTowardCaps;
    const counted = [
      ...(input.history ?? []).filter((h) => h.customerId === customer.id && counts(h.kind)).map((h) => ({ at: h.at, channel: h.channel })),
      ...plan.contacts.filter((c) => c.customerId === customer.id && counts(c.kind)).map((c) => ({ at: c.at, channel: c.channel })),
    ];
    const planned = plan.contacts.filter((c) => c.customerId === customer.id && c.kind === 'marketing');
    for (const cap of policy.caps) {
      const on = (ch: ContactChannel) => cap.channels === undefined || cap.channels.includes(ch);
      const rel = counted.filter((c) => on(c.channel));
      for (const p of planned.filter((c) => on(c.channel))) {
        const t = p.at.getTime();
        if ('rolling' in cap.window) {
          const m = /^P(?:(\d+)D)?(?:T(\d+)H)?$/.exec(cap.window.rolling)!;
          const length = (Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 3_600_000;
          // Every window [s, s + length) containing t: try every start where the set inside can change.
          const starts = [t, ...rel.flatMap((c) => [c.at.getTime(), c.at.getTime() - length + 1])].filter((s) => s <= t && s + length > t);
          for (const s of starts) {
            const n = rel.filter((c) => c.at.getTime() >= s && c.at.getTime() < s + length).length;
            expect(n, `cap ${cap.id} (${cap.window.rolling}) around ${p.local}`).toBeLessThanOrEqual(cap.max);
          }
        } else {
          const period = cap.window.calendar as 'day' | 'week' | 'month';
          const key = localKeys(p.at, zone)[period];
          const n = rel.filter((c) => localKeys(c.at, zone)[period] === key).length;
          expect(n, `cap ${cap.id} (${period}) at ${p.local}`).toBeLessThanOrEqual(cap.max);
        }
      }
    }
    if (policy.minGap !== undefined) {
      const gap = Number(/PT(\d+)H/.exec(policy.minGap)![1]) * 3_600_000;
      for (const p of planned) {
        for (const c of counted) {
          if (c.at !== p.at) expect(Math.abs(c.at.getTime() - p.at.getTime())).toBeGreaterThanOrEqual(gap);
        }
      }
    }
  }
}

describe('planContacts properties', () => {
  it('no cap is exceeded in any window, nothing marketing without consent, windows and quiet hours hold', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planContacts(input);
        checkCaps(input, plan, input.policy);
        const byId = new Map<string, Customer>(input.customers.map((c) => [c.id, c]));
        for (const c of plan.contacts) {
          const customer = byId.get(c.customerId)!;
          if (c.kind === 'marketing') {
            const consent = customer.consents[c.channel];
            expect(consent?.status).toBe('granted');
            expect(consent!.at.getTime()).toBeLessThanOrEqual(c.at.getTime()); // consent holds at the contact's instant
          }
          const p = localParts(c.at, c.zone);
          const minute = p.hour * 60 + p.minute;
          expect(c.sendWindow.weekdays).toContain(p.weekday);
          expect(minute).toBeGreaterThanOrEqual(6 * 60);
          expect(minute).toBeLessThan(23 * 60);
          if (input.policy.quietHours.length > 0) expect(minute >= 8 * 60 && minute < 21 * 60).toBe(true);
          expect(c.at.getTime()).toBeGreaterThanOrEqual(input.from.getTime());
          expect(c.at.getTime()).toBeLessThan(input.until.getTime());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every step not planned as intended appears as a suppression with its reason; re-planning is identical', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planContacts(input);
        // The same steps, planned with no rules and every consent: what was intended.
        const open = planContacts({
          ...input,
          policy: parseContactPolicy({}),
          customers: input.customers.map((c) => ({ ...c, consents: Object.fromEntries(CHANNELS.map((ch) => [ch, { status: 'granted' as const, at: new Date(0), source: 't' }])) })),
        });
        const intended = new Map(open.contacts.map((c) => [c.id, c.at.getTime()]));
        const ids = (p: ContactPlan) => new Set([...p.contacts.map((c) => c.id), ...p.suppressions.filter((s) => s.outcome !== 'deferred').map((s) => s.contactId)]);
        expect([...ids(plan)].sort()).toEqual([...ids(open)].sort());
        expect(new Set(plan.contacts.map((c) => c.id)).size).toBe(plan.contacts.length);
        const deferred = new Map(plan.suppressions.filter((s) => s.outcome === 'deferred').map((s) => [s.contactId, s]));
        for (const c of plan.contacts) {
          const was = intended.get(c.id);
          if (was !== undefined && was !== c.at.getTime()) {
            const s = deferred.get(c.id);
            expect(s, `${c.id} moved without a suppression`).toBeDefined();
            expect(s!.deferredTo?.getTime()).toBe(c.at.getTime());
          }
        }
        for (const s of plan.suppressions) {
          expect(s.reason.length).toBeGreaterThan(20);
          if (s.outcome !== 'deferred') expect(plan.contacts.some((c) => c.id === s.contactId)).toBe(false);
        }
        expect(planContacts(input)).toEqual(plan);
      }),
      { numRuns: 100 },
    );
  });

  it('the plan does not depend on the order of events, history and customers; one customer at a time gives the same plan', () => {
    const shuffled = inputArbOf(5).chain((input) => {
      const events = input.events ?? [];
      const history = input.history ?? [];
      return fc
        .record({
          events: fc.shuffledSubarray([...events], { minLength: events.length, maxLength: events.length }),
          history: fc.shuffledSubarray([...history], { minLength: history.length, maxLength: history.length }),
          reversed: fc.boolean(),
        })
        .map((order) => ({ input, order }));
    });
    fc.assert(
      fc.property(shuffled, ({ input, order }) => {
        const plan = planContacts(input);
        const customers = order.reversed ? [...input.customers].reverse() : input.customers;
        const parts = [...planContactsByCustomer({ ...input, customers, events: order.events, history: order.history })];
        expect(parts.map((p) => p.customerId)).toEqual(customers.map((c) => c.id));
        for (const part of parts) {
          expect(part.contacts).toEqual(plan.contacts.filter((c) => c.customerId === part.customerId));
          expect(part.suppressions).toEqual(plan.suppressions.filter((s) => s.customerId === part.customerId));
        }
        if (!order.reversed) {
          expect(parts.flatMap((p) => p.contacts)).toEqual(plan.contacts);
          expect(parts.flatMap((p) => p.suppressions)).toEqual(plan.suppressions);
        }
      }),
      { numRuns: 100 },
    );
  });
});
