import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration } from '../../src/core/time.js';
import { capWindow, expiresAt, pendingUntil } from '../../src/rules/lifecycle.js';
import { tierQualifying } from '../../src/rules/ledger/order-context.js';
import { type OrderActivity, emptyLedgerState } from '../../src/rules/ledger/state.js';
import { lookbackStart } from '../../src/rules/lookback.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import { monthCalendar } from '../../src/rules/backtest/month-calendar.js';
import { programClock } from '../../src/rules/backtest/program-clock.js';
import { tierWindow } from '../../src/rules/backtest/tier-window.js';

// The backtest's memoised calendar arithmetic against the rules' own functions, in zones with
// daylight saving (Paris, Lord Howe's 30-minute shift, Santiago's change at midnight) and over
// the DST changes of a year.
const FROM = new Date('2025-12-31T00:00:00Z');
const UNTIL = new Date('2027-01-02T00:00:00Z');
const zones = fc.constantFrom('Europe/Paris', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'UTC');
const instant = fc.integer({ min: FROM.getTime(), max: UNTIL.getTime() }).map((t) => new Date(t));

function program(zone: string, basis: 'points' | 'spend', window: { rolling: string } | { calendar: 'month' | 'quarter' | 'year' }) {
  return parseProgram({
    id: 'p', currency: 'EUR', timeZone: zone, pending: 'P14D', expiry: { after: 'P12M', roundTo: 'month' },
    tiers: { basis, window, review: 'quarter', levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '100' }] },
    earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1', caps: { perPeriod: { period: 'month', points: 500 } } }],
  });
}
const windows = fc.constantFrom<{ rolling: string } | { calendar: 'month' | 'quarter' | 'year' }>({ rolling: 'P12M' }, { rolling: 'P30D' }, { calendar: 'quarter' }, { calendar: 'year' });

describe('the backtest clock', () => {
  it('gives what pendingUntil, expiresAt, capWindow, addDuration and lookbackStart give', () => {
    fc.assert(
      fc.property(zones, windows, fc.array(instant, { minLength: 1, maxLength: 40 }), (zone, window, ats) => {
        const p = program(zone, 'points', window);
        const clock = programClock(p, monthCalendar(FROM, UNTIL, zone), FROM, UNTIL);
        for (const at of ats) {
          expect(clock.lotDates(at)).toEqual({ activatesAt: pendingUntil(p, at), expiresAt: expiresAt(p, at) });
          for (const period of ['month', 'quarter', 'year'] as const) expect(clock.periodStart(at, period)).toBe(capWindow(p, at, period).from.getTime());
          for (const d of ['P12M', 'P30D', 'P1Y']) expect(clock.before(at, d)).toBe(addDuration(at, `-${d}`, zone).getTime());
          expect(clock.lookback(at)).toBeLessThanOrEqual(lookbackStart(p, at).getTime());
        }
      }),
      { numRuns: 60 },
    );
  });

  it('sums the tier window as evaluateTier does (points and spend kept after returns)', () => {
    const activity = fc.array(
      fc.record({ t: instant, points: fc.integer({ min: 0, max: 500 }), cents: fc.integer({ min: 0, max: 99_999 }), units: fc.integer({ min: 1, max: 5 }), returned: fc.nat() }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(zones, windows, fc.constantFrom('points' as const, 'spend' as const), activity, instant, (zone, window, basis, items, at) => {
        const p = program(zone, basis, window);
        const clock = programClock(p, monthCalendar(FROM, UNTIL, zone), FROM, UNTIL);
        const state = emptyLedgerState();
        items.sort((a, b) => a.t.getTime() - b.t.getTime());
        items.forEach((x, i) => {
          const returnedUnits = x.returned % (x.units + 1);
          const a: OrderActivity = { orderId: `o${i}`, at: x.t, points: x.points, reversed: Math.floor((x.points * returnedUnits) / x.units), amount: (x.cents / 100).toFixed(2), units: x.units, returnedUnits, byRule: {} };
          state.activity.push(a);
        });
        const w = tierWindow(p, clock)!;
        expect(w.show(w.value(state.activity, at))).toBe(tierQualifying(p, state, at));
      }),
      { numRuns: 150 },
    );
  });
});
