import type { Points } from '../../core/points.js';
import type { EntryStamp, HeldLot, LotAllocation, PaidLine, PaymentEntry } from './entry.js';
import type { LedgerState, PointsHold } from './state.js';

// Points as payment: a reservation is a burn with a `hold` (the points leave the balance at once,
// so two checkouts cannot spend them twice); its end is a `payment` entry: commit (the order paid),
// release (the checkout was abandoned), lapse (not committed in time) or refund (a return of the
// paid order). Points given back return to the lots they came from, keeping their expiry.

/**
 * True when the reservation passed its last instant to commit at `at`.
 *
 * @example
 * ```ts
 * isHoldLapsed(hold, new Date()); // true → the points count as given back
 * ```
 */
export function isHoldLapsed(hold: PointsHold, at: Date): boolean {
  return at.getTime() > hold.expiresAt.getTime();
}

/**
 * Points of lapsed reservations (no lapse entry written yet) whose lots are still live at `at`:
 * they count as active again, as the lapse will give them back.
 *
 * @example
 * ```ts
 * lapsedHoldsAt(state, new Date()); // 0 while every reservation is within its time
 * ```
 */
export function lapsedHoldsAt(state: LedgerState, at: Date): Points {
  let points = 0;
  for (const hold of state.holds.values()) {
    if (!isHoldLapsed(hold, at)) continue;
    for (const lot of hold.lots) if (canTakeBack(state, lot, at)) points += lot.points; // live now: live when it lapsed
  }
  return points;
}

/** True when a lot (its terms, and its state when the state still has it) can take points back at `at`. */
function canTakeBack(state: LedgerState, lot: HeldLot, at: Date): boolean {
  if (state.lotById.get(lot.lotId)?.expiredRecorded === true) return false;
  return lot.expiresAt === null || at.getTime() <= lot.expiresAt.getTime();
}

/** Give `points` back along `lots` (in that order, each up to what it gave): restored to live lots, forfeited for expired ones. */
function giveBack(state: LedgerState, lots: readonly HeldLot[], points: Points, at: Date, skip = 0): { restored: LotAllocation[]; forfeited: Points } {
  const restored: LotAllocation[] = [];
  let forfeited = 0;
  let toSkip = skip;
  let left = points;
  for (const lot of lots) {
    if (left <= 0) break;
    const skipped = Math.min(toSkip, lot.points);
    toSkip -= skipped;
    const take = Math.min(lot.points - skipped, left);
    if (take <= 0) continue;
    left -= take;
    if (canTakeBack(state, lot, at)) restored.push({ lotId: lot.lotId, points: take });
    else forfeited += take;
  }
  return { restored, forfeited };
}

function endOfHold(state: LedgerState, hold: PointsHold, action: 'release' | 'lapse', stamp: EntryStamp): PaymentEntry {
  const at = action === 'lapse' ? hold.expiresAt : stamp.at;
  const { restored, forfeited } = giveBack(state, hold.lots, hold.points, at);
  const points = restored.reduce((s, a) => s + a.points, 0);
  return { kind: 'payment', id: stamp.newId(), customerId: stamp.customerId, at, points, action, checkoutId: hold.checkoutId, burnId: hold.burnId, restored, forfeited };
}

/**
 * The lapse entries of every reservation past its last instant to commit at `stamp.at`: the
 * points go back to their lots as of the reservation's `expiresAt` (the entry's `at`).
 *
 * @example
 * ```ts
 * const lapses = planLapses(state, { customerId: 'c1', at: new Date(), newId });
 * ```
 */
export function planLapses(state: LedgerState, stamp: EntryStamp): PaymentEntry[] {
  const out: PaymentEntry[] = [];
  for (const hold of state.holds.values()) if (isHoldLapsed(hold, stamp.at)) out.push(endOfHold(state, hold, 'lapse', stamp));
  return out;
}

/**
 * The entry releasing an open reservation now (the checkout was abandoned).
 *
 * @example
 * ```ts
 * const e = planRelease(state, state.holds.get('chk-9')!, stamp);
 * ```
 */
export function planRelease(state: LedgerState, hold: PointsHold, stamp: EntryStamp): PaymentEntry {
  return endOfHold(state, hold, 'release', stamp);
}

/**
 * The entry committing an open reservation to the order it paid, with the order's lines (what
 * its returns are measured by).
 *
 * @example
 * ```ts
 * const e = planCommit(hold, 'o9', [{ lineId: 'l1', quantity: 1, amount: 4990 }], stamp);
 * ```
 */
export function planCommit(hold: PointsHold, orderId: string, lines: readonly PaidLine[], stamp: EntryStamp): PaymentEntry {
  return {
    kind: 'payment',
    id: stamp.newId(),
    customerId: stamp.customerId,
    at: stamp.at,
    points: 0,
    action: 'commit',
    checkoutId: hold.checkoutId,
    burnId: hold.burnId,
    orderId,
    paid: hold.points,
    lots: hold.lots,
    lines,
    restored: [],
    forfeited: 0,
  };
}

/**
 * The points a return gives back of an order paid with points: the paid points times the share
 * of the order's net amount returned so far (all returns together, rounded down, so the last
 * return of every unit gives back exactly what was paid), less what earlier returns gave. Given
 * back to the lots latest-expiring first; a lot expired by the return's time forfeits its share.
 * `undefined` when the order was not paid with points or the return holds none of its lines.
 *
 * @example
 * ```ts
 * const e = planRefund(state, 'o9', 'r1', [{ lineId: 'l1', quantity: 1 }], stamp);
 * e?.points; // 40
 * ```
 */
export function planRefund(
  state: LedgerState,
  orderId: string,
  returnId: string,
  returned: readonly { readonly lineId: string; readonly quantity: number }[],
  stamp: EntryStamp,
): PaymentEntry | undefined {
  const payment = state.payments.get(orderId);
  if (payment === undefined || payment.points <= 0) return undefined;
  const lines: PaidLine[] = [];
  for (const r of returned) {
    const line = payment.lines.find((l) => l.lineId === r.lineId);
    if (line === undefined) continue;
    const before = payment.returned.get(r.lineId) ?? 0;
    const units = Math.min(r.quantity, line.quantity - before);
    if (units > 0) lines.push({ lineId: r.lineId, quantity: units, amount: Math.round((line.amount * units) / line.quantity) });
  }
  if (lines.length === 0) return undefined;
  // written even when rounding leaves nothing due yet: the units it records count for the next return
  const due = Math.max(0, paidBackAfter(payment.points, payment.lines, payment.returned, lines) - payment.refunded);
  const { restored, forfeited } = giveBack(state, [...payment.lots].reverse(), due, stamp.at, payment.refunded);
  const points = restored.reduce((s, a) => s + a.points, 0);
  return {
    kind: 'payment',
    id: stamp.newId(),
    customerId: stamp.customerId,
    at: stamp.at,
    points,
    action: 'refund',
    checkoutId: payment.checkoutId,
    burnId: payment.burnId,
    orderId,
    returnId,
    lines,
    restored,
    forfeited,
  };
}

/**
 * ⌊paid × returned net amount ÷ order net amount⌋ with every unit returned so far plus `more`,
 * exactly: in integers, each unit of a line weighing amount ÷ quantity over the product of the
 * quantities. An order of no net amount is measured by its units.
 */
function paidBackAfter(paid: Points, lines: readonly PaidLine[], returnedBefore: ReadonlyMap<string, number>, more: readonly PaidLine[]): Points {
  const share = (weight: (l: PaidLine) => bigint): { total: bigint; back: bigint } => {
    let common = 1n;
    for (const l of lines) common *= BigInt(Math.max(1, l.quantity));
    let total = 0n;
    let back = 0n;
    for (const l of lines) {
      const perUnit = weight(l) * (common / BigInt(Math.max(1, l.quantity)));
      const units = (returnedBefore.get(l.lineId) ?? 0) + more.filter((m) => m.lineId === l.lineId).reduce((s, m) => s + m.quantity, 0);
      total += perUnit * BigInt(l.quantity);
      back += perUnit * BigInt(Math.min(units, l.quantity));
    }
    return { total, back };
  };
  let { total, back } = share((l) => BigInt(l.amount));
  if (total === 0n) ({ total, back } = share((l) => BigInt(l.quantity)));
  return total === 0n ? 0 : Number((BigInt(paid) * back) / total);
}
