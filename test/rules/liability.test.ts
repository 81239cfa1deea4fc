import { describe, expect, it } from 'vitest';
import type { EarnEntry } from '../../src/rules/ledger/entry.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import { liabilityReport } from '../../src/rules/liability.js';
import { parseProgram } from '../../src/rules/parse-program.js';

const program = parseProgram({ id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', pointsPayment: { valuePerPoint: '0.005' } });

function lot(customerId: string, id: string, points: number, activatesAt: string, expiresAt: string | null): EarnEntry {
  return {
    kind: 'earn', id, customerId, at: new Date('2026-01-01T00:00:00Z'), points,
    activatesAt: new Date(activatesAt), expiresAt: expiresAt === null ? null : new Date(expiresAt),
    source: { type: 'bonus', bonus: 't', reference: id },
  };
}

describe('liabilityReport', () => {
  it('sums outstanding points, values them and groups expiry by local month of the program zone', () => {
    const a = deriveLedger([
      lot('a', 'a1', 301, '2026-01-01T00:00:00Z', '2026-03-31T21:59:59.999Z'), // 31 March 23:59:59.999 Paris → 2026-03
      lot('a', 'a2', 100, '2026-06-01T00:00:00Z', '2026-03-31T22:00:00.000Z'), // 1 April 00:00 Paris → 2026-04, pending
      lot('a', 'a3', 7, '2026-01-01T00:00:00Z', '2026-01-31T00:00:00.000Z'), // already expired at the report date
    ]);
    const b = deriveLedger([lot('b', 'b1', 50, '2026-01-01T00:00:00Z', null), lot('b', 'b2', 49, '2026-01-01T00:00:00Z', '2026-03-15T12:00:00Z')]);
    const r = liabilityReport(program, [a, b], new Date('2026-02-15T00:00:00Z'));
    expect(r).toMatchObject({ currency: 'EUR', valuePerPoint: '0.005', ledgers: 2, active: 400, pending: 100, outstanding: 500, debt: 0, neverExpiring: 50 });
    expect(r.value).toBe('2.50');
    // 350 × 0.005 = 1.75; 100 × 0.005 = 0.50
    expect(r.expiring).toEqual([
      { month: '2026-03', points: 350, value: '1.75' },
      { month: '2026-04', points: 100, value: '0.50' },
    ]);
  });

  it('rounds the value half-even to the currency and reports null without a value per point', () => {
    const s = deriveLedger([lot('a', 'a1', 301, '2026-01-01T00:00:00Z', null)]);
    expect(liabilityReport(program, [s], new Date('2026-02-01T00:00:00Z')).value).toBe('1.50'); // 1.505 → 1.50
    expect(liabilityReport(program, [s], new Date('2026-02-01T00:00:00Z'), '0.015').value).toBe('4.52'); // 4.515 → 4.52
    const bare = parseProgram({ id: 'p', currency: 'EUR', timeZone: 'Europe/Paris' });
    expect(liabilityReport(bare, [s], new Date('2026-02-01T00:00:00Z'))).toMatchObject({ value: null, valuePerPoint: null, outstanding: 301 });
  });
});
