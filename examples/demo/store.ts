import { createMemoryStore, type Store } from '../../src/index.js';

/** Open the store the demo runs on: `memory` (default) or `pglite:<dir>`. */
export async function openDemoStore(spec: string): Promise<Store> {
  if (spec === 'memory') return createMemoryStore();
  throw new Error(`--store: "${spec}" is not supported (use "memory")`);
}
