import type { Points } from '../../core/points.js';
import type { BonusCondition } from '../evaluation.js';
import type { BurnEntry, EarnEntry, EarnSource, HeldLot, LedgerEntry, LineAttribution, LotAllocation, LotOrigin, PaidLine, PaymentEntry, ReferralTerms, ReverseEntry, StampsEarned } from './entry.js';

type OrderSource = Extract<EarnSource, { readonly type: 'order' }>;


/**
 * One earning order as the tier and cap rules need it: when, the points it earned and what
 * returns took back, its net amount and units (for spend kept after returns) and its points
 * per earn rule (what caps count). Kept for the orders inside the program's look-back horizon.
 *
 * @example
 * ```ts
 * const a: OrderActivity = { orderId: 'o1', at: new Date('2026-03-01T10:00:00Z'), points: 120, reversed: 0, amount: '119.90', units: 3, returnedUnits: 0, byRule: { base: 120 } };
 * ```
 */
export interface OrderActivity {
  /** The order. */
  readonly orderId: string;
  /** When it was placed (its lot's creation). */
  readonly at: Date;
  /** Points its lot was credited with. */
  readonly points: Points;
  /** Points its returns took back so far. */
  reversed: Points;
  /** Its net amount (decimal string), when recorded. */
  readonly amount: string | undefined;
  /** Units bought over all lines. */
  readonly units: number;
  /** Units returned so far. */
  returnedUnits: number;
  /** Points per earn rule as attributed at earning time, less what returns took back (the room caps get back). */
  readonly byRule: Record<string, Points>;
}

/**
 * A referral carried by a first order, waiting to be paid once the order is kept past its
 * return window (see `settleCustomerReferrals`).
 *
 * @example
 * ```ts
 * const r: PendingReferral = { orderId: 'o1', programId: 'shop', activatesAt: new Date('2026-03-15T00:00:00Z'), units: 2, returnedUnits: 0,
 *   terms: { ruleId: 'refer', referrerId: 'c0', referrerPoints: 500, refereePoints: 250 } };
 * ```
 */
export interface PendingReferral {
  /** The first order. */
  readonly orderId: string;
  /** The program that evaluated it. */
  readonly programId: string;
  /** When its return window ends (its lot activates). */
  readonly activatesAt: Date;
  /** Units bought. */
  readonly units: number;
  /** Units returned so far (a fully returned order pays nothing). */
  returnedUnits: number;
  /** What to pay. */
  readonly terms: ReferralTerms;
}

/**
 * An open points reservation (a burn with a `hold`, neither committed, released nor lapsed).
 *
 * @example
 * ```ts
 * deriveLedger(entries).holds.get('chk-9')?.points; // 120
 * ```
 */
export interface PointsHold {
  /** The checkout. */
  readonly checkoutId: string;
  /** The burn that reserved the points. */
  readonly burnId: string;
  /** Points reserved. */
  readonly points: Points;
  /** When they were reserved. */
  readonly at: Date;
  /** Last instant it can be committed; after it the points count as given back. */
  readonly expiresAt: Date;
  /** The lots the points came from. */
  readonly lots: readonly HeldLot[];
}

/**
 * Points that paid an order (a committed reservation) and what its returns gave back so far.
 *
 * @example
 * ```ts
 * deriveLedger(entries).payments.get('o9')?.refunded; // 40
 * ```
 */
export interface OrderPayment {
  /** The checkout of the reservation. */
  readonly checkoutId: string;
  /** The burn that reserved the points. */
  readonly burnId: string;
  /** Points paid. */
  readonly points: Points;
  /** The lots they came from. */
  readonly lots: readonly HeldLot[];
  /** The order's lines and net amounts. */
  readonly lines: readonly PaidLine[];
  /** Points refunds accounted for so far (given back or forfeited). */
  refunded: Points;
  /** Units returned so far per line id. */
  readonly returned: Map<string, number>;
}

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
  /** Where the points came from: an order, a bonus, or a positive manual adjustment. */
  readonly origin: LotOrigin;
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
  /** The order-level bonuses' conditions (`undefined`: recorded without them, returns reverse full line points). */
  readonly bonusConditions: readonly BonusCondition[] | undefined;
  /** Bonus points returns took back so far, per rule id. */
  readonly bonusesReversed: Map<string, Points>;
  /** The stamps the order added per stamp card (absent on orders recorded before they were kept). */
  readonly stampCards: readonly StampsEarned[];
  /** Stamps returns took back so far, per stamp-card rule id. */
  readonly stampsBack: Map<string, number>;
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
 * A ledger folded from its entries: open lots, debt, counters, tier, the activity the tier and
 * cap rules look back on. Pure data: {@link deriveLedger} folds it from entries, and the Store
 * keeps it as the customer's projection (`projectionOf` / `stateFromProjection`), so an
 * operation reads one customer's state, never the history.
 *
 * @example
 * ```ts
 * const state: LedgerState = deriveLedger(entries);
 * ```
 */
export interface LedgerState {
  /** Lots in creation order (a projection keeps only lots with points left). */
  readonly lots: Lot[];
  /** Lots by id. */
  readonly lotById: Map<string, Lot>;
  /** Lots created so far (the next lot's `seq`). */
  lotsCreated: number;
  /** Points owed (clawed back below zero, not settled yet). */
  debt: Points;
  /**
   * Per-line tracks of the orders this state knows: all of them when folded from every entry;
   * in a projection only the one an operation loaded (a return loads its order's entries).
   */
  readonly orders: Map<string, OrderTrack>;
  /** Orders that earned, ever. */
  orderCount: number;
  /** When the first of them was placed. */
  firstOrderAt: Date | null;
  /** When the first lot was created (the join date when none is given). */
  firstLotAt: Date | null;
  /** Stamps on the current card of each stamp-card rule (the latest order's counts). */
  readonly stamps: Record<string, number>;
  /** Points each earn rule awarded, ever, less what returns took back (the per-customer cap). */
  readonly ruleTotals: Record<string, Points>;
  /** Earning orders in placement order (a projection keeps those inside the look-back horizon). */
  readonly activity: OrderActivity[];
  /** Referrals waiting for their first order's return window to end. */
  readonly referrals: PendingReferral[];
  /** Open points reservations by checkout id. */
  readonly holds: Map<string, PointsHold>;
  /**
   * Points payments of orders by order id: all of them when folded from every entry; in a
   * projection only the one an operation loaded (a return loads its order's entries).
   */
  readonly payments: Map<string, OrderPayment>;
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
    lotsCreated: 0,
    debt: 0,
    orders: new Map(),
    orderCount: 0,
    firstOrderAt: null,
    firstLotAt: null,
    stamps: {},
    ruleTotals: {},
    activity: [],
    referrals: [],
    holds: new Map(),
    payments: new Map(),
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

function addLot(state: LedgerState, lotId: string, points: Points, createdAt: Date, activatesAt: Date, expiresAt: Date | null, origin: LotOrigin): void {
  // one literal with a fixed shape: lots stay fast-property objects (a spread here costs 10×)
  const lot: Lot = {
    lotId,
    seq: state.lotsCreated,
    points,
    remaining: points,
    createdAt,
    activatesAt,
    expiresAt,
    origin,
    expiredRecorded: false,
    activationRecorded: false,
  };
  state.lotsCreated += 1;
  if (state.firstLotAt === null) state.firstLotAt = createdAt;
  state.lots.push(lot);
  state.lotById.set(lotId, lot);
}

function addOrder(state: LedgerState, e: EarnEntry & { readonly source: OrderSource }): void {
  const src = e.source;
  state.orders.set(src.orderId, {
    lotId: e.id,
    lines: src.lines,
    returned: new Map(),
    reversed: new Map(),
    returnIds: new Set(),
    bonusConditions: src.bonusConditions,
    bonusesReversed: new Map(),
    stampCards: src.stampCards ?? [],
    stampsBack: new Map(),
  });
  state.orderCount += 1;
  if (state.firstOrderAt === null || e.at.getTime() < state.firstOrderAt.getTime()) state.firstOrderAt = e.at;
  if (src.stamps !== undefined) Object.assign(state.stamps, src.stamps);
  let units = 0;
  const byRule: Record<string, Points> = {};
  for (const line of src.lines) {
    units += line.quantity;
    for (const ruleId in line.byRule) {
      const points = line.byRule[ruleId] ?? 0;
      byRule[ruleId] = (byRule[ruleId] ?? 0) + points;
      state.ruleTotals[ruleId] = (state.ruleTotals[ruleId] ?? 0) + points;
    }
  }
  state.activity.push({ orderId: src.orderId, at: e.at, points: e.points, reversed: 0, amount: src.amount, units, returnedUnits: 0, byRule });
  if (src.referral !== undefined) {
    state.referrals.push({ orderId: src.orderId, programId: src.programId, activatesAt: e.activatesAt, units, returnedUnits: 0, terms: src.referral });
  }
}

function reverseOrder(state: LedgerState, e: ReverseEntry): void {
  let units = 0;
  let points = 0;
  for (const l of e.lines) {
    units += l.quantity;
    points += l.points;
  }
  for (const b of e.bonuses ?? []) points += b.points;
  const order = state.orders.get(e.orderId);
  if (order !== undefined) {
    order.returnIds.add(e.returnId);
    for (const l of e.lines) {
      order.returned.set(l.lineId, (order.returned.get(l.lineId) ?? 0) + l.quantity);
      order.reversed.set(l.lineId, (order.reversed.get(l.lineId) ?? 0) + l.points);
    }
    for (const b of e.bonuses ?? []) order.bonusesReversed.set(b.ruleId, (order.bonusesReversed.get(b.ruleId) ?? 0) + b.points);
    for (const ruleId in e.stamps) order.stampsBack.set(ruleId, (order.stampsBack.get(ruleId) ?? 0) + (e.stamps[ruleId] ?? 0));
  }
  // the current card loses the returned stamps, never below empty (a filled card stays filled)
  for (const ruleId in e.stamps) state.stamps[ruleId] = Math.max(0, (state.stamps[ruleId] ?? 0) - (e.stamps[ruleId] ?? 0));
  const activity = state.activity.find((a) => a.orderId === e.orderId);
  if (activity !== undefined) {
    activity.reversed += points;
    activity.returnedUnits += units;
  }
  // the rules' caps get back what the return takes from them
  for (const ruleId in e.byRule) {
    const back = e.byRule[ruleId] ?? 0;
    state.ruleTotals[ruleId] = Math.max(0, (state.ruleTotals[ruleId] ?? 0) - back);
    if (activity !== undefined) activity.byRule[ruleId] = Math.max(0, (activity.byRule[ruleId] ?? 0) - back);
  }
  const referral = state.referrals.find((r) => r.orderId === e.orderId);
  if (referral !== undefined) referral.returnedUnits += units;
}

/** The referee's own referral bonus closes the pending referral of its first order. */
function removeReferralPaid(state: LedgerState, customerId: string, reference: string): void {
  if (reference !== `referral:${customerId}:referee`) return;
  state.referrals.length = 0;
}

/** The lots a reservation takes from, with their terms. */
function heldLots(state: LedgerState, allocations: readonly LotAllocation[]): HeldLot[] {
  const out: HeldLot[] = [];
  for (const a of allocations) {
    const lot = state.lotById.get(a.lotId);
    if (lot === undefined) continue;
    out.push({ lotId: a.lotId, points: a.points, seq: lot.seq, createdAt: lot.createdAt, activatesAt: lot.activatesAt, expiresAt: lot.expiresAt, origin: lot.origin, activationRecorded: lot.activationRecorded });
  }
  return out;
}

/**
 * Give points back to the lots they came from. A lot a projection dropped (no points left) is
 * opened again from the terms the reservation kept, in its creation place.
 */
function restoreLots(state: LedgerState, restored: readonly LotAllocation[], terms: readonly HeldLot[]): void {
  for (const a of restored) {
    let lot = state.lotById.get(a.lotId);
    if (lot === undefined) {
      const t = terms.find((l) => l.lotId === a.lotId);
      if (t === undefined) continue;
      lot = { lotId: t.lotId, seq: t.seq, points: t.points, remaining: 0, createdAt: t.createdAt, activatesAt: t.activatesAt, expiresAt: t.expiresAt, origin: t.origin, expiredRecorded: false, activationRecorded: t.activationRecorded };
      const at = state.lots.findIndex((l) => l.seq > t.seq);
      state.lots.splice(at === -1 ? state.lots.length : at, 0, lot);
      state.lotById.set(lot.lotId, lot);
    }
    lot.remaining += a.points;
  }
}

function applyPayment(state: LedgerState, e: PaymentEntry): void {
  const hold = state.holds.get(e.checkoutId);
  if (e.action === 'commit') {
    state.holds.delete(e.checkoutId);
    if (e.orderId !== undefined) {
      state.payments.set(e.orderId, { checkoutId: e.checkoutId, burnId: e.burnId, points: e.paid ?? hold?.points ?? 0, lots: e.lots ?? hold?.lots ?? [], lines: e.lines ?? [], refunded: 0, returned: new Map() });
    }
    return;
  }
  if (e.action === 'refund') {
    const payment = e.orderId === undefined ? undefined : state.payments.get(e.orderId);
    if (payment !== undefined) {
      payment.refunded += e.points + e.forfeited;
      for (const l of e.lines ?? []) payment.returned.set(l.lineId, (payment.returned.get(l.lineId) ?? 0) + l.quantity);
    }
    restoreLots(state, e.restored, payment?.lots ?? []);
  } else {
    state.holds.delete(e.checkoutId);
    restoreLots(state, e.restored, hold?.lots ?? []);
  }
  state.lifetime.burned -= e.points;
}

/** A burn granted by the Store's balance guard carries no allocations: the fold takes them by the burn rule. */
function burnAllocations(state: LedgerState, e: BurnEntry): readonly LotAllocation[] {
  return e.allocations ?? takeFromLots(spendableLots(state, e.at), -e.points).allocations;
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
      addLot(state, e.id, e.points, e.at, e.activatesAt, e.expiresAt, e.source.type === 'order' ? 'order' : 'bonus');
      state.lifetime.earned += e.points;
      if (e.source.type === 'order') addOrder(state, e as EarnEntry & { readonly source: OrderSource });
      else if (e.source.bonus === 'referral') removeReferralPaid(state, e.customerId, e.source.reference);
      break;
    case 'burn': {
      const allocations = burnAllocations(state, e);
      if (e.hold !== undefined) {
        const { checkoutId, expiresAt } = e.hold;
        state.holds.set(checkoutId, { checkoutId, burnId: e.id, points: -e.points, at: e.at, expiresAt, lots: heldLots(state, allocations) });
      }
      debit(state, allocations);
      state.lifetime.burned -= e.points;
      break;
    }
    case 'payment':
      applyPayment(state, e);
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
      reverseOrder(state, e);
      break;
    }
    case 'adjust':
      if (e.points > 0) {
        addLot(state, e.id, e.points, e.at, e.at, e.expiresAt, 'adjustment');
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
  return hasExpired(lot.expiredRecorded, lot.expiresAt === null ? null : lot.expiresAt.getTime(), now.getTime());
}

/**
 * {@link isLotExpired} on a lot's terms in epoch milliseconds (`expiresAt` `null`: never).
 *
 * @example
 * ```ts
 * hasExpired(false, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2)); // true
 * ```
 */
export function hasExpired(expiredRecorded: boolean, expiresAt: number | null, t: number): boolean {
  return expiredRecorded || (expiresAt !== null && t > expiresAt);
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
