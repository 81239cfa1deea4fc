// The Pareto/NBD log-likelihood over weighted (x, t_x, T) tuples, with its gradient, for the fit.
//
// The "died between t_x and T" term is s/(r+s+x) · [I(t_x) − I(T)] with
// I(t) = (m+t)^{−A} ₂F₁(A, B; A+1; z)/A, A = r+s+x (see pareto-nbd.ts). Euler's transformation
// turns the ₂F₁ into w^{1−B} Σₖ (P)ₖ/(A+1)ₖ zᵏ with P = A+1−B, w = 1−z: a series of positive
// terms whose ratio is below z. Folding w^{1−B} in, J(t) = ln(A·I(t)) is
//   α ≥ β (P = r+x, z = (α−β)/(α+t)):  −(r+x) ln(α+t) − s ln(β+t) + ln S
//   α < β (P = s+1, z = (β−α)/(β+t)):  (1−r−x) ln(α+t) − (s+1) ln(β+t) + ln S
// and the series is differentiated term by term (∂S/∂P, ∂S/∂A through running harmonic sums,
// ∂S/∂z), giving the analytic gradient. J is computed once per distinct (x, t) per evaluation.
// Up to z = 0.995 the series needs at most a few thousand terms; beyond, that tuple's term is
// evaluated by the general ₂F₁ (quadrature) and differentiated by central differences (step
// 1e-5 in log-parameters, error ~1e-10); with typical parameters no tuple is there. When
// T − t_x is a rounding error away from 0, I(t_x) − I(T) cancels: the midpoint rule is used.

import type { WeightedRfmTuples } from './compress.js';
import { logHypergeometric2F1 } from './hypergeometric.js';
import { groupByFrequency } from './rfm-input.js';
import { digamma, logAddExp, logGamma, logSubExp } from './special-functions.js';

const SERIES_LIMIT = 0.995;

/**
 * ln of the "died between t_x and T" part of the likelihood without the Γ(r+x)α^rβ^s/Γ(r)
 * factor, ln(s/(r+s+x) · A₀), by the general ₂F₁; −∞ when t_x = T.
 */
export function logDeathTerm(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  if (tx >= T) return -Infinity;
  if (isNarrow(alpha, beta, tx, T)) return narrowDeathTerm(r, alpha, s, beta, x, tx, T, undefined);
  const A = r + s + x;
  const aboveBeta = alpha >= beta;
  const m = aboveBeta ? alpha : beta;
  const B = aboveBeta ? s + 1 : r + x;
  const d = Math.abs(alpha - beta);
  const J = (t: number): number => {
    const mt = m + t;
    return -A * Math.log(mt) + logHypergeometric2F1(A, B, A + 1, d / mt, (mt - d) / mt);
  };
  return Math.log(s) - Math.log(A) + logSubExp(J(tx), J(T));
}

/**
 * When T − t_x is tiny next to α + T and β + T, I(t_x) − I(T) cancels; the integral
 * s ∫_{t_x}^T (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ is then its midpoint value times the width
 * (relative error below (r+x+s+1)² · 1e-14).
 */
function isNarrow(alpha: number, beta: number, tx: number, T: number): boolean {
  return T - tx < 1e-7 * (Math.min(alpha, beta) + T);
}

function narrowDeathTerm(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tx: number,
  T: number,
  gradient: Float64Array | undefined,
): number {
  const tau = (tx + T) / 2;
  const lnA = Math.log(alpha + tau);
  const lnB = Math.log(beta + tau);
  if (gradient !== undefined) {
    gradient[0] = -lnA;
    gradient[1] = -(r + x) / (alpha + tau);
    gradient[2] = 1 / s - lnB;
    gradient[3] = -(s + 1) / (beta + tau);
  }
  return Math.log(s) + Math.log(T - tx) - (r + x) * lnA - (s + 1) * lnB;
}

/** Scratch for one J(t) and its partial derivatives in (r, α, s, β). */
class JValue {
  value = 0;
  dr = 0;
  dAlpha = 0;
  ds = 0;
  dBeta = 0;
}

/** J(t) and its gradient by the differentiated series; false when z > 0.995 (use the fallback). */
function seriesJ(r: number, alpha: number, s: number, beta: number, x: number, t: number, out: JValue): boolean {
  const A = r + s + x;
  const aboveBeta = alpha >= beta;
  const at = alpha + t;
  const bt = beta + t;
  const z = aboveBeta ? (alpha - beta) / at : (beta - alpha) / bt;
  if (z > SERIES_LIMIT) return false;
  const P = aboveBeta ? r + x : s + 1;
  // S = Σ cₖ zᵏ with c₀ = 1, cₖ₊₁ = cₖ (P+k)/(A+1+k); SP = ∂S/∂P, SA = ∂S/∂A, Sz = ∂S/∂z.
  let term = 1;
  let S = 1;
  let SP = 0;
  let SA = 0;
  let Sz = 0;
  let hP = 0;
  let hA = 0;
  for (let k = 0; k < 1_000_000; k++) {
    hP += 1 / (P + k);
    hA += 1 / (A + 1 + k);
    const coefficient = (P + k) / (A + 1 + k);
    Sz += term * coefficient * (k + 1); // (k+1) c_{k+1} z^k
    const ratio = coefficient * z;
    term *= ratio;
    S += term;
    SP += term * hP;
    SA -= term * hA;
    if (term === 0) break;
    // Tails of S, SP, SA and Sz are below term·(k+2+H)/(z(1−ratio)²), H the harmonic sums.
    const rest = 1 - ratio;
    if (term * (k + 2 + hP + hA) <= 1e-16 * z * S * rest * rest) break;
  }
  const lnS = Math.log(S);
  const lnAt = Math.log(at);
  const lnBt = Math.log(bt);
  const gP = SP / S;
  const gA = SA / S;
  const gz = Sz / S;
  if (aboveBeta) {
    out.value = -(r + x) * lnAt - s * lnBt + lnS;
    out.dr = -lnAt + gP + gA;
    out.ds = -lnBt + gA;
    out.dAlpha = -(r + x) / at + (gz * bt) / (at * at);
    out.dBeta = -s / bt - gz / at;
  } else {
    out.value = (1 - r - x) * lnAt - (s + 1) * lnBt + lnS;
    out.dr = -lnAt + gA;
    out.ds = -lnBt + gP + gA;
    out.dAlpha = (1 - r - x) / at - gz / bt;
    out.dBeta = -(s + 1) / bt + (gz * at) / (bt * bt);
  }
  return true;
}

/** Scratch for the death term and its gradient. */
class DeathTerm {
  value = 0;
  readonly gradient = new Float64Array(4);
}

/** ln(s/A · A₀) and its gradient in (r, α, s, β) (natural scale), from J(t_x) and J(T). */
function combineDeathTerm(s: number, A: number, J1: JValue, J2: JValue, out: DeathTerm): void {
  const u = Math.exp(J2.value - J1.value);
  const scale = 1 / (1 - u);
  out.value = Math.log(s) - Math.log(A) + logSubExp(J1.value, J2.value);
  out.gradient[0] = -1 / A + (J1.dr - u * J2.dr) * scale;
  out.gradient[1] = (J1.dAlpha - u * J2.dAlpha) * scale;
  out.gradient[2] = 1 / s - 1 / A + (J1.ds - u * J2.ds) * scale;
  out.gradient[3] = (J1.dBeta - u * J2.dBeta) * scale;
}

function numericalDeathTerm(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tx: number,
  T: number,
  out: DeathTerm,
): void {
  const p = [r, alpha, s, beta];
  const f = (q: number[]): number => logDeathTerm(q[0] as number, q[1] as number, q[2] as number, q[3] as number, x, tx, T);
  out.value = f(p);
  const h = 1e-5;
  for (let k = 0; k < 4; k++) {
    const up = p.slice();
    const down = p.slice();
    up[k] = (p[k] as number) * Math.exp(h);
    down[k] = (p[k] as number) * Math.exp(-h);
    out.gradient[k] = (f(up) - f(down)) / (2 * h * (p[k] as number));
  }
}

/**
 * The distinct (x, t) at which J is needed: (x, t_x) and (x, T) of every tuple with t_x < T.
 * Customers recorded to the day share them widely, so J is computed once per pair, not twice
 * per tuple.
 */
function distinctJArguments(tuples: WeightedRfmTuples): { x: number[]; t: number[]; atRecency: Int32Array; atAge: Int32Array } {
  const index = new Map<string, number>();
  const x: number[] = [];
  const t: number[] = [];
  const find = (xi: number, ti: number): number => {
    const key = `${xi}|${ti}`;
    let k = index.get(key);
    if (k === undefined) {
      k = x.length;
      index.set(key, k);
      x.push(xi);
      t.push(ti);
    }
    return k;
  };
  const n = tuples.weight.length;
  const atRecency = new Int32Array(n).fill(-1);
  const atAge = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const xi = tuples.frequency[i] as number;
    const tx = tuples.recency[i] as number;
    const T = tuples.T[i] as number;
    if (tx >= T) continue;
    atRecency[i] = find(xi, tx);
    atAge[i] = find(xi, T);
  }
  return { x, t, atRecency, atAge };
}

/** −LL/N and its gradient in (ln r, ln α, ln s, ln β). */
export function paretoNbdObjective(
  tuples: WeightedRfmTuples,
  customers: number,
): (theta: Float64Array, gradient: Float64Array) => number {
  const { frequency, recency, T, weight } = tuples;
  const n = weight.length;
  const { values: xs, index: xIndex } = groupByFrequency(frequency);
  const lgRx = new Float64Array(xs.length);
  const psiRx = new Float64Array(xs.length);
  const args = distinctJArguments(tuples);
  const J = args.x.map(() => new JValue());
  const jReady = new Uint8Array(J.length);
  const death = new DeathTerm();
  return (theta, gradient) => {
    const r = Math.exp(theta[0] as number);
    const alpha = Math.exp(theta[1] as number);
    const s = Math.exp(theta[2] as number);
    const beta = Math.exp(theta[3] as number);
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let gs = 0;
    let gBeta = 0;
    const psiR = digamma(r);
    for (let k = 0; k < xs.length; k++) {
      lgRx[k] = logGamma(r + (xs[k] as number));
      psiRx[k] = digamma(r + (xs[k] as number)) - psiR;
    }
    for (let k = 0; k < J.length; k++) {
      jReady[k] = seriesJ(r, alpha, s, beta, args.x[k] as number, args.t[k] as number, J[k] as JValue) ? 1 : 0;
    }
    for (let i = 0; i < n; i++) {
      const w = weight[i] as number;
      const x = frequency[i] as number;
      const age = T[i] as number;
      const tx = recency[i] as number;
      const lnAT = Math.log(alpha + age);
      const lnBT = Math.log(beta + age);
      const alive = -(r + x) * lnAT - s * lnBT;
      const j1 = args.atRecency[i] as number;
      const j2 = args.atAge[i] as number;
      if (j1 < 0) {
        death.value = -Infinity;
        death.gradient.fill(0);
      } else if (isNarrow(alpha, beta, tx, age)) {
        death.value = narrowDeathTerm(r, alpha, s, beta, x, tx, age, death.gradient);
      } else if (jReady[j1] === 1 && jReady[j2] === 1) {
        combineDeathTerm(s, r + s + x, J[j1] as JValue, J[j2] as JValue, death);
      } else {
        numericalDeathTerm(r, alpha, s, beta, x, tx, age, death);
      }
      const total = logAddExp(alive, death.value);
      const wAlive = Math.exp(alive - total);
      const wDeath = 1 - wAlive;
      const g = death.gradient;
      const k = xIndex[i] as number;
      ll += w * ((lgRx[k] as number) + total);
      gr += w * (wAlive * -lnAT + wDeath * (g[0] as number) + (psiRx[k] as number));
      gAlpha += w * (wAlive * (-(r + x) / (alpha + age)) + wDeath * (g[1] as number));
      gs += w * (wAlive * -lnBT + wDeath * (g[2] as number));
      gBeta += w * (wAlive * (-s / (beta + age)) + wDeath * (g[3] as number));
    }
    // Γ(r+x)α^rβ^s/Γ(r): the −lnΓ(r) + r ln α + s ln β part is the same for every customer.
    ll += customers * (-logGamma(r) + r * Math.log(alpha) + s * Math.log(beta));
    gr += customers * Math.log(alpha);
    gAlpha += (customers * r) / alpha;
    gs += customers * Math.log(beta);
    gBeta += (customers * s) / beta;
    gradient[0] = (-gr * r) / customers;
    gradient[1] = (-gAlpha * alpha) / customers;
    gradient[2] = (-gs * s) / customers;
    gradient[3] = (-gBeta * beta) / customers;
    return -ll / customers;
  };
}
