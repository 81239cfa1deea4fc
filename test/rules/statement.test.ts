// formatStatement: a ledger history as readable lines, dates in the program's zone, en and de.
import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../../src/core/errors.js';
import { type LedgerEntry, formatStatement } from '../../src/rules/index.js';

const at = (iso: string): Date => new Date(iso);
const base = { customerId: 'c1' };
const order = (orderId: string) => ({ type: 'order' as const, orderId, programId: 'shop', lines: [] });
// In append order; the activation marker (16 March) was appended after order o2 (1 April).
const HISTORY: LedgerEntry[] = [
  { ...base, kind: 'earn', id: 'e1', at: at('2026-03-01T09:00:00Z'), points: 120, activatesAt: at('2026-03-15T23:00:00Z'), expiresAt: null, source: order('o1') },
  { ...base, kind: 'earn', id: 'e2', at: at('2026-03-02T10:00:00Z'), points: 100, activatesAt: at('2026-03-02T10:00:00Z'), expiresAt: null, source: { type: 'bonus', bonus: 'birthday', reference: 'birthday:c1:2026' } },
  { ...base, kind: 'reverse', id: 'e3', at: at('2026-03-05T10:00:00Z'), points: -30, orderId: 'o1', returnId: 'r1', lines: [{ lineId: 'l1', quantity: 1, points: 30 }], allocations: [{ lotId: 'e1', points: 30 }], debt: 0, forgiven: 0 },
  // 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time)
  { ...base, kind: 'earn', id: 'e4', at: at('2026-03-31T22:30:00Z'), points: 1500, activatesAt: at('2026-03-31T22:30:00Z'), expiresAt: null, source: order('o2') },
  { ...base, kind: 'tier', id: 'e5', at: at('2026-03-31T22:30:00Z'), points: 0, tierId: 'gold', previousTierId: null, reason: 'qualifying points reached 1590' },
  { ...base, kind: 'activate', id: 'e6', at: at('2026-03-15T23:00:00Z'), points: 0, lotId: 'e1', lotPoints: 90 },
  { ...base, kind: 'burn', id: 'e7', at: at('2026-04-02T08:00:00Z'), points: -500, reason: 'reward:five-off' },
  { ...base, kind: 'adjust', id: 'e8', at: at('2026-04-03T12:00:00Z'), points: 1, reason: 'parcel lost', actor: 'agent:maria', allocations: [], debt: 0, expiresAt: null },
  { ...base, kind: 'reverse', id: 'e9', at: at('2026-04-04T10:00:00Z'), points: -10, orderId: 'o2', returnId: 'r2', lines: [{ lineId: 'l1', quantity: 1, points: 30 }], allocations: [{ lotId: 'e4', points: 10 }], debt: 0, forgiven: 20 },
  { ...base, kind: 'settle', id: 'e10', at: at('2026-04-05T10:00:00Z'), points: 0, allocations: [{ lotId: 'e4', points: 30 }] },
  { ...base, kind: 'expire', id: 'e11', at: at('2027-03-31T21:59:59.999Z'), points: -40, lotId: 'e2' },
];
const PARIS = { timeZone: 'Europe/Paris' };

describe('formatStatement', () => {
  it('English: one line per entry, oldest first, dates in the program zone, running total', () => {
    expect(formatStatement(HISTORY, 'en', PARIS).map((l) => l.text)).toEqual([
      'Mar 1, 2026: Order o1 earned 120 points, spendable from Mar 16, 2026 · balance 120',
      'Mar 2, 2026: Birthday bonus: 100 points · balance 220',
      'Mar 5, 2026: Return r1 of order o1: 30 points taken back · balance 190',
      'Mar 16, 2026: 90 points of order o1 now spendable · balance 190',
      'Apr 1, 2026: Order o2 earned 1,500 points · balance 1,690',
      'Apr 1, 2026: Status now gold, before none · balance 1,690',
      'Apr 2, 2026: Redeemed 500 points (reward:five-off) · balance 1,190',
      'Apr 3, 2026: Correction: +1 point (parcel lost) · balance 1,191',
      'Apr 4, 2026: Return r2 of order o2: 10 points taken back, 20 forgiven · balance 1,181',
      'Apr 5, 2026: Points owed settled: 30 points · balance 1,181',
      'Mar 31, 2027: 40 points expired · balance 1,141',
    ]);
  });

  it('German: the same lines in German words and German number and date formats', () => {
    expect(formatStatement(HISTORY, 'de', PARIS).map((l) => l.text)).toEqual([
      '01.03.2026: Bestellung o1: 120 Punkte gesammelt, einlösbar ab 16.03.2026 · Kontostand 120',
      '02.03.2026: Geburtstagsbonus: 100 Punkte · Kontostand 220',
      '05.03.2026: Rückgabe r1 zu Bestellung o1: 30 Punkte zurückgebucht · Kontostand 190',
      '16.03.2026: 90 Punkte aus Bestellung o1 jetzt einlösbar · Kontostand 190',
      '01.04.2026: Bestellung o2: 1.500 Punkte gesammelt · Kontostand 1.690',
      '01.04.2026: Status jetzt gold, vorher keiner · Kontostand 1.690',
      '02.04.2026: 500 Punkte eingelöst (reward:five-off) · Kontostand 1.190',
      '03.04.2026: Korrektur: +1 Punkt (parcel lost) · Kontostand 1.191',
      '04.04.2026: Rückgabe r2 zu Bestellung o2: 10 Punkte zurückgebucht, 20 erlassen · Kontostand 1.181',
      '05.04.2026: Offene Punkte ausgeglichen: 30 Punkte · Kontostand 1.181',
      '31.03.2027: 40 Punkte verfallen · Kontostand 1.141',
    ]);
  });

  it('gives the parts of each line as data', () => {
    const [first, , third] = formatStatement(HISTORY, 'en-GB', PARIS);
    expect(first).toEqual({ entryId: 'e1', kind: 'earn', at: at('2026-03-01T09:00:00Z'), date: '1 Mar 2026', description: 'Order o1 earned 120 points, spendable from 16 Mar 2026', points: 120, balance: 120, text: '1 Mar 2026: Order o1 earned 120 points, spendable from 16 Mar 2026 · balance 120' });
    expect(third).toMatchObject({ points: -30, balance: 190 });
  });

  it('reads the local day in the given zone: local midnight in Pacific/Chatham (+13:45)', () => {
    const entry = (iso: string): LedgerEntry => ({ ...base, kind: 'burn', id: iso, at: at(iso), points: -5, reason: 'x' });
    const dates = formatStatement([entry('2026-03-01T10:14:59.999Z'), entry('2026-03-01T10:15:00Z')], 'en', { timeZone: 'Pacific/Chatham' }).map((l) => l.date);
    expect(dates).toEqual(['Mar 1, 2026', 'Mar 2, 2026']);
    expect(formatStatement([entry('2026-03-01T10:15:00Z')], 'en', PARIS)[0]?.date).toBe('Mar 1, 2026');
  });

  it('refuses a locale without texts and an unknown zone, naming the field', () => {
    const fail = (f: () => unknown): unknown => {
      try {
        return f();
      } catch (e) {
        return e;
      }
    };
    const fr = fail(() => formatStatement(HISTORY, 'fr-FR', PARIS));
    expect(isFidelisError(fr, 'VALIDATION_FAILED')).toBe(true);
    expect((fr as Error).message).toBe('Invalid statement: locale: "fr-FR": no statement texts for "fr" (en, de)');
    expect(isFidelisError(fail(() => formatStatement(HISTORY, 'not a locale', PARIS)), 'VALIDATION_FAILED')).toBe(true);
    expect(isFidelisError(fail(() => formatStatement(HISTORY, 'en', { timeZone: 'Mars/Olympus' })), 'INVALID_TIME_ZONE')).toBe(true);
    expect(formatStatement([], 'de', PARIS)).toEqual([]);
  });
});
