import { describe, expect, it } from 'vitest';
import { isStillEligible, planContacts, toICalendar } from '../../src/calendar/index.js';
import { at, carPurchase, customer, referencePolicy } from './fixtures.js';

const PARIS = 'Europe/Paris';
const c0 = customer('c0', PARIS);
const purchase = { customerId: 'c0', type: 'purchase' as const, id: 'order-0', at: at(PARIS, 2007, 7, 1, 11) };
const plan = planContacts({
  customers: [c0],
  journeys: [carPurchase],
  policy: referencePolicy,
  events: [purchase],
  from: new Date('2007-06-01T00:00:00Z'),
  until: new Date('2010-01-01T00:00:00Z'),
  now: new Date('2007-06-01T00:00:00Z'),
});
const questionnaire = plan.contacts.find((c) => c.stepId === 'questionnaire')!; // 2009-07-01 10:00 Paris = 08:00Z

describe('isStillEligible', () => {
  const facts = { consents: c0.consents, events: [purchase], journey: carPurchase };
  it('eligible inside its window on its day', () => {
    expect(isStillEligible(questionnaire, facts, new Date('2009-07-01T08:05:00Z'))).toEqual({ eligible: true });
  });
  it('not before its instant, not after its window or day', () => {
    expect(isStillEligible(questionnaire, facts, new Date('2009-07-01T07:59:00Z'))).toMatchObject({ eligible: false, code: 'TOO_EARLY' });
    expect(isStillEligible(questionnaire, facts, new Date('2009-07-01T17:00:00Z'))).toMatchObject({ eligible: false, code: 'OUTSIDE_WINDOW' }); // 19:00 Paris
    expect(isStillEligible(questionnaire, facts, new Date('2009-07-02T08:05:00Z'))).toMatchObject({ eligible: false, code: 'OUTSIDE_WINDOW' });
  });
  it('not after the customer opted out, or without consent', () => {
    const withdrawn = { ...facts, consents: { email: { status: 'withdrawn' as const, at: new Date('2009-06-30T00:00:00Z'), source: 'unsubscribe link' } } };
    expect(isStillEligible(questionnaire, withdrawn, new Date('2009-07-01T08:05:00Z'))).toMatchObject({ eligible: false, code: 'CONSENT_WITHDRAWN' });
    expect(isStillEligible(questionnaire, { ...facts, consents: {} }, new Date('2009-07-01T08:05:00Z'))).toMatchObject({ eligible: false, code: 'CONSENT_MISSING' });
  });
  it('not after a goal event since the anchor (the anchor itself does not count)', () => {
    const again = { customerId: 'c0', type: 'purchase' as const, id: 'order-7', at: new Date('2009-06-15T10:00:00Z') };
    expect(isStillEligible(questionnaire, { ...facts, events: [purchase, again] }, new Date('2009-07-01T08:05:00Z'))).toMatchObject({ eligible: false, code: 'GOAL_REACHED' });
  });
});

/** Unfold RFC 5545 content lines. */
const unfold = (ics: string): string[] => ics.replace(/\r\n /g, '').split('\r\n').filter((l) => l !== '');

describe('toICalendar', () => {
  const ics = toICalendar(plan, { name: 'Contacts; of c0, Paris' });
  it('is a well-formed VCALENDAR with one VEVENT per contact, UID = contact id, DTSTART in UTC', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/); // only CRLF line ends
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('X-WR-CALNAME:Contacts\\; of c0\\, Paris');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(plan.contacts.length);
    expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(plan.contacts.length);
    const uids = lines.filter((l) => l.startsWith('UID:')).map((l) => l.slice(4));
    expect(uids).toEqual(plan.contacts.map((c) => c.id));
    const starts = lines.filter((l) => l.startsWith('DTSTART:')).map((l) => l.slice(8));
    expect(starts[3]).toBe('20090701T080000Z');
    for (const s of starts) expect(s).toMatch(/^\d{8}T\d{6}Z$/);
    // Nesting: every property line sits inside a VEVENT or the calendar.
    let depth = 0;
    for (const l of lines) {
      if (l.startsWith('BEGIN:')) depth += 1;
      if (l.startsWith('END:')) depth -= 1;
      expect(depth).toBeGreaterThanOrEqual(0);
      expect(l).toMatch(/^[A-Z-]+[:;]/);
    }
    expect(depth).toBe(0);
  });
  it('folds lines at 75 octets without splitting a character, and escapes text', () => {
    const long = toICalendar([{ ...questionnaire, contentKey: `un questionnaire très, très; long\\ ${'é'.repeat(60)}\nfin`, bundled: [] }], { now: plan.createdAt });
    for (const line of long.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const summary = unfold(long).find((l) => l.startsWith('SUMMARY:'))!;
    expect(summary).toBe(`SUMMARY:email: un questionnaire très\\, très\\; long\\\\ ${'é'.repeat(60)}\\nfin`);
  });
});
