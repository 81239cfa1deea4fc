// Tanh-sinh (double-exponential) quadrature on (0, 1), on the log scale.
//
// Chosen because the integrals the models need (Euler's integral for ₂F₁, the death-time
// integral of the Pareto/NBD) have algebraic singularities or sharp peaks at the ends of the
// interval, which tanh-sinh handles without knowing where they are: its nodes crowd
// double-exponentially towards both ends. Each level halves the step and reuses the previous
// nodes; the error roughly squares from one level to the next.

import { log1pExp } from './special-functions.js';

/**
 * The logarithm of an integrand on (0, 1), given both `t` and `1 − t` (each accurate even
 * when the other is near 1) and their logarithms.
 */
export type LogIntegrand = (t: number, oneMinusT: number, logT: number, logOneMinusT: number) => number;

const MAX_LEVEL = 9;
const U_MAX = 9;

/**
 * ln ∫₀¹ exp(logF(t)) dt by tanh-sinh quadrature, refined until two levels agree to
 * `relTol`, over the tanh-sinh variable u ∈ [−uMax, uMax] (default 9: ends at 1e-2764 of
 * 0 and 1). Returns `{ log, converged }`; the integrand must be finite or −∞.
 *
 * @example
 * ```ts
 * // ∫₀¹ t^{-1/2} dt = 2
 * logIntegrateUnit((t, _u, lt) => -0.5 * lt).log; // ln 2
 * ```
 */
export function logIntegrateUnit(
  logF: LogIntegrand,
  relTol = 1e-13,
  uMax = U_MAX,
): { readonly log: number; readonly converged: boolean } {
  // Node at u: s = (π/2) sinh u, t = 1/(1+e^{−2s}), dt/du = π cosh(u) t (1−t).
  const node = (u: number): number => {
    const s = (Math.PI / 2) * Math.sinh(u);
    const logT = -log1pExp(-2 * s);
    const logOneMinusT = -log1pExp(2 * s);
    const t = Math.exp(logT);
    const oneMinusT = Math.exp(logOneMinusT);
    const value = logF(t, oneMinusT, logT, logOneMinusT);
    if (value === -Infinity) return -Infinity;
    return value + Math.log(Math.PI * Math.cosh(u)) + logT + logOneMinusT;
  };
  // Level 0: step h = 1/2 over [−U_MAX, U_MAX]; later levels add the odd nodes of step h/2.
  const logs: number[] = [];
  let h = 0.5;
  for (let u = -uMax; u <= uMax + 1e-12; u += h) logs.push(node(u));
  let estimate = logSumAll(logs) + Math.log(h);
  for (let level = 1; level <= MAX_LEVEL; level++) {
    h /= 2;
    for (let u = -uMax + h; u < uMax; u += 2 * h) logs.push(node(u));
    const next = logSumAll(logs) + Math.log(h);
    if (!Number.isFinite(next)) return { log: next, converged: next === -Infinity };
    if (Math.abs(Math.expm1(next - estimate)) < relTol) return { log: next, converged: true };
    estimate = next;
  }
  return { log: estimate, converged: false };
}

function logSumAll(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity || !Number.isFinite(max)) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}
