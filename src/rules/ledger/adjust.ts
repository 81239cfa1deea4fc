import { FidelisError } from '../../core/errors.js';
import { type Points, assertPoints } from '../../core/points.js';
import { balanceAt } from './balance.js';
import type { AdjustEntry, EntryStamp, TierEntry } from './entry.js';
import { type LedgerState, spendableLots, takeFromLots } from './state.js';

/**
 * A manual correction: signed points, why, who, and for a credit when it expires.
 *
 * @example
 * ```ts
 * const a: Adjustment = { points: -20, reason: 'duplicate goodwill credit', actor: 'agent:maria' };
 * ```
 */
export interface Adjustment {
  /** Signed, non-zero whole points. */
  readonly points: Points;
  /** Why (required, shown in the history). */
  readonly reason: string;
  /** Who (an agent id, a system). */
  readonly actor: string;
  /** For a credit: when its lot expires (`null`/absent = never). */
  readonly expiresAt?: Date | null;
  /** For a debit larger than the active balance: allow the balance to go below zero (debt). */
  readonly allowNegative?: boolean;
}

/**
 * Plan a correction. A credit creates a lot active at once; a debit takes active lots
 * soonest-expiring first and throws `INSUFFICIENT_POINTS` when the active balance is smaller,
 * unless `allowNegative` (the rest becomes debt).
 *
 * @example
 * ```ts
 * planAdjustment(state, { points: 25, reason: 'parcel lost', actor: 'agent:maria' }, stamp);
 * ```
 */
export function planAdjustment(state: LedgerState, adj: Adjustment, stamp: EntryStamp): AdjustEntry {
  assertPoints(adj.points, 'points');
  const problems: Array<{ path: string; message: string }> = [];
  if (adj.points === 0) problems.push({ path: 'points', message: 'must not be 0' });
  if (adj.reason.trim() === '') problems.push({ path: 'reason', message: 'is required' });
  if (adj.actor.trim() === '') problems.push({ path: 'actor', message: 'is required' });
  if (problems.length > 0) {
    throw new FidelisError('VALIDATION_FAILED', `Invalid adjustment: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { issues: problems });
  }
  const base = { kind: 'adjust' as const, id: stamp.newId(), customerId: stamp.customerId, at: stamp.at, reason: adj.reason, actor: adj.actor };
  if (adj.points > 0) {
    return { ...base, points: adj.points, allocations: [], debt: 0, expiresAt: adj.expiresAt ?? null };
  }
  const wanted = -adj.points;
  const active = Math.max(0, balanceAt(state, stamp.at).active);
  if (active < wanted && adj.allowNegative !== true) {
    throw new FidelisError('INSUFFICIENT_POINTS', `points: ${wanted} to debit, ${active} active (set allowNegative to go below zero)`, {
      requested: wanted,
      active,
    });
  }
  const { allocations, taken } = takeFromLots(spendableLots(state, stamp.at), Math.min(wanted, active));
  return { ...base, points: adj.points, allocations, debt: wanted - taken, expiresAt: null };
}

/**
 * Plan a tier change entry, or nothing when the tier is unchanged.
 *
 * @example
 * ```ts
 * planTierChange(state, 'gold', '1,250 points in 12 months', stamp);
 * ```
 */
export function planTierChange(state: LedgerState, tierId: string | null, reason: string, stamp: EntryStamp): TierEntry | undefined {
  if (state.tierId === tierId) return undefined;
  return { kind: 'tier', id: stamp.newId(), customerId: stamp.customerId, at: stamp.at, points: 0, tierId, previousTierId: state.tierId, reason };
}
