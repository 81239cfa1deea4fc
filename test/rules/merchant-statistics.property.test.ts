// Invariants of ledgerStatistics on random ledgers, checked against a second computation that
// reads each entry's local month with Intl (not src/core/time): per month, issued − burned −
// expired − reversed + adjusted is the change of the ledgers' total (the sum of every entry
// dated before the month's end), the months add up to the period, and each month-end tier
// count covers exactly the customers whose ledger began before it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/rules/ledger/entry.js';
import { ledgerStatistics } from '../../src/rules/merchant-statistics.js';

const ZONES = ['Europe/Paris', 'Pacific/Chatham', 'America/New_York', 'Asia/Kolkata', 'UTC'];
const FROM = Date.parse('2026-01-15T00:00:00Z');
const UNTIL = Date.parse('2026-06-10T12:00:00Z');
const DAY = 86_400_000;

function monthOf(t: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(t));
  return `${parts.find((p) => p.type === 'year')?.value}-${parts.find((p) => p.type === 'month')?.value}`;
}

const instant = fc.integer({ min: FROM - 40 * DAY, max: UNTIL + 40 * DAY }).map((t) => new Date(t));
const pts = fc.integer({ min: 1, max: 500 });

function entry(customerId: string, i: number): fc.Arbitrary<LedgerEntry> {
  const base = { id: `${customerId}-${i}`, customerId };
  return fc.oneof(
    fc.record({ at: instant, points: pts, expires: fc.option(instant, { nil: null }), source: fc.constantFrom('order', 'bonus', 'partner') }).map(
      ({ at, points, expires, source }): LedgerEntry => ({
        ...base,
        kind: 'earn',
        at,
        points,
        activatesAt: at,
        expiresAt: expires,
        source: source === 'order' ? { type: 'order', orderId: `o${i}`, programId: 'p', lines: [] } : { type: 'bonus', bonus: source, reference: `${source}:${i}` },
        ...(source === 'partner' ? { partner: { partnerId: 'air', units: points * 2, rate: '0.5', value: { amount: '1.00', currency: 'EUR' } } } : {}),
      }),
    ),
    fc.record({ at: instant, points: pts }).map(({ at, points }): LedgerEntry => ({ ...base, kind: 'burn', at, points: -points, reason: 'reward' })),
    fc.record({ at: instant, points: pts }).map(
      ({ at, points }): LedgerEntry => ({ ...base, kind: 'payment', at, points, action: 'release', checkoutId: 'k', burnId: 'b', restored: [{ lotId: 'x', points }], forfeited: 0 }),
    ),
    fc.record({ at: instant, points: pts }).map(({ at, points }): LedgerEntry => ({ ...base, kind: 'expire', at, points: -points, lotId: `${customerId}-0` })),
    fc.record({ at: instant, points: pts }).map(
      ({ at, points }): LedgerEntry => ({ ...base, kind: 'reverse', at, points: -points, orderId: 'o', returnId: 'r', lines: [], allocations: [], debt: 0, forgiven: 0 }),
    ),
    fc.record({ at: instant, points: fc.integer({ min: -300, max: 300 }) }).map(
      ({ at, points }): LedgerEntry => ({ ...base, kind: 'adjust', at, points, reason: 'fix', actor: 'agent', allocations: [], debt: 0, expiresAt: null }),
    ),
    fc.record({ at: instant, tier: fc.constantFrom('silver', 'gold', null) }).map(
      ({ at, tier }): LedgerEntry => ({ ...base, kind: 'tier', at, points: 0, tierId: tier, previousTierId: null, reason: 'test' }),
    ),
  );
}

const ledger = (c: number): fc.Arbitrary<LedgerEntry[]> =>
  fc.integer({ min: 0, max: 12 }).chain((n) => (n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => entry(`c${c}`, i)))));

describe('ledgerStatistics', () => {
  it('per month the flows are the change of the total, the months add up to the period, tiers count every member', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, c) => ledger(c)))), (zone, ledgers) => {
        const s = ledgerStatistics(ledgers, { from: new Date(FROM), until: new Date(UNTIL), timeZone: zone });
        const all = ledgers.flat();
        const label = (e: LedgerEntry): string => monthOf(e.at.getTime(), zone);
        // every month from the first to the last, consecutive
        expect(s.months.map((m) => m.month)[0]).toBe(monthOf(FROM, zone));
        expect(s.months.map((m) => m.month).at(-1)).toBe(monthOf(UNTIL - 1, zone));
        const before = all.filter((e) => e.at.getTime() < FROM);
        expect(s.totalAtStart).toBe(before.reduce((t, e) => t + e.points, 0));
        let previous = s.totalAtStart;
        for (const m of s.months) {
          const upTo = all.filter((e) => e.at.getTime() < UNTIL && (e.at.getTime() < FROM || label(e) <= m.month));
          const total = upTo.reduce((t, e) => t + e.points, 0);
          expect(m.totalAtEnd).toBe(total);
          expect(m.issued.total - m.burned - m.expired - m.reversed + m.adjusted).toBe(total - previous);
          expect(m.net).toBe(total - previous);
          previous = total;
        }
        const sum = (f: (m: (typeof s.months)[number]) => number): number => s.months.reduce((t, m) => t + f(m), 0);
        expect(s.totals.issued.total).toBe(sum((m) => m.issued.total));
        expect(s.totals.burned).toBe(sum((m) => m.burned));
        expect(s.totals.net).toBe(sum((m) => m.net));
        expect(s.members.active).toBeLessThanOrEqual(s.members.total);
        expect(s.members.new).toBeLessThanOrEqual(s.members.total);
        s.tiers.forEach((t, i) => {
          const month = s.months[i]?.month as string;
          const members = ledgers.filter((l) => l.some((e) => e.at.getTime() < UNTIL && (e.at.getTime() < FROM || label(e) <= month))).length;
          expect(Object.values(t.tiers).reduce((a, b) => a + b, 0) + t.untiered).toBe(members);
        });
      }),
      { numRuns: 200 },
    );
  });
});
