import { formatLocalDate, localParts } from '../core/time.js';

/**
 * The periods a usage limit can count in, in the program's zone.
 *
 * @example
 * ```ts
 * const p: UsagePeriod = 'week';
 * ```
 */
export type UsagePeriod = 'day' | 'week' | 'month';

/**
 * The key of the local period containing `at` in `zone`, used to count per-period usage:
 * `day` → `2026-03-07`, `week` → ISO week `2026-W10`, `month` → `2026-03`.
 *
 * @example
 * ```ts
 * usagePeriodKey(new Date('2026-12-31T23:30:00Z'), 'Europe/Paris', 'month'); // '2027-01'
 * usagePeriodKey(new Date('2027-01-01T12:00:00Z'), 'Europe/Paris', 'week');  // '2026-W53'
 * ```
 */
export function usagePeriodKey(at: Date, zone: string, period: UsagePeriod): string {
  const p = localParts(at, zone);
  if (period === 'day') return formatLocalDate(p);
  if (period === 'month') return formatLocalDate(p).slice(0, 7);
  // ISO week: the week belongs to the year of its Thursday.
  const day = Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
  const thursday = day - (p.weekday - 1) + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const firstThursdayWeekStart = Date.UTC(year, 0, 4) / 86_400_000;
  const jan4Weekday = (new Date(firstThursdayWeekStart * 86_400_000).getUTCDay() + 6) % 7; // 0 = Monday
  const week = Math.floor((thursday - (firstThursdayWeekStart - jan4Weekday)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
