// Lots a replayed ledger no longer needs (module-internal).
import { type LedgerState, hasExpired } from '../ledger/state.js';

/**
 * Drop the oldest lots of a replayed ledger while nothing can take from them or count them any
 * more at `t` or later: no points left, or past their expiry. A replay records no `expire`
 * entries and goes forward in time, so such a lot is what a projection leaves out: `planReversal`,
 * `planSettlement`, the balance's active points and `liabilityReport` (at `until` ≥ `t`) skip it.
 * Only a prefix is dropped (lots expire in creation order; one still open stops it), so a call
 * reads one lot when there is nothing to drop. The lot's `seq` numbering is unchanged.
 *
 * @example
 * ```ts
 * dropClosedLots(state, order.placedAt.getTime());
 * state.lots.every((l) => l.remaining > 0); // up to the first open lot's successors
 * ```
 */
export function dropClosedLots(state: LedgerState, t: number): void {
  const lots = state.lots;
  while (lots.length > 0) {
    const lot = lots[0];
    if (lot === undefined) return;
    if (lot.remaining > 0 && !hasExpired(lot.expiredRecorded, lot.expiresAt === null ? null : lot.expiresAt.getTime(), t)) return;
    lots.shift();
    state.lotById.delete(lot.lotId);
  }
}
