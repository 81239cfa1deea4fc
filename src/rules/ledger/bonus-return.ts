import { z } from 'zod';
import type { Points } from '../../core/points.js';
import type { BonusCondition } from '../evaluation.js';
import type { BonusReversal, BonusReversalReason, LineAttribution } from './entry.js';

/**
 * What a return does to an order's order-level bonuses (fixed, threshold, first-order,
 * birthday, stamp-card points; see `isOrderBonusKind`):
 *
 * - `keep` (the default): a bonus stays as long as the lines kept still meet what the bonus
 *   asked of them: some unit of its eligible lines is kept, and for a threshold bonus the kept
 *   eligible amount still reaches the step that was paid (a lower step reached keeps that
 *   step's points). Returning every unit of the order takes every bonus back.
 * - `claw-back`: the first return of any unit of the order takes every bonus back whole.
 *
 * Line-level points (base points, multipliers, tier multipliers) are reversed per returned
 * line under both. An order-level rule's `conditions` (e.g. `order.subtotal ≥ 50`) are not
 * evaluated again on a return: the ledger keeps the lines' amounts, not the order's facts; a
 * minimum amount that returns should re-check belongs in a `threshold-bonus`.
 *
 * @example
 * ```ts
 * BonusReturnPolicy.parse('claw-back'); // 'claw-back'
 * ```
 */
export const BonusReturnPolicy = z.enum(['keep', 'claw-back']);
/**
 * One of `keep`, `claw-back`.
 *
 * @example
 * ```ts
 * const policy: BonusReturnPolicy = 'keep';
 * ```
 */
export type BonusReturnPolicy = z.output<typeof BonusReturnPolicy>;

/**
 * An order as a return sees it: its lines, what was returned before, its bonuses' conditions
 * and what returns already took back of each bonus (a ledger's `OrderTrack` is one).
 *
 * @example
 * ```ts
 * const order: ReturnedOrder = { lines: [{ lineId: 'l1', quantity: 1, points: 108, byRule: { base: 37, birthday: 71 } }],
 *   returned: new Map(), bonusConditions: [], bonusesReversed: new Map() };
 * ```
 */
export interface ReturnedOrder {
  /** The lines as attributed at earning time. */
  readonly lines: readonly LineAttribution[];
  /** Units returned before this return, per line id. */
  readonly returned: ReadonlyMap<string, number>;
  /** The order-level bonuses' conditions; `undefined` for an order recorded without them. */
  readonly bonusConditions: readonly BonusCondition[] | undefined;
  /** Bonus points earlier returns took back, per rule id. */
  readonly bonusesReversed: ReadonlyMap<string, Points>;
}

/**
 * A line with only its line-level points: its full points minus its share of the order-level
 * bonuses in `conditions` (from the line's per-rule attribution).
 *
 * @example
 * ```ts
 * lineLevelPoints({ lineId: 'l1', quantity: 1, points: 108, byRule: { base: 37, birthday: 71 } },
 *   [{ ruleId: 'birthday', kind: 'birthday-bonus', points: 200, lines: { l1: 3700, l2: 6700 } }]).points; // 37
 * ```
 */
export function lineLevelPoints(line: LineAttribution, conditions: readonly BonusCondition[]): LineAttribution {
  let bonus = 0;
  for (const c of conditions) bonus += line.byRule?.[c.ruleId] ?? 0;
  return bonus === 0 ? line : { ...line, points: line.points - bonus };
}

/** Σ amount × kept / bought over the bonus's lines ≥ min, exactly (common denominator). */
function keptAmountReaches(c: BonusCondition, quantity: ReadonlyMap<string, number>, kept: ReadonlyMap<string, number>, min: number): boolean {
  let numerator = 0n;
  let denominator = 1n;
  for (const lineId in c.lines) {
    const bought = BigInt(quantity.get(lineId) ?? 1);
    const term = BigInt(c.lines[lineId] ?? 0) * BigInt(kept.get(lineId) ?? 0);
    // numerator / denominator + term / bought
    numerator = numerator * bought + term * denominator;
    denominator *= bought;
  }
  return numerator >= BigInt(min) * denominator;
}

/** The points of a bonus the kept units still justify under `keep`, and why they fell. */
function pointsKept(c: BonusCondition, quantity: ReadonlyMap<string, number>, kept: ReadonlyMap<string, number>): { points: Points; reason?: BonusReversalReason } {
  let orderKept = 0;
  for (const units of kept.values()) orderKept += units;
  if (orderKept === 0) return { points: 0, reason: 'order-fully-returned' };
  let eligibleKept = 0;
  for (const lineId in c.lines) eligibleKept += kept.get(lineId) ?? 0;
  if (eligibleKept === 0) return { points: 0, reason: 'no-eligible-lines' };
  if (c.steps !== undefined) {
    let step = 0;
    for (const s of c.steps) if (keptAmountReaches(c, quantity, kept, s.minAmount)) step = s.points;
    if (step < c.points) return { points: step, reason: 'below-threshold' };
  }
  return { points: c.points };
}

/**
 * The order-level bonus points a return takes back under `policy` (see {@link BonusReturnPolicy}):
 * for each bonus, what is still held of it minus what the lines kept after this return justify.
 * Empty for an order recorded without bonus conditions and for a return that takes nothing.
 * Returning every unit of an order always takes back everything its bonuses earned.
 *
 * @example
 * ```ts
 * const order: ReturnedOrder = {
 *   lines: [{ lineId: 'l1', quantity: 1, points: 108, byRule: { base: 37, birthday: 71 } },
 *           { lineId: 'l2', quantity: 1, points: 196, byRule: { base: 67, birthday: 129 } }],
 *   returned: new Map(), bonusesReversed: new Map(),
 *   bonusConditions: [{ ruleId: 'birthday', kind: 'birthday-bonus', points: 200, lines: { l1: 3700, l2: 6700 } }],
 * };
 * bonusReversals(order, new Map([['l1', 1]]), 'keep'); // []
 * bonusReversals(order, new Map([['l1', 1]]), 'claw-back'); // [{ ruleId: 'birthday', points: 200, reason: 'claw-back' }]
 * ```
 */
export function bonusReversals(order: ReturnedOrder, returnedNow: ReadonlyMap<string, number>, policy: BonusReturnPolicy): BonusReversal[] {
  const conditions = order.bonusConditions;
  if (conditions === undefined || conditions.length === 0) return [];
  let now = 0;
  for (const units of returnedNow.values()) now += units;
  if (now === 0) return [];
  const quantity = new Map<string, number>();
  const kept = new Map<string, number>();
  for (const line of order.lines) {
    quantity.set(line.lineId, line.quantity);
    kept.set(line.lineId, line.quantity - (order.returned.get(line.lineId) ?? 0) - (returnedNow.get(line.lineId) ?? 0));
  }
  const out: BonusReversal[] = [];
  for (const c of conditions) {
    const held = c.points - (order.bonusesReversed.get(c.ruleId) ?? 0);
    if (held <= 0) continue;
    const after = policy === 'claw-back' ? { points: 0, reason: 'claw-back' as const } : pointsKept(c, quantity, kept);
    if (after.reason !== undefined && held > after.points) out.push({ ruleId: c.ruleId, points: held - after.points, reason: after.reason });
  }
  return out;
}
