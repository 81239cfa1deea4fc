/**
 * Points-ledger operations of the {@link Store} (filled in by the points issue).
 *
 * @example
 * ```ts
 * const ledger: LedgerStore = createMemoryStore();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LedgerStore {}
