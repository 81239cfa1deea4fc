import { z } from 'zod';
import { minuteOfDay } from '../core/civil-days.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A local time of day `HH:MM` (00:00–23:59).
 *
 * @example
 * ```ts
 * TimeOfDay.parse('09:30'); // '09:30'
 * ```
 */
export const TimeOfDay = z.string().regex(HHMM, 'must be a time of day HH:MM (00:00–23:59)');

/**
 * When a step may be sent, in the customer's time zone: on which ISO weekdays (1 = Monday …
 * 7 = Sunday) and between which local times (`from` inclusive, `to` exclusive; `to` may be
 * `24:00`). Windows do not cross midnight.
 *
 * @example
 * ```ts
 * SendWindow.parse({ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' });
 * ```
 */
export const SendWindow = z
  .object({
    weekdays: z
      .array(z.number().int().min(1, 'weekdays are 1 (Monday) to 7 (Sunday)').max(7, 'weekdays are 1 (Monday) to 7 (Sunday)'))
      .min(1, 'a send window needs at least one weekday')
      .default([1, 2, 3, 4, 5, 6, 7]),
    from: TimeOfDay,
    to: z.union([TimeOfDay, z.literal('24:00')]),
  })
  .refine((w) => minuteOfDay(w.from) < minuteOfDay(w.to), {
    message: '`to` must be later than `from` (windows do not cross midnight)',
    path: ['to'],
  });
/**
 * A parsed {@link SendWindow}.
 *
 * @example
 * ```ts
 * const w: SendWindow = { weekdays: [6, 7], from: '10:00', to: '12:00' };
 * ```
 */
export type SendWindow = z.output<typeof SendWindow>;

/**
 * The window used when neither the step nor the journey names one: every day, 09:00–18:00.
 *
 * @example
 * ```ts
 * DEFAULT_SEND_WINDOW.from; // '09:00'
 * ```
 */
export const DEFAULT_SEND_WINDOW: SendWindow = { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '18:00' };

/**
 * True when a local ISO weekday and time of day (minutes after midnight) fall inside `window`.
 *
 * @example
 * ```ts
 * isInSendWindow({ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }, 1, 9 * 60); // true
 * isInSendWindow({ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }, 6, 10 * 60); // false (Saturday)
 * ```
 */
export function isInSendWindow(
  window: { readonly weekdays: readonly number[]; readonly from: string; readonly to: string },
  weekday: number,
  minute: number,
): boolean {
  return window.weekdays.includes(weekday) && minute >= minuteOfDay(window.from) && minute < minuteOfDay(window.to);
}

/**
 * True when a local time of day (minutes after midnight) falls in quiet hours running from
 * `from` to `to`; quiet hours may cross midnight (`21:00`–`08:00`).
 *
 * @example
 * ```ts
 * isInQuietHours({ from: '21:00', to: '08:00' }, 22 * 60); // true
 * isInQuietHours({ from: '21:00', to: '08:00' }, 8 * 60);  // false
 * ```
 */
export function isInQuietHours(quiet: { readonly from: string; readonly to: string }, minute: number): boolean {
  const from = minuteOfDay(quiet.from);
  const to = minuteOfDay(quiet.to);
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}
