/**
 * `fidelis/testing`: the Store conformance suite every adapter must pass (vitest), races included.
 *
 * @example
 * ```ts
 * // store.conformance.test.ts
 * import { describeStoreConformance } from 'fidelis/testing';
 * import { createMemoryStore } from 'fidelis';
 * describeStoreConformance('memory', async () => createMemoryStore());
 * ```
 *
 * @packageDocumentation
 */
export * from './conformance.js';
export * from './with-store.js';
