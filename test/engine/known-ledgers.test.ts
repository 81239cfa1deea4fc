import { describe, expect, it } from 'vitest';
import { knownLedgers } from '../../src/engine/known-ledgers.js';
import { projectionOf } from '../../src/rules/ledger/projection.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import type { EarnEntry } from '../../src/rules/ledger/entry.js';

const AT = new Date('2026-03-01T10:00:00Z');
const earn = (i: number): EarnEntry => ({
  kind: 'earn', id: `e${i}`, customerId: 'c1', at: AT, points: 1, activatesAt: AT, expiresAt: null, source: { type: 'bonus', bonus: 'test', reference: `r${i}` },
});
const readOf = (customerId: string, lots: number, revision: string | null = 'r1') => {
  const projection = projectionOf(deriveLedger(Array.from({ length: lots }, (_, i) => earn(i))));
  return { customerId, version: lots, revision, projection, tail: [] };
};

describe('knownLedgers', () => {
  it('keeps the state of a read with a revision, only "known" without one, nothing for a customer without a ledger', () => {
    const known = knownLedgers();
    known.remember(readOf('a', 2));
    known.remember(readOf('b', 2, null));
    known.remember({ customerId: 'c', version: 0, revision: null, projection: undefined, tail: [] });
    expect(known.get('a')).toMatchObject({ customerId: 'a', version: 2, revision: 'r1' });
    expect(known.get('b')).toBe(true);
    expect(known.get('c')).toBeUndefined();
  });

  it('keeps a state of at most 500 lots; a larger one only as "known"', () => {
    const known = knownLedgers();
    known.remember(readOf('small', 500));
    known.remember(readOf('large', 501));
    expect(known.get('small')).not.toBe(true);
    expect(known.get('large')).toBe(true);
  });

  it('forgets the oldest beyond its capacity; known() drops a state, forget() the customer', () => {
    const known = knownLedgers(2);
    known.remember(readOf('a', 1));
    known.remember(readOf('b', 1));
    known.remember(readOf('a', 1)); // a is now the newest
    known.remember(readOf('c', 1));
    expect(known.get('b')).toBeUndefined();
    expect(known.get('a')).not.toBeUndefined();
    known.known('a');
    expect(known.get('a')).toBe(true);
    known.forget('a');
    expect(known.get('a')).toBeUndefined();
  });
});
