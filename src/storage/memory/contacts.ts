import type { ContactStore } from '../contact-store.js';

/**
 * The in-memory implementation of {@link ContactStore}.
 *
 * @example
 * ```ts
 * const part = createMemoryContactStore();
 * ```
 */
export function createMemoryContactStore(): ContactStore {
  return {};
}
