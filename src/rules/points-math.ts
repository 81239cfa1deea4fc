import type { RoundingMode } from '../core/decimal.js';
import { FidelisError } from '../core/errors.js';

/**
 * An exact non-negative rational `num / den` with integer parts, how rates and factors
 * ("2.5" points per euro, a "1.5" multiplier) are held so point arithmetic never uses floats.
 *
 * @example
 * ```ts
 * const r: Ratio = parseRatio('2.5'); // { num: 25n, den: 10n, n: 25, d: 10 }
 * ```
 */
export interface Ratio {
  /** Numerator. */
  readonly num: bigint;
  /** Denominator (a power of ten for parsed decimals). */
  readonly den: bigint;
  /** `num` as a number (exact when it is a safe integer; the fast path checks). */
  readonly n: number;
  /** `den` as a number. */
  readonly d: number;
}

/**
 * Read a non-negative decimal string as an exact {@link Ratio}.
 *
 * @example
 * ```ts
 * parseRatio('0.05'); // { num: 5n, den: 100n, n: 5, d: 100 }
 * ```
 */
export function parseRatio(text: string): Ratio {
  const m = /^\+?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) {
    throw new FidelisError('VALIDATION_FAILED', `"${text}" is not a non-negative decimal`, { issues: [{ path: '', message: `"${text}" is not a non-negative decimal` }] });
  }
  const frac = m[2] ?? '';
  const num = BigInt(`${m[1] ?? ''}${frac}` || '0');
  const den = 10n ** BigInt(frac.length);
  return { num, den, n: Number(num), d: Number(den) };
}

/**
 * Round the exact quotient `num / den` (both ≥ 0, den > 0) to an integer with a rounding mode,
 * in integer arithmetic.
 *
 * @example
 * ```ts
 * roundQuotient(25n, 10n, 'half-even'); // 2
 * roundQuotient(25n, 10n, 'half-up');   // 3
 * roundQuotient(21n, 10n, 'up');        // 3
 * ```
 */
export function roundQuotient(num: bigint, den: bigint, mode: RoundingMode): number {
  const q = num / den;
  const r = num % den;
  let out = q;
  if (r !== 0n) {
    switch (mode) {
      case 'down':
        break;
      case 'up':
        out = q + 1n;
        break;
      case 'half-up':
        if (2n * r >= den) out = q + 1n;
        break;
      case 'half-even':
        if (2n * r > den || (2n * r === den && q % 2n === 1n)) out = q + 1n;
        break;
    }
  }
  return Number(out);
}

/**
 * Points for an amount of minor units at a rate of points per currency unit:
 * `round(amount × rate / 10^exponent)`, exact.
 *
 * @example
 * ```ts
 * pointsForAmount(4999, parseRatio('1'), 2, 'down');    // 49 (49.99 EUR at 1 point per euro)
 * pointsForAmount(4999, parseRatio('1'), 2, 'half-up'); // 50
 * ```
 */
export function pointsForAmount(amountMinor: number, rate: Ratio, exponent: number, mode: RoundingMode): number {
  const den = rate.d * 10 ** exponent;
  const p = amountMinor * rate.n;
  // Fast exact path: with p and den safe integers, floor(p / den) in doubles is exact.
  if (Number.isSafeInteger(rate.n) && Number.isSafeInteger(p) && Number.isSafeInteger(den)) return roundQuotientNumber(p, den, mode);
  return roundQuotient(BigInt(amountMinor) * rate.num, rate.den * 10n ** BigInt(exponent), mode);
}

/**
 * {@link roundQuotient} for safe-integer operands, without BigInt: `floor(num / den)` of two
 * safe integers is exact in doubles, and the remainder is computed exactly from it.
 *
 * @example
 * ```ts
 * roundQuotientNumber(4999, 100, 'half-up'); // 50
 * roundQuotientNumber(250, 100, 'half-even'); // 2
 * ```
 */
export function roundQuotientNumber(num: number, den: number, mode: RoundingMode): number {
  const q = Math.floor(num / den);
  const r = num - q * den;
  if (r === 0) return q;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return q + 1;
    case 'half-up':
      return 2 * r >= den ? q + 1 : q;
    case 'half-even':
      return 2 * r > den || (2 * r === den && q % 2 === 1) ? q + 1 : q;
  }
}

/**
 * Split `total` whole points over parts in proportion to non-negative integer `weights`,
 * summing exactly (largest remainder: floors first, then one point each to the largest
 * remainders, ties to the earlier part). All-zero weights split evenly.
 *
 * @example
 * ```ts
 * allocatePoints(10, [1, 1, 1]); // [4, 3, 3]
 * allocatePoints(7, [900, 3999]); // [1, 6]
 * ```
 */
export function allocatePoints(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] as number;
  const w = sum === 0 ? weights.map(() => 1) : weights;
  if (sum === 0) sum = n;
  const out = new Array<number>(n);
  if (total === 0) return out.fill(0);
  if (Number.isSafeInteger(total * sum)) {
    const rem = scratch(n);
    let given = 0;
    for (let i = 0; i < n; i++) {
      const p = total * (w[i] as number);
      const share = Math.floor(p / sum);
      out[i] = share;
      rem[i] = p - share * sum;
      given += share;
    }
    distribute(out, rem, total - given);
    return out;
  }
  const T = BigInt(total);
  const S = BigInt(sum);
  const remBig: bigint[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const p = T * BigInt(w[i] as number);
    out[i] = Number(p / S);
    remBig.push(p % S);
    given += out[i] as number;
  }
  // Rank the exact remainders (n … 1, zero stays zero), then hand the ranks to the common
  // distribution step.
  const rank = scratch(n);
  remBig
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
    .forEach(({ r, i }, k) => (rank[i] = r === 0n ? 0 : n - k));
  distribute(out, rank, total - given);
  return out;
}

// Remainders and the chosen parts are scratch data: buffers reused by every call (evaluation is
// synchronous and never re-enters).
let buffer = new Float64Array(64);
function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(n * 2);
  return buffer;
}
let topKey = new Float64Array(64);
let topPart = new Int32Array(64);

/**
 * Give `left` extra points, one each, to the parts with the largest remainders, ties to the
 * earlier part. `left` is Σ remainders / sum with every remainder below sum, so it is smaller
 * than the number `m` of non-zero remainders: parts with a zero remainder never get a point.
 * Whichever is smaller is selected: the `left` best parts (they get a point), or the
 * `m − left` worst (every other part with a remainder gets one).
 */
function distribute(out: number[], rem: Float64Array, left: number): void {
  if (left <= 0) return;
  const n = out.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (rem[i] !== 0) m++;
  const worst = m - left < left;
  const k = worst ? m - left : left;
  const parts = select(rem, n, k, worst);
  if (worst) for (let i = 0; i < n; i++) if (rem[i] !== 0) out[i] = (out[i] as number) + 1;
  const step = worst ? -1 : 1;
  for (let q = 0; q < k; q++) {
    const i = parts[q]!;
    out[i] = (out[i] as number) + step;
  }
}

/**
 * The `k` best parts with a non-zero remainder (largest remainder, then earlier part) or, with
 * `worst`, the `k` worst (smallest, then later), in the first `k` slots of a scratch buffer.
 * The chosen parts so far stay sorted in a small buffer (key = ±remainder, parts visited in the
 * order that makes a later arrival lose a tie, so only strictly better keys shift); a part not
 * better than the last kept one costs one comparison.
 */
function select(rem: Float64Array, n: number, k: number, worst: boolean): Int32Array {
  if (topKey.length < k) {
    topKey = new Float64Array(k * 2);
    topPart = new Int32Array(k * 2);
  }
  const keys = topKey;
  const parts = topPart;
  const sign = worst ? -1 : 1;
  let size = 0;
  for (let s = 0; s < n; s++) {
    const i = worst ? n - 1 - s : s;
    const r = rem[i]!;
    if (r === 0) continue;
    const key = sign * r;
    if (size === k && key <= keys[k - 1]!) continue;
    let j = size < k ? size++ : k - 1;
    while (j > 0 && keys[j - 1]! < key) {
      keys[j] = keys[j - 1]!;
      parts[j] = parts[j - 1]!;
      j--;
    }
    keys[j] = key;
    parts[j] = i;
  }
  return parts;
}
