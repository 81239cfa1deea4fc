// pendingUntil and expiresAt remember their result per zone, duration, rounding and local date:
// whatever the order of the calls, every answer equals the instant computed directly from the
// duration and the rounding (endOfLocalDay / endOfLocalPeriod of addDuration), in zones with
// daylight saving, half-hour and 45-minute offsets and changes at midnight.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration, endOfLocalDay, endOfLocalPeriod } from '../../src/core/time.js';
import { expiresAt, pendingUntil } from '../../src/rules/lifecycle.js';

const ZONES = ['Europe/Paris', 'America/New_York', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Asia/Kathmandu', 'UTC'];
const DURATIONS = ['P14D', 'P1D', 'P30D', 'P1M', 'P12M', 'P1Y', 'P2W', 'P1M15D', 'PT36H', 'P1DT12H'];
const ROUNDINGS = ['day', 'month', 'quarter', 'year'] as const;
// instants around the daylight-saving changes of 2026 and 2027 and anywhere in between
const instantArb = fc.oneof(
  fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
  fc.constantFrom(Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 9, 25, 0), Date.UTC(2026, 3, 4, 23), Date.UTC(2026, 8, 5, 23), Date.UTC(2026, 2, 14, 4), Date.UTC(2026, 10, 1, 4)).chain((t) =>
    fc.integer({ min: -40 * 86_400_000, max: 2 * 86_400_000 }).map((d) => t + d),
  ),
);
const callArb = fc.record({ zone: fc.constantFrom(...ZONES), duration: fc.constantFrom(...DURATIONS), roundTo: fc.constantFrom(...ROUNDINGS), at: instantArb });

describe('pendingUntil / expiresAt (remembered per local date)', () => {
  it('answer exactly what the duration and the rounding give, in any order of calls', () => {
    fc.assert(
      fc.property(fc.array(callArb, { minLength: 1, maxLength: 30 }), (calls) => {
        for (const { zone, duration, roundTo, at } of calls) {
          const t = new Date(at);
          const due = addDuration(t, duration, zone);
          expect(pendingUntil({ pending: duration, timeZone: zone }, t).getTime()).toBe(endOfLocalDay(due, zone).getTime() + 1);
          expect(expiresAt({ expiry: { after: duration, roundTo }, timeZone: zone }, t)?.getTime()).toBe(endOfLocalPeriod(due, zone, roundTo).getTime());
        }
      }),
      { numRuns: 400 },
    );
  });

  it('activates points earned on 1 March 2026 in Paris, pending 14 days, at 16 March 00:00 Paris whatever the hour of the order', () => {
    const program = { pending: 'P14D', timeZone: 'Europe/Paris' };
    for (const at of ['2026-02-28T23:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T22:59:59.999Z']) {
      expect(pendingUntil(program, new Date(at)).toISOString()).toBe('2026-03-15T23:00:00.000Z');
    }
  });
});
