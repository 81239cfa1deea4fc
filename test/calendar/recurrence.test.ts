import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration, localDateTime, localParts } from '../../src/core/index.js';
import { addToLocalDate, anniversaryIn, nextYearlyDateAfter, nthWeekdayOfMonth, recurrenceDates, yearlyDate } from '../../src/calendar/index.js';
import { fromDayNumber, toDayNumber, weekdayOf } from '../../src/core/civil-days.js';
import { createZoneCache } from '../../src/calendar/zone-cache.js';

const d = (year: number, month: number, day: number) => ({ year, month, day });

describe('dates', () => {
  it('month ends clamp from the anchor, never chained', () => {
    expect(addToLocalDate(d(2024, 1, 31), 'P1M')).toEqual(d(2024, 2, 29));
    expect(addToLocalDate(d(2024, 1, 31), 'P2M')).toEqual(d(2024, 3, 31));
    expect(addToLocalDate(addToLocalDate(d(2024, 1, 31), 'P1M'), 'P1M')).toEqual(d(2024, 3, 29)); // chaining drifts
    expect(addToLocalDate(d(2023, 1, 31), 'P1M')).toEqual(d(2023, 2, 28));
    expect(addToLocalDate(d(2007, 7, 1), 'P1Y3M')).toEqual(d(2008, 10, 1));
    expect(addToLocalDate(d(2024, 2, 29), 'P1Y')).toEqual(d(2025, 2, 28));
    expect(addToLocalDate(d(2024, 3, 1), '-P1D')).toEqual(d(2024, 2, 29));
  });

  it('29 February by policy; 2100 is not a leap year', () => {
    expect(yearlyDate(2025, 2, 29, 'feb-28')).toEqual(d(2025, 2, 28));
    expect(yearlyDate(2025, 2, 29, 'mar-1')).toEqual(d(2025, 3, 1));
    expect(yearlyDate(2100, 2, 29, 'mar-1')).toEqual(d(2100, 3, 1));
    expect(yearlyDate(2000, 2, 29, 'mar-1')).toEqual(d(2000, 2, 29));
    expect(anniversaryIn('1992-02-29', 2028, 'mar-1')).toEqual(d(2028, 2, 29));
    expect(anniversaryIn('1990-05-03', 2026, 'feb-28')).toEqual(d(2026, 5, 3));
  });

  it('the next 1 March strictly after a date', () => {
    expect(nextYearlyDateAfter(d(2007, 7, 1), 3, 1, 'feb-28')).toEqual(d(2008, 3, 1));
    expect(nextYearlyDateAfter(d(2008, 2, 29), 3, 1, 'feb-28')).toEqual(d(2008, 3, 1));
    expect(nextYearlyDateAfter(d(2008, 3, 1), 3, 1, 'feb-28')).toEqual(d(2009, 3, 1));
    expect(nextYearlyDateAfter(d(2025, 3, 1), 2, 29, 'mar-1')).toEqual(d(2026, 3, 1));
  });

  it('the Nth weekday of a month', () => {
    expect(nthWeekdayOfMonth(2026, 11, 4, 4)).toEqual(d(2026, 11, 26)); // Thanksgiving 2026
    expect(nthWeekdayOfMonth(2026, 5, 7, -1)).toEqual(d(2026, 5, 31)); // last Sunday of May
    expect(nthWeekdayOfMonth(2026, 3, 7, -1)).toEqual(d(2026, 3, 29)); // EU summer time starts
    expect(nthWeekdayOfMonth(2026, 2, 1, 5)).toBeUndefined();
    expect(nthWeekdayOfMonth(2026, 3, 1, 5)).toEqual(d(2026, 3, 30));
  });

  it('Nth weekday agrees with a day-by-day scan (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom(1, 2, 3, 4, 5, -1), (y, m, w, n) => {
        const days: number[] = [];
        for (let day = 1; day <= new Date(Date.UTC(y, m, 0)).getUTCDate(); day++) {
          const dow = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
          if ((dow === 0 ? 7 : dow) === w) days.push(day);
        }
        const want = n === -1 ? days[days.length - 1] : days[n - 1];
        expect(nthWeekdayOfMonth(y, m, w, n)?.day).toBe(want);
      }),
    );
  });

  it('recurrences: monthly last day, yearly with a count, from the anchor on', () => {
    expect(recurrenceDates({ type: 'monthly', day: 'last' }, d(2024, 1, 15), d(2024, 1, 1), d(2024, 4, 30), 'feb-28').map((x) => [x.date.month, x.date.day, x.n])).toEqual([
      [1, 31, 1],
      [2, 29, 2],
      [3, 31, 3],
      [4, 30, 4],
    ]);
    expect(recurrenceDates({ type: 'yearly', month: 5, day: 11, count: 2 }, d(2007, 7, 1), d(2000, 1, 1), d(2020, 1, 1), 'feb-28').map((x) => x.date)).toEqual([d(2008, 5, 11), d(2009, 5, 11)]);
    expect(recurrenceDates({ type: 'monthly', day: 31 }, d(2024, 4, 1), d(2024, 4, 1), d(2024, 6, 30), 'feb-28').map((x) => x.date.day)).toEqual([30, 31, 30]);
  });

  it('day numbers round-trip and agree with Date.UTC (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const date = fromDayNumber(n);
        expect(toDayNumber(date)).toBe(n);
        const js = new Date(n * 86_400_000);
        expect([date.year, date.month, date.day]).toEqual([js.getUTCFullYear(), js.getUTCMonth() + 1, js.getUTCDate()]);
        expect(weekdayOf(n)).toBe(js.getUTCDay() === 0 ? 7 : js.getUTCDay());
      }),
    );
  });

  it('local-date arithmetic agrees with core addDuration in every zone (property)', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Chatham', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 365 * 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 9, max: 18 }),
        (zone, n, months, days, hour) => {
          const start = fromDayNumber(toDayNumber(d(2000, 1, 1)) + n);
          const anchor = localDateTime({ ...start, hour }, zone);
          const viaCore = localParts(addDuration(anchor, `P${months}M${days}D`, zone), zone);
          expect(addToLocalDate(start, `P${months}M${days}D`)).toEqual(d(viaCore.year, viaCore.month, viaCore.day));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the memoised zone arithmetic agrees with core localDateTime and localParts (property)', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/Santiago'];
    const caches = new Map(zones.map((z) => [z, createZoneCache(z)]));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: toDayNumber(d(2020, 1, 1)), max: toDayNumber(d(2030, 1, 1)) }), fc.integer({ min: 0, max: 1439 }), (zone, day, minute) => {
        const zc = caches.get(zone)!;
        const date = fromDayNumber(day);
        const core = localDateTime({ ...date, hour: Math.floor(minute / 60), minute: minute % 60 }, zone).getTime();
        expect(zc.instant(day, minute)).toBe(core);
        const p = localParts(new Date(core + 1234), zone);
        const r = zc.local(core + 1234);
        expect([r.day, r.minute, r.offset]).toEqual([toDayNumber(p), p.hour * 60 + p.minute, p.offsetMinutes]);
      }),
      { numRuns: 300 },
    );
    // The changes themselves, hour by hour around them (Paris 2026, Lord Howe's 30-minute change).
    for (const [zone, y, m, dd] of [['Europe/Paris', 2026, 3, 29], ['Europe/Paris', 2026, 10, 25], ['Australia/Lord_Howe', 2026, 4, 5], ['Australia/Lord_Howe', 2026, 10, 4]] as const) {
      const zc = caches.get(zone)!;
      for (let minute = 0; minute < 1440; minute += 15) {
        expect(zc.instant(toDayNumber(d(y, m, dd)), minute)).toBe(localDateTime({ year: y, month: m, day: dd, hour: Math.floor(minute / 60), minute: minute % 60 }, zone).getTime());
      }
    }
  });
});
