import type { Store } from '../storage/store.js';
import type { StoreFactory } from './conformance.js';

/**
 * Run `body` on a fresh store from `factory` and close the store afterwards, also on failure.
 *
 * @example
 * ```ts
 * await withStore(async () => createMemoryStore(), async (store) => {
 *   await store.listContacts('c1', {});
 * });
 * ```
 */
export async function withStore(factory: StoreFactory, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await factory();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}
