// Shared test inputs for the calendar tests: the reference journey and policy from
// examples/journeys, and small builders.
import { readFileSync } from 'node:fs';
import { type ContactChannel, type Customer, localDateTime, parseCustomer } from '../../src/core/index.js';
import { type Journey, parseContactPolicy, parseJourney } from '../../src/calendar/index.js';

export const carPurchase: Journey = parseJourney(
  JSON.parse(readFileSync(new URL('../../examples/journeys/car-purchase.json', import.meta.url), 'utf8')),
);
export const referencePolicy = parseContactPolicy(
  JSON.parse(readFileSync(new URL('../../examples/journeys/car-purchase-policy.json', import.meta.url), 'utf8')),
);

const granted = { status: 'granted', at: '2000-01-01T00:00:00Z', source: 'signup-form' } as const;

/** A customer with granted consent on the given channels. */
export function customer(id: string, timeZone: string, channels: readonly ContactChannel[] = ['email', 'post', 'sms', 'push', 'phone'], extra: Record<string, unknown> = {}): Customer {
  return parseCustomer({
    id,
    joinedAt: '2000-01-01T00:00:00Z',
    timeZone,
    consents: Object.fromEntries(channels.map((c) => [c, granted])),
    ...extra,
  });
}

/** A local wall time in a zone, as an instant. */
export const at = (zone: string, year: number, month: number, day: number, hour = 0, minute = 0): Date =>
  localDateTime({ year, month, day, hour, minute }, zone);

/** A one-step journey, parsed. */
export function oneStep(step: Record<string, unknown>, journey: Record<string, unknown> = {}): Journey {
  return parseJourney({
    id: 'j',
    anchor: { event: 'purchase' },
    sendWindow: { from: '00:00', to: '24:00' },
    steps: [{ id: 's', channel: 'email', contentKey: 'k', ...step }],
    ...journey,
  });
}
