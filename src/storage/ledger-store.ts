import type { LedgerEntry } from '../rules/ledger/entry.js';

/**
 * A customer's ledger as stored: its entries in append order and its version (the number of
 * entries appended so far; 0 for an unknown customer).
 *
 * @example
 * ```ts
 * const { entries, version } = await store.loadLedger('c1');
 * ```
 */
export interface LedgerSnapshot {
  /** The customer. */
  readonly customerId: string;
  /** Entries in append order (the order they were appended in, across calls). */
  readonly entries: readonly LedgerEntry[];
  /** Number of entries; the `expectedVersion` of the next append. */
  readonly version: number;
}

/**
 * The record of an order the engine evaluated: which customer, which program, which lot holds
 * its points. Stored with the append that earned it; a return finds its customer through it.
 *
 * @example
 * ```ts
 * const o: OrderRecord = { orderId: 'o1', customerId: 'c1', programId: 'shop', placedAt: new Date(), lotId: 'e1' };
 * ```
 */
export interface OrderRecord {
  /** The order id (unique in the store). */
  readonly orderId: string;
  /** Its customer. */
  readonly customerId: string;
  /** The program that evaluated it. */
  readonly programId: string;
  /** When it was placed. */
  readonly placedAt: Date;
  /** The ledger entry (lot) holding its points. */
  readonly lotId: string;
}

/**
 * One atomic append to a customer's ledger (see {@link LedgerStore.appendLedger}).
 *
 * @example
 * ```ts
 * const req: LedgerAppend = { customerId: 'c1', entries: [entry], expectedVersion: 3,
 *   idempotencyKey: 'order-o1', requestHash: 'sha256…', claims: ['order:o1'], result: { points: 120 } };
 * ```
 */
export interface LedgerAppend {
  /** Whose ledger. */
  readonly customerId: string;
  /** Entries to append, in order (may be empty: a zero-point order still takes its claim). */
  readonly entries: readonly LedgerEntry[];
  /** The version the entries were planned from; the append applies only if it is still current. */
  readonly expectedVersion: number;
  /** The caller's idempotency key (unique across the store, all customers). */
  readonly idempotencyKey?: string;
  /** A digest of the request's input; required with `idempotencyKey`. */
  readonly requestHash?: string;
  /** Unique business facts this append establishes (`order:o1`, `return:r1`, `bonus:signup:c1`). */
  readonly claims?: readonly string[];
  /** Order records to insert (their ids are also claimed by the caller as `order:<id>`). */
  readonly orders?: readonly OrderRecord[];
  /** The operation's result, a JSON value, returned verbatim to replays of the key or claims. */
  readonly result?: unknown;
  /** Shared budgets this append consumes (a rule's total budget over all customers). */
  readonly budgets?: readonly BudgetUse[];
}

/**
 * Points an append takes from a budget shared by all customers, and the budget's limit.
 *
 * @example
 * ```ts
 * const use: BudgetUse = { key: 'rule:shop:launch-bonus', points: 50, limit: 100_000 };
 * ```
 */
export interface BudgetUse {
  /** The budget (the engine uses `rule:<programId>:<ruleId>`). */
  readonly key: string;
  /** Points this append consumes (> 0). */
  readonly points: number;
  /** The budget's total; the append applies only if used + points ≤ limit. */
  readonly limit: number;
}

/**
 * What {@link LedgerStore.appendLedger} did. Only `applied` wrote anything.
 *
 * @example
 * ```ts
 * const outcome: LedgerAppendOutcome = await store.appendLedger(req);
 * if (outcome.status === 'stale') {
 *   // reload and plan again
 * }
 * ```
 */
export type LedgerAppendOutcome =
  | {
      /** Everything was written. */
      readonly status: 'applied';
      /** The ledger's new version. */
      readonly version: number;
    }
  | {
      /** The idempotency key was already used with the same request hash: nothing written. */
      readonly status: 'replayed';
      /** The `result` stored by the first append with this key. */
      readonly result: unknown;
    }
  | {
      /** A claim was already taken (e.g. the order was recorded under another key): nothing written. */
      readonly status: 'claimed';
      /** The first claim found taken. */
      readonly claim: string;
      /** The `result` stored by the append that took the claim. */
      readonly result: unknown;
    }
  | {
      /** The ledger moved on since `expectedVersion`: nothing written; plan again from a fresh load. */
      readonly status: 'stale';
      /** The current version. */
      readonly version: number;
    }
  | {
      /** A budget would be exceeded: nothing written; plan again with the current usage. */
      readonly status: 'over-budget';
      /** The first budget (in the given order) that does not fit. */
      readonly key: string;
      /** Its current usage. */
      readonly used: number;
    };

/**
 * A stored idempotency key: the digest of its first request and that request's result.
 *
 * @example
 * ```ts
 * const k = await store.findIdempotencyKey('order-o1'); // { requestHash, result } | undefined
 * ```
 */
export interface IdempotencyRecord {
  /** Digest of the first request. */
  readonly requestHash: string;
  /** The stored result (a JSON value). */
  readonly result: unknown;
}

/**
 * Points-ledger operations of the {@link Store}. Each is ONE atomic step: an adapter runs it in
 * one transaction (or one guarded statement); no operation is ever half-applied. The engine
 * plans entries with the pure ledger functions on a snapshot, then appends them guarded by the
 * snapshot's version (compare-and-set): the store decides, the engine never overwrites.
 *
 * @example
 * ```ts
 * const ledger: LedgerStore = createMemoryStore();
 * const snap = await ledger.loadLedger('c1');
 * await ledger.appendLedger({ customerId: 'c1', entries: [], expectedVersion: snap.version });
 * ```
 */
export interface LedgerStore {
  /**
   * The customer's entries in append order and the version. Unknown customer → no entries,
   * version 0. Reads a consistent snapshot (entries and version from the same instant).
   *
   * @example
   * ```ts
   * const snap = await store.loadLedger('c1');
   * ```
   */
  loadLedger(customerId: string): Promise<LedgerSnapshot>;

  /**
   * Append entries atomically. In ONE transaction, in this order:
   * 1. If `idempotencyKey` is stored: same `requestHash` → `replayed` with the stored result;
   *    different hash → throw `FidelisError('CONFLICT')`. Nothing written.
   * 2. If any of `claims` is stored → `claimed` (first taken claim in the given order) with the
   *    result stored by the append that took it. Nothing written.
   * 3. If the ledger's version ≠ `expectedVersion` → `stale` with the current version. Nothing written.
   * 4. If for some budget `used + points > limit` → `over-budget` with its key and usage
   *    (first in the given order). Nothing written.
   * 5. Otherwise: append `entries` in order (version += entries.length), store every claim and
   *    order record, add each budget's `points` to its usage (a budget never used counts 0),
   *    store the key with `requestHash` and `result` (linked to `customerId`), and return `applied`.
   * Concurrent appends on one customer serialise (PostgreSQL: unique key/claim constraints plus
   * a per-customer version row updated `WHERE version = expected`; a unique violation is
   * re-read and reported as 1 or 2, a serialization failure retried).
   * An append with no entries still takes its key and claims (version unchanged, still guarded).
   *
   * @example
   * ```ts
   * const r = await store.appendLedger({ customerId: 'c1', entries, expectedVersion: snap.version,
   *   idempotencyKey: 'k1', requestHash: 'h1', claims: ['order:o1'], result: { points: 10 } });
   * ```
   */
  appendLedger(request: LedgerAppend): Promise<LedgerAppendOutcome>;

  /**
   * The stored record of an idempotency key, or `undefined`. A read-only fast path; the
   * decision is always re-made atomically by {@link LedgerStore.appendLedger}.
   *
   * @example
   * ```ts
   * const rec = await store.findIdempotencyKey('return-r1');
   * ```
   */
  findIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined>;

  /**
   * Current usage of shared budgets (0 for a key never used), for planning; the limit is
   * enforced atomically by {@link LedgerStore.appendLedger} (step 4). PostgreSQL: a budgets table,
   * `INSERT … ON CONFLICT DO NOTHING` then `UPDATE … SET used = used + $p WHERE key = $k AND
   * used + $p <= $limit` inside the append's transaction.
   *
   * @example
   * ```ts
   * await store.budgetUsage(['rule:shop:launch-bonus']); // { 'rule:shop:launch-bonus': 99_950 }
   * ```
   */
  budgetUsage(keys: readonly string[]): Promise<Record<string, number>>;

  /**
   * The record of an order stored by the append that earned it, or `undefined`.
   *
   * @example
   * ```ts
   * const rec = await store.findOrder('o1');
   * ```
   */
  findOrder(orderId: string): Promise<OrderRecord | undefined>;

  /**
   * Customer ids that have a ledger, sorted ascending (code-unit order), strictly after `after`,
   * at most `limit` of them: the batch jobs (activation, expiry, tiers) page through them.
   *
   * @example
   * ```ts
   * const first = await store.listLedgerCustomers(undefined, 500);
   * const next = await store.listLedgerCustomers(first.at(-1), 500);
   * ```
   */
  listLedgerCustomers(after: string | undefined, limit: number): Promise<string[]>;

  /**
   * GDPR erasure, atomically: every entry of `customerId` is moved to `anonymousId` (same
   * points, dates, order and entry ids, so totals and the liability stay right; `customerId`
   * rewritten), the order records of the customer point to `anonymousId`, the results stored
   * for the customer's idempotency keys are replaced by `{ "erased": true }` (keys and claims
   * stay, so replays still do not re-apply). Returns how many entries were moved (0 if none).
   * Afterwards `loadLedger(customerId)` is empty. Idempotent.
   *
   * @example
   * ```ts
   * await store.eraseLedgerCustomer('c1', 'anon_x1');
   * ```
   */
  eraseLedgerCustomer(customerId: string, anonymousId: string): Promise<number>;
}
