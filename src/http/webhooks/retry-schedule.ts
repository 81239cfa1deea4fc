const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The waits between attempts of a webhook delivery, in milliseconds: after the first failure
 * 1 minute, then 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours. Eight
 * attempts in all over 27 h 36 min (before jitter); when the eighth fails the delivery is `dead`.
 *
 * @example
 * ```ts
 * defaultWebhookRetrySchedule.length; // 7 retries after the first attempt
 * ```
 */
export const defaultWebhookRetrySchedule: readonly number[] = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/**
 * The jitter added to each wait: up to this fraction of it (10 %), drawn uniformly, so that
 * deliveries failing together (a receiver's outage) do not come back together. Jitter only
 * lengthens a wait, so the schedule's total stays a lower bound.
 *
 * @example
 * ```ts
 * 60_000 * (1 + WEBHOOK_RETRY_JITTER * 0.5); // 63_000: a 1-minute wait drawn at the middle
 * ```
 */
export const WEBHOOK_RETRY_JITTER = 0.1;

/**
 * When the attempt after a failure is due, or `undefined` when the schedule is exhausted (the
 * delivery is dead). `failures` counts the failed attempts of the current round (1 after the
 * first failure); `random` is a draw in [0, 1).
 *
 * @example
 * ```ts
 * nextAttemptAt(new Date('2026-03-01T10:00:00Z'), 1, defaultWebhookRetrySchedule, 0); // 2026-03-01T10:01:00Z
 * nextAttemptAt(new Date('2026-03-01T10:00:00Z'), 8, defaultWebhookRetrySchedule, 0); // undefined
 * ```
 */
export function nextAttemptAt(failedAt: Date, failures: number, schedule: readonly number[], random: number): Date | undefined {
  const wait = schedule[failures - 1];
  if (wait === undefined) return undefined;
  return new Date(failedAt.getTime() + Math.round(wait * (1 + WEBHOOK_RETRY_JITTER * random)));
}
