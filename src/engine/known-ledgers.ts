/**
 * The customers an engine has seen with a ledger, at most `capacity` of them (the oldest
 * forgotten first). An operation on one of them reads the customer first; on any other it plans
 * from the guess that the customer is new, which saves the read when it is right. A hint only:
 * a wrong guess costs a refused append (which brings the state back), never a wrong write.
 *
 * @example
 * ```ts
 * const known = knownLedgers(10_000);
 * known.add('c1');
 * known.has('c1'); // true
 * ```
 */
export interface KnownLedgers {
  /** Whether `customerId` was seen with a ledger. */
  has(customerId: string): boolean;
  /** Remember that `customerId` has a ledger. */
  add(customerId: string): void;
  /** Forget `customerId` (its ledger was erased). */
  forget(customerId: string): void;
}

/**
 * A {@link KnownLedgers} of at most `capacity` ids (100,000 by default: a few MB).
 *
 * @example
 * ```ts
 * const known = knownLedgers();
 * ```
 */
export function knownLedgers(capacity = 100_000): KnownLedgers {
  const ids = new Set<string>();
  return {
    has: (customerId) => ids.has(customerId),
    add: (customerId) => {
      if (ids.has(customerId)) return;
      ids.add(customerId);
      if (ids.size > capacity) {
        const oldest = ids.values().next();
        if (oldest.done !== true) ids.delete(oldest.value);
      }
    },
    forget: (customerId) => {
      ids.delete(customerId);
    },
  };
}
