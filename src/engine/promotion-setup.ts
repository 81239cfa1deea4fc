import { currencyExponent } from '../core/currency.js';
import { FidelisError } from '../core/errors.js';
import { decimalToMinorUnits } from '../core/money.js';
import type { Promotion } from '../coupons/promotion.js';
import type { SigningKey } from '../coupons/signed-code.js';
import type { CouponUsageLimits } from '../storage/coupon-store.js';
import type { EngineContext } from './context.js';

/**
 * The promotions an engine works with: the definitions in force, the program's time zone
 * (validity dates, per-period limits) and the keys honoured for signed codes.
 *
 * @example
 * ```ts
 * const setup: PromotionSetup = { promotions: [parsePromotion(json)], timeZone: 'Europe/Paris', signingKeys: [key] };
 * ```
 */
export interface PromotionSetup {
  /** Definitions in force (parsed with `parsePromotion`). */
  readonly promotions: readonly Promotion[];
  /** The program's IANA zone. */
  readonly timeZone: string;
  /** Keys honoured for signed codes. */
  readonly signingKeys?: readonly SigningKey[];
}


/**
 * The Store's view of a promotion's limits: counts as they are, budgets in minor units.
 *
 * @example
 * ```ts
 * limitsOf(parsePromotion({ id: 'p', name: 'P', effect: { type: 'free-shipping' }, limits: { total: 10, budget: { EUR: '500' } } }));
 * // { total: 10, budgets: { EUR: 50000 } }
 * ```
 */
export function limitsOf(p: Promotion): CouponUsageLimits {
  const l = p.limits;
  const budgets: Record<string, number> = {};
  for (const [currency, amount] of Object.entries(l.budget ?? {})) {
    budgets[currency] = decimalToMinorUnits(amount, currencyExponent(currency)) ?? 0;
  }
  return {
    ...(l.total === undefined ? {} : { total: l.total }),
    ...(l.perCustomer === undefined ? {} : { perCustomer: l.perCustomer }),
    ...(l.perCode === undefined ? {} : { perCode: l.perCode }),
    ...(l.perPeriod === undefined ? {} : { perPeriod: l.perPeriod.max }),
    ...(l.budget === undefined ? {} : { budgets }),
  };
}

/**
 * The engine's promotion setup, or `VALIDATION_FAILED` when it was created without one.
 *
 * @example
 * ```ts
 * const { promotions, timeZone } = needsSetup(ctx);
 * ```
 */
export function needsSetup(ctx: EngineContext): PromotionSetup {
  const setup = ctx.promotions;
  if (setup === undefined) {
    throw new FidelisError('VALIDATION_FAILED', 'promotions: the engine was created without a promotions setup', {
      issues: [{ path: 'promotions', message: 'pass { promotions, timeZone } to createLoyaltyEngine' }],
    });
  }
  return setup;
}


/**
 * The configured promotion `id`; `NOT_FOUND` naming `field` otherwise.
 *
 * @example
 * ```ts
 * const p = requirePromotion(ctx, 'spring');
 * ```
 */
export function requirePromotion(ctx: EngineContext, id: string, field = 'promotionId'): Promotion {
  const p = needsSetup(ctx).promotions.find((x) => x.id === id);
  if (p === undefined) throw new FidelisError('NOT_FOUND', `${field}: "${id}" is not a configured promotion`, { promotionId: id });
  return p;
}

/** Promotions each engine context has defined in its store (with their limits), so each is written once. */
const definedByContext = new WeakMap<EngineContext, Set<string>>();

/**
 * Make sure the Store knows the promotion and its current limits (idempotent; once per engine).
 *
 * @example
 * ```ts
 * await ensurePromotion(ctx, requirePromotion(ctx, 'spring'));
 * ```
 */
export async function ensurePromotion(ctx: EngineContext, p: Promotion): Promise<void> {
  let defined = definedByContext.get(ctx);
  if (defined === undefined) definedByContext.set(ctx, (defined = new Set()));
  if (defined.has(p.id)) return;
  await ctx.store.coupons.defineCoupon({ promotionId: p.id, campaign: p.campaign ?? p.id, limits: limitsOf(p) });
  defined.add(p.id);
}
