// A seeded pseudo-random generator and the few distributions the simulations draw from.
//
// xoshiro128** (Blackman & Vigna) on 32-bit integers (fast with Math.imul, good statistical
// quality, tiny state), seeded through splitmix32 so that nearby seeds give unrelated streams.
// Not for anything a customer can see (codes, tokens): use the core's CSPRNG for those.

/**
 * A seeded source of random numbers with the draws the customer-base simulations need.
 *
 * @example
 * ```ts
 * import { createSeededRandom } from 'fidelis';
 * const rng = createSeededRandom(42);
 * rng.uniform(); // same number on every run with seed 42
 * ```
 */
export interface SeededRandom {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Gamma with the given shape and rate (mean shape/rate). */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b), from two gamma draws. */
  beta(a: number, b: number): number;
  /** Standard normal (Marsaglia's polar method). */
  normal(): number;
}

/**
 * Create a {@link SeededRandom} (xoshiro128**) from an integer seed.
 *
 * @example
 * ```ts
 * import { createSeededRandom } from 'fidelis';
 * const a = createSeededRandom(7).gamma(2, 0.5);
 * const b = createSeededRandom(7).gamma(2, 0.5); // a === b
 * ```
 */
export function createSeededRandom(seed: number): SeededRandom {
  let sm = seed >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let x = sm;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const uniform = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  let spareNormal: number | undefined;
  const normal = (): number => {
    if (spareNormal !== undefined) {
      const v = spareNormal;
      spareNormal = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spareNormal = v * f;
        return u * f;
      }
    }
  };
  const standardGamma = (shape: number): number => {
    if (shape < 1) {
      // Boost: G(k) = G(k+1) · U^{1/k}.
      const u = 1 - uniform();
      return standardGamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    // Marsaglia & Tsang (2000).
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  return {
    uniform,
    exponential: (rate) => -Math.log(1 - uniform()) / rate,
    gamma: (shape, rate) => standardGamma(shape) / rate,
    beta: (a, b) => {
      const x = standardGamma(a);
      const y = standardGamma(b);
      // Both draws can underflow to 0 for tiny shapes; the limit is then a coin flip.
      if (x + y === 0) return uniform() < a / (a + b) ? 1 : 0;
      return x / (x + y);
    },
    normal,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
