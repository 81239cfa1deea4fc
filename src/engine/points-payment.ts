import { FidelisError } from '../core/errors.js';
import { type Points, assertPoints } from '../core/points.js';
import { parseOrder } from '../core/schemas.js';
import { addDuration } from '../core/time.js';
import { balanceAt } from '../rules/ledger/balance.js';
import { planBurn } from '../rules/ledger/burn.js';
import type { BurnEntry, EntryStamp, PaymentEntry } from '../rules/ledger/entry.js';
import { paidLines } from '../rules/ledger/order-earn.js';
import { planCommit, planRelease } from '../rules/ledger/payment.js';
import { applyEntry } from '../rules/ledger/state.js';
import type { EngineContext } from './context.js';
import { type CommitStatus, commitToLedger } from './ledger-commit.js';
import { requireProgram } from './program-lookup.js';
import type { MoneyJson } from '../core/money.js';
import { pointsPaymentQuote, pointsValue } from '../rules/points-payment.js';
import type { Program } from '../rules/program.js';
import { requireCustomerId } from './customer-id.js';

/**
 * Points reserved as payment of a checkout ({@link reservePoints}).
 *
 * @example
 * ```ts
 * const r: PointsReservation = await engine.reservePoints('c1', 500, { checkoutId: 'chk-9', idempotencyKey: 'pay-chk-9' });
 * r.expiresAt; // commit before this instant
 * ```
 */
export interface PointsReservation {
  /** `applied`, or `replayed` for a repeated idempotency key. */
  readonly status: CommitStatus;
  /** The customer. */
  readonly customerId: string;
  /** The checkout the points pay. */
  readonly checkoutId: string;
  /** Points reserved. */
  readonly points: Points;
  /** The burn entry that holds them. */
  readonly entryId: string;
  /** Last instant to commit; after it the points come back. */
  readonly expiresAt: Date;
  /** Active balance right after (the reserved points are no longer in it). */
  readonly activeAfter: Points;
  /** What the points pay, at the program's `pointsPayment.valuePerPoint` (absent when the program sets none). */
  readonly value?: MoneyJson;
}

/**
 * What committing or releasing a points reservation did.
 *
 * @example
 * ```ts
 * const r: PointsReservationEnd = await engine.releasePoints('c1', 'chk-9', { idempotencyKey: 'cancel-chk-9' });
 * r.pointsBack; // 500
 * ```
 */
export interface PointsReservationEnd {
  /** `applied`, or `replayed` for a repeated idempotency key. */
  readonly status: CommitStatus;
  /** The customer. */
  readonly customerId: string;
  /** The checkout. */
  readonly checkoutId: string;
  /** The order the points paid (commit). */
  readonly orderId?: string;
  /** Points spent for good (commit) or reserved before the release. */
  readonly points: Points;
  /** Points given back (release; 0 on commit). */
  readonly pointsBack: Points;
  /** True when the reservation had lapsed before the release (its points were back already). */
  readonly lapsed: boolean;
  /** The entry written. */
  readonly entryId: string;
  /** Active balance right after. */
  readonly activeAfter: Points;
}

/**
 * Options of {@link reservePoints}.
 *
 * @example
 * ```ts
 * const o: ReservePointsOptions = { checkoutId: 'chk-9', idempotencyKey: 'pay-chk-9', ttl: 'PT30M' };
 * ```
 */
export interface ReservePointsOptions {
  /** The checkout paying with the points: one open reservation per checkout and customer. */
  readonly checkoutId: string;
  /** Required: a repeat with the same key returns the first result and reserves nothing. */
  readonly idempotencyKey: string;
  /** How long the reservation can be committed (ISO 8601 duration, default `PT15M`). */
  readonly ttl?: string;
  /** Program whose zone measures `ttl` and whose `pointsPayment` terms apply; the default program otherwise. */
  readonly programId?: string;
  /**
   * The order total the points pay toward (decimal string in the program currency): when given,
   * the program's `pointsPayment` limits apply (minimum points, minimum and maximum share of the
   * total; see `pointsPaymentQuote`), and a reservation outside them is refused.
   */
  readonly orderTotal?: string;
}

function requireCheckoutId(checkoutId: unknown): asserts checkoutId is string {
  if (typeof checkoutId !== 'string' || checkoutId.trim() === '') {
    throw new FidelisError('VALIDATION_FAILED', 'checkoutId: must be a non-empty string', { issues: [{ path: 'checkoutId', message: 'must be a non-empty string' }] });
  }
}

/** Refuse a reservation outside the program's points-payment terms for the order total (insufficient balance is left to the burn). */
function requireWithinTerms(program: Program, orderTotal: string, points: Points, active: Points): void {
  const quote = pointsPaymentQuote(program, orderTotal, Math.max(active, points));
  const refuse = (message: string): never => {
    throw new FidelisError('VALIDATION_FAILED', `points: ${message}`, { issues: [{ path: 'points', message }], quote });
  };
  if (!quote.available) refuse(quote.reason ?? 'points cannot pay this order');
  if (points < quote.minPoints) refuse(`${points} is below the minimum of ${quote.minPoints} points for an order of ${orderTotal}`);
  if (points > quote.maxPoints) refuse(`${points} is above the maximum of ${quote.maxPoints} points for an order of ${orderTotal}`);
}

function noReservation(checkoutId: string): FidelisError {
  return new FidelisError('NOT_FOUND', `checkoutId: no open points reservation for checkout "${checkoutId}"`, { checkoutId });
}

function stampOf(ctx: EngineContext, customerId: string): EntryStamp {
  return { customerId, at: ctx.clock.now(), newId: ctx.ids };
}

/**
 * Reserve points as payment of a checkout: they leave the active balance at once (so two
 * checkouts cannot spend them twice) and come back unless {@link commitPoints} confirms the order
 * within `ttl`; {@link releasePoints} gives them back at once. Throws `INSUFFICIENT_POINTS` when
 * the active balance is short, `CONFLICT` when the checkout already holds a reservation,
 * `VALIDATION_FAILED` / `INVALID_DURATION` for bad input; nothing is written then.
 *
 * @example
 * ```ts
 * await reservePoints(ctx, 'c1', 500, { checkoutId: 'chk-9', idempotencyKey: 'pay-chk-9' });
 * ```
 */
export async function reservePoints(ctx: EngineContext, customerId: string, points: Points, options: ReservePointsOptions): Promise<PointsReservation> {
  requireCustomerId(customerId);
  requireCheckoutId(options.checkoutId);
  assertPoints(points, 'points');
  if (points <= 0) throw new FidelisError('VALIDATION_FAILED', `points: ${points} must be positive`, { issues: [{ path: 'points', message: 'must be positive' }] });
  const program = requireProgram(ctx, options.programId);
  const ttl = options.ttl ?? 'PT15M';
  const checkoutId = options.checkoutId;
  addDuration(ctx.clock.now(), ttl, program.timeZone); // a bad duration fails here, before anything is read
  const request = { op: 'reservePoints', customerId, points, checkoutId, ttl };
  const done = await commitToLedger<Omit<PointsReservation, 'status'>>(ctx, { customerId }, { idempotencyKey: options.idempotencyKey, request }, (state) => {
    const held = state.holds.get(checkoutId);
    if (held !== undefined) {
      throw new FidelisError('CONFLICT', `checkoutId: checkout "${checkoutId}" already holds ${held.points} points (entry ${held.burnId}); release or commit it first`, { checkoutId, entryId: held.burnId });
    }
    const stamp = stampOf(ctx, customerId);
    if (options.orderTotal !== undefined) requireWithinTerms(program, options.orderTotal, points, balanceAt(state, stamp.at).active);
    const expiresAt = addDuration(stamp.at, ttl, program.timeZone);
    const burn: BurnEntry = { ...planBurn(state, points, `points payment of checkout ${checkoutId}`, stamp), hold: { checkoutId, expiresAt } };
    applyEntry(state, burn);
    const value = program.pointsPayment === undefined ? {} : { value: pointsValue(program, points).toJSON() };
    return { entries: [burn], result: { customerId, checkoutId, points, entryId: burn.id, expiresAt, activeAfter: balanceAt(state, stamp.at).active, ...value } };
  });
  if (done === undefined) throw new Error('unreachable: a reservation always plans');
  return { ...done.result, status: done.status };
}

/**
 * Commit a points reservation to the order it paid: the points are spent for good, and returns
 * of the order give back their share ({@link PointsOperations.recordReturn}: the paid points
 * times the returned share of the order's net amount). `order` is the order as `recordOrder`
 * takes it (its lines measure the refunds). Throws `RESERVATION_EXPIRED` when the reservation
 * lapsed (its points are back; reserve again), `NOT_FOUND` when the checkout holds none,
 * `CONFLICT` when the order was already paid by another checkout; nothing is written then.
 *
 * @example
 * ```ts
 * await commitPoints(ctx, 'c1', 'chk-9', { order: rawOrder, idempotencyKey: 'paid-o9' });
 * ```
 */
export async function commitPoints(
  ctx: EngineContext,
  customerId: string,
  checkoutId: string,
  options: { readonly order: unknown; readonly idempotencyKey: string },
): Promise<PointsReservationEnd> {
  requireCustomerId(customerId);
  requireCheckoutId(checkoutId);
  const order = parseOrder(options.order);
  if (order.customerId !== customerId) {
    throw new FidelisError('VALIDATION_FAILED', `order.customerId: "${order.customerId}" is not the customer of the reservation ("${customerId}")`, {
      issues: [{ path: 'order.customerId', message: 'must be the customer of the reservation' }],
    });
  }
  const lines = paidLines(order);
  const request = { op: 'commitPoints', customerId, checkoutId, orderId: order.id, lines };
  const done = await commitToLedger<Omit<PointsReservationEnd, 'status'>>(ctx, { customerId }, { idempotencyKey: options.idempotencyKey, request }, (state, _used, _read, lapsed) => {
    if (lapsed.some((e) => e.checkoutId === checkoutId)) {
      throw new FidelisError('RESERVATION_EXPIRED', `checkoutId: the points reservation of checkout "${checkoutId}" lapsed before it was committed; its points are back`, { checkoutId });
    }
    const hold = state.holds.get(checkoutId);
    if (hold === undefined) throw noReservation(checkoutId);
    const entry = planCommit(hold, order.id, lines, stampOf(ctx, customerId));
    applyEntry(state, entry);
    return {
      entries: [entry],
      claims: [`points-paid:${order.id}`],
      result: { customerId, checkoutId, orderId: order.id, points: hold.points, pointsBack: 0, lapsed: false, entryId: entry.id, activeAfter: balanceAt(state, entry.at).active },
    };
  });
  if (done === undefined) throw new Error('unreachable: a commit always plans');
  if (done.status === 'duplicate') {
    throw new FidelisError('CONFLICT', `order.id: order "${order.id}" was already paid with points by another checkout`, { orderId: order.id, checkoutId });
  }
  return { ...done.result, status: done.status };
}

/**
 * Release a points reservation (the checkout was abandoned or paid otherwise): its points go back
 * to the lots they came from, keeping their expiry (points of a lot that expired meanwhile are
 * forfeited). Releasing a reservation that already lapsed succeeds with `lapsed: true`. Throws
 * `NOT_FOUND` when the checkout holds none (never reserved, committed or released already).
 *
 * @example
 * ```ts
 * await releasePoints(ctx, 'c1', 'chk-9', { idempotencyKey: 'cancel-chk-9' });
 * ```
 */
export async function releasePoints(ctx: EngineContext, customerId: string, checkoutId: string, options: { readonly idempotencyKey: string }): Promise<PointsReservationEnd> {
  requireCustomerId(customerId);
  requireCheckoutId(checkoutId);
  const request = { op: 'releasePoints', customerId, checkoutId };
  const done = await commitToLedger<Omit<PointsReservationEnd, 'status'>>(ctx, { customerId }, { idempotencyKey: options.idempotencyKey, request }, (state, _used, _read, lapsed) => {
    const gone = lapsed.find((e) => e.checkoutId === checkoutId);
    const hold = state.holds.get(checkoutId);
    if (gone === undefined && hold === undefined) throw noReservation(checkoutId);
    const entries: PaymentEntry[] = [];
    let entry: PaymentEntry;
    if (hold !== undefined) {
      entry = planRelease(state, hold, stampOf(ctx, customerId));
      applyEntry(state, entry);
      entries.push(entry);
    } else {
      entry = gone as PaymentEntry;
    }
    const points = hold?.points ?? entry.points + entry.forfeited;
    return {
      entries,
      result: { customerId, checkoutId, points, pointsBack: entry.points, lapsed: hold === undefined, entryId: entry.id, activeAfter: balanceAt(state, ctx.clock.now()).active },
    };
  });
  if (done === undefined) throw new Error('unreachable: a release always plans');
  return { ...done.result, status: done.status };
}
