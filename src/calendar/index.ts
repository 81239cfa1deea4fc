/**
 * `fidelis/calendar`: contact-timing schedules. Journeys anchored on events, birthdays and
 * anniversaries; a contact policy (consent, caps, gaps, quiet hours, blackouts); `planContacts`,
 * `isStillEligible`, `toICalendar`.
 *
 * @example
 * ```ts
 * import { parseJourney, parseContactPolicy, planContacts } from 'fidelis/calendar';
 * ```
 *
 * @packageDocumentation
 */
export * from './anchors/recurrence.js';
export * from './channel-kind.js';
export * from './contact.js';
export * from './contact-id.js';
export * from './contact-policy.js';
export * from './eligibility.js';
export * from './icalendar.js';
export * from './journey.js';
export * from './plan.js';
export * from './send-window.js';
export * from './step-condition.js';
