import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDuration,
  endOfLocalDate,
  endOfLocalDay,
  endOfLocalPeriod,
  localDateString,
  localDateTime,
  localParts,
  manualClock,
  offsetMinutesAt,
  parseDuration,
  parseLocalDate,
  startOfLocalDay,
  toPoints,
} from '../../src/index.js';

// Every expected instant below was worked out from the zone rules by hand: Paris is UTC+1 in
// winter and UTC+2 in summer, switching on 2026-03-29 at 02:00 local (→ 03:00) and on
// 2026-10-25 at 03:00 local (→ 02:00). These tests run under several host TZ values in CI and
// must give the same results under each.
const PARIS = 'Europe/Paris';
const iso = (d: Date): string => d.toISOString();

describe('local day boundaries', () => {
  it('the 23-hour day 2026-03-29 in Paris', () => {
    const noon = new Date('2026-03-29T10:00:00Z');
    expect(iso(startOfLocalDay(noon, PARIS))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(endOfLocalDay(noon, PARIS))).toBe('2026-03-29T21:59:59.999Z');
    const length = endOfLocalDay(noon, PARIS).getTime() + 1 - startOfLocalDay(noon, PARIS).getTime();
    expect(length).toBe(23 * 3_600_000);
  });
  it('the 25-hour day 2026-10-25 in Paris', () => {
    const noon = new Date('2026-10-25T11:00:00Z');
    expect(iso(startOfLocalDay(noon, PARIS))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(endOfLocalDay(noon, PARIS))).toBe('2026-10-25T22:59:59.999Z');
    const length = endOfLocalDay(noon, PARIS).getTime() + 1 - startOfLocalDay(noon, PARIS).getTime();
    expect(length).toBe(25 * 3_600_000);
  });
  it('"valid until 2026-12-31" is the end of that local day', () => {
    expect(iso(endOfLocalDate('2026-12-31', PARIS))).toBe('2026-12-31T22:59:59.999Z');
    expect(iso(endOfLocalDate('2026-12-31', 'Asia/Tokyo'))).toBe('2026-12-31T14:59:59.999Z');
    expect(iso(endOfLocalDate('2026-12-31', 'Pacific/Chatham'))).toBe('2026-12-31T10:14:59.999Z');
    expect(iso(endOfLocalDate('2026-12-31', 'America/New_York'))).toBe('2027-01-01T04:59:59.999Z');
  });
  it('ends of months, quarters and years in the zone', () => {
    const at = new Date('2026-02-10T12:00:00Z');
    expect(iso(endOfLocalPeriod(at, PARIS, 'month'))).toBe('2026-02-28T22:59:59.999Z');
    expect(iso(endOfLocalPeriod(at, PARIS, 'quarter'))).toBe('2026-03-31T21:59:59.999Z');
    expect(iso(endOfLocalPeriod(at, PARIS, 'year'))).toBe('2026-12-31T22:59:59.999Z');
  });
});

describe('anchor arithmetic with ISO 8601 durations', () => {
  const anchor = localDateTime({ year: 2024, month: 1, day: 31, hour: 10 }, PARIS);
  it('adds months from the anchor, clamping to the month end, never chaining', () => {
    expect(localDateString(addDuration(anchor, 'P1M', PARIS), PARIS)).toBe('2024-02-29');
    expect(localDateString(addDuration(anchor, 'P2M', PARIS), PARIS)).toBe('2024-03-31');
    const chained = addDuration(addDuration(anchor, 'P1M', PARIS), 'P1M', PARIS);
    expect(localDateString(chained, PARIS)).toBe('2024-03-29');
    expect(localParts(addDuration(anchor, 'P2M', PARIS), PARIS).hour).toBe(10);
  });
  it('handles 29 February', () => {
    const leap = localDateTime({ year: 2024, month: 2, day: 29, hour: 9 }, PARIS);
    expect(localDateString(addDuration(leap, 'P1Y', PARIS), PARIS)).toBe('2025-02-28');
    expect(localDateString(addDuration(leap, 'P4Y', PARIS), PARIS)).toBe('2028-02-29');
    expect(localDateString(addDuration(leap, 'P1D', PARIS), PARIS)).toBe('2024-03-01');
    expect(localDateString(addDuration(leap, '-P1Y', PARIS), PARIS)).toBe('2023-02-28');
  });
  it('keeps the local wall time across daylight saving for calendar units', () => {
    const before = localDateTime({ year: 2026, month: 3, day: 28, hour: 9 }, PARIS);
    const after = addDuration(before, 'P1D', PARIS);
    expect(iso(before)).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(after)).toBe('2026-03-29T07:00:00.000Z');
    expect(localParts(after, PARIS).hour).toBe(9);
    // The time part is elapsed time: 24 hours later is 10:00 local on the short day.
    expect(localParts(addDuration(before, 'PT24H', PARIS), PARIS).hour).toBe(10);
  });
  it('the car bought on 2007-07-01: P8M, P1Y, P1Y3M', () => {
    const bought = localDateTime({ year: 2007, month: 7, day: 1, hour: 10 }, PARIS);
    expect(localDateString(addDuration(bought, 'P8M', PARIS), PARIS)).toBe('2008-03-01');
    expect(localDateString(addDuration(bought, 'P1Y', PARIS), PARIS)).toBe('2008-07-01');
    expect(localDateString(addDuration(bought, 'P1Y3M', PARIS), PARIS)).toBe('2008-10-01');
  });
  it('adds days in the local calendar and the time part as elapsed time, the same on every host', () => {
    // Lord Howe goes from +11:00 to +10:30 at 02:00 local on 2026-04-05 (15:00 UTC on the 4th).
    // Anchor 03:19:54 local on 04-04; +1 day → 03:19:54 local on 04-05 = 16:49:54Z; +23h30m → 16:19:54Z on 04-05.
    const anchor = new Date('2026-04-03T16:19:54Z');
    expect(iso(addDuration(anchor, 'P1DT23H30M', 'Australia/Lord_Howe'))).toBe('2026-04-05T16:19:54.000Z');
    expect(iso(addDuration(new Date('2026-03-28T08:00:00.250Z'), 'P1D', PARIS))).toBe('2026-03-29T07:00:00.250Z');
  });
  it('parses durations and rejects malformed ones', () => {
    expect(parseDuration('P1Y3M')).toMatchObject({ sign: 1, years: 1, months: 3 });
    expect(parseDuration('PT2H')).toMatchObject({ hours: 2 });
    expect(parseDuration('P2W')).toMatchObject({ weeks: 2 });
    for (const bad of ['P', 'PT', '1M', 'P1.5M', 'P1H', '']) {
      expect(() => parseDuration(bad, 'steps[0].offset')).toThrowError(/steps\[0\]\.offset: .* is not an ISO 8601 duration/);
    }
  });
});

describe('local wall times', () => {
  it('moves a skipped wall time forward by the gap and takes the earlier of a repeated one', () => {
    expect(iso(localDateTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, PARIS))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(iso(localDateTime({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, PARIS))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
  it('reads local parts and ISO weekday in the zone, not the host', () => {
    const at = new Date('2026-12-31T23:30:00Z'); // Thursday in UTC, Friday 00:30 in Paris
    expect(localParts(at, PARIS)).toMatchObject({ year: 2027, month: 1, day: 1, hour: 0, minute: 30, weekday: 5 });
    expect(localParts(at, 'America/New_York')).toMatchObject({ day: 31, hour: 18, weekday: 4, offsetMinutes: -300 });
    expect(localParts(at, 'Pacific/Chatham').offsetMinutes).toBe(825);
  });
  it('rejects impossible calendar dates and unknown zones', () => {
    expect(() => parseLocalDate('2025-02-29', 'birthDate')).toThrowError(/birthDate: "2025-02-29"/);
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => startOfLocalDay(new Date(0), 'Mars/Olympus')).toThrowError(/timeZone: "Mars\/Olympus" is not an IANA time zone/);
  });
});

describe('points and clocks', () => {
  it('rounds fractional earnings by an explicit mode', () => {
    expect(toPoints('12.5', 'half-up')).toBe(13);
    expect(toPoints('12.5', 'half-even')).toBe(12);
    expect(toPoints('12.99', 'down')).toBe(12);
    expect(toPoints('12.01', 'up')).toBe(13);
    expect(() => toPoints('1e300', 'down')).toThrowError(/not a whole number of points/);
  });
  it('a manual clock moves only when told', () => {
    const clock = manualClock(new Date('2026-01-01T00:00:00Z'));
    clock.advance(60_000);
    expect(iso(clock.now())).toBe('2026-01-01T00:01:00.000Z');
    clock.set(new Date('2026-02-01T00:00:00Z'));
    expect(iso(clock.now())).toBe('2026-02-01T00:00:00.000Z');
  });
});

describe('zone offsets (cached per zone and hour)', () => {
  const zones = ['Europe/Paris', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kolkata', 'America/Santiago'];
  const direct = (ms: number, zone: string): number => -new TZDate(ms, zone).getTimezoneOffset() || 0;
  it('agrees with the zone rules at every instant, also inside an hour with a change', () => {
    // Lord Howe changes by 30 minutes at 02:00 local, i.e. 15:30 UTC on 2026-10-03: mid-hour.
    const change = Date.UTC(2026, 9, 3, 15, 30);
    for (const delta of [-60_000, -1, 0, 1, 60_000]) {
      expect(offsetMinutesAt(change + delta, 'Australia/Lord_Howe')).toBe(direct(change + delta, 'Australia/Lord_Howe'));
    }
    expect([offsetMinutesAt(change - 1, 'Australia/Lord_Howe'), offsetMinutesAt(change, 'Australia/Lord_Howe')]).toEqual([630, 660]);
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (zone, ms) => {
        expect(offsetMinutesAt(ms, zone)).toBe(direct(ms, zone));
        expect(offsetMinutesAt(ms, zone)).toBe(direct(ms, zone)); // from the cache the second time
      }),
      { numRuns: 2000 },
    );
  });
});
