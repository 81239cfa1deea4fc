// Per-zone memo of wall-time ↔ instant conversions, so that planning many customers in the same
// zone does not build a TZDate per contact. Every conversion is delegated to core/time.ts
// (localDateTime, localParts); this file only remembers the answers. Internal to the module.
import { formatLocalDate, localDateTime, localParts } from '../core/time.js';
import { fromDayNumber, weekdayOf } from './local-days.js';

const HOUR = 3_600_000;
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
  /** `YYYY-MM-DDTHH:MM:SS±HH:MM`. */
  iso(ms: number): string;
}

/** Create the memo for one zone (the zone must be valid). */
export function createZoneCache(zone: string): ZoneCache {
  const instants = new Map<number, number>();
  // Offset (minutes) valid over a whole UTC hour bucket, or NaN when a change happens inside it.
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const bucket = Math.floor(ms / HOUR);
    let off = offsets.get(bucket);
    if (off === undefined) {
      const a = localParts(new Date(bucket * HOUR), zone).offsetMinutes;
      const b = localParts(new Date(bucket * HOUR + HOUR - 1), zone).offsetMinutes;
      off = a === b ? a : Number.NaN;
      offsets.set(bucket, off);
    }
    return Number.isNaN(off) ? localParts(new Date(ms), zone).offsetMinutes : off;
  };
  const local = (ms: number): LocalReading => {
    const offset = offsetAt(ms);
    const shifted = ms + offset * 60_000;
    const day = Math.floor(shifted / DAY);
    const inDay = shifted - day * DAY;
    const minute = Math.floor(inDay / 60_000);
    return { day, minute, second: Math.floor((inDay - minute * 60_000) / 1000), weekday: weekdayOf(day), offset };
  };
  return {
    zone,
    instant(day, minute) {
      const key = day * 1440 + minute;
      let ms = instants.get(key);
      if (ms === undefined) {
        const d = fromDayNumber(day);
        ms = localDateTime({ ...d, hour: Math.floor(minute / 60), minute: minute % 60 }, zone).getTime();
        instants.set(key, ms);
      }
      return ms;
    },
    local,
    iso(ms) {
      const r = local(ms);
      const sign = r.offset < 0 ? '-' : '+';
      const abs = Math.abs(r.offset);
      const hh = (n: number): string => String(n).padStart(2, '0');
      return `${formatLocalDate(fromDayNumber(r.day))}T${hh(Math.floor(r.minute / 60))}:${hh(r.minute % 60)}:${hh(r.second)}${sign}${hh(Math.floor(abs / 60))}:${hh(abs % 60)}`;
    },
  };
}

/** A cache of {@link ZoneCache}s by zone name, for one planning run. */
export function zoneCaches(): (zone: string) => ZoneCache {
  const byZone = new Map<string, ZoneCache>();
  return (zone) => {
    let c = byZone.get(zone);
    if (c === undefined) {
      c = createZoneCache(zone);
      byZone.set(zone, c);
    }
    return c;
  };
}
