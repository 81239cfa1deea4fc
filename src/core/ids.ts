import { customAlphabet, nanoid } from 'nanoid';

/**
 * Produces unique ids. Injectable so tests can be deterministic; the default is nanoid
 * (21 URL-safe characters from a CSPRNG).
 *
 * @example
 * ```ts
 * let n = 0;
 * const sequential: IdGenerator = () => `id-${++n}`;
 * ```
 */
export type IdGenerator = () => string;

/**
 * The default id generator: nanoid, 21 characters, ~126 bits from `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * defaultIdGenerator().length; // 21
 * ```
 */
export const defaultIdGenerator: IdGenerator = () => nanoid();

/**
 * An id generator with a prefix and a custom length, still CSPRNG-backed.
 *
 * @example
 * ```ts
 * const ledgerId = prefixedIdGenerator('led_', 16);
 * ledgerId(); // 'led_V1StGXR8Z5jdHi6B'
 * ```
 */
export function prefixedIdGenerator(prefix: string, size = 21): IdGenerator {
  const gen = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', size);
  return () => `${prefix}${gen()}`;
}

/**
 * A deterministic id generator for tests and reproducible runs: `prefix` followed by a counter.
 *
 * @example
 * ```ts
 * const ids = sequentialIdGenerator('e');
 * ids(); // 'e1'
 * ids(); // 'e2'
 * ```
 */
export function sequentialIdGenerator(prefix = 'id'): IdGenerator {
  let n = 0;
  return () => `${prefix}${++n}`;
}
