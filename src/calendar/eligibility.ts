import type { Consent, ContactChannel } from '../core/schemas.js';
import { formatLocalDate, localParts } from '../core/time.js';
import type { PlanningEvent, PlannedContact, SuppressionCode } from './contact.js';
import type { Journey } from './journey.js';
import { isInSendWindow } from './send-window.js';

/**
 * What is known about the customer just before sending: current consents, the events since
 * planning (goal events) and, to check exit goals, the contact's journey. `notRequiredFor` lists
 * the channels where marketing needs no granted consent (as in the policy).
 *
 * @example
 * ```ts
 * const facts: EligibilityFacts = { consents: customer.consents, events: recentPurchases, journey: carPurchase };
 * ```
 */
export interface EligibilityFacts {
  /** The customer's consents now. */
  readonly consents: Partial<Record<ContactChannel, Consent>>;
  /** Events of the customer (purchases…) known now. */
  readonly events?: readonly PlanningEvent[];
  /** The contact's journey, for its exit goals. */
  readonly journey?: Journey;
  /** Channels where marketing needs no granted consent (a withdrawal still wins). */
  readonly notRequiredFor?: readonly ContactChannel[];
}

/**
 * The verdict of {@link isStillEligible}: send, or not with a code and a reason.
 *
 * @example
 * ```ts
 * const v: Eligibility = { eligible: false, code: 'CONSENT_WITHDRAWN', reason: 'the customer withdrew email consent' };
 * ```
 */
export type Eligibility =
  | { readonly eligible: true }
  | { readonly eligible: false; readonly code: SuppressionCode | 'TOO_EARLY'; readonly reason: string };

/**
 * The last check before sending a planned contact: consent still granted (marketing), no exit
 * goal reached since the anchor, and `now` inside the contact's send window on its planned local
 * day and not before its planned instant. Pure.
 *
 * @example
 * ```ts
 * const verdict = isStillEligible(contact, { consents: customer.consents, events, journey }, new Date('2009-07-01T08:05:00Z'));
 * if (!verdict.eligible) console.log(verdict.code, verdict.reason);
 * ```
 */
export function isStillEligible(contact: PlannedContact, facts: EligibilityFacts, now: Date): Eligibility {
  const t = now.getTime();
  if (contact.kind === 'marketing') {
    const consent = facts.consents[contact.channel];
    if (consent?.status === 'withdrawn' && consent.at.getTime() <= t) {
      return { eligible: false, code: 'CONSENT_WITHDRAWN', reason: `the customer withdrew ${contact.channel} consent on ${consent.at.toISOString()}` };
    }
    const exempt = facts.notRequiredFor?.includes(contact.channel) ?? false;
    if (!exempt && (consent?.status !== 'granted' || consent.at.getTime() > t)) {
      return { eligible: false, code: 'CONSENT_MISSING', reason: `no ${contact.channel} consent granted for marketing` };
    }
  }
  const goals = facts.journey?.exitGoals ?? [];
  const goal = (facts.events ?? []).find(
    (e) =>
      e.customerId === contact.customerId &&
      e.at.getTime() > contact.anchorAt.getTime() &&
      e.at.getTime() <= t &&
      !contact.anchor.endsWith(`:${e.id ?? e.at.toISOString()}`) &&
      goals.some((g) => g.event === e.type && (g.name === undefined || g.name === e.name)),
  );
  if (goal !== undefined) {
    return { eligible: false, code: 'GOAL_REACHED', reason: `exit goal ${goal.type} reached on ${goal.at.toISOString()}` };
  }
  if (t < contact.at.getTime()) {
    return { eligible: false, code: 'TOO_EARLY', reason: `planned for ${contact.local}` };
  }
  const p = localParts(now, contact.zone);
  const plannedDay = contact.local.slice(0, 10);
  const today = formatLocalDate(p);
  if (today !== plannedDay || !isInSendWindow(contact.sendWindow, p.weekday, p.hour * 60 + p.minute)) {
    return { eligible: false, code: 'OUTSIDE_WINDOW', reason: `now is ${today} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')} in ${contact.zone}, outside the window of ${contact.local}` };
  }
  return { eligible: true };
}
