// A small BFGS minimiser with a strong-Wolfe line search (Nocedal & Wright, Numerical
// Optimization, 2nd ed., algorithms 6.1, 3.5 and 3.6).
//
// Why our own and not a package: the models have 3–4 parameters, smooth log-likelihoods in
// log-parameter space and (for BG/NBD and Gamma-Gamma) analytic gradients, which is the case
// BFGS handles best; the whole method is ~150 lines, has no dependencies and lets us report
// exactly what the fit needs (iterations, gradient norm, why it stopped). The strong Wolfe
// conditions keep every update's curvature yᵀs positive, so the inverse-Hessian estimate
// stays positive definite; a step cap keeps exp(log-parameter) from overflowing.

/** f(x), writing ∇f(x) into `gradient`; may return a non-finite value outside the domain. */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

/** Settings of {@link minimizeBfgs}. */
export interface BfgsOptions {
  /** Stop when the largest absolute gradient component is at most this. */
  readonly gradientTolerance: number;
  /** Stop after this many iterations. */
  readonly maxIterations: number;
  /** Largest change of any coordinate in one step. */
  readonly maxStep: number;
}

/** Outcome of {@link minimizeBfgs}. */
export interface BfgsResult {
  /** The best point found. */
  readonly x: Float64Array;
  /** f at `x`. */
  readonly value: number;
  /** ∇f at `x`. */
  readonly gradient: Float64Array;
  /** Number of BFGS iterations done. */
  readonly iterations: number;
  /** Largest absolute gradient component at `x`. */
  readonly gradientNorm: number;
  /** True when the gradient tolerance was met. */
  readonly converged: boolean;
}

/**
 * Minimise a smooth function by BFGS with a strong-Wolfe line search.
 *
 * @example
 * ```ts
 * const r = minimizeBfgs((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; }, [0],
 *   { gradientTolerance: 1e-10, maxIterations: 50, maxStep: 10 });
 * r.x[0]; // 3
 * ```
 */
export function minimizeBfgs(f: ObjectiveWithGradient, start: readonly number[], options: BfgsOptions): BfgsResult {
  const n = start.length;
  let x: Float64Array = Float64Array.from(start);
  let g: Float64Array = new Float64Array(n);
  let fx = f(x, g);
  if (!Number.isFinite(fx) || !g.every(Number.isFinite)) {
    return { x, value: fx, gradient: g, iterations: 0, gradientNorm: Infinity, converged: false };
  }
  const H = identity(n);
  let scaled = false;
  let iterations = 0;
  const direction = new Float64Array(n);
  for (; iterations < options.maxIterations; iterations++) {
    if (maxAbs(g) <= options.gradientTolerance) break;
    // p = −H g
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= (H[i * n + j] as number) * (g[j] as number);
      direction[i] = s;
    }
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Not a descent direction (H lost positive definiteness numerically): restart with −g.
      resetIdentity(H, n);
      for (let i = 0; i < n; i++) direction[i] = -(g[i] as number);
      slope = dot(direction, g);
    }
    const stepCap = options.maxStep / Math.max(maxAbs(direction), 1e-300);
    const search = lineSearch(f, x, fx, g, direction, slope, Math.min(1, stepCap), stepCap);
    if (search === undefined) {
      if (!isIdentity(H, n)) {
        resetIdentity(H, n); // one retry along the steepest descent before giving up
        scaled = false;
        continue;
      }
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (search.x[i] as number) - (x[i] as number);
      y[i] = (search.gradient[i] as number) - (g[i] as number);
    }
    x = search.x;
    g = search.gradient;
    fx = search.value;
    const sy = dot(s, y);
    if (sy > 1e-14 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (!scaled) {
        const gamma = sy / dot(y, y);
        for (let i = 0; i < n * n; i++) H[i] = (H[i] as number) * gamma;
        scaled = true;
      }
      bfgsUpdate(H, s, y, 1 / sy, n);
    }
  }
  const gradientNorm = maxAbs(g);
  return { x, value: fx, gradient: g, iterations, gradientNorm, converged: gradientNorm <= options.gradientTolerance };
}

interface Point {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly slope: number;
}

const C1 = 1e-4;
const C2 = 0.9;

function lineSearch(
  f: ObjectiveWithGradient,
  x0: Float64Array,
  f0: number,
  g0: Float64Array,
  p: Float64Array,
  slope0: number,
  firstStep: number,
  maxStep: number,
): Point | undefined {
  const evaluate = (alpha: number): Point & { alpha: number } => {
    const x = new Float64Array(x0.length);
    for (let i = 0; i < x.length; i++) x[i] = (x0[i] as number) + alpha * (p[i] as number);
    const gradient = new Float64Array(x.length);
    let value = f(x, gradient);
    if (!Number.isFinite(value) || !gradient.every(Number.isFinite)) value = Infinity;
    return { x, value, gradient, slope: dot(gradient, p), alpha };
  };
  let previous = { alpha: 0, value: f0, slope: slope0 };
  let alpha = firstStep;
  for (let i = 0; i < 30; i++) {
    const current = evaluate(alpha);
    if (current.value > f0 + C1 * alpha * slope0 || (i > 0 && current.value >= previous.value)) {
      return zoom(evaluate, f0, slope0, previous, current);
    }
    if (Math.abs(current.slope) <= -C2 * slope0) return current;
    if (current.slope >= 0) return zoom(evaluate, f0, slope0, current, previous);
    if (alpha >= maxStep) return current;
    previous = current;
    alpha = Math.min(2 * alpha, maxStep);
  }
  return undefined;
}

function zoom(
  evaluate: (alpha: number) => Point & { alpha: number },
  f0: number,
  slope0: number,
  lowIn: { alpha: number; value: number; slope: number },
  highIn: { alpha: number; value: number; slope: number },
): Point | undefined {
  let low = lowIn;
  let high = highIn;
  let best: (Point & { alpha: number }) | undefined;
  for (let i = 0; i < 40; i++) {
    const alpha = interpolate(low, high);
    const current = evaluate(alpha);
    if (current.value > f0 + C1 * alpha * slope0 || current.value >= low.value) {
      high = current;
    } else {
      best = current;
      if (Math.abs(current.slope) <= -C2 * slope0) return current;
      if (current.slope * (high.alpha - low.alpha) >= 0) high = low;
      low = current;
    }
    if (Math.abs(high.alpha - low.alpha) < 1e-14 * Math.max(1, Math.abs(low.alpha))) break;
  }
  // Accept a point with sufficient decrease even if the curvature condition was not reached.
  return best;
}

/** Minimiser of the cubic through (low, high) values and slopes, kept inside the bracket. */
function interpolate(
  low: { alpha: number; value: number; slope: number },
  high: { alpha: number; value: number; slope: number },
): number {
  const lo = Math.min(low.alpha, high.alpha);
  const hi = Math.max(low.alpha, high.alpha);
  const mid = (low.alpha + high.alpha) / 2;
  if (!Number.isFinite(high.value) || !Number.isFinite(high.slope)) return mid;
  const d1 = low.slope + high.slope - (3 * (low.value - high.value)) / (low.alpha - high.alpha);
  const disc = d1 * d1 - low.slope * high.slope;
  if (disc < 0) return mid;
  const d2 = Math.sign(high.alpha - low.alpha) * Math.sqrt(disc);
  const alpha =
    high.alpha - (high.alpha - low.alpha) * ((high.slope + d2 - d1) / (high.slope - low.slope + 2 * d2));
  const margin = 0.1 * (hi - lo);
  if (!Number.isFinite(alpha) || alpha < lo + margin || alpha > hi - margin) return mid;
  return alpha;
}

function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, rho: number, n: number): void {
  // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded: H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ.
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += (H[i * n + j] as number) * (y[j] as number);
    Hy[i] = v;
  }
  const yHy = dot(y, Hy);
  const coefficient = rho * rho * yHy + rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] =
        (H[i * n + j] as number) -
        rho * ((s[i] as number) * (Hy[j] as number) + (Hy[i] as number) * (s[j] as number)) +
        coefficient * (s[i] as number) * (s[j] as number);
    }
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  resetIdentity(m, n);
  return m;
}

function resetIdentity(m: Float64Array, n: number): void {
  m.fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
}

function isIdentity(m: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (m[i * n + j] !== (i === j ? 1 : 0)) return false;
  return true;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}
