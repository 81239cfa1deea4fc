// The engine passes the customer's contact hashes and what is known of the referrer to the
// rules: a same-person or loop referral is refused in the result and never paid.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { isFidelisError } from '../../src/core/errors.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const PROGRAM = {
  id: 'shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  pending: 'P14D',
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }, { id: 'refer', kind: 'referral', referrerPoints: 500, refereePoints: 250 }],
};
const ORDER = { id: 'o1', customerId: 'b', placedAt: '2026-03-01T10:00:00+01:00', currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '40.00' }] };
const CUSTOMER = { id: 'b', joinedAt: '2026-02-01T00:00:00Z', emailHash: 'e-b', phoneHash: 'p-1' };
const PAYABLE = new Date('2026-03-15T23:00:00.000Z'); // 16 March 00:00 Paris

function setup() {
  return createLoyaltyEngine({ store: createMemoryStore(), programs: [parseProgram(PROGRAM)], clock: manualClock(new Date('2026-03-01T09:00:00Z')), ids: sequentialIdGenerator('e') });
}

describe('recordOrder with a referrer', () => {
  it('refuses the same phone hash: the reason is in the result, nothing is paid, the order still earns', async () => {
    const engine = setup();
    const r = await engine.recordOrder(ORDER, { idempotencyKey: 'o1', customer: CUSTOMER, referredBy: 'a', referrer: { emailHash: 'e-a', phoneHash: 'p-1' } });
    expect(r.points).toBe(40);
    expect(r.referral).toBeUndefined();
    expect(r.referralRefused).toEqual({ ruleId: 'refer', referrerId: 'a', refusal: 'same-phone', reason: 'the customer and the referrer have the same phone number (phoneHash): one person, nothing is paid' });
    expect((await engine.activatePending(PAYABLE)).referralsPaid).toBe(0);
    expect((await engine.balance('a', PAYABLE)).active).toBe(0);
  });

  it('refuses a loop (a was referred by b, b now names a)', async () => {
    const engine = setup();
    const r = await engine.recordOrder(ORDER, { idempotencyKey: 'o1', customer: CUSTOMER, referredBy: 'a', referrer: { referralChain: ['b'] } });
    expect(r.referralRefused?.refusal).toBe('referral-cycle');
    expect((await engine.activatePending(PAYABLE)).referralsPaid).toBe(0);
  });

  it('pays both sides when the people differ', async () => {
    const engine = setup();
    const r = await engine.recordOrder(ORDER, { idempotencyKey: 'o1', customer: CUSTOMER, referredBy: 'a', referrer: { emailHash: 'e-a', phoneHash: 'p-2', referralChain: ['z'] } });
    expect(r.referralRefused).toBeUndefined();
    expect((await engine.activatePending(PAYABLE)).referralsPaid).toBe(1);
    expect((await engine.balance('a', PAYABLE)).active).toBe(500);
    expect((await engine.balance('b', PAYABLE)).active).toBe(290);
  });

  it('rejects malformed referrer facts before writing anything', async () => {
    const engine = setup();
    const err = await engine.recordOrder(ORDER, { idempotencyKey: 'o1', referredBy: 'a', referrer: { referralChain: 'b' } }).catch((e: unknown) => e);
    expect(isFidelisError(err, 'VALIDATION_FAILED')).toBe(true);
    expect((err as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['referralChain']);
    expect(await engine.history('b')).toEqual([]);
  });
});
