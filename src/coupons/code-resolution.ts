// Which promotion each presented code unlocks (module-internal).
import { normalizeCode } from './code-normalization.js';
import type { CompiledPromotion } from './compiled-promotion.js';
import type { CompiledPromotionList } from './compiled-promotion-list.js';
import type { Refusal } from './promotion-eligibility.js';
import { type SigningKey, verifyCode } from './signed-code.js';

/**
 * A code presented at checkout. A plain string is matched against the promotions' public
 * `codes` and, with signing keys, verified as a signed code. Codes stored in the Store (bulk
 * or voucher codes) are looked up by the engine, which passes what it found: the promotion,
 * the customer it is assigned to, and a voucher's available balance.
 *
 * @example
 * ```ts
 * const c: PresentedCode = { code: 'GIFT-7KQ4-M2XD', promotionId: 'giftcard', voucherBalance: '32.50' };
 * ```
 */
export interface PresentedCode {
  /** The code as typed. */
  readonly code: string;
  /** The promotion it unlocks, when looked up in a store. */
  readonly promotionId?: string;
  /** The only customer who may use it. */
  readonly assignedTo?: string;
  /** A voucher's available balance, decimal string in `voucherCurrency` (the cart's currency when absent). */
  readonly voucherBalance?: string;
  /** Currency of the voucher balance. */
  readonly voucherCurrency?: string;
}

/** A code resolved to its promotion. */
export interface ResolvedCode {
  readonly code: string;
  readonly key: string;
  readonly presented: PresentedCode;
}

/** The outcome of resolving every presented code. */
export interface CodeResolution {
  /** Promotion id → the code that activated it. */
  readonly activated: Map<string, ResolvedCode>;
  /** Codes refused before eligibility. */
  readonly rejected: Array<{ readonly code: string; readonly key: string; readonly promotionId?: string } & Refusal>;
}

/** Resolve codes in the order given; the first code of a promotion wins, later ones are duplicates. */
export function resolveCodes(
  codes: readonly (string | PresentedCode)[],
  promotions: CompiledPromotionList,
  customerId: string | undefined,
  keys: readonly SigningKey[] | undefined,
  now: Date,
): CodeResolution {
  const activated = new Map<string, ResolvedCode>();
  const rejected: CodeResolution['rejected'] = [];
  const seen = new Set<string>();
  for (const item of codes) {
    const presented: PresentedCode = typeof item === 'string' ? { code: item } : item;
    const key = normalizeCode(presented.code);
    const reject = (reason: Refusal['reason'], message: string, promotionId?: string): void => {
      rejected.push({ code: presented.code, key, reason, message, ...(promotionId === undefined ? {} : { promotionId }) });
    };
    if (key === '') {
      reject('UNKNOWN_CODE', 'empty code');
      continue;
    }
    if (seen.has(key)) {
      reject('DUPLICATE', 'this code was already given');
      continue;
    }
    seen.add(key);
    let cp: CompiledPromotion | undefined;
    if (presented.promotionId !== undefined) {
      cp = promotions.byId.get(presented.promotionId);
      if (cp === undefined) {
        reject('UNKNOWN_CODE', `its promotion "${presented.promotionId}" is not active`);
        continue;
      }
      if (presented.assignedTo !== undefined && presented.assignedTo !== customerId) {
        reject('NOT_ASSIGNED', 'this code belongs to another customer', cp.promotion.id);
        continue;
      }
    } else {
      cp = promotions.byCode.get(key);
      if (cp === undefined && keys !== undefined && keys.length > 0) {
        const verified = verifyCode(key, keys, now);
        if (verified.valid) {
          cp = promotions.list.find((c) => c.promotion.signedCodes && c.campaignKey === verified.campaign);
        } else if (verified.reason === 'UNKNOWN_KEY' || verified.reason === 'BAD_SIGNATURE') {
          reject('FORGED', verified.message);
          continue;
        } else if (verified.reason === 'EXPIRED') {
          reject('EXPIRED', verified.message);
          continue;
        }
      }
      if (cp === undefined) {
        reject('UNKNOWN_CODE', 'no active promotion has this code');
        continue;
      }
    }
    if (activated.has(cp.promotion.id)) {
      reject('DUPLICATE', `another code already activates "${cp.promotion.id}"`, cp.promotion.id);
      continue;
    }
    activated.set(cp.promotion.id, { code: presented.code, key, presented });
  }
  return { activated, rejected };
}
