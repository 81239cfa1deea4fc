// Referrals: refused between one person's accounts (same e-mail or phone hash) and in loops.
import { describe, expect, it } from 'vitest';
import { parseOrder } from '../../src/core/index.js';
import { type EvaluationCustomer, evaluateOrder, parseProgram, parseReferrer, referralRefusal } from '../../src/rules/index.js';
import { isFidelisError } from '../../src/core/errors.js';

const program = parseProgram({ id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', pending: 'P14D', earnRules: [{ id: 'refer', kind: 'referral', referrerPoints: 500, refereePoints: 250 }] });
const order = parseOrder({ id: 'o1', customerId: 'b', placedAt: '2026-03-07T10:00:00Z', currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '25.00' }] });
const b = (extra: Partial<EvaluationCustomer>): EvaluationCustomer => ({ id: 'b', joinedAt: new Date('2026-03-01T00:00:00Z'), stats: { orderCount: 0 }, referredBy: 'a', ...extra });
const evaluate = (customer: EvaluationCustomer) => evaluateOrder(program, order, { now: order.placedAt, customer });

describe('referral refusals', () => {
  it('refuses the same e-mail hash on both sides, with the reason, and schedules nothing', () => {
    const r = evaluate(b({ emailHash: 'e1', referrer: { emailHash: 'e1', referralChain: [] } }));
    expect(r.referrals).toEqual([]);
    expect(r.referralsRefused).toEqual([
      { ruleId: 'refer', referrerId: 'a', refusal: 'same-email', reason: 'the customer and the referrer have the same e-mail address (emailHash): one person, nothing is paid' },
    ]);
    expect(r.trace[0]).toMatchObject({ status: 'same-email', points: 0 });
  });

  it('refuses the same phone hash', () => {
    const r = evaluate(b({ emailHash: 'e2', phoneHash: 'p1', referrer: { emailHash: 'e1', phoneHash: 'p1', referralChain: [] } }));
    expect(r.referrals).toEqual([]);
    expect(r.trace[0]).toMatchObject({ status: 'same-phone', reason: 'the customer and the referrer have the same phone number (phoneHash): one person, nothing is paid' });
  });

  it('refuses a loop: b referred a (directly, or through c) and now names a', () => {
    expect(evaluate(b({ referrer: { referralChain: ['b'] } })).trace[0]).toMatchObject({
      status: 'referral-cycle',
      reason: 'the referrer was referred by this customer (directly or through others): a referral loop, nothing is paid',
    });
    expect(evaluate(b({ referrer: { referralChain: ['c', 'b'] } })).referralsRefused.map((x) => x.refusal)).toEqual(['referral-cycle']);
  });

  it('pays when the hashes differ and the chain does not lead back; missing hashes never match', () => {
    const r = evaluate(b({ emailHash: 'e2', referrer: { phoneHash: 'p1', referralChain: ['c'] } }));
    expect(r.referralsRefused).toEqual([]);
    expect(r.referrals).toEqual([{ ruleId: 'refer', referrerId: 'a', refereeId: 'b', referrerPoints: 500, refereePoints: 250, payableAt: new Date('2026-03-21T23:00:00.000Z') }]);
    expect(referralRefusal(b({}))).toBeUndefined();
    expect(referralRefusal(b({ referredBy: 'b', emailHash: 'e1', referrer: { emailHash: 'e1', referralChain: [] } }))).toBe('self-referral');
  });

  it('parseReferrer names the bad field', () => {
    const err = (() => {
      try {
        return parseReferrer({ emailHash: '', referralChain: ['ok', 3] });
      } catch (e) {
        return e;
      }
    })();
    expect(isFidelisError(err, 'VALIDATION_FAILED')).toBe(true);
    expect((err as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort()).toEqual(['emailHash', 'referralChain[1]']);
  });
});
