import type { BurnEntry, LedgerEntry } from '../rules/ledger/entry.js';
import type { LedgerProjection } from '../rules/ledger/projection.js';
import type { DomainEvent } from './event-store.js';

/**
 * What the engine plans one customer's operation from, read in one step (one round trip on
 * PostgreSQL): the stored projection of the ledger, the entries appended after it (the tail:
 * burns the balance guard granted), the ledger's version, and on request the idempotency key's
 * record and an order's record with its entries (what a return needs).
 *
 * @example
 * ```ts
 * const read = await store.ledger.readCustomer({ customerId: 'c1', idempotencyKey: 'order-o1' });
 * read.idempotency; // undefined: a new request
 * ```
 */
export interface LedgerRead {
  /** The customer (found through `orderId` when no `customerId` was given; `undefined` for an unknown order). */
  readonly customerId: string | undefined;
  /** Entries appended so far; the `expectedVersion` of the next append. */
  readonly version: number;
  /**
   * The token of the ledger's last write (every append and guarded burn replaces it; `null` for
   * a ledger not written since it had one, absent for a store without tokens): the
   * `expectedRevision` of the next append.
   */
  readonly revision?: string | null;
  /** The stored projection, or `undefined` (a new customer, or a ledger written before projections: the tail is then every entry). */
  readonly projection: LedgerProjection | undefined;
  /** Entries after the projection (`projection.n` … `version`), in append order. */
  readonly tail: readonly LedgerEntry[];
  /** The record of `idempotencyKey`, when it is stored. */
  readonly idempotency?: IdempotencyRecord;
  /** The record of `orderId`, when it is stored. */
  readonly order?: OrderRecord;
  /** The entries of `orderId` (its earn entry and reversals), in append order, when asked for. */
  readonly orderEntries?: readonly LedgerEntry[];
}

/**
 * What {@link LedgerStore.readCustomer} reads: a customer by id, or the customer of an order;
 * optionally an idempotency key's record and the order's entries.
 *
 * @example
 * ```ts
 * const q: LedgerReadQuery = { orderId: 'o1', idempotencyKey: 'return-r1' };
 * ```
 */
export interface LedgerReadQuery {
  /** The customer. */
  readonly customerId?: string;
  /** An order: its record and entries are read, and its customer when `customerId` is absent. */
  readonly orderId?: string;
  /** An idempotency key whose record to read. */
  readonly idempotencyKey?: string;
}

/**
 * The projection an append leaves, and the active balance it stands for with the interval in
 * which that balance holds (see `activeBalanceWindow`): the Store's balance guard grants burns
 * from these three numbers without reading the lots.
 *
 * @example
 * ```ts
 * const state: LedgerStateWrite = { projection: projectionOf(state), balance: activeBalanceWindow(state, now) };
 * ```
 */
export interface LedgerStateWrite {
  /** The customer's state after the append. */
  readonly projection: LedgerProjection;
  /** Active points and the instants (epoch ms) between which they stay active: `validFrom ≤ t < validUntil`. */
  readonly balance: { readonly active: number; readonly validFrom: number; readonly validUntil: number };
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
  /**
   * The revision the entries were planned from (`LedgerRead.revision`, `null` for none): when
   * given, the append applies only if it is still the ledger's, so an append without entries
   * (which leaves the version) is never overwritten unseen.
   */
  readonly expectedRevision?: string | null;
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
  /** The customer's projection after the entries (written in the same atomic step). */
  readonly state: LedgerStateWrite;
  /** Domain events the append reports, stored in the outbox in the same atomic step (only when it applies). */
  readonly events?: readonly DomainEvent[];
  /**
   * Coupon codes the append issues (the rules' `issue-coupon`), stored in the coupon codes in the
   * same atomic step; a key already stored refuses the append (`stale`: plan again with other codes).
   */
  readonly codes?: readonly IssuedCode[];
}

/**
 * A code an append issues for its customer (see {@link LedgerAppend.codes}).
 *
 * @example
 * ```ts
 * const code: IssuedCode = { promotionId: 'thanks-10', key: 'TH4NKS7KQ4M2', display: 'THANKS-7KQ4-M2', assignedTo: 'c1' };
 * ```
 */
export interface IssuedCode {
  /** The promotion the code unlocks. */
  readonly promotionId: string;
  /** The normalised key (unique across the store). */
  readonly key: string;
  /** The code as printed. */
  readonly display: string;
  /** Only this customer may use it. */
  readonly assignedTo: string;
}

/**
 * A burn the Store grants by its balance guard alone (see {@link LedgerStore.burnPoints}).
 *
 * @example
 * ```ts
 * const req: GuardedBurn = { customerId: 'c1', entry: { kind: 'burn', id: 'e9', customerId: 'c1', at: now, points: -7, reason: 'reward' },
 *   idempotencyKey: 'burn-1', requestHash: 'sha256…', result: { points: 7 }, maxTail: 256 };
 * ```
 */
export interface GuardedBurn {
  /** Whose ledger. */
  readonly customerId: string;
  /** The burn, without allocations (folding the ledger takes the lots); `-entry.points` is what the guard checks, at `entry.at`. */
  readonly entry: BurnEntry;
  /** The caller's idempotency key. */
  readonly idempotencyKey: string;
  /** A digest of the request's input. */
  readonly requestHash: string;
  /** The operation's JSON object result; the Store stores and returns it with `activeAfter` set to the active balance left. */
  readonly result: Readonly<Record<string, unknown>>;
  /** Refuse (`unguarded`) when more than this many entries already follow the projection. */
  readonly maxTail: number;
  /** Domain events of the burn, stored in the outbox in the same atomic step (only when it applies). */
  readonly events?: readonly DomainEvent[];
}

/**
 * What {@link LedgerStore.burnPoints} did. Only `applied` wrote anything.
 *
 * @example
 * ```ts
 * const r: GuardedBurnOutcome = await store.ledger.burnPoints(req);
 * if (r.status === 'unguarded') {
 *   // plan the burn from the lots and append it
 * }
 * ```
 */
export type GuardedBurnOutcome =
  | { readonly status: 'applied'; readonly version: number; readonly activeAfter: number; readonly result: Readonly<Record<string, unknown>> }
  | { readonly status: 'replayed'; readonly result: unknown }
  | { readonly status: 'insufficient'; readonly active: number }
  | { readonly status: 'unguarded' };

/**
 * One page of a customer's entries (see {@link LedgerStore.ledgerEntries}).
 *
 * @example
 * ```ts
 * const page: LedgerPage = await store.ledger.ledgerEntries('c1', { limit: 100 });
 * ```
 */
export interface LedgerPage {
  /** Entries in append order. */
  readonly entries: readonly LedgerEntry[];
  /** The `after` of the next page, or `undefined` at the end. */
  readonly next?: number;
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
  /** Points this append consumes (> 0), or gives back (< 0: a return; usage never goes below 0, and giving back is never refused). */
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
      /** The ledger's new revision (absent for a store without tokens). */
      readonly revision?: string;
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
      /** The customer's state as the store saw it (see `current` of `stale`), when it read it in the same step. */
      readonly current?: LedgerRead;
    }
  | {
      /** The ledger moved on since `expectedVersion`: nothing written; plan again from a fresh load. */
      readonly status: 'stale';
      /** The current version. */
      readonly version: number;
      /**
       * The customer's state (version, projection, tail; no key or order) read in the same step,
       * when the store can: the engine plans again from it without another read. A store that
       * leaves it out makes the engine call `readCustomer`.
       */
      readonly current?: LedgerRead;
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
 * const k = (await store.ledger.readCustomer({ customerId: 'c1', idempotencyKey: 'order-o1' })).idempotency; // { requestHash, result } | undefined
 * ```
 */
export interface IdempotencyRecord {
  /** Digest of the first request. */
  readonly requestHash: string;
  /** The stored result (a JSON value). */
  readonly result: unknown;
}

/**
 * The points-ledger port of the Store. Each operation is ONE atomic step: an adapter runs it
 * in one statement or one transaction; no operation is ever half-applied. The engine reads a
 * customer's state ({@link LedgerStore.readCustomer}: the projection, never the history),
 * plans with the pure ledger functions, then appends entries and the new projection guarded by
 * the version it read (compare-and-set), or has a burn granted by the balance guard.
 *
 * @example
 * ```ts
 * const { ledger } = createMemoryStore();
 * const read = await ledger.readCustomer({ customerId: 'c1' });
 * read.version; // 0
 * ```
 */
export interface LedgerStore {
  /**
   * One customer's current state, in one consistent read: version, projection, the entries
   * after the projection, and as asked the idempotency key's record and an order's record and
   * entries. Unknown customer → version 0, no projection, no tail.
   *
   * @example
   * ```ts
   * const read = await store.ledger.readCustomer({ orderId: 'o1', idempotencyKey: 'return-r1' });
   * ```
   */
  readCustomer(query: LedgerReadQuery): Promise<LedgerRead>;

  /**
   * Append entries atomically. In ONE atomic step, in this order:
   * 1. If `idempotencyKey` is stored: same `requestHash` → `replayed` with the stored result;
   *    different hash → throw `FidelisError('CONFLICT')`. Nothing written.
   * 2. If any of `claims` is stored → `claimed` (first taken claim in the given order) with the
   *    result stored by the append that took it. Nothing written.
   * 3. If the ledger's version ≠ `expectedVersion`, or `expectedRevision` is given and ≠ its
   *    revision → `stale` with the current version. Nothing written.
   * 4. If for some budget `used + points > limit` → `over-budget` with its key and usage
   *    (first in the given order). Nothing written.
   * 5. Otherwise: append `entries` in order (version += entries.length), store `state` as the
   *    customer's projection (standing for the new version), every claim and order record, add
   *    each budget's `points` to its usage, store the key with `requestHash` and `result`
   *    (linked to `customerId`), give the ledger a new revision, and return `applied`.
   * An append with no entries still takes its key and claims and writes `state` (version unchanged, still guarded).
   *
   * @example
   * ```ts
   * const r = await store.ledger.appendLedger({ customerId: 'c1', entries, expectedVersion: read.version,
   *   idempotencyKey: 'k1', requestHash: 'h1', claims: ['order:o1'], result: { points: 10 }, state });
   * ```
   */
  appendLedger(request: LedgerAppend): Promise<LedgerAppendOutcome>;

  /**
   * Grant a burn by the balance guard, atomically, without reading lots: if the key is stored →
   * `replayed` (or `CONFLICT` for another hash); if the stored balance interval does not hold
   * `entry.at` (`validFrom ≤ at < validUntil`), or more than `maxTail` entries follow the
   * projection, or the customer has no projection → `unguarded` (plan from the lots instead);
   * if the stored active balance is below `-entry.points` → `insufficient`; otherwise append the
   * entry, lower the stored active balance, give the ledger a new revision, store the key with
   * `result` + `activeAfter`, and return `applied`. Concurrent burns on one balance are decided by this guard, never retried:
   * PostgreSQL runs it as one `UPDATE … WHERE active >= $points …` statement.
   *
   * @example
   * ```ts
   * const r = await store.ledger.burnPoints({ customerId: 'c1', entry, idempotencyKey: 'b1', requestHash: 'h', result: {}, maxTail: 256 });
   * ```
   */
  burnPoints(request: GuardedBurn): Promise<GuardedBurnOutcome>;

  /**
   * A customer's entries in append order, a page at a time: `after` is the number of entries
   * to skip (0 by default), `limit` the page size (all by default).
   *
   * @example
   * ```ts
   * let page = await store.ledger.ledgerEntries('c1', { limit: 500 });
   * while (page.next !== undefined) page = await store.ledger.ledgerEntries('c1', { after: page.next, limit: 500 });
   * ```
   */
  ledgerEntries(customerId: string, page?: { readonly after?: number; readonly limit?: number }): Promise<LedgerPage>;

  /**
   * Current usage of shared budgets (0 for a key never used), for planning; the limit is
   * enforced atomically by {@link LedgerStore.appendLedger} (step 4).
   *
   * @example
   * ```ts
   * await store.ledger.budgetUsage(['rule:shop:launch-bonus']); // { 'rule:shop:launch-bonus': 99_950 }
   * ```
   */
  budgetUsage(keys: readonly string[]): Promise<Record<string, number>>;

  /**
   * Customer ids that have a ledger, sorted ascending (code-unit order), strictly after `after`,
   * at most `limit` of them: the batch jobs (activation, expiry, tiers) page through them.
   *
   * @example
   * ```ts
   * const first = await store.ledger.listLedgerCustomers(undefined, 500);
   * ```
   */
  listLedgerCustomers(after: string | undefined, limit: number): Promise<string[]>;

  /**
   * Every entry, of all customers, that moved points through `partnerId` (an earn or a burn with
   * `partner.partnerId`) with `from ≤ at < until`, ordered by `at` then entry id: what a
   * partner's settlement for the period sums up.
   *
   * @example
   * ```ts
   * await store.ledger.partnerEntries('airline', { from: new Date('2026-03-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00') });
   * ```
   */
  partnerEntries(partnerId: string, period: { readonly from: Date; readonly until: Date }): Promise<LedgerEntry[]>;

  /**
   * GDPR erasure, atomically: every entry of `customerId` is moved to `anonymousId` (same
   * points, dates, order and entry ids, so totals and the liability stay right; `customerId`
   * rewritten), its projection too, the order records of the customer point to `anonymousId`,
   * the results stored for the customer's idempotency keys and claims are replaced by
   * `{ "erased": true }` (keys and claims stay, so replays still do not re-apply). Returns how
   * many entries were moved (0 if none). Afterwards the customer reads as unknown. Idempotent.
   *
   * @example
   * ```ts
   * await store.ledger.eraseLedgerCustomer('c1', 'anon_x1');
   * ```
   */
  eraseLedgerCustomer(customerId: string, anonymousId: string): Promise<number>;
}
