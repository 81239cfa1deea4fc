import { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import { ContactChannel } from '../core/schemas.js';
import { TimeZoneName, parseWith } from '../core/validation.js';
import { SendWindow, TimeOfDay } from './send-window.js';
import { IsoDuration } from './journey.js';

/**
 * An elapsed duration in weeks, days, hours, minutes or seconds (`P7D`, `P30D`, `PT12H`); days
 * count as 24 hours. Years and months are refused: use a calendar window for those.
 *
 * @example
 * ```ts
 * ElapsedDuration.parse('P7D'); // 'P7D'
 * ```
 */
export const ElapsedDuration = IsoDuration.refine((d) => {
  const p = parseDuration(d);
  return p.sign === 1 && p.years === 0 && p.months === 0;
}, 'must be a positive elapsed duration without years or months, e.g. P7D or PT12H (use a calendar window for months)');

/**
 * A frequency cap: at most `max` contacts in any window. `channels` limits it to some channels
 * (absent = global, all channels). A window is `rolling` (any interval of that elapsed length)
 * or `calendar` (each local day, ISO week, month or year in the customer's zone). Caps block
 * marketing contacts only; transactional ones count toward them when the policy's
 * `transactional.countTowardCaps` is true.
 *
 * @example
 * ```ts
 * FrequencyCap.parse({ id: 'two-a-week', max: 2, window: { rolling: 'P7D' } });
 * FrequencyCap.parse({ id: 'sms-monthly', channels: ['sms'], max: 1, window: { rolling: 'P30D' } });
 * FrequencyCap.parse({ id: 'one-a-day', max: 1, window: { calendar: 'day' } });
 * ```
 */
export const FrequencyCap = z.object({
  id: z.string().min(1),
  channels: z.array(ContactChannel).min(1).optional(),
  max: z.number().int().nonnegative('must be zero or more'),
  window: z.union([
    z.object({ rolling: ElapsedDuration }).strict(),
    z.object({ calendar: z.enum(['day', 'week', 'month', 'year']) }).strict(),
  ]),
});
/**
 * A parsed {@link FrequencyCap}.
 *
 * @example
 * ```ts
 * const cap: FrequencyCap = { id: 'c', max: 1, window: { calendar: 'week' } };
 * ```
 */
export type FrequencyCap = z.output<typeof FrequencyCap>;

/**
 * What a contact policy sets for the customers of one segment (`ContactPolicy.bySegment`):
 * - `caps`: frequency caps (the {@link FrequencyCap} shape) for them: a cap with the id of a
 *   policy cap replaces it, the others are added;
 * - `journeys`: the journeys open to them (ids; absent = every journey). A step of another
 *   journey is dropped with `CONDITION_FAILED`.
 *
 * @example
 * ```ts
 * SegmentContactPolicy.parse({ caps: [{ id: 'weekly', max: 3, window: { calendar: 'week' } }], journeys: ['new-collection'] });
 * ```
 */
export const SegmentContactPolicy = z
  .object({
    caps: z.array(FrequencyCap).default([]),
    journeys: z.array(z.string().min(1)).optional(),
  })
  .strict();
/**
 * A parsed {@link SegmentContactPolicy}.
 *
 * @example
 * ```ts
 * const star: SegmentContactPolicy = { caps: [{ id: 'weekly', max: 3, window: { calendar: 'week' } }] };
 * ```
 */
export type SegmentContactPolicy = z.output<typeof SegmentContactPolicy>;

const BlackoutDate = z
  .string()
  .regex(/^(\d{4}|-)-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD, or --MM-DD for every year');

/**
 * The house rules every planned contact obeys (published as JSON Schema `ContactPolicy.schema.json`):
 *
 * - `consent.notRequiredFor`: channels where a marketing contact needs no granted consent
 *   (typically `in-store`: the customer is at the counter); a withdrawal still wins there.
 *   Marketing on every other channel needs consent `granted` no later than the contact's planned
 *   instant, and no contact goes out at or after a withdrawal's instant; transactional contacts
 *   need none.
 * - `caps`: frequency caps (see {@link FrequencyCap}).
 * - `bySegment`: caps and open journeys per customer segment (see {@link SegmentContactPolicy}),
 *   keyed by a quadrant (`star`, `question-mark`, `profit`, `selection`), an RFM segment
 *   (`at-risk`…) or a label of the customer's stored segment. Every entry the customer's segment
 *   matches applies (their caps all count; a journey is open when one of the entries that list
 *   journeys lists it). A customer without a segment gets the policy's own caps and every journey.
 * - `minGap`: the minimum elapsed time between a marketing contact and any other counted
 *   contact of the customer.
 * - `quietHours`: local times when nothing is sent (all kinds): on every message channel, or on
 *   the channels listed in `channels` (list a handover channel such as `in-store` to quiet it).
 * - `sendWindows`: send windows per channel kind (see `channelKind`). `message` is the window of
 *   message steps whose step and journey name none (else every day 09:00–18:00); `handover` is
 *   the window of handover steps (in-store) that name none; without it they have no window (a
 *   journey's window is for its messages).
 * - `blackoutDates`: local dates without marketing (`2026-12-24`, or `--12-25` every year).
 * - `transactional.countTowardCaps`: whether transactional contacts count toward caps and the gap.
 * - `defaultTimeZone`: the zone of customers without one (default `UTC`).
 *
 * @example
 * ```ts
 * const policy = parseContactPolicy({
 *   caps: [{ id: 'one-a-day', max: 1, window: { calendar: 'day' } }, { id: 'two-a-week', max: 2, window: { rolling: 'P7D' } }],
 *   bySegment: {
 *     star: { caps: [{ id: 'two-a-week', max: 3, window: { rolling: 'P7D' } }] }, // stars may hear from us 3 times a week
 *     selection: { caps: [{ id: 'two-a-week', max: 1, window: { rolling: 'P7D' } }], journeys: ['win-back'] },
 *   },
 *   quietHours: [{ from: '21:00', to: '08:00' }],
 *   blackoutDates: ['--12-25'],
 *   sendWindows: { handover: { from: '08:00', to: '20:00' } }, // shop opening hours
 * });
 * ```
 */
export const ContactPolicy = z.object({
  consent: z.object({ notRequiredFor: z.array(ContactChannel).default([]) }).default({ notRequiredFor: [] }),
  caps: z.array(FrequencyCap).default([]),
  bySegment: z.record(z.string().min(1), SegmentContactPolicy).default({}),
  minGap: ElapsedDuration.optional(),
  quietHours: z
    .array(z.object({ from: TimeOfDay, to: TimeOfDay, channels: z.array(ContactChannel).min(1).optional() }))
    .default([]),
  blackoutDates: z.array(BlackoutDate).default([]),
  sendWindows: z.object({ message: SendWindow.optional(), handover: SendWindow.optional() }).strict().default({}),
  transactional: z.object({ countTowardCaps: z.boolean().default(false) }).default({ countTowardCaps: false }),
  defaultTimeZone: TimeZoneName.default('UTC'),
});
/**
 * A parsed {@link ContactPolicy}.
 *
 * @example
 * ```ts
 * const policy: ContactPolicy = parseContactPolicy({});
 * ```
 */
export type ContactPolicy = z.output<typeof ContactPolicy>;

/**
 * Validate a contact policy; throws `VALIDATION_FAILED` listing every problem with its path.
 *
 * @example
 * ```ts
 * parseContactPolicy({ minGap: 'P1D', caps: [{ id: 'sms', channels: ['sms'], max: 1, window: { rolling: 'P30D' } }] });
 * ```
 */
export function parseContactPolicy(json: unknown): ContactPolicy {
  return parseWith(ContactPolicy, json, 'contact policy');
}
