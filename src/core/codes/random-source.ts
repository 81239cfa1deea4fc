import { FidelisError } from '../errors.js';

/**
 * Where randomness comes from: a function that fills a byte array with random bytes (at most
 * 65,536 at a time), like `crypto.getRandomValues`. Injectable so tests can be deterministic;
 * the default, {@link cryptoRandomSource}, is the platform CSPRNG. Never `Math.random`.
 *
 * @example
 * ```ts
 * const fixed: RandomSource = (bytes) => bytes.fill(7); // tests only
 * ```
 */
export type RandomSource = (bytes: Uint8Array) => void;

/**
 * The platform CSPRNG (`crypto.getRandomValues`, Web Crypto, available in Node ≥ 20 and browsers).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(16);
 * cryptoRandomSource(bytes);
 * ```
 */
export const cryptoRandomSource: RandomSource = (bytes) => {
  globalThis.crypto.getRandomValues(bytes);
};

const POOL_SIZE = 65_536;

/**
 * Draws uniformly distributed indices in `[0, size)` from a {@link RandomSource} by rejection
 * sampling: each random byte is masked to the smallest power of two ≥ `size` and rejected when
 * the result is ≥ `size`, so every index has exactly the same probability (no modulo bias).
 * At most 256 outcomes; bytes are fetched 64 KiB at a time.
 *
 * @example
 * ```ts
 * const pick = new UniformIndexSampler(31);
 * const i = pick.next(); // 0 ≤ i < 31, each with probability 1/31
 * ```
 */
export class UniformIndexSampler {
  /** Number of equally likely outcomes. */
  readonly size: number;
  private readonly mask: number;
  private readonly random: RandomSource;
  private readonly pool = new Uint8Array(POOL_SIZE);
  private position = POOL_SIZE;

  constructor(size: number, random: RandomSource = cryptoRandomSource) {
    if (!Number.isInteger(size) || size < 2 || size > 256) {
      throw new FidelisError('VALIDATION_FAILED', `size: ${size} must be an integer from 2 to 256`, {
        issues: [{ path: 'size', message: `${size} must be an integer from 2 to 256` }],
      });
    }
    this.size = size;
    let mask = 1;
    while (mask < size - 1) mask = (mask << 1) | 1;
    this.mask = mask;
    this.random = random;
  }

  /** The next uniformly distributed index. */
  next(): number {
    for (;;) {
      if (this.position === POOL_SIZE) {
        this.random(this.pool);
        this.position = 0;
      }
      const value = (this.pool[this.position++] ?? 0) & this.mask;
      if (value < this.size) return value;
    }
  }
}
