import type { LedgerRead } from '../storage/ledger-store.js';

/**
 * What an engine remembers of the customers it has seen with a ledger, for at most `capacity`
 * customers (the oldest forgotten first): the state it last read or wrote (version, revision,
 * projection), or only that the customer has a ledger. An operation on a remembered state plans
 * from it and appends guarded by its version and revision (one store call when no other writer
 * came between); on a customer only known to have a ledger it reads first; on any other it plans
 * from the guess that the customer is new. A hint only: a stale state or a wrong guess costs a
 * refused append (which brings the current state back), never a wrong write.
 *
 * @example
 * ```ts
 * const known = knownLedgers(10_000);
 * known.remember({ customerId: 'c1', version: 3, revision: 'r7', projection, tail: [] });
 * known.get('c1'); // the read above
 * ```
 */
export interface KnownLedgers {
  /** The remembered state of `customerId`, `true` when only its ledger is known, `undefined` when unseen. */
  get(customerId: string): LedgerRead | true | undefined;
  /** Remember what a read or a write left (a state without a revision counts as "known" only). */
  remember(read: LedgerRead): void;
  /** Keep only that `customerId` has a ledger (its state moved on where this engine did not see it). */
  known(customerId: string): void;
  /** Forget `customerId` (its ledger was erased). */
  forget(customerId: string): void;
}

/** A state with more lots and activity records than this is not kept (only "known"): memory stays bounded. */
const MAX_KEPT_RECORDS = 500;

/**
 * A {@link KnownLedgers} of at most `capacity` customers (20,000 by default). A state is kept
 * only while it holds at most 500 lots, activity records and tail entries (a larger one counts
 * as "known"), so the whole stays within tens of MB.
 *
 * @example
 * ```ts
 * const known = knownLedgers();
 * ```
 */
export function knownLedgers(capacity = 20_000): KnownLedgers {
  const states = new Map<string, LedgerRead | true>();
  const put = (customerId: string, value: LedgerRead | true): void => {
    states.delete(customerId);
    states.set(customerId, value);
    if (states.size > capacity) {
      const oldest = states.keys().next();
      if (oldest.done !== true) states.delete(oldest.value);
    }
  };
  return {
    get: (customerId) => states.get(customerId),
    remember: (read) => {
      const id = read.customerId;
      if (id === undefined || (read.version === 0 && read.projection === undefined)) return;
      const p = read.projection;
      const large = p !== undefined && p.lots.length + p.activity.length + read.tail.length > MAX_KEPT_RECORDS;
      if (read.revision === undefined || read.revision === null || large) put(id, true);
      else put(id, { customerId: id, version: read.version, revision: read.revision, projection: read.projection, tail: read.tail });
    },
    known: (customerId) => put(customerId, true),
    forget: (customerId) => {
      states.delete(customerId);
    },
  };
}
