/**
 * Contact-history operations of the {@link Store} (filled in by the calendar issue).
 *
 * @example
 * ```ts
 * const contacts: ContactStore = createMemoryStore();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContactStore {}
