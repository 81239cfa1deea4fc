// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z < 1.
//
// The Pareto/NBD likelihood and the BG/NBD conditional expectation need it with large
// parameters (a, b grow with the purchase count) and with z anywhere in [0, 1), so a plain
// power series is not enough. The strategy, by region:
// - z < 0: Pfaff's transformation F(a,b;c;z) = (1−z)^{−a} F(a, c−b; c; z/(z−1)) maps to (0, 1).
// - 0 < z ≤ 0.9: the power series, either directly or after Euler's transformation
//   F(a,b;c;z) = (1−z)^{c−a−b} F(c−a, c−b; c; z), whichever has the smaller upper parameters
//   (fewer terms, no huge intermediate terms); summed with rescaling so that results beyond
//   1e308 are returned as logarithms, and stopped with a bound on the remaining tail.
// - 0.9 < z < 1: Euler's integral Γ(c)/(Γ(b)Γ(c−b)) ∫₀¹ t^{b−1}(1−t)^{c−b−1}(1−zt)^{−a} dt
//   by tanh-sinh quadrature when c > b > 0 (or c > a > 0, swapping a and b); otherwise the
//   1−z transformation (Abramowitz & Stegun 15.3.6) when c−a−b is not within 1e-3 of an
//   integer; otherwise the power series, summed to convergence.

import { FidelisError } from '../core/errors.js';
import { gammaSign, logAddExp, logGamma, logSubExp } from './special-functions.js';
import { logIntegrateUnit } from './tanh-sinh.js';

/** A real number as sign and log of its magnitude (so that huge values do not overflow). */
interface SignedLog {
  readonly sign: number;
  readonly log: number;
}

const SERIES_LIMIT = 0.9;
const MAX_TERMS = 1_000_000;
const LOG_RESCALE = 600;
const RESCALE = Math.exp(-LOG_RESCALE);

/**
 * ₂F₁(a, b; c; z), the Gauss hypergeometric function, for real a, b, c (c not 0, −1, −2, …)
 * and real z < 1. Returns ±Infinity when the value overflows a double; use
 * {@link logHypergeometric2F1} for large values.
 *
 * @example
 * ```ts
 * import { hypergeometric2F1 } from 'fidelis';
 * hypergeometric2F1(1, 1, 2, 0.5); // −ln(1 − 0.5)/0.5 = 1.3862943611198906
 * ```
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  const v = signedHyp2f1(a, b, c, z, 1 - z);
  return v.sign * Math.exp(v.log);
}

/**
 * ln ₂F₁(a, b; c; z) for real a, b, c and z < 1 where the value is positive (as it is for
 * a, b, c > 0 and 0 ≤ z < 1). `oneMinusZ` may be given when 1 − z is known more precisely
 * than z (z close to 1). Throws `VALIDATION_FAILED` when the value is not positive.
 *
 * @example
 * ```ts
 * import { logHypergeometric2F1 } from 'fidelis';
 * logHypergeometric2F1(500, 1.5, 501, 0.95); // 4.440076675385…
 * ```
 */
export function logHypergeometric2F1(a: number, b: number, c: number, z: number, oneMinusZ = 1 - z): number {
  const v = signedHyp2f1(a, b, c, z, oneMinusZ);
  if (v.sign <= 0) {
    throw new FidelisError(
      'VALIDATION_FAILED',
      `logHypergeometric2F1: 2F1(${a}, ${b}; ${c}; ${z}) is not positive`,
      { a, b, c, z },
    );
  }
  return v.log;
}

function signedHyp2f1(a: number, b: number, c: number, z: number, w: number): SignedLog {
  const finite = Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(z);
  if (!finite || !(z < 1) || !(w > 0) || (c <= 0 && Number.isInteger(c))) {
    throw new FidelisError(
      'VALIDATION_FAILED',
      `hypergeometric2F1: need finite a, b, c with c not in {0, −1, −2, …} and z < 1; got (${a}, ${b}; ${c}; ${z})`,
      { a, b, c, z },
    );
  }
  if (z === 0 || a === 0 || b === 0) return { sign: 1, log: 0 };
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return powerSeries(a, b, c, z);
  if (z < 0) {
    // Pfaff: F(a,b;c;z) = (1−z)^{−a} F(a, c−b; c; z/(z−1)).
    const inner = signedHyp2f1(a, c - b, c, z / (z - 1), 1 / w);
    return { sign: inner.sign, log: inner.log - a * Math.log(w) };
  }
  if (z <= SERIES_LIMIT) return seriesBestForm(a, b, c, z, w);
  // Euler's integral needs c > b > 0 (or c > a > 0, swapping); of the two, take the one whose
  // endpoint exponents b−1 and c−b−1 are furthest from −1 (the integrand decays fastest).
  const viaB = c > b && b > 0 ? Math.min(b, c - b) : 0;
  const viaA = c > a && a > 0 ? Math.min(a, c - a) : 0;
  if (viaB > 0 && viaB >= viaA) return eulerIntegral(a, b, c, z, w);
  if (viaA > 0) return eulerIntegral(b, a, c, z, w);
  const d = c - a - b;
  if (Math.abs(d - Math.round(d)) > 1e-3) return oneMinusZTransform(a, b, c, w);
  return seriesBestForm(a, b, c, z, w);
}

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

function seriesBestForm(a: number, b: number, c: number, z: number, w: number): SignedLog {
  const direct = Math.abs(a * b);
  const euler = Math.abs((c - a) * (c - b));
  if (euler < direct) {
    const inner = powerSeries(c - a, c - b, c, z);
    return { sign: inner.sign, log: inner.log + (c - a - b) * Math.log(w) };
  }
  return powerSeries(a, b, c, z);
}

/** Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ with rescaling, stopped when the tail bound is below 1e-17 of the sum. */
function powerSeries(a: number, b: number, c: number, z: number): SignedLog {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    const ratio = ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    term *= ratio;
    sum += term;
    if (term === 0) break;
    const absSum = Math.abs(sum);
    if (absSum > 1e300 || Math.abs(term) > 1e300) {
      term *= RESCALE;
      sum *= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Once the ratio of successive terms stays below ρ < 1, the tail is at most |term|·ρ/(1−ρ).
    const next = Math.abs(((a + k + 1) * (b + k + 1) * z) / ((c + k + 1) * (k + 2)));
    if (next < 1 && k + 1 > -Math.min(a, b, c) && Math.abs(term) * (next / (1 - next)) <= 1e-17 * Math.abs(sum)) {
      return { sign: Math.sign(sum), log: Math.log(Math.abs(sum)) + logScale };
    }
  }
  if (sum === 0) return { sign: 0, log: -Infinity };
  // Terms became exactly zero (a polynomial) or the series was summed to the term limit.
  if (term !== 0) {
    throw new FidelisError('FIT_FAILED', `hypergeometric2F1 series did not converge for (${a}, ${b}; ${c}; ${z})`, {
      a,
      b,
      c,
      z,
    });
  }
  return { sign: Math.sign(sum), log: Math.log(Math.abs(sum)) + logScale };
}

/** Euler's integral, for c > b > 0, by tanh-sinh quadrature on the log scale. */
function eulerIntegral(a: number, b: number, c: number, z: number, w: number): SignedLog {
  // In the tanh-sinh variable the integrand decays like exp(−2 s · min(b, c−b)) at the ends
  // (s = (π/2) sinh u): integrate far enough for that to reach e^{−45}.
  const decay = Math.min(b, c - b);
  const uMax = Math.max(9, Math.asinh(45 / (Math.PI * decay)) + 0.5);
  const integral = logIntegrateUnit((t, oneMinusT, logT, logOneMinusT) => {
    // 1 − z t, computed from whichever of t and 1 − t is small.
    const base = t < 0.5 ? 1 - z * t : w + z * oneMinusT;
    return (b - 1) * logT + (c - b - 1) * logOneMinusT - a * Math.log(base);
  }, 1e-13, uMax);
  if (!integral.converged) {
    throw new FidelisError('FIT_FAILED', `hypergeometric2F1 quadrature did not converge for (${a}, ${b}; ${c}; ${z})`, {
      a,
      b,
      c,
      z,
    });
  }
  return { sign: 1, log: integral.log + logGamma(c) - logGamma(b) - logGamma(c - b) };
}

/**
 * A&S 15.3.6: F(a,b;c;z) = Γ(c)Γ(d)/(Γ(c−a)Γ(c−b)) F(a,b;1−d;1−z)
 *   + (1−z)^d Γ(c)Γ(−d)/(Γ(a)Γ(b)) F(c−a,c−b;1+d;1−z), with d = c−a−b not an integer.
 */
function oneMinusZTransform(a: number, b: number, c: number, w: number): SignedLog {
  const d = c - a - b;
  const first = product(
    [c, d],
    [c - a, c - b],
    () => powerSeries(a, b, 1 - d, w),
  );
  const second = product(
    [c, -d],
    [a, b],
    () => powerSeries(c - a, c - b, 1 + d, w),
  );
  const secondScaled = { sign: second.sign, log: second.log + d * Math.log(w) };
  return addSigned(first, secondScaled);
}

/** Γ(n₁)Γ(n₂)/(Γ(d₁)Γ(d₂)) × series(), with 1/Γ at a pole taken as 0. */
function product(numer: readonly number[], denom: readonly number[], series: () => SignedLog): SignedLog {
  let sign = 1;
  let log = 0;
  for (const x of denom) {
    const s = gammaSign(x);
    if (s === 0) return { sign: 0, log: -Infinity };
    sign *= s;
    log -= logGamma(x);
  }
  for (const x of numer) {
    sign *= gammaSign(x);
    log += logGamma(x);
  }
  const s = series();
  return { sign: sign * s.sign, log: log + s.log };
}

function addSigned(x: SignedLog, y: SignedLog): SignedLog {
  if (x.sign === 0) return y;
  if (y.sign === 0) return x;
  if (x.sign === y.sign) return { sign: x.sign, log: logAddExp(x.log, y.log) };
  if (x.log >= y.log) return { sign: x.sign, log: logSubExp(x.log, y.log) };
  return { sign: y.sign, log: logSubExp(y.log, x.log) };
}
