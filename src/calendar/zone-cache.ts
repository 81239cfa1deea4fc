// Per-zone memo of UTC offsets, so that planning many customers in the same zone does not build
// a TZDate per contact (core's localParts costs ~25 µs; a memo hit costs well under 1 µs).
// Offsets are read from core/time.ts (localParts) once per UTC day boundary; a day whose two
// boundaries differ is bisected to the second to find its change. The wall-time → instant rule
// is core's localDateTime rule (a skipped wall time moves forward by the gap; a repeated one
// takes the earlier instant), applied to the memoised offsets; a test checks both agree.
// Internal to the module.
import { formatLocalDate, localParts } from '../core/time.js';
import { IntMemo } from './int-memo.js';
import { fromDayNumber, weekdayOf } from '../core/civil-days.js';

const DAY = 86_400_000;

/** The local reading of an instant. */
export interface LocalReading {
  /** Local day number (days since 1970-01-01). */
  readonly day: number;
  /** Minutes after local midnight. */
  readonly minute: number;
  /** Seconds within the minute. */
  readonly second: number;
  /** ISO weekday 1–7. */
  readonly weekday: number;
  /** UTC offset in minutes. */
  readonly offset: number;
}

/** Memoised conversions for one zone. */
export interface ZoneCache {
  readonly zone: string;
  /** The instant (ms) of a local wall time; skipped wall times move forward by the gap. */
  instant(day: number, minute: number): number;
  /** The local reading of an instant (ms). */
  local(ms: number): LocalReading;
  /** The local day number of an instant (ms), without allocating. */
  dayOf(ms: number): number;
  /** The UTC offset (minutes) at an instant (ms). */
  offsetAt(ms: number): number;
  /** `YYYY-MM-DDTHH:MM:SS±HH:MM`. */
  iso(ms: number): string;
  /** `YYYY-MM-DD HH:MM` (local wall time, for reasons a person reads). */
  wallTime(ms: number): string;
}

/** A UTC day's offset: constant, or a change at `at` from `before` to `after`. */
type DayOffset = number | { readonly at: number; readonly before: number; readonly after: number };

/** Create the memo for one zone (the zone must be valid). */
export function createZoneCache(zone: string): ZoneCache {
  const probes = new Map<number, number>();
  const probe = (ms: number): number => {
    let off = probes.get(ms);
    if (off === undefined) {
      off = localParts(new Date(ms), zone).offsetMinutes;
      probes.set(ms, off);
    }
    return off;
  };
  const days = new IntMemo<DayOffset>();
  const dates = new IntMemo<string>();
  /** `THH:MM:SS±HH:MM` by offset, then by second of the day. */
  const times = new Map<number, IntMemo<string>>();
  const offsetAt = (ms: number): number => {
    const bucket = Math.floor(ms / DAY);
    let d = days.get(bucket);
    if (d === undefined) {
      const before = probe(bucket * DAY);
      const after = probe(bucket * DAY + DAY);
      if (before === after) d = before;
      else {
        // The change is the first second whose offset is `after`.
        let lo = bucket * DAY;
        let hi = bucket * DAY + DAY;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (localParts(new Date(mid), zone).offsetMinutes === before) lo = mid;
          else hi = mid;
        }
        d = { at: hi, before, after };
      }
      days.set(bucket, d);
    }
    return typeof d === 'number' ? d : ms < d.at ? d.before : d.after;
  };
  const local = (ms: number): LocalReading => {
    const offset = offsetAt(ms);
    const shifted = ms + offset * 60_000;
    const day = Math.floor(shifted / DAY);
    const inDay = shifted - day * DAY;
    const minute = Math.floor(inDay / 60_000);
    return { day, minute, second: Math.floor((inDay - minute * 60_000) / 1000), weekday: weekdayOf(day), offset };
  };
  const dayOf = (ms: number): number => Math.floor((ms + offsetAt(ms) * 60_000) / DAY);
  const isWall = (t: number, day: number, minute: number): boolean => {
    const shifted = t + offsetAt(t) * 60_000;
    return Math.floor(shifted / DAY) === day && Math.floor((shifted - day * DAY) / 60_000) === minute;
  };
  const instant = (day: number, minute: number): number => {
    const wall = day * DAY + minute * 60_000;
    const a = wall - offsetAt(wall - DAY) * 60_000;
    const b = wall - offsetAt(wall + DAY) * 60_000;
    if (a === b) return a; // the same offset a day before and after: no change near this wall time
    const okA = isWall(a, day, minute);
    const okB = isWall(b, day, minute);
    if (okA && okB) return Math.min(a, b);
    if (okB) return b;
    return a; // a, or no match: the wall time was skipped; `a` uses the offset before the gap
  };
  /** `YYYY-MM-DD` of a local day number, memoised. */
  const dateOf = (day: number): string => dates.get(day) ?? dates.set(day, formatLocalDate(fromDayNumber(day)));
  return {
    zone,
    instant,
    local,
    dayOf,
    offsetAt,
    iso(ms) {
      // Built from two memoised pieces: the date, and the time with its offset.
      const offset = offsetAt(ms);
      const shifted = ms + offset * 60_000;
      const day = Math.floor(shifted / DAY);
      const second = Math.floor((shifted - day * DAY) / 1000);
      const date = dateOf(day);
      let ofOffset = times.get(offset);
      if (ofOffset === undefined) {
        ofOffset = new IntMemo<string>();
        times.set(offset, ofOffset);
      }
      let time = ofOffset.get(second);
      if (time === undefined) {
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        time = ofOffset.set(second, `T${hh(Math.floor(second / 3600))}:${hh(Math.floor(second / 60) % 60)}:${hh(second % 60)}${sign}${hh(Math.floor(abs / 60))}:${hh(abs % 60)}`);
      }
      return date + time;
    },
    wallTime(ms) {
      const shifted = ms + offsetAt(ms) * 60_000;
      const day = Math.floor(shifted / DAY);
      const minute = Math.floor((shifted - day * DAY) / 60_000);
      return `${dateOf(day)} ${hh(Math.floor(minute / 60))}:${hh(minute % 60)}`;
    },
  };
}

const hh = (n: number): string => String(n).padStart(2, '0');

// Offsets are a pure function of (zone, instant), so their memo is shared by every planning run
// of the process: a nightly job planning in batches warms it once. It grows with the distinct
// UTC days asked about (a few bytes each), not with customers or contacts.
const shared = new Map<string, ZoneCache>();

/** The shared {@link ZoneCache} of each zone. */
export function zoneCaches(): (zone: string) => ZoneCache {
  return (zone) => {
    let c = shared.get(zone);
    if (c === undefined) {
      c = createZoneCache(zone);
      shared.set(zone, c);
    }
    return c;
  };
}
