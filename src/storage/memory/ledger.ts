import { FidelisError } from '../../core/errors.js';
import type { LedgerEntry } from '../../rules/ledger/entry.js';
import { orderIdOf } from '../../rules/ledger/entry.js';
import type { LedgerProjection } from '../../rules/ledger/projection.js';
import type {
  GuardedBurn,
  GuardedBurnOutcome,
  IdempotencyRecord,
  LedgerAppend,
  LedgerAppendOutcome,
  LedgerPage,
  LedgerRead,
  LedgerReadQuery,
  LedgerStateWrite,
  LedgerStore,
  OrderRecord,
} from '../ledger-store.js';
import { type MemoryCodeBook, createMemoryCodeBook } from './code-book.js';
import { type MemoryEventLog, createMemoryEventLog } from './events.js';

/** A stored result, shared by the key and the claims of one append (erasure rewrites it once). */
interface Holder {
  customerId: string;
  result: unknown;
}

/** One customer's ledger: entries, the projection (standing for `projection.n` entries) and the guarded balance. */
interface CustomerLedger {
  entries: LedgerEntry[];
  projection: LedgerProjection | undefined;
  balance: { active: number; validFrom: number; validUntil: number } | undefined;
  /** The token of the last write (unique in this store, so an erased and re-created ledger gets another). */
  revision: string | null;
}

function conflict(key: string): FidelisError {
  return new FidelisError('CONFLICT', `idempotencyKey: "${key}" was already used with a different request`, { idempotencyKey: key });
}

/**
 * The in-memory implementation of {@link LedgerStore}. Every operation runs its whole critical
 * section synchronously (no `await` inside), so it is atomic with respect to other calls. A
 * customer's projection is kept as the object the engine wrote (the engine copies it into a
 * fresh state when it reads), so reading a customer costs its open state, not its history.
 *
 * @example
 * ```ts
 * const ledger = createMemoryLedgerStore();
 * ```
 */
export function createMemoryLedgerStore(events: MemoryEventLog = createMemoryEventLog(), book: MemoryCodeBook = createMemoryCodeBook()): LedgerStore {
  const ledgers = new Map<string, CustomerLedger>();
  const keys = new Map<string, { requestHash: string; holder: Holder }>();
  const claims = new Map<string, Holder>();
  const holders: Holder[] = [];
  const orders = new Map<string, OrderRecord>();
  const budgets = new Map<string, number>();
  let writes = 0;
  const newRevision = (): string => `r${++writes}`;

  const keyRecord = (key: string | undefined): IdempotencyRecord | undefined => {
    const k = key === undefined ? undefined : keys.get(key);
    return k === undefined ? undefined : { requestHash: k.requestHash, result: k.holder.result };
  };
  const ledgerOf = (customerId: string): CustomerLedger => {
    let l = ledgers.get(customerId);
    if (l === undefined) {
      l = { entries: [], projection: undefined, balance: undefined, revision: null };
      ledgers.set(customerId, l);
    }
    return l;
  };
  /** The customer's version, projection and tail, as `readCustomer` reads them (and `stale` returns them). */
  const currentOf = (customerId: string | undefined): LedgerRead => {
    const l = customerId === undefined ? undefined : ledgers.get(customerId);
    const entries = l?.entries ?? [];
    return { customerId, version: entries.length, revision: l?.revision ?? null, projection: l?.projection, tail: entries.slice(l?.projection?.n ?? 0) };
  };
  const storeState = (l: CustomerLedger, state: LedgerStateWrite): void => {
    l.projection = state.projection;
    l.balance = { ...state.balance };
  };

  return {
    readCustomer: async (query: LedgerReadQuery): Promise<LedgerRead> => {
      const order = query.orderId === undefined ? undefined : orders.get(query.orderId);
      const customerId = query.customerId ?? order?.customerId;
      const entries = (customerId === undefined ? undefined : ledgers.get(customerId))?.entries ?? [];
      const idempotency = keyRecord(query.idempotencyKey);
      return {
        ...currentOf(customerId),
        ...(idempotency !== undefined ? { idempotency } : {}),
        ...(order !== undefined ? { order } : {}),
        ...(query.orderId !== undefined ? { orderEntries: entries.filter((e) => orderIdOf(e) === query.orderId) } : {}),
      };
    },

    appendLedger: async (req: LedgerAppend): Promise<LedgerAppendOutcome> => {
      if (req.idempotencyKey !== undefined) {
        if (req.requestHash === undefined) {
          throw new FidelisError('VALIDATION_FAILED', 'requestHash: required with an idempotency key', {
            issues: [{ path: 'requestHash', message: 'required with an idempotency key' }],
          });
        }
        const known = keys.get(req.idempotencyKey);
        if (known !== undefined) {
          if (known.requestHash !== req.requestHash) throw conflict(req.idempotencyKey);
          return { status: 'replayed', result: known.holder.result };
        }
      }
      for (const claim of req.claims ?? []) {
        const taken = claims.get(claim);
        if (taken !== undefined) return { status: 'claimed', claim, result: taken.result, current: currentOf(req.customerId) };
      }
      const stored = ledgers.get(req.customerId);
      const current = stored?.entries.length ?? 0;
      const revised = req.expectedRevision !== undefined && (stored?.revision ?? null) !== req.expectedRevision;
      if (current !== req.expectedVersion || revised) return { status: 'stale', version: current, current: currentOf(req.customerId) };
      for (const b of req.budgets ?? []) {
        const used = budgets.get(b.key) ?? 0;
        if (used + b.points > b.limit) return { status: 'over-budget', key: b.key, used };
      }
      // a code key taken meanwhile (vanishingly rare for drawn codes): plan again with other codes
      if (!book.free(req.codes)) return { status: 'stale', version: current, current: currentOf(req.customerId) };
      for (const b of req.budgets ?? []) budgets.set(b.key, Math.max(0, (budgets.get(b.key) ?? 0) + b.points));
      const holder: Holder = { customerId: req.customerId, result: req.result };
      holders.push(holder);
      if (req.idempotencyKey !== undefined && req.requestHash !== undefined) keys.set(req.idempotencyKey, { requestHash: req.requestHash, holder });
      for (const claim of req.claims ?? []) claims.set(claim, holder);
      for (const o of req.orders ?? []) orders.set(o.orderId, o);
      const l = ledgerOf(req.customerId);
      for (const e of req.entries) l.entries.push(e);
      storeState(l, req.state);
      l.revision = newRevision();
      book.take(req.codes, req.entries[0]?.at ?? new Date());
      events.write(req.events);
      return { status: 'applied', version: l.entries.length, revision: l.revision };
    },

    burnPoints: async (req: GuardedBurn): Promise<GuardedBurnOutcome> => {
      const known = keys.get(req.idempotencyKey);
      if (known !== undefined) {
        if (known.requestHash !== req.requestHash) throw conflict(req.idempotencyKey);
        return { status: 'replayed', result: known.holder.result };
      }
      const l = ledgers.get(req.customerId);
      const at = req.entry.at.getTime();
      const b = l?.balance;
      if (l === undefined || l.projection === undefined || b === undefined) return { status: 'unguarded' };
      if (at < b.validFrom || at >= b.validUntil || l.entries.length - l.projection.n > req.maxTail) return { status: 'unguarded' };
      const points = -req.entry.points;
      if (b.active < points) return { status: 'insufficient', active: b.active };
      b.active -= points;
      l.entries.push(req.entry);
      l.revision = newRevision();
      const result = { ...req.result, activeAfter: b.active };
      const holder: Holder = { customerId: req.customerId, result };
      holders.push(holder);
      keys.set(req.idempotencyKey, { requestHash: req.requestHash, holder });
      events.write(req.events);
      return { status: 'applied', version: l.entries.length, activeAfter: b.active, result };
    },

    ledgerEntries: async (customerId: string, page?: { readonly after?: number; readonly limit?: number }): Promise<LedgerPage> => {
      const entries = ledgers.get(customerId)?.entries ?? [];
      const from = Math.max(0, Math.floor(page?.after ?? 0));
      const to = page?.limit === undefined ? entries.length : Math.min(entries.length, from + Math.max(0, Math.floor(page.limit)));
      return { entries: entries.slice(from, to), ...(to < entries.length ? { next: to } : {}) };
    },

    budgetUsage: async (keys: readonly string[]): Promise<Record<string, number>> => Object.fromEntries(keys.map((k) => [k, budgets.get(k) ?? 0])),

    listLedgerCustomers: async (after: string | undefined, limit: number): Promise<string[]> => {
      const ids = [...ledgers.keys()].filter((id) => after === undefined || id > after).sort();
      return ids.slice(0, Math.max(0, limit));
    },

    partnerEntries: async (partnerId, { from, until }): Promise<LedgerEntry[]> => {
      const found: LedgerEntry[] = [];
      for (const l of ledgers.values()) {
        for (const e of l.entries) {
          const t = e.at.getTime();
          if ((e.kind === 'earn' || e.kind === 'burn') && e.partner?.partnerId === partnerId && t >= from.getTime() && t < until.getTime()) found.push(e);
        }
      }
      return found.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    eraseLedgerCustomer: async (customerId: string, anonymousId: string): Promise<number> => {
      if (customerId === anonymousId) return 0;
      const own = ledgers.get(customerId);
      ledgers.delete(customerId);
      // a manual adjustment's free-text reason may hold what an operator typed about the customer
      // and a bonus's reference (bonus:signup:<id>:…) names the customer
      const rename = (text: string): string => text.split(`:${customerId}:`).join(`:${anonymousId}:`);
      const moved = (own?.entries ?? []).map((e): LedgerEntry => {
        if (e.kind === 'adjust') return { ...e, customerId: anonymousId, reason: 'erased' };
        if (e.kind === 'earn' && e.source.type === 'bonus') return { ...e, customerId: anonymousId, source: { ...e.source, reference: rename(e.source.reference) } };
        return { ...e, customerId: anonymousId };
      });
      if (own !== undefined && moved.length > 0) {
        const anon = ledgerOf(anonymousId);
        // a fresh anonymous id has no ledger: the projection moves with the entries; a merge is refolded on its next read
        anon.projection = anon.entries.length === 0 ? own.projection : undefined;
        anon.balance = anon.entries.length === 0 ? own.balance : undefined;
        for (const e of moved) anon.entries.push(e);
        anon.revision = newRevision();
      }
      for (const [id, o] of orders) if (o.customerId === customerId) orders.set(id, { ...o, customerId: anonymousId });
      // claims that name the customer (bonus:signup:<id>:…) name the anonymous id instead
      for (const [claim, holder] of [...claims]) {
        if (holder.customerId !== customerId || !claim.includes(`:${customerId}:`)) continue;
        claims.delete(claim);
        claims.set(rename(claim), holder);
      }
      for (const h of holders) {
        if (h.customerId === customerId) {
          h.customerId = anonymousId;
          h.result = { erased: true };
        }
      }
      return moved.length;
    },
  };
}
