import type { Points } from '../../core/points.js';
import type { EarnSource, LedgerEntry, LineAttribution, LotAllocation } from './entry.js';

/**
 * A lot as the entries left it: what it started with, what remains, when it activates and expires.
 *
 * @example
 * ```ts
 * const lot: Lot = deriveLedger(entries).lots[0]!;
 * lot.remaining; // 70
 * ```
 */
export interface Lot {
  /** Id of the entry that created it. */
  readonly lotId: string;
  /** Creation order within the ledger (0, 1, 2…): breaks ties between lots expiring together. */
  readonly seq: number;
  /** Points credited. */
  readonly points: Points;
  /** Points not yet burned, reversed, settled or expired. */
  remaining: Points;
  /** When the lot was credited. */
  readonly createdAt: Date;
  /** First instant the points can be spent (inclusive). */
  readonly activatesAt: Date;
  /** Last instant the points can be spent (inclusive); `null` = never. */
  readonly expiresAt: Date | null;
  /** Where the points came from (`undefined` for a positive adjustment). */
  readonly source: EarnSource | undefined;
  /** True once an `expire` entry closed it. */
  expiredRecorded: boolean;
  /** True once an `activate` marker was written. */
  activationRecorded: boolean;
}

/**
 * What an order earned and what its returns already reversed, per line.
 *
 * @example
 * ```ts
 * deriveLedger(entries).orders.get('o1')?.returned.get('l1'); // 1
 * ```
 */
export interface OrderTrack {
  /** The lot the order created. */
  readonly lotId: string;
  /** The lines as attributed at earning time. */
  readonly lines: readonly LineAttribution[];
  /** Units returned so far, per line id. */
  readonly returned: Map<string, number>;
  /** Points reversed so far, per line id. */
  readonly reversed: Map<string, Points>;
  /** Return ids already applied. */
  readonly returnIds: Set<string>;
}

/**
 * Lifetime counters of a ledger (all positive numbers).
 *
 * @example
 * ```ts
 * const l: LifetimeTotals = deriveLedger(entries).lifetime;
 * l.earned - l.burned - l.expired - l.reversed; // plus adjustments: the total
 * ```
 */
export interface LifetimeTotals {
  /** Points credited by orders and bonuses. */
  earned: Points;
  /** Points redeemed. */
  burned: Points;
  /** Points expired (recorded). */
  expired: Points;
  /** Points taken back by returns (debt included). */
  reversed: Points;
  /** Points due back by returns but forgiven by the policy. */
  forgiven: Points;
  /** Net manual corrections (signed). */
  adjusted: Points;
}

/**
 * A ledger folded from its entries: lots, debt, orders, tier. Pure data, rebuilt from entries.
 *
 * @example
 * ```ts
 * const state: LedgerState = deriveLedger(await store.loadLedger('c1').then((l) => l.entries));
 * ```
 */
export interface LedgerState {
  /** Lots in creation order. */
  readonly lots: Lot[];
  /** Lots by id. */
  readonly lotById: Map<string, Lot>;
  /** Points owed (clawed back below zero, not settled yet). */
  debt: Points;
  /** Orders that earned, by order id. */
  readonly orders: Map<string, OrderTrack>;
  /** Lifetime counters. */
  readonly lifetime: LifetimeTotals;
  /** Current tier id (`null` = none). */
  tierId: string | null;
  /** When the tier last changed. */
  tierSince: Date | null;
  /** Sum of the entries' points. */
  total: Points;
  /** Number of entries folded. */
  count: number;
}

/**
 * An empty ledger state.
 *
 * @example
 * ```ts
 * emptyLedgerState().total; // 0
 * ```
 */
export function emptyLedgerState(): LedgerState {
  return {
    lots: [],
    lotById: new Map(),
    debt: 0,
    orders: new Map(),
    lifetime: { earned: 0, burned: 0, expired: 0, reversed: 0, forgiven: 0, adjusted: 0 },
    tierId: null,
    tierSince: null,
    total: 0,
    count: 0,
  };
}

function debit(state: LedgerState, allocations: readonly LotAllocation[]): void {
  for (const a of allocations) {
    const lot = state.lotById.get(a.lotId);
    if (lot !== undefined) lot.remaining -= a.points;
  }
}

function addLot(state: LedgerState, lotId: string, points: Points, createdAt: Date, activatesAt: Date, expiresAt: Date | null, source: EarnSource | undefined): void {
  // one literal with a fixed shape: lots stay fast-property objects (a spread here costs 10×)
  const lot: Lot = {
    lotId,
    seq: state.lots.length,
    points,
    remaining: points,
    createdAt,
    activatesAt,
    expiresAt,
    source,
    expiredRecorded: false,
    activationRecorded: false,
  };
  state.lots.push(lot);
  state.lotById.set(lotId, lot);
}

/**
 * Fold one entry into a state (mutates `state`). {@link deriveLedger} is this over all entries.
 *
 * @example
 * ```ts
 * const s = emptyLedgerState();
 * for (const e of entries) applyEntry(s, e);
 * ```
 */
export function applyEntry(state: LedgerState, e: LedgerEntry): void {
  state.total += e.points;
  state.count += 1;
  switch (e.kind) {
    case 'earn':
      addLot(state, e.id, e.points, e.at, e.activatesAt, e.expiresAt, e.source);
      state.lifetime.earned += e.points;
      if (e.source.type === 'order') {
        state.orders.set(e.source.orderId, {
          lotId: e.id,
          lines: e.source.lines,
          returned: new Map(),
          reversed: new Map(),
          returnIds: new Set(),
        });
      }
      break;
    case 'burn':
      debit(state, e.allocations);
      state.lifetime.burned -= e.points;
      break;
    case 'expire': {
      const lot = state.lotById.get(e.lotId);
      if (lot !== undefined) {
        lot.remaining += e.points;
        lot.expiredRecorded = true;
      }
      state.lifetime.expired -= e.points;
      break;
    }
    case 'reverse': {
      debit(state, e.allocations);
      state.debt += e.debt;
      state.lifetime.reversed -= e.points;
      state.lifetime.forgiven += e.forgiven;
      const order = state.orders.get(e.orderId);
      if (order !== undefined) {
        order.returnIds.add(e.returnId);
        for (const l of e.lines) {
          order.returned.set(l.lineId, (order.returned.get(l.lineId) ?? 0) + l.quantity);
          order.reversed.set(l.lineId, (order.reversed.get(l.lineId) ?? 0) + l.points);
        }
      }
      break;
    }
    case 'adjust':
      if (e.points > 0) {
        addLot(state, e.id, e.points, e.at, e.at, e.expiresAt, undefined);
      } else {
        debit(state, e.allocations);
        state.debt += e.debt;
      }
      state.lifetime.adjusted += e.points;
      break;
    case 'settle': {
      debit(state, e.allocations);
      state.debt -= e.allocations.reduce((s, a) => s + a.points, 0);
      break;
    }
    case 'activate': {
      const lot = state.lotById.get(e.lotId);
      if (lot !== undefined) lot.activationRecorded = true;
      break;
    }
    case 'tier':
      state.tierId = e.tierId;
      state.tierSince = e.at;
      break;
  }
}

/**
 * Fold a ledger's entries (in append order) into its state.
 *
 * @example
 * ```ts
 * const state = deriveLedger(entries);
 * state.total === entries.reduce((s, e) => s + e.points, 0); // true
 * ```
 */
export function deriveLedger(entries: Iterable<LedgerEntry>): LedgerState {
  const state = emptyLedgerState();
  for (const e of entries) applyEntry(state, e);
  return state;
}

/**
 * True when the lot's points have passed their expiry at `now` (recorded or not yet).
 *
 * @example
 * ```ts
 * isLotExpired(lot, new Date('2027-01-01T00:00:00Z'));
 * ```
 */
export function isLotExpired(lot: Lot, now: Date): boolean {
  return lot.expiredRecorded || (lot.expiresAt !== null && now.getTime() > lot.expiresAt.getTime());
}

/**
 * True when the lot can be spent at `now`: activated, not expired, points left.
 *
 * @example
 * ```ts
 * isLotActive(lot, new Date());
 * ```
 */
export function isLotActive(lot: Lot, now: Date): boolean {
  return lot.remaining > 0 && lot.activatesAt.getTime() <= now.getTime() && !isLotExpired(lot, now);
}

/**
 * Active lots at `now` in burn order: soonest expiry first (never-expiring last), then
 * creation order.
 *
 * @example
 * ```ts
 * spendableLots(state, now).map((l) => l.lotId);
 * ```
 */
export function spendableLots(state: LedgerState, now: Date): Lot[] {
  return state.lots
    .filter((l) => isLotActive(l, now))
    .sort((a, b) => {
      const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      return ea === eb ? a.seq - b.seq : ea - eb;
    });
}

/**
 * Take up to `points` from `lots` in the given order; returns the allocations and what was
 * taken (≤ `points`).
 *
 * @example
 * ```ts
 * const { allocations, taken } = takeFromLots(spendableLots(state, now), 50);
 * ```
 */
export function takeFromLots(lots: readonly Lot[], points: Points): { allocations: LotAllocation[]; taken: Points } {
  const allocations: LotAllocation[] = [];
  let left = points;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    allocations.push({ lotId: lot.lotId, points: take });
    left -= take;
  }
  return { allocations, taken: points - left };
}
