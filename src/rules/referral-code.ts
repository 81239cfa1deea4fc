import { hasValidCheckCharacter } from '../core/codes/check-character.js';
import { generateCodes } from '../core/codes/code-generation.js';
import { normalizeCode } from '../core/codes/code-normalization.js';
import type { RandomSource } from '../core/codes/random-source.js';
import { FidelisError, type ValidationIssue, validationError } from '../core/errors.js';

// Referral codes are random, not signed. A customer's code is shared in links, chats and on
// receipts; a code that carried the customer id under an HMAC would print the id (personal data
// when shops use e-mail addresses as ids) and be as long as the id plus an 80-bit tag. A random
// code is short, says nothing, and is voided by issuing another; the price is a lookup the shop
// keeps (code key → customer id), which these functions take as an argument: no storage here.

/** Ten random symbols of `CODE_ALPHABET` (31¹⁰ ≈ 8.2·10¹⁴ codes) and a check character. */
const PATTERN = '#####-#####';

/**
 * A customer's referral code: the printable code and its key (the normalised form the shop
 * stores and looks up by).
 *
 * @example
 * ```ts
 * const c: ReferralCode = { customerId: 'c1', code: 'K7Q4M-2XDHA9', key: 'K7Q4M2XDHA9' };
 * ```
 */
export interface ReferralCode {
  /** The customer who refers with it. */
  readonly customerId: string;
  /** The code to print or share, e.g. `TEA-K7Q4M-2XDHA9`. */
  readonly code: string;
  /** Its normalised key (`normalizeCode`): store it, look it up by it. */
  readonly key: string;
}

/**
 * Options of {@link generateReferralCodes}.
 *
 * @example
 * ```ts
 * const options: ReferralCodeOptions = { prefix: 'TEA-', existing: (key) => keys.has(key), existingCount: keys.size };
 * ```
 */
export interface ReferralCodeOptions {
  /** Text before the random part, e.g. `'TEA-'` (letters, digits, dashes). */
  readonly prefix?: string;
  /** Codes already issued (any form), or a predicate on keys: new codes never collide with them. */
  readonly existing?: Iterable<string> | ((key: string) => boolean);
  /** With a predicate for `existing`: how many codes are issued (for the guessability bound). */
  readonly existingCount?: number;
  /** Randomness (default: the platform CSPRNG). */
  readonly random?: RandomSource;
}

/**
 * One new referral code per customer: ten symbols drawn uniformly from a CSPRNG by
 * `generateCodes` (no look-alike characters), a check character so typos are caught before any
 * lookup, unique against `existing` and within the batch. At most one code in a million of the
 * possible codes is ever in use (`UNSAFE_CODE_SPACE` beyond about 820 million), so a guessed code
 * finds a referrer with a probability of at most 10⁻⁶. Throws `VALIDATION_FAILED` for an empty or
 * repeated customer id (`customerIds[i]`).
 *
 * @example
 * ```ts
 * const [lea] = generateReferralCodes(['lea'], { prefix: 'TEA-' });
 * lea.code; // e.g. 'TEA-K7Q4M-2XDHA9'
 * ```
 */
export function generateReferralCodes(customerIds: readonly string[], options: ReferralCodeOptions = {}): ReferralCode[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  customerIds.forEach((id, i) => {
    if (id.length === 0) issues.push({ path: `customerIds[${i}]`, message: 'must not be empty' });
    else if (seen.has(id)) issues.push({ path: `customerIds[${i}]`, message: `"${id}" is listed twice: one code per customer` });
    seen.add(id);
  });
  if (issues.length > 0) throw validationError('referral code request', issues);
  if (customerIds.length === 0) return [];
  const codes = generateCodes({
    count: customerIds.length,
    pattern: PATTERN,
    checkCharacter: true,
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(options.existing !== undefined ? { existing: options.existing } : {}),
    ...(options.existingCount !== undefined ? { existingCount: options.existingCount } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
  });
  return codes.map((code, i) => ({ customerId: customerIds[i] as string, code, key: normalizeCode(code) }));
}

/**
 * The key of a typed referral code, or why it cannot be one: `mistyped` when its check
 * character does not match (a wrong or swapped character), so no lookup is needed. Case,
 * spaces, dashes and look-alike characters do not matter (`normalizeCode`).
 *
 * @example
 * ```ts
 * referralCodeKey(' tea-k7q4m 2xdha9 '); // { valid: true, key: 'TEAK7Q4M2XDHA9' } when the check character matches
 * ```
 */
export function referralCodeKey(code: string): { readonly valid: true; readonly key: string } | { readonly valid: false; readonly reason: 'mistyped'; readonly message: string } {
  const key = normalizeCode(code);
  if (!hasValidCheckCharacter(key)) return { valid: false, reason: 'mistyped', message: `"${code}" is not a referral code: its check character does not match (a character is wrong or two are swapped)` };
  return { valid: true, key };
}

/**
 * Where the shop keeps its referral codes: their keys to customer ids, as a map
 * ({@link referralCodeDirectory}) or a lookup function over the shop's own storage.
 *
 * @example
 * ```ts
 * const directory: ReferralCodeDirectory = (key) => cache.get(key);
 * ```
 */
export type ReferralCodeDirectory = ReadonlyMap<string, string> | ((key: string) => string | undefined);

/**
 * What looking up a referral code found: the referrer, or why not (`mistyped`: the check
 * character does not match; `unknown-code`: no customer has this code).
 *
 * @example
 * ```ts
 * const r: ReferralCodeLookup = resolveReferralCode(typed, directory);
 * if (r.found) await engine.recordOrder(order, { idempotencyKey, referredBy: r.referrerId });
 * ```
 */
export type ReferralCodeLookup =
  | { readonly found: true; readonly referrerId: string; readonly key: string }
  | { readonly found: false; readonly reason: 'mistyped' | 'unknown-code'; readonly message: string };

/**
 * Find the referrer of a typed code: normalise it, check its check character, then look its key
 * up in `directory`. Pure: the caller provides the directory. Pass the referrer id found as
 * `referredBy` when recording the new customer's first order.
 *
 * @example
 * ```ts
 * const [lea] = generateReferralCodes(['lea']);
 * const directory = referralCodeDirectory([lea]);
 * resolveReferralCode(lea.code.toLowerCase().replaceAll('-', ' '), directory); // { found: true, referrerId: 'lea', key: lea.key }
 * ```
 */
export function resolveReferralCode(code: string, directory: ReferralCodeDirectory): ReferralCodeLookup {
  const k = referralCodeKey(code);
  if (!k.valid) return { found: false, reason: k.reason, message: k.message };
  const referrerId = typeof directory === 'function' ? directory(k.key) : directory.get(k.key);
  if (referrerId === undefined) return { found: false, reason: 'unknown-code', message: `no customer has the referral code "${code}"` };
  return { found: true, referrerId, key: k.key };
}

/**
 * A directory of referral codes by key, from stored codes (printed or key form). Throws
 * `CONFLICT` when one key belongs to two customers (`codes[i].code` named).
 *
 * @example
 * ```ts
 * const directory = referralCodeDirectory([{ customerId: 'lea', code: 'K7Q4M-2XDHA9' }]);
 * ```
 */
export function referralCodeDirectory(codes: Iterable<{ readonly customerId: string; readonly code: string }>): Map<string, string> {
  const directory = new Map<string, string>();
  let i = 0;
  for (const { customerId, code } of codes) {
    const key = normalizeCode(code);
    const owner = directory.get(key);
    if (owner !== undefined && owner !== customerId) {
      throw new FidelisError('CONFLICT', `codes[${i}].code: "${code}" is already the referral code of customer "${owner}"`, { path: `codes[${i}].code`, key, owner, customerId });
    }
    directory.set(key, customerId);
    i += 1;
  }
  return directory;
}
