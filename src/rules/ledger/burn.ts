import { FidelisError } from '../../core/errors.js';
import { type Points, assertPoints } from '../../core/points.js';
import { balanceAt } from './balance.js';
import type { BurnEntry, EntryStamp } from './entry.js';
import { type LedgerState, spendableLots, takeFromLots } from './state.js';

/**
 * Plan a redemption of `points`: one `burn` entry taking active lots soonest-expiring first
 * (ties: oldest lot first). Throws `INSUFFICIENT_POINTS` when the active balance (debt
 * included) is smaller; `VALIDATION_FAILED` when `points` is not a positive whole number.
 *
 * @example
 * ```ts
 * const entry = planBurn(deriveLedger(entries), 50, 'reward:coffee', { customerId: 'c1', at: now, newId });
 * ```
 */
export function planBurn(state: LedgerState, points: Points, reason: string, stamp: EntryStamp): BurnEntry {
  assertPoints(points, 'points');
  if (points <= 0) {
    throw new FidelisError('VALIDATION_FAILED', `points: ${points} must be positive`, {
      issues: [{ path: 'points', message: 'must be positive' }],
    });
  }
  const { active } = balanceAt(state, stamp.at);
  if (active < points) {
    throw new FidelisError('INSUFFICIENT_POINTS', `points: ${points} requested, ${Math.max(active, 0)} active`, {
      requested: points,
      active,
    });
  }
  const { allocations } = takeFromLots(spendableLots(state, stamp.at), points);
  return { kind: 'burn', id: stamp.newId(), customerId: stamp.customerId, at: stamp.at, points: -points, allocations, reason };
}
