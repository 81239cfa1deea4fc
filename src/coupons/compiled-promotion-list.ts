// A list of promotions compiled once (module-internal): each promotion's compiled form, the
// lookups by id and by public code, and the stacking order. Cached against the array.
import { type CompiledPromotion, compilePromotion } from './compiled-promotion.js';
import type { Promotion } from './promotion.js';

export interface CompiledPromotionList {
  readonly list: readonly CompiledPromotion[];
  /** Promotion id → compiled promotion (the last one of that id). */
  readonly byId: ReadonlyMap<string, CompiledPromotion>;
  /** Public code key → the first promotion with that code. */
  readonly byCode: ReadonlyMap<string, CompiledPromotion>;
  /** Positions in `list` in stacking order: priority (higher first), then {@link stackingStage}, then id, then list order. */
  readonly order: readonly number[];
}

const lists = new WeakMap<readonly Promotion[], CompiledPromotionList>();

/**
 * Where a promotion stacks among those of equal priority, by what it works on, so no price
 * depends on an id: 0 line-level effects (target lines, buy X get Y, new unit prices), 1
 * order-level amounts and thresholds (measured on what the line-level ones left, as Medusa
 * and Vendure do), 2 gifts, 3 shipping. Vouchers pay after all of them.
 */
export function stackingStage(p: Promotion): number {
  const e = p.effect;
  switch (e.type) {
    case 'buy-x-get-y':
    case 'new-price':
      return 0;
    case 'percent-off':
    case 'amount-off':
    case 'tiers':
      return e.target === 'order' ? 1 : 0;
    case 'gift':
      return 2;
    default:
      return 3;
  }
}

/** Priority (higher first), then stage (line-level first), then id. */
function byPriority(a: Promotion, b: Promotion): number {
  return b.priority - a.priority || stackingStage(a) - stackingStage(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function build(promotions: readonly Promotion[]): CompiledPromotionList {
  const list = promotions.map(compilePromotion);
  const byCode = new Map<string, CompiledPromotion>();
  for (const cp of list) for (const key of cp.codeKeys) if (!byCode.has(key)) byCode.set(key, cp);
  // Array.prototype.sort is stable: equal priority and id keep the list order.
  const order = list.map((_, i) => i).sort((i, j) => byPriority((list[i] as CompiledPromotion).promotion, (list[j] as CompiledPromotion).promotion));
  return { list, byId: new Map(list.map((cp) => [cp.promotion.id, cp])), byCode, order };
}

/** Whether the cached compilation still holds exactly the array's promotion objects. */
function isCurrent(hit: CompiledPromotionList, promotions: readonly Promotion[]): boolean {
  if (hit.list.length !== promotions.length) return false;
  for (let i = 0; i < promotions.length; i++) if ((hit.list[i] as CompiledPromotion).promotion !== promotions[i]) return false;
  return true;
}

/** The compiled list, cached against the array (rebuilt if the array was changed in place). */
export function compilePromotionList(promotions: readonly Promotion[]): CompiledPromotionList {
  let hit = lists.get(promotions);
  if (hit === undefined || !isCurrent(hit, promotions)) {
    hit = build(promotions);
    lists.set(promotions, hit);
  }
  return hit;
}
