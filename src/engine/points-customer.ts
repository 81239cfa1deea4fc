import { type PointsBalance, balanceAt, balanceOfProjection } from '../rules/ledger/balance.js';
import type { LedgerEntry } from '../rules/ledger/entry.js';
import { deriveLedger } from '../rules/ledger/state.js';
import { FidelisError } from '../core/errors.js';
import type { LedgerPage } from '../storage/ledger-store.js';
import type { EngineContext } from './context.js';
import { readLedgerState, stateOfRead } from './ledger-commit.js';

/**
 * The largest page {@link customerHistoryPage} returns (and the page size it reads the whole
 * history with).
 *
 * @example
 * ```ts
 * await engine.historyPage('c1', { limit: MAX_HISTORY_PAGE });
 * ```
 */
export const MAX_HISTORY_PAGE = 1000;

/**
 * Everything the points side of fidelis holds about one customer, for a GDPR access request.
 *
 * @example
 * ```ts
 * const data: CustomerPointsData = await engine.exportCustomerData('c1');
 * JSON.stringify(data);
 * ```
 */
export interface CustomerPointsData {
  /** The customer. */
  readonly customerId: string;
  /** When the export was made. */
  readonly exportedAt: string;
  /** The balance at export time. */
  readonly balance: PointsBalance;
  /** Every ledger entry, in order. */
  readonly entries: readonly LedgerEntry[];
  /** Ids of the orders that earned points. */
  readonly orderIds: readonly string[];
}

/**
 * What {@link eraseCustomerPoints} did.
 *
 * @example
 * ```ts
 * const r: ErasureResult = await engine.eraseCustomer('c1');
 * ```
 */
export interface ErasureResult {
  /** The customer erased. */
  readonly customerId: string;
  /** The random id the anonymised ledger now lives under (no link back to the customer). */
  readonly anonymousId: string;
  /** Ledger entries moved. */
  readonly entriesAnonymised: number;
}

/**
 * The customer's balance at `at` (now by default): active, pending, debt, next expiry,
 * lifetime totals, tier.
 *
 * @example
 * ```ts
 * const b = await customerBalance(ctx, 'c1');
 * ```
 */
export async function customerBalance(ctx: EngineContext, customerId: string, at?: Date): Promise<PointsBalance> {
  const now = at ?? ctx.clock.now();
  const read = await ctx.store.ledger.readCustomer({ customerId });
  ctx.knownLedgers?.remember(read);
  // straight from the projection when it stands for every entry: no state is built
  const quick = read.projection !== undefined && read.tail.length === 0 ? balanceOfProjection(read.projection, now) : undefined;
  return quick ?? balanceAt(stateOfRead(read), now);
}

/**
 * The customer's ledger entries, oldest first.
 *
 * @example
 * ```ts
 * for (const e of await customerHistory(ctx, 'c1')) console.log(e.kind, e.points);
 * ```
 */
export async function customerHistory(ctx: EngineContext, customerId: string): Promise<readonly LedgerEntry[]> {
  return allEntries(ctx, customerId);
}

/**
 * Where a page of a customer's history starts and how long it is: `after` is the `next` of the
 * previous page (0, the start, by default), `limit` an integer 1…{@link MAX_HISTORY_PAGE}
 * (100 by default).
 *
 * @example
 * ```ts
 * const page: HistoryPageQuery = { after: 50, limit: 50 };
 * ```
 */
export interface HistoryPageQuery {
  /** Continue after this many entries: the `next` of the previous page. */
  readonly after?: number;
  /** The page size, 1…1,000 (100 by default). */
  readonly limit?: number;
}

function pageField(value: number | undefined, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const message = `must be an integer from ${min} to ${max}`;
    throw new FidelisError('VALIDATION_FAILED', `${field}: ${message} (got ${String(value)})`, { issues: [{ path: field, message }] });
  }
  return value;
}

/**
 * One page of the customer's ledger entries, oldest first, read from the store a page at a time
 * (never the whole history): `next` is there only when more entries follow, and is the `after` of
 * the next page. A bad `after` or `limit` is `VALIDATION_FAILED` naming it.
 *
 * @example
 * ```ts
 * let page = await customerHistoryPage(ctx, 'c1', { limit: 50 });
 * while (page.next !== undefined) page = await customerHistoryPage(ctx, 'c1', { after: page.next, limit: 50 });
 * ```
 */
export async function customerHistoryPage(ctx: EngineContext, customerId: string, query: HistoryPageQuery = {}): Promise<LedgerPage> {
  const after = pageField(query.after, 'after', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = pageField(query.limit, 'limit', 1, MAX_HISTORY_PAGE, 100);
  return ctx.store.ledger.ledgerEntries(customerId, { after, limit });
}

/**
 * Every entry of a customer, oldest first, read a page at a time (the history and exports read
 * entries; operations never do).
 *
 * @example
 * ```ts
 * const entries = await allEntries(ctx, 'c1');
 * ```
 */
export async function allEntries(ctx: EngineContext, customerId: string): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  let after: number | undefined = 0;
  while (after !== undefined) {
    const page = await ctx.store.ledger.ledgerEntries(customerId, { after, limit: MAX_HISTORY_PAGE });
    for (const e of page.entries) out.push(e);
    after = page.next;
  }
  return out;
}

/**
 * Export the customer's points data (GDPR access).
 *
 * @example
 * ```ts
 * const data = await exportCustomerPoints(ctx, 'c1');
 * ```
 */
export async function exportCustomerPoints(ctx: EngineContext, customerId: string): Promise<CustomerPointsData> {
  const now = ctx.clock.now();
  const entries = await allEntries(ctx, customerId);
  const state = deriveLedger(entries);
  return { customerId, exportedAt: now.toISOString(), balance: balanceAt(state, now), entries, orderIds: [...state.orders.keys()] };
}

/**
 * GDPR erasure of the points side: the ledger moves, atomically, under a fresh random id
 * (`anon_…`), so totals, lifetime counters and the liability report stay right while nothing
 * links them to the person; stored results of the customer's operations are scrubbed.
 *
 * @example
 * ```ts
 * await eraseCustomerPoints(ctx, 'c1');
 * ```
 */
export async function eraseCustomerPoints(ctx: EngineContext, customerId: string): Promise<ErasureResult> {
  const anonymousId = `anon_${ctx.ids()}`;
  const entriesAnonymised = await ctx.store.ledger.eraseLedgerCustomer(customerId, anonymousId);
  ctx.knownLedgers?.forget(customerId);
  return { customerId, anonymousId, entriesAnonymised };
}
