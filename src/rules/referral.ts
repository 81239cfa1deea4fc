import { z } from 'zod';
import { parseWith } from '../core/validation.js';
import type { EvaluationCustomer } from './evaluation.js';

/**
 * What the caller knows about the customer named in `referredBy`, so a referral between one
 * person's two accounts or a referral loop is refused: the referrer's contact hashes and who
 * referred the referrer (nearest first: their referrer, that one's referrer, …, as far as known).
 * fidelis compares hashes as given: hash the normalised address the same way on both sides
 * (e.g. SHA-256 of the trimmed, lower-cased e-mail; of the E.164 phone number).
 *
 * @example
 * ```ts
 * ReferrerFacts.parse({ emailHash: 'b4c9…', referralChain: ['c7'] });
 * ```
 */
export const ReferrerFacts = z
  .object({
    emailHash: z.string().min(1).optional().describe("hash of the referrer's e-mail address"),
    phoneHash: z.string().min(1).optional().describe("hash of the referrer's phone number"),
    referralChain: z
      .array(z.string().min(1))
      .default([])
      .describe('who referred the referrer, then who referred that customer, and so on (customer ids, nearest first)'),
  })
  .strict();
/**
 * Parsed {@link ReferrerFacts}.
 *
 * @example
 * ```ts
 * const r: ReferrerFacts = { referralChain: ['c7'] };
 * ```
 */
export type ReferrerFacts = z.output<typeof ReferrerFacts>;

/**
 * Validate referrer facts from outside; throws `VALIDATION_FAILED` naming each bad field
 * (`referrer: referralChain.0: …`).
 *
 * @example
 * ```ts
 * parseReferrer({ phoneHash: '9f2e…' }); // { phoneHash: '9f2e…', referralChain: [] }
 * ```
 */
export function parseReferrer(input: unknown): ReferrerFacts {
  return parseWith(ReferrerFacts, input, 'referrer');
}

/**
 * Why a referral is refused (nothing is paid to either side):
 *
 * - `self-referral`: the customer named their own id;
 * - `same-email` / `same-phone`: customer and referrer have the same e-mail or phone hash, one
 *   person with two accounts;
 * - `referral-cycle`: the referrer was referred by this customer, directly or through others.
 *
 * @example
 * ```ts
 * const r: ReferralRefusal = 'referral-cycle';
 * ```
 */
export type ReferralRefusal = 'self-referral' | 'same-email' | 'same-phone' | 'referral-cycle';

/**
 * Whether a referred customer's referral must be refused, and why; `undefined` when it may be
 * paid (as far as who is who goes: first order and minimum amount are the rule's checks).
 * Checks in this order: same id, same e-mail hash, same phone hash, a loop.
 *
 * @example
 * ```ts
 * const joinedAt = new Date('2026-01-01T00:00:00Z');
 * referralRefusal({ id: 'a', joinedAt, referredBy: 'b', referrer: { referralChain: ['a'] } }); // 'referral-cycle'
 * referralRefusal({ id: 'a', joinedAt, referredBy: 'b', emailHash: 'h1', referrer: { emailHash: 'h1', referralChain: [] } }); // 'same-email'
 * referralRefusal({ id: 'a', joinedAt, referredBy: 'b' }); // undefined
 * ```
 */
export function referralRefusal(customer: EvaluationCustomer): ReferralRefusal | undefined {
  const referrer = customer.referrer;
  if (customer.referredBy === customer.id) return 'self-referral';
  if (customer.emailHash !== undefined && customer.emailHash === referrer?.emailHash) return 'same-email';
  if (customer.phoneHash !== undefined && customer.phoneHash === referrer?.phoneHash) return 'same-phone';
  if (referrer?.referralChain.includes(customer.id) === true) return 'referral-cycle';
  return undefined;
}

const REFUSAL_SENTENCES: Readonly<Record<ReferralRefusal, string>> = {
  'self-referral': 'the customer named themselves as referrer: nothing is paid',
  'same-email': 'the customer and the referrer have the same e-mail address (emailHash): one person, nothing is paid',
  'same-phone': 'the customer and the referrer have the same phone number (phoneHash): one person, nothing is paid',
  'referral-cycle': 'the referrer was referred by this customer (directly or through others): a referral loop, nothing is paid',
};

/**
 * The sentence a support agent reads for a refused referral.
 *
 * @example
 * ```ts
 * referralRefusalReason('same-phone'); // 'the customer and the referrer have the same phone number (phoneHash): one person, nothing is paid'
 * ```
 */
export function referralRefusalReason(refusal: ReferralRefusal): string {
  return REFUSAL_SENTENCES[refusal];
}
