import { FidelisError } from '../core/errors.js';
import type { LedgerEntry, PaymentEntry } from '../rules/ledger/entry.js';
import { planLapses } from '../rules/ledger/payment.js';
import { activeBalanceWindow, projectionOf, stateFromProjection } from '../rules/ledger/projection.js';
import { type LedgerState, applyEntry, deriveLedger, emptyLedgerState } from '../rules/ledger/state.js';
import { lookbackStart } from '../rules/lookback.js';
import type { BudgetUse, IssuedCode, LedgerAppendOutcome, LedgerRead, LedgerReadQuery, LedgerStateWrite, OrderRecord } from '../storage/ledger-store.js';
import type { DomainEvent } from '../storage/event-store.js';
import type { EngineContext } from './context.js';
import { ledgerEvents } from './events/ledger-events.js';
import { requestHash } from './request-hash.js';

/**
 * What an operation wants to append, planned from a customer's state by pure functions.
 *
 * @example
 * ```ts
 * const plan: LedgerPlan<{ points: number }> = { entries: [burn], result: { points: 50 } };
 * ```
 */
export interface LedgerPlan<R> {
  /** Entries to append (may be empty). */
  readonly entries: readonly LedgerEntry[];
  /** Unique business facts the append establishes (`order:o1`…). */
  readonly claims?: readonly string[];
  /** Order records to store. */
  readonly orders?: readonly OrderRecord[];
  /** The operation's JSON result, stored for replays. */
  readonly result: R;
  /** Shared budgets consumed (checked and counted atomically with the append). */
  readonly budgets?: readonly BudgetUse[];
  /** Events to write besides those of the entries (see `ledgerEvents`), in the same atomic append. */
  readonly events?: readonly DomainEvent[];
  /** Coupon codes the append issues (see `LedgerAppend.codes`). */
  readonly codes?: readonly IssuedCode[];
}

/**
 * How a mutating operation ended: `applied` (this call wrote), `replayed` (the idempotency key
 * was seen: the first result is returned), `duplicate` (the same business fact, e.g. the same
 * order id, was already recorded under another key: its result is returned).
 *
 * @example
 * ```ts
 * const s: CommitStatus = 'replayed';
 * ```
 */
export type CommitStatus = 'applied' | 'replayed' | 'duplicate';

/**
 * Options of {@link commitToLedger}.
 *
 * @example
 * ```ts
 * const o: CommitOptions = { idempotencyKey: 'k1', request: { op: 'redeemPoints', points: 50 } };
 * ```
 */
export interface CommitOptions {
  /** The caller's idempotency key (omit for jobs, which are idempotent by state). */
  readonly idempotencyKey?: string;
  /** The request the key stands for; its digest detects a reused key with other input. */
  readonly request?: unknown;
  /** Shared budgets whose current usage the plan needs (read before each attempt). */
  readonly budgetKeys?: readonly string[];
  /**
   * Give lapsed points reservations back before planning, in the same append (`true` by
   * default): an operation plans from the balance the customer has. Jobs that plan lapses
   * themselves pass `false`.
   */
  readonly settleLapses?: boolean;
}

/**
 * A customer's state as read for one operation: the store's read and the state folded from its
 * projection, its tail and (for a return) its order's entries.
 *
 * @example
 * ```ts
 * const { read, state } = await readLedgerState(ctx, { customerId: 'c1' });
 * ```
 */
export interface LedgerStateRead {
  /** What the store returned. */
  readonly read: LedgerRead;
  /** The customer's current state (a fresh object the caller may change). */
  readonly state: LedgerState;
}

const MAX_ATTEMPTS = 100;

/**
 * The state a read stands for: the projection (or nothing) plus the tail, plus the track of the
 * order read (a fresh object the caller may change).
 *
 * @example
 * ```ts
 * const state = stateOfRead(await ctx.store.ledger.readCustomer({ customerId: 'c1' }));
 * ```
 */
export function stateOfRead(read: LedgerRead): LedgerState {
  const state = read.projection === undefined ? emptyLedgerState() : stateFromProjection(read.projection);
  for (const e of read.tail) applyEntry(state, e);
  if (read.orderEntries !== undefined && read.order !== undefined) {
    const derived = deriveLedger(read.orderEntries);
    const track = derived.orders.get(read.order.orderId);
    if (track !== undefined) state.orders.set(read.order.orderId, track);
    const payment = derived.payments.get(read.order.orderId);
    if (payment !== undefined) state.payments.set(read.order.orderId, payment);
  }
  return state;
}

/**
 * Read one customer's state in one store read (projection + tail, never the history).
 *
 * @example
 * ```ts
 * const { state } = await readLedgerState(ctx, { customerId: 'c1' });
 * balanceAt(state, new Date()).active;
 * ```
 */
export async function readLedgerState(ctx: EngineContext, query: LedgerReadQuery): Promise<LedgerStateRead> {
  const read = await ctx.store.ledger.readCustomer(query);
  ctx.knownLedgers?.remember(read);
  return { read, state: stateOfRead(read) };
}

/**
 * The projection to store for a state at `now`: orders before the look-back of the look-back
 * of its newest order (under every program) are dropped; the balance guard's interval is
 * computed at `now`.
 *
 * @example
 * ```ts
 * const write = stateWrite(ctx, state, new Date());
 * ```
 */
export function stateWrite(ctx: EngineContext, state: LedgerState, now: Date): LedgerStateWrite {
  const newest = state.activity.reduce((t, a) => Math.max(t, a.at.getTime()), Number.NEGATIVE_INFINITY);
  const anchor = new Date(Math.min(now.getTime(), newest));
  let since: Date | undefined;
  if (Number.isFinite(anchor.getTime())) {
    since = anchor;
    for (const program of ctx.programs.values()) {
      const start = lookbackStart(program, lookbackStart(program, anchor));
      if (start.getTime() < since.getTime()) since = start;
    }
  }
  return { projection: projectionOf(state, since), balance: activeBalanceWindow(state, now) };
}

/**
 * Refuse an idempotency key that is not a non-empty string (`VALIDATION_FAILED` naming
 * `idempotencyKey`); `undefined` passes unless the key is `required`.
 *
 * @example
 * ```ts
 * requireKey(options.idempotencyKey);
 * ```
 */
export function requireKey(key: unknown, required = false): void {
  if (key === undefined && !required) return;
  if (typeof key !== 'string' || key.trim() === '') {
    throw new FidelisError('VALIDATION_FAILED', 'idempotencyKey: must be a non-empty string', {
      issues: [{ path: 'idempotencyKey', message: 'must be a non-empty string' }],
    });
  }
}

/**
 * Answer a stored idempotency key: the first result for the same request, `CONFLICT` for another.
 *
 * @example
 * ```ts
 * const replay = replayOf(read, 'k1', hash); // { result, status: 'replayed' } | undefined
 * ```
 */
export function replayOf<R>(read: LedgerRead, key: string | undefined, hash: string | undefined): { result: R; status: CommitStatus } | undefined {
  const known = read.idempotency;
  if (known === undefined || key === undefined) return undefined;
  if (known.requestHash !== hash) {
    throw new FidelisError('CONFLICT', `idempotencyKey: "${key}" was already used with a different request`, { idempotencyKey: key });
  }
  return { result: known.result as R, status: 'replayed' };
}

/**
 * A short random pause before planning again after another writer moved the ledger on.
 *
 * @example
 * ```ts
 * await contentionPause(3);
 * ```
 */
export async function contentionPause(attempt: number): Promise<void> {
  if (attempt < 2) return;
  const ceiling = Math.min(50, 2 ** Math.min(attempt, 6));
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * What {@link appendPlanned} leaves to its caller when nothing was written: plan again, from
 * `current` (the customer's state the store returned with the refusal) or, without it, from a
 * fresh read. `claimed` marks a taken claim the caller may distrust (it planned from a guess).
 *
 * @example
 * ```ts
 * const retry: PlanAgain = { again: true, current: undefined, claimed: undefined };
 * ```
 */
export interface PlanAgain {
  /** Always `true`. */
  readonly again: true;
  /** The customer's current state, when the store returned it. */
  readonly current: LedgerRead | undefined;
  /** The outcome of a taken claim, when that was the refusal. */
  readonly claimed: { readonly result: unknown } | undefined;
}

/**
 * Append what was planned from `read`, with the projection of the state after it, guarded by
 * the version read: the outcome as a result and status, or {@link PlanAgain} when another writer
 * (or a shared budget) moved on and the caller must plan again.
 *
 * @example
 * ```ts
 * const done = await appendPlanned(ctx, read, { entries: [burn], result }, 'k1', hash);
 * ```
 */
export async function appendPlanned<R>(
  ctx: EngineContext,
  read: LedgerRead,
  planned: LedgerPlan<R>,
  key: string | undefined,
  hash: string | undefined,
): Promise<{ result: R; status: CommitStatus } | PlanAgain> {
  const customerId = read.customerId;
  if (customerId === undefined) throw new Error('appendPlanned: the plan must reject an unknown customer');
  const after = stateOfRead(read);
  for (const e of planned.entries) applyEntry(after, e);
  const state = stateWrite(ctx, after, ctx.clock.now());
  const outcome: LedgerAppendOutcome = await ctx.store.ledger.appendLedger({
    customerId,
    entries: planned.entries,
    expectedVersion: read.version,
    ...(read.revision === undefined ? {} : { expectedRevision: read.revision }),
    ...(key !== undefined && hash !== undefined ? { idempotencyKey: key, requestHash: hash } : {}),
    ...(planned.claims !== undefined ? { claims: planned.claims } : {}),
    ...(planned.orders !== undefined ? { orders: planned.orders } : {}),
    ...(planned.budgets !== undefined && planned.budgets.length > 0 ? { budgets: planned.budgets } : {}),
    result: planned.result,
    state,
    events: [...ledgerEvents(planned.entries), ...(planned.events ?? [])],
    ...(planned.codes === undefined || planned.codes.length === 0 ? {} : { codes: planned.codes }),
  });
  switch (outcome.status) {
    case 'applied':
      ctx.knownLedgers?.remember({ customerId, version: outcome.version, revision: outcome.revision ?? null, projection: state.projection, tail: [] });
      return { result: planned.result, status: 'applied' };
    case 'replayed':
      return { result: outcome.result as R, status: 'replayed' };
    case 'claimed':
      return { again: true, current: outcome.current, claimed: { result: outcome.result } };
    case 'stale':
      return { again: true, current: outcome.current, claimed: undefined };
    case 'over-budget':
      return { again: true, current: undefined, claimed: undefined };
  }
}

/**
 * The lapse entries of the state's points reservations past their time at the clock's now,
 * applied to `state`: what an operation planning outside {@link commitToLedger} appends first.
 *
 * @example
 * ```ts
 * const lapsed = lapsesOf(ctx, state, 'c1'); // [] when no reservation lapsed
 * ```
 */
export function lapsesOf(ctx: EngineContext, state: LedgerState, customerId: string | undefined): PaymentEntry[] {
  if (state.holds.size === 0 || customerId === undefined) return [];
  const lapsed = planLapses(state, { customerId, at: ctx.clock.now(), newId: ctx.ids });
  for (const e of lapsed) applyEntry(state, e);
  return lapsed;
}

/** What a customer with no ledger reads: the guess an operation on one customer starts from. */
function newCustomerRead(customerId: string): LedgerRead {
  return { customerId, version: 0, revision: null, projection: undefined, tail: [] };
}

/** What to plan the first attempt from: a remembered state, the guess of a new customer, or nothing (read first). */
function firstGuess(ctx: EngineContext, customerId: string): LedgerRead | undefined {
  if (ctx.knownLedgers === undefined) return undefined;
  const hint = ctx.knownLedgers.get(customerId);
  return hint === undefined ? newCustomerRead(customerId) : hint === true ? undefined : hint;
}

/**
 * Plan-and-append with compare-and-set, guarded by the version and revision planned from. The
 * first attempt plans from what the engine holds (see `KnownLedgers`): the customer's state as
 * it last read or wrote it, or, for a customer it has never seen, the guess that the customer is
 * new; either way one store call when no other writer came between (the append also answers a
 * replayed key or a taken claim). When that state is stale, the store returns the current one
 * with the refusal (in the same statement on PostgreSQL) and the operation is planned again from
 * it. A customer known to have a ledger whose state the engine does not hold, and operations on
 * an order (`query.orderId`), read first (projection, tail, the key: a replay is answered by the
 * read). When another writer got there first (`stale`) or a budget filled up meanwhile
 * (`over-budget`), it plans again. A replayed key returns the first result; a reused key with
 * another request throws `CONFLICT`; a taken claim returns the result of the operation that
 * took it. A plan from a held state or a guess that throws or finds nothing to do is retried
 * from a real read, so errors always reflect the stored state; `plan` may throw (bad input,
 * insufficient points): nothing is written. Returns `undefined` only when `plan` returns
 * `undefined` (nothing to do). Points reservations past their time are given back before `plan`
 * runs (`settleLapses`): their lapse entries lead the append and `plan` gets them as `lapsed`.
 *
 * @example
 * ```ts
 * const done = await commitToLedger(ctx, { customerId: 'c1' }, { idempotencyKey: 'k1', request }, (state) => ({
 *   entries: [planBurn(state, 50, 'reward', stamp)], result: { points: 50 },
 * }));
 * ```
 */
export async function commitToLedger<R>(
  ctx: EngineContext,
  query: Omit<LedgerReadQuery, 'idempotencyKey'>,
  options: CommitOptions,
  plan: (state: LedgerState, budgetUsage: Readonly<Record<string, number>>, read: LedgerRead, lapsed: readonly PaymentEntry[]) => LedgerPlan<R> | undefined,
): Promise<{ result: R; status: CommitStatus } | undefined> {
  requireKey(options.idempotencyKey);
  const key = options.idempotencyKey;
  const hash = key === undefined ? undefined : requestHash(options.request ?? null);
  const budgetKeys = options.budgetKeys ?? [];
  const byCustomer = query.orderId === undefined && query.customerId !== undefined;
  let next: LedgerRead | undefined = byCustomer && query.customerId !== undefined ? firstGuess(ctx, query.customerId) : undefined;
  let guessed = next !== undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (next === undefined) {
      await contentionPause(attempt);
      next = await ctx.store.ledger.readCustomer(key === undefined ? query : { ...query, idempotencyKey: key });
      ctx.knownLedgers?.remember(next);
      guessed = false;
      const replay = replayOf<R>(next, key, hash);
      if (replay !== undefined) return replay;
    }
    const read = next;
    next = undefined;
    const usage = budgetKeys.length > 0 ? await ctx.store.ledger.budgetUsage(budgetKeys) : {};
    let planned: LedgerPlan<R> | undefined;
    try {
      const state = stateOfRead(read);
      const lapsed = options.settleLapses === false ? [] : lapsesOf(ctx, state, read.customerId);
      planned = plan(state, usage, read, lapsed);
      if (planned !== undefined && lapsed.length > 0) planned = { ...planned, entries: [...lapsed, ...planned.entries] };
    } catch (error) {
      if (guessed) continue; // the guess was wrong (or the input is): decide on the stored state
      throw error;
    }
    if (planned === undefined) {
      if (guessed) continue;
      return undefined;
    }
    const done = await appendPlanned(ctx, read, planned, key, hash);
    if (!('again' in done)) return done;
    if (done.current !== undefined) ctx.knownLedgers?.remember(done.current);
    if (done.claimed !== undefined) {
      // A claim refusing a plan made from a wrong guess says nothing: plan again from the state.
      const wrongGuess = guessed && (done.current === undefined || done.current.version !== read.version || done.current.revision !== read.revision);
      if (!wrongGuess) return { result: done.claimed.result as R, status: 'duplicate' };
    }
    if (byCustomer && done.current !== undefined) next = done.current;
    guessed = false;
  }
  throw new FidelisError('STORE_FAILURE', `ledger of "${query.customerId ?? query.orderId ?? ''}": too much contention (${MAX_ATTEMPTS} attempts)`, { ...query });
}
