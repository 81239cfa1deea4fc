import { z } from 'zod';
import { isDuration } from '../core/duration.js';
import { ContactChannel } from '../core/schemas.js';
import { parseWith } from '../core/validation.js';
import { minuteOfDay } from '../core/civil-days.js';
import { SendWindow, TimeOfDay } from './send-window.js';
import { StepCondition } from './step-condition.js';
import { channelKind } from './channel-kind.js';

/**
 * An ISO 8601 duration such as `P0D`, `P8M`, `P1Y3M`, `-P7D` or `PT2H`.
 *
 * @example
 * ```ts
 * IsoDuration.parse('P1Y3M'); // 'P1Y3M'
 * ```
 */
export const IsoDuration = z.string().refine(isDuration, 'must be an ISO 8601 duration such as P8M, P1Y3M or PT2H');

const Month = z.number().int().min(1, 'months are 1–12').max(12, 'months are 1–12');
const Day = z.number().int().min(1, 'days are 1–31').max(31, 'days are 1–31');
const Weekday = z.number().int().min(1, 'weekdays are 1 (Monday) to 7 (Sunday)').max(7, 'weekdays are 1 (Monday) to 7 (Sunday)');
const Count = z.number().int().positive('must be a positive whole number');

/**
 * When a step happens, relative to its journey's anchor:
 * - `offset`: the anchor plus an ISO 8601 duration, always from the anchor, never chained
 *   (`P0D`, `P8M`, `P1Y`, `P1Y3M`; month ends clamp: 31 January + P1M = 28/29 February). A
 *   duration with a time part (`PT2H`) is elapsed time from the anchor instant.
 * - `next-date`: the first `month`/`day` strictly after the anchor's local date ("the next
 *   1 March after the purchase").
 * - `yearly`: `month`/`day` every year, on or after the anchor's local date.
 * - `monthly`: `day` of every month (clamped to the month's last day; `last` = last day), on or
 *   after the anchor's local date.
 * - `nth-weekday`: the `nth` (1–5, or -1 for the last) `weekday` of `month` every year, or of
 *   every month when `month` is absent; months without a 5th such weekday are skipped.
 *
 * Recurring rules take an optional `count` (occurrences after the anchor, the first is 1).
 *
 * @example
 * ```ts
 * StepTiming.parse({ type: 'offset', offset: 'P1Y3M' });
 * StepTiming.parse({ type: 'next-date', month: 3, day: 1 });
 * StepTiming.parse({ type: 'nth-weekday', month: 11, weekday: 4, nth: 4 }); // 4th Thursday of November
 * ```
 */
export const StepTiming = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offset'), offset: IsoDuration }),
  z.object({ type: z.literal('next-date'), month: Month, day: Day }),
  z.object({ type: z.literal('yearly'), month: Month, day: Day, count: Count.optional() }),
  z.object({ type: z.literal('monthly'), day: z.union([Day, z.literal('last')]), count: Count.optional() }),
  z.object({
    type: z.literal('nth-weekday'),
    month: Month.optional(),
    weekday: Weekday,
    nth: z.union([z.number().int().min(1).max(5), z.literal(-1)]),
    count: Count.optional(),
  }),
]);
/**
 * A parsed {@link StepTiming}.
 *
 * @example
 * ```ts
 * const t: StepTiming = { type: 'yearly', month: 5, day: 11 };
 * ```
 */
export type StepTiming = z.output<typeof StepTiming>;

/**
 * What happens to a step that a rule blocks (cap, gap, quiet hours, blackout, outside its
 * window): `skip` drops it; `defer` moves it to the next allowed moment no later than
 * `maxDelay` after the intended time; `bundle` merges its content into a contact already
 * planned for the customer on the same local day and channel.
 *
 * @example
 * ```ts
 * WhenBlocked.parse({ action: 'defer', maxDelay: 'P14D' });
 * ```
 */
export const WhenBlocked = z.discriminatedUnion('action', [
  z.object({ action: z.literal('skip') }),
  z.object({ action: z.literal('defer'), maxDelay: IsoDuration }),
  z.object({ action: z.literal('bundle') }),
]);
/**
 * A parsed {@link WhenBlocked}.
 *
 * @example
 * ```ts
 * const w: WhenBlocked = { action: 'skip' };
 * ```
 */
export type WhenBlocked = z.output<typeof WhenBlocked>;

/**
 * The kinds of event a journey is anchored on or exits at. `birthday` comes from the customer's
 * `birthDate` and `signup` from `joinedAt`; `purchase` and `custom` from the planning events.
 *
 * @example
 * ```ts
 * AnchorEvent.parse('purchase');
 * ```
 */
export const AnchorEvent = z.enum(['purchase', 'signup', 'birthday', 'custom']);
/**
 * A parsed {@link AnchorEvent}.
 *
 * @example
 * ```ts
 * const e: AnchorEvent = 'birthday';
 * ```
 */
export type AnchorEvent = z.output<typeof AnchorEvent>;

/**
 * One contact of a journey.
 *
 * @example
 * ```ts
 * JourneyStep.parse({ id: 'gift', timing: { type: 'offset', offset: 'P0D' }, channel: 'in-store', contentKey: 'gift' });
 * ```
 */
export const JourneyStep = z
  .object({
    id: z.string().min(1),
    timing: StepTiming,
    channel: ContactChannel,
    contentKey: z.string().min(1),
    kind: z.enum(['transactional', 'marketing']).default('marketing'),
    priority: z.number().int().default(0),
    sendWindow: SendWindow.optional(),
    time: TimeOfDay.optional(),
    conditions: z.array(StepCondition).default([]),
    whenBlocked: WhenBlocked.default({ action: 'skip' }),
  })
  .refine(
    (s) => s.time === undefined || s.sendWindow === undefined || (minuteOfDay(s.time) >= minuteOfDay(s.sendWindow.from) && minuteOfDay(s.time) < minuteOfDay(s.sendWindow.to)),
    { message: '`time` must lie inside the step\'s send window', path: ['time'] },
  );
/**
 * A parsed {@link JourneyStep}.
 *
 * @example
 * ```ts
 * const step: JourneyStep = parseJourney(json).steps[0]!;
 * ```
 */
export type JourneyStep = z.output<typeof JourneyStep>;

/**
 * A journey: steps anchored on an event, in JSON. Published as JSON Schema
 * `JourneyDefinition.schema.json`.
 *
 * - `anchor.event`: `purchase`, `signup`, `birthday` or `custom` (then `anchor.name` names the
 *   custom event). Each matching event starts one instance of the journey. `anchor.recurrence:
 *   'yearly'` re-anchors every year on the event's local date (membership anniversaries from
 *   `signup`); birthdays are always yearly.
 * - `leapDay`: where an anniversary of 29 February falls in other years, `feb-28` (default) or
 *   `mar-1`.
 * - `sendWindow`: default window of the message steps (else the policy's `sendWindows.message`,
 *   else every day 09:00–18:00); handover steps (in-store, see `channelKind`) keep to their own
 *   window, else the policy's `sendWindows.handover`, else none. A step's contact goes out at
 *   its `time`, or at the opening of its window (a handover without a window: from the start of
 *   its local day, and on the anchor's day at the anchor's instant).
 * - `exitGoals`: events after the anchor that withdraw the remaining steps of that instance
 *   (e.g. a new purchase).
 * - `activeFor`: steps later than anchor + this duration are not planned.
 *
 * @example
 * ```ts
 * const json = {
 *   id: 'welcome', anchor: { event: 'signup' },
 *   steps: [{ id: 'hello', timing: { type: 'offset', offset: 'P0D' }, channel: 'email', contentKey: 'welcome' }],
 * };
 * JourneyDefinition.parse(json);
 * ```
 */
export const JourneyDefinition = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    anchor: z
      .object({
        event: AnchorEvent,
        name: z.string().min(1).optional(),
        recurrence: z.enum(['once', 'yearly']).default('once'),
      })
      .refine((a) => a.event !== 'custom' || a.name !== undefined, {
        message: 'a custom anchor needs the event `name`',
        path: ['name'],
      }),
    leapDay: z.enum(['feb-28', 'mar-1']).default('feb-28'),
    sendWindow: SendWindow.optional(),
    exitGoals: z
      .array(z.object({ event: z.enum(['purchase', 'signup', 'custom']), name: z.string().min(1).optional() }))
      .default([]),
    activeFor: IsoDuration.optional(),
    steps: z.array(JourneyStep).min(1, 'a journey needs at least one step'),
  })
  .superRefine((j, ctx) => {
    const seen = new Set<string>();
    j.steps.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate step id "${s.id}"`, path: ['steps', i, 'id'] });
      seen.add(s.id);
      // The journey's window is for its messages; a handover (in-store) step keeps to its own.
      const window = s.sendWindow ?? (channelKind(s.channel) === 'message' ? j.sendWindow : undefined);
      if (s.sendWindow === undefined && s.time !== undefined && window !== undefined) {
        const t = minuteOfDay(s.time);
        if (t < minuteOfDay(window.from) || t >= minuteOfDay(window.to)) {
          ctx.addIssue({ code: 'custom', message: "`time` must lie inside the journey's send window", path: ['steps', i, 'time'] });
        }
      }
    });
  });
/**
 * A parsed {@link JourneyDefinition}.
 *
 * @example
 * ```ts
 * const journey: Journey = parseJourney(json);
 * ```
 */
export type Journey = z.output<typeof JourneyDefinition>;

/**
 * Validate a journey definition (parsed JSON). Throws `VALIDATION_FAILED` listing every
 * problem with its path, e.g. `steps[2].timing.offset: must be an ISO 8601 duration …`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const journey = parseJourney(JSON.parse(readFileSync('examples/journeys/car-purchase.json', 'utf8')));
 * ```
 */
export function parseJourney(json: unknown): Journey {
  return parseWith(JourneyDefinition, json, 'journey');
}
