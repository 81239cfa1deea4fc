// Consent judged at one instant: the instant a contact is planned for. Internal to the module
// (planContacts is the public face; isStillEligible judges the sending instant the same way).
//
// A consent record says the channel's state from its instant on: a grant holds from `at`, a
// withdrawal from `at`. Before a withdrawal's instant the record proves no grant, so only a
// channel that needs none (the policy's `consent.notRequiredFor`) is contacted then.
import type { Customer } from '../core/schemas.js';
import type { Block } from './constraints.js';
import type { JourneyStep } from './journey.js';

/** The consent problem of contacting `customer` for `step` at instant `at` (ms), if any. */
export function consentBlockAt(customer: Customer, step: JourneyStep, exempt: ReadonlySet<string>, at: number): Block | undefined {
  if (step.kind === 'transactional') return undefined;
  const channel = step.channel;
  const consent = customer.consents[channel];
  if (consent?.status === 'withdrawn') {
    const from = consent.at.toISOString();
    if (consent.at.getTime() <= at) {
      return { code: 'CONSENT_WITHDRAWN', reason: `the customer withdrew ${channel} consent at ${from} (${consent.source})` };
    }
    if (exempt.has(channel)) return undefined;
    return { code: 'CONSENT_MISSING', reason: `no ${channel} consent granted for marketing (the only record is a withdrawal from ${from})` };
  }
  if (exempt.has(channel)) return undefined;
  if (consent === undefined) return { code: 'CONSENT_MISSING', reason: `no ${channel} consent on record for marketing` };
  if (consent.at.getTime() > at) {
    return { code: 'CONSENT_MISSING', reason: `${channel} consent is granted only from ${consent.at.toISOString()} (${consent.source}), after this moment` };
  }
  return undefined;
}

/**
 * The instant (ms) from which a marketing step can no longer be sent because the customer
 * withdrew its channel's consent, or +∞. Bounds the moments a blocked step is deferred to.
 */
export function consentEndsAt(customer: Customer, step: JourneyStep): number {
  if (step.kind === 'transactional') return Number.POSITIVE_INFINITY;
  const consent = customer.consents[step.channel];
  return consent?.status === 'withdrawn' ? consent.at.getTime() : Number.POSITIVE_INFINITY;
}
