import { z } from 'zod';
import { FidelisError, type ValidationIssue, validationError } from '../../core/errors.js';
import type { Points } from '../../core/points.js';
import { balanceAt } from './balance.js';
import { type BonusReturnPolicy, bonusReversals, lineLevelPoints } from './bonus-return.js';
import type { BonusReversal, EntryStamp, LineAttribution, LotAllocation, ReverseEntry } from './entry.js';
import { type LedgerState, type OrderTrack, isLotExpired, spendableLots, takeFromLots } from './state.js';

/**
 * What happens when a return's points were already spent:
 *
 * - `claw-back-below-zero`: take the points back anyway; what the balance cannot cover becomes
 *   debt (the active balance goes negative) and is paid off from the next points that activate.
 * - `claw-back-within-balance`: take the points back from the order's lot, then from other
 *   active points, but never below zero; the rest is forgiven.
 * - `forgive`: take back only what is left of the order's own lot; the spent part is forgiven.
 *
 * In every policy the order's own lot (pending or active) pays first.
 *
 * @example
 * ```ts
 * ReturnPolicy.parse('forgive'); // 'forgive'
 * ```
 */
export const ReturnPolicy = z.enum(['claw-back-below-zero', 'claw-back-within-balance', 'forgive']);
/**
 * One of `claw-back-below-zero`, `claw-back-within-balance`, `forgive`.
 *
 * @example
 * ```ts
 * const policy: ReturnPolicy = 'claw-back-within-balance';
 * ```
 */
export type ReturnPolicy = z.output<typeof ReturnPolicy>;

/**
 * The returned units of one line.
 *
 * @example
 * ```ts
 * const r: ReturnedLine = { lineId: 'l2', quantity: 1 };
 * ```
 */
export interface ReturnedLine {
  /** The order line id. */
  readonly lineId: string;
  /** Units returned now (whole, positive). */
  readonly quantity: number;
}

/**
 * The points due back for returning `returnedBefore + quantity` of a line's units, minus those
 * already reversed for `returnedBefore`: `floor(points × cumulative / lineQuantity)` minus the
 * same for the earlier returns. Rounding down per cumulative quantity means partial returns
 * never take back more than the proportional share, the parts always add up, and a full return
 * takes back exactly the line's points.
 *
 * @example
 * ```ts
 * const line = { lineId: 'l1', quantity: 3, points: 10 };
 * pointsDueForReturn(line, 0, 1); // 3   (floor 10/3)
 * pointsDueForReturn(line, 1, 1); // 3   (floor 20/3 − 3)
 * pointsDueForReturn(line, 2, 1); // 4   (10 − 6)
 * ```
 */
export function pointsDueForReturn(line: LineAttribution, returnedBefore: number, quantity: number): Points {
  const share = (q: number): Points => Number((BigInt(line.points) * BigInt(q)) / BigInt(line.quantity));
  return share(returnedBefore + quantity) - share(returnedBefore);
}

/**
 * Plan the reversal of a return: which lines, how many points each, taken from which lots,
 * what becomes debt or is forgiven under `policy`. An order recorded with bonus conditions
 * gives back its returned lines' line-level points plus the order-level bonus points
 * `bonusPolicy` takes back ({@link bonusReversals}); one recorded without them gives back the
 * returned lines' full points. Throws `VALIDATION_FAILED` (nothing planned)
 * when the order is unknown in this ledger, a line is not in the order, or more units would be
 * returned than were bought; `CONFLICT` when the return id was already applied.
 *
 * @example
 * ```ts
 * const entry = planReversal(state, 'o1', 'r1', [{ lineId: 'l2', quantity: 1 }], 'forgive', stamp, 'keep');
 * ```
 */
export function planReversal(
  state: LedgerState,
  orderId: string,
  returnId: string,
  returned: readonly ReturnedLine[],
  policy: ReturnPolicy,
  stamp: EntryStamp,
  bonusPolicy: BonusReturnPolicy = 'keep',
): ReverseEntry {
  const order = state.orders.get(orderId);
  if (order === undefined) {
    throw validationError('return', [{ path: 'orderId', message: `order "${orderId}" earned nothing in this ledger` }]);
  }
  if (order.returnIds.has(returnId)) {
    throw new FidelisError('CONFLICT', `id: return "${returnId}" was already applied to order "${orderId}"`, { returnId });
  }
  const issues: ValidationIssue[] = [];
  const wanted = new Map<string, number>();
  returned.forEach((r, i) => {
    const line = order.lines.find((l) => l.lineId === r.lineId);
    if (line === undefined) {
      issues.push({ path: `lines[${i}].lineId`, message: `"${r.lineId}" is not a line of order "${orderId}"` });
      return;
    }
    const total = (wanted.get(r.lineId) ?? 0) + r.quantity;
    const left = line.quantity - (order.returned.get(r.lineId) ?? 0);
    if (total > left) {
      issues.push({ path: `lines[${i}].quantity`, message: `${total} returned but only ${left} of ${line.quantity} not yet returned` });
      return;
    }
    wanted.set(r.lineId, total);
  });
  if (issues.length > 0) throw validationError('return', issues);

  const lines: LineAttribution[] = [];
  let due = 0;
  const conditions = order.bonusConditions;
  for (const line of order.lines) {
    const q = wanted.get(line.lineId);
    if (q === undefined) continue;
    const p = pointsDueForReturn(conditions === undefined ? line : lineLevelPoints(line, conditions), order.returned.get(line.lineId) ?? 0, q);
    lines.push({ lineId: line.lineId, quantity: q, points: p });
    due += p;
  }
  const bonuses = bonusReversals(order, wanted, bonusPolicy);
  for (const b of bonuses) due += b.points;

  const allocations: LotAllocation[] = [];
  const own = state.lotById.get(order.lotId);
  let left = due;
  if (own !== undefined && !isLotExpired(own, stamp.at) && own.remaining > 0) {
    const take = Math.min(own.remaining, left);
    allocations.push({ lotId: own.lotId, points: take });
    left -= take;
  }
  let debt = 0;
  let forgiven = 0;
  if (left > 0 && policy !== 'forgive') {
    const others = spendableLots(state, stamp.at).filter((l) => l.lotId !== order.lotId);
    const ownTaken = due - left;
    const room =
      policy === 'claw-back-within-balance' ? Math.max(0, balanceAt(state, stamp.at).active - (own !== undefined && own.activatesAt.getTime() <= stamp.at.getTime() ? ownTaken : 0)) : left;
    const { allocations: more, taken } = takeFromLots(others, Math.min(left, room));
    allocations.push(...more);
    left -= taken;
    if (policy === 'claw-back-below-zero') {
      debt = left;
      left = 0;
    }
  }
  forgiven = left;
  const taken = allocations.reduce((s, a) => s + a.points, 0);
  const byRule = reversedByRule(state, orderId, returned, bonuses);
  const stamps = stampsBack(order, wanted);
  return {
    kind: 'reverse',
    id: stamp.newId(),
    customerId: stamp.customerId,
    at: stamp.at,
    points: -(taken + debt),
    orderId,
    returnId,
    lines,
    ...(bonuses.length > 0 ? { bonuses } : {}),
    ...(Object.keys(byRule).length > 0 ? { byRule } : {}),
    ...(Object.keys(stamps).length > 0 ? { stamps } : {}),
    allocations,
    debt,
    forgiven,
  };
}

/**
 * The stamps a return takes off each stamp card the order filled: with every unit returned so
 * far plus `returning`, the returned units' stamps (`per: 'unit'`), one per eligible line whose
 * units are all back (`line`), the order's one once every eligible unit is back (`order`); at
 * most what the order added, less what earlier returns took.
 *
 * @example
 * ```ts
 * stampsBack(state.orders.get('o1')!, new Map([['l1', 2]])); // { 'coffee-card': 2 }
 * ```
 */
export function stampsBack(order: OrderTrack, returning: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const card of order.stampCards) {
    let units = 0;
    let lines = 0;
    let all = true;
    for (const lineId in card.lines) {
      const bought = card.lines[lineId] ?? 0;
      const back = Math.min(bought, (order.returned.get(lineId) ?? 0) + (returning.get(lineId) ?? 0));
      units += back;
      if (back >= bought) lines += 1;
      else all = false;
    }
    const total = card.per === 'unit' ? units : card.per === 'line' ? lines : all ? 1 : 0;
    const due = Math.min(total, card.added) - (order.stampsBack.get(card.ruleId) ?? 0);
    if (due > 0) out[card.ruleId] = due;
  }
  return out;
}

/**
 * The points a return takes back from each earn rule, before it is applied to `state`: a
 * returned line gives back each line-level rule its share of the line (`pointsDueForReturn` of
 * the rule's part of the line, floored per rule), and each order-level bonus the points
 * `bonuses` reverses. What a shared budget gets back on a return (the engine gives it back in
 * the return's append).
 *
 * @example
 * ```ts
 * reversedByRule(state, 'o1', [{ lineId: 'l1', quantity: 1 }], entry.bonuses ?? []); // { base: 20, launch: 20 }
 * ```
 */
export function reversedByRule(state: LedgerState, orderId: string, returned: readonly ReturnedLine[], bonuses: readonly BonusReversal[]): Record<string, Points> {
  const order = state.orders.get(orderId);
  const out: Record<string, Points> = {};
  if (order === undefined) return out;
  const orderLevel = new Set((order.bonusConditions ?? []).map((c) => c.ruleId));
  const add = (ruleId: string, points: Points): void => {
    if (points > 0) out[ruleId] = (out[ruleId] ?? 0) + points;
  };
  const wanted = new Map<string, number>();
  for (const r of returned) wanted.set(r.lineId, (wanted.get(r.lineId) ?? 0) + r.quantity);
  for (const line of order.lines) {
    const q = wanted.get(line.lineId);
    if (q === undefined) continue;
    for (const [ruleId, points] of Object.entries(line.byRule ?? {})) {
      if (!orderLevel.has(ruleId)) add(ruleId, pointsDueForReturn({ ...line, points }, order.returned.get(line.lineId) ?? 0, q));
    }
  }
  for (const b of bonuses) add(b.ruleId, b.points);
  return out;
}
