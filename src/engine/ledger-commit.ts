import { FidelisError } from '../core/errors.js';
import { type LedgerState, deriveLedger } from '../rules/ledger/state.js';
import type { LedgerEntry } from '../rules/ledger/entry.js';
import type { BudgetUse, LedgerSnapshot, OrderRecord } from '../storage/ledger-store.js';
import type { EngineContext } from './context.js';
import { requestHash } from './request-hash.js';

/**
 * What an operation wants to append, planned from a ledger snapshot by pure functions.
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
}

const MAX_ATTEMPTS = 1000;

function requireKey(key: string | undefined): void {
  if (key !== undefined && key.trim() === '') {
    throw new FidelisError('VALIDATION_FAILED', 'idempotencyKey: must not be empty', { issues: [{ path: 'idempotencyKey', message: 'must not be empty' }] });
  }
}

/**
 * Plan-and-append with compare-and-set: load the customer's ledger (and the usage of the
 * shared budgets named in `budgetKeys`), plan with pure functions, append guarded by the
 * snapshot's version; when another writer got there first (`stale`) or a budget filled up
 * meanwhile (`over-budget`), plan again from fresh data. A replayed key returns the first result; a reused key
 * with another request throws `CONFLICT`; a taken claim returns the result of the operation
 * that took it. `plan` may throw (bad input, insufficient points): nothing is written.
 * Returns `undefined` result only when `plan` returns `undefined` (nothing to do).
 *
 * @example
 * ```ts
 * const { result, status } = await commitToLedger(ctx, 'c1', { idempotencyKey: 'k1', request }, (snap, state) => ({
 *   entries: [planBurn(state, 50, 'reward', stamp)], result: { points: 50 },
 * }));
 * ```
 */
export async function commitToLedger<R>(
  ctx: EngineContext,
  customerId: string,
  options: CommitOptions,
  plan: (snapshot: LedgerSnapshot, state: LedgerState, budgetUsage: Readonly<Record<string, number>>) => LedgerPlan<R> | undefined,
): Promise<{ result: R; status: CommitStatus } | undefined> {
  requireKey(options.idempotencyKey);
  const key = options.idempotencyKey;
  const hash = key === undefined ? undefined : requestHash(options.request ?? null);
  if (key !== undefined && hash !== undefined) {
    const known = await ctx.store.findIdempotencyKey(key);
    if (known !== undefined) {
      if (known.requestHash !== hash) {
        throw new FidelisError('CONFLICT', `idempotencyKey: "${key}" was already used with a different request`, { idempotencyKey: key });
      }
      return { result: known.result as R, status: 'replayed' };
    }
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const keys = options.budgetKeys ?? [];
    const usage = keys.length > 0 ? await ctx.store.budgetUsage(keys) : {};
    const snapshot = await ctx.store.loadLedger(customerId);
    const planned = plan(snapshot, deriveLedger(snapshot.entries), usage);
    if (planned === undefined) return undefined;
    const outcome = await ctx.store.appendLedger({
      customerId,
      entries: planned.entries,
      expectedVersion: snapshot.version,
      ...(key !== undefined && hash !== undefined ? { idempotencyKey: key, requestHash: hash } : {}),
      ...(planned.claims !== undefined ? { claims: planned.claims } : {}),
      ...(planned.orders !== undefined ? { orders: planned.orders } : {}),
      ...(planned.budgets !== undefined && planned.budgets.length > 0 ? { budgets: planned.budgets } : {}),
      result: planned.result,
    });
    switch (outcome.status) {
      case 'applied':
        return { result: planned.result, status: 'applied' };
      case 'replayed':
        return { result: outcome.result as R, status: 'replayed' };
      case 'claimed':
        return { result: outcome.result as R, status: 'duplicate' };
      case 'stale':
      case 'over-budget':
        break;
    }
  }
  throw new FidelisError('STORE_FAILURE', `ledger of "${customerId}": too much contention (${MAX_ATTEMPTS} attempts)`, { customerId });
}
