import type { ActivateEntry, EntryStamp, ExpireEntry, LedgerEntry, SettleEntry } from './entry.js';
import { type LedgerState, applyEntry, deriveLedger, isLotExpired, spendableLots, takeFromLots } from './state.js';

/**
 * Plan paying off debt from active lots (soonest-expiring first): one `settle` entry, or
 * nothing when there is no debt or nothing active.
 *
 * @example
 * ```ts
 * const settle = planSettlement(state, { customerId: 'c1', at: now, newId });
 * ```
 */
export function planSettlement(state: LedgerState, stamp: EntryStamp): SettleEntry | undefined {
  if (state.debt <= 0) return undefined;
  const { allocations } = takeFromLots(spendableLots(state, stamp.at), state.debt);
  if (allocations.length === 0) return undefined;
  return { kind: 'settle', id: stamp.newId(), customerId: stamp.customerId, at: stamp.at, points: 0, allocations };
}

/**
 * Plan the activation markers for pending lots whose `activatesAt` has come (history only:
 * balances already follow `activatesAt`), then a settlement of debt from active lots.
 * Running it again on the result plans nothing.
 *
 * @example
 * ```ts
 * const entries = planActivation(state, { customerId: 'c1', at: now, newId });
 * ```
 */
export function planActivation(state: LedgerState, stamp: EntryStamp): Array<ActivateEntry | SettleEntry> {
  const out: Array<ActivateEntry | SettleEntry> = [];
  const t = stamp.at.getTime();
  for (const lot of state.lots) {
    if (lot.activationRecorded || lot.remaining <= 0 || lot.origin === 'adjustment') continue;
    if (lot.activatesAt.getTime() <= lot.createdAt.getTime() || lot.activatesAt.getTime() > t) continue;
    if (isLotExpired(lot, stamp.at)) continue;
    out.push({
      kind: 'activate',
      id: stamp.newId(),
      customerId: stamp.customerId,
      at: lot.activatesAt,
      points: 0,
      lotId: lot.lotId,
      lotPoints: lot.remaining,
    });
  }
  const settle = planSettlement(state, stamp);
  if (settle !== undefined) out.push(settle);
  return out;
}

/**
 * Plan the expiry at `stamp.at`: one `expire` entry per lot whose `expiresAt` has passed with
 * points left (a lot is usable through its `expiresAt` instant, expired after it). The entry's
 * `at` is the lot's `expiresAt`. Running it again on the result plans nothing.
 *
 * @example
 * ```ts
 * const entries = planExpiry(state, { customerId: 'c1', at: new Date('2027-01-01T00:00:00Z'), newId });
 * ```
 */
export function planExpiry(state: LedgerState, stamp: EntryStamp): ExpireEntry[] {
  const out: ExpireEntry[] = [];
  for (const lot of state.lots) {
    if (lot.expiredRecorded || lot.expiresAt === null || lot.remaining <= 0) continue;
    if (stamp.at.getTime() <= lot.expiresAt.getTime()) continue;
    out.push({ kind: 'expire', id: stamp.newId(), customerId: stamp.customerId, at: lot.expiresAt, points: -lot.remaining, lotId: lot.lotId });
  }
  return out;
}

/**
 * The state after appending `planned` to a ledger of `entries` (re-derived, the inputs untouched).
 *
 * @example
 * ```ts
 * const after = stateAfter(entries, [planBurn(deriveLedger(entries), 10, 'test', stamp)]);
 * ```
 */
export function stateAfter(entries: readonly LedgerEntry[], planned: readonly LedgerEntry[]): LedgerState {
  const state = deriveLedger(entries);
  for (const e of planned) applyEntry(state, e);
  return state;
}
