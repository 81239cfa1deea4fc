import { FidelisError } from '../../core/errors.js';
import type { LedgerEntry } from '../../rules/ledger/entry.js';
import type { IdempotencyRecord, LedgerAppend, LedgerAppendOutcome, LedgerSnapshot, LedgerStore, OrderRecord } from '../ledger-store.js';

/** A stored result, shared by the key and the claims of one append (erasure rewrites it once). */
interface Holder {
  customerId: string;
  result: unknown;
}

/**
 * The in-memory implementation of {@link LedgerStore}. Every operation runs its whole critical
 * section synchronously (no `await` inside), so it is atomic with respect to other calls.
 *
 * @example
 * ```ts
 * const part = createMemoryLedgerStore();
 * ```
 */
export function createMemoryLedgerStore(): LedgerStore {
  const ledgers = new Map<string, LedgerEntry[]>();
  const keys = new Map<string, { requestHash: string; holder: Holder }>();
  const claims = new Map<string, Holder>();
  const holders: Holder[] = [];
  const orders = new Map<string, OrderRecord>();
  const budgets = new Map<string, number>();

  return {
    loadLedger: async (customerId: string): Promise<LedgerSnapshot> => {
      const entries = ledgers.get(customerId) ?? [];
      return { customerId, entries: entries.slice(), version: entries.length };
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
          if (known.requestHash !== req.requestHash) {
            throw new FidelisError('CONFLICT', `idempotencyKey: "${req.idempotencyKey}" was already used with a different request`, {
              idempotencyKey: req.idempotencyKey,
            });
          }
          return { status: 'replayed', result: known.holder.result };
        }
      }
      for (const claim of req.claims ?? []) {
        const taken = claims.get(claim);
        if (taken !== undefined) return { status: 'claimed', claim, result: taken.result };
      }
      const current = ledgers.get(req.customerId) ?? [];
      if (current.length !== req.expectedVersion) return { status: 'stale', version: current.length };
      for (const b of req.budgets ?? []) {
        const used = budgets.get(b.key) ?? 0;
        if (used + b.points > b.limit) return { status: 'over-budget', key: b.key, used };
      }
      for (const b of req.budgets ?? []) budgets.set(b.key, (budgets.get(b.key) ?? 0) + b.points);
      const holder: Holder = { customerId: req.customerId, result: req.result };
      holders.push(holder);
      if (req.idempotencyKey !== undefined && req.requestHash !== undefined) {
        keys.set(req.idempotencyKey, { requestHash: req.requestHash, holder });
      }
      for (const claim of req.claims ?? []) claims.set(claim, holder);
      for (const o of req.orders ?? []) orders.set(o.orderId, o);
      if (req.entries.length > 0 || !ledgers.has(req.customerId)) ledgers.set(req.customerId, current.concat(req.entries));
      return { status: 'applied', version: current.length + req.entries.length };
    },

    findIdempotencyKey: async (key: string): Promise<IdempotencyRecord | undefined> => {
      const k = keys.get(key);
      return k === undefined ? undefined : { requestHash: k.requestHash, result: k.holder.result };
    },

    budgetUsage: async (keys: readonly string[]): Promise<Record<string, number>> => Object.fromEntries(keys.map((k) => [k, budgets.get(k) ?? 0])),

    findOrder: async (orderId: string): Promise<OrderRecord | undefined> => orders.get(orderId),

    listLedgerCustomers: async (after: string | undefined, limit: number): Promise<string[]> => {
      const ids = [...ledgers.keys()].filter((id) => after === undefined || id > after).sort();
      return ids.slice(0, Math.max(0, limit));
    },

    eraseLedgerCustomer: async (customerId: string, anonymousId: string): Promise<number> => {
      const entries = ledgers.get(customerId);
      ledgers.delete(customerId);
      const moved = (entries ?? []).map((e) => ({ ...e, customerId: anonymousId }));
      if (moved.length > 0) ledgers.set(anonymousId, (ledgers.get(anonymousId) ?? []).concat(moved));
      for (const [id, o] of orders) if (o.customerId === customerId) orders.set(id, { ...o, customerId: anonymousId });
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
