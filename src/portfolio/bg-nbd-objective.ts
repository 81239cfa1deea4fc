// Maximum-likelihood fit of BG/NBD on weighted (x, t_x, T) tuples, with the analytic gradient.
//
// Per customer, LL = A1 + A2 + ln(e^{A3} + [x>0] e^{A4}) (see bg-nbd.ts). A1 and A2 depend on
// the customer only through x, so lnΓ and ψ are evaluated once per distinct x, and each tuple
// costs two logarithms and one exponential. With w₃, w₄ the softmax weights of A3 and A4:
//   ∂/∂r = ψ(r+x) − ψ(r) + ln α − w₃ ln(α+T) − w₄ ln(α+t_x)
//   ∂/∂α = r/α − (r+x)(w₃/(α+T) + w₄/(α+t_x))
//   ∂/∂a = ψ(a+b) − ψ(a+b+x) + w₄/a
//   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w₄/(b+x−1)
// and ∂/∂ln θ = θ ∂/∂θ.

import type { WeightedRfmTuples } from './compress.js';
import { groupByFrequency } from './rfm-input.js';
import { digamma, logGamma } from './special-functions.js';

/** −LL/N and its gradient in (ln r, ln α, ln a, ln b). */
export function bgNbdObjective(
  tuples: WeightedRfmTuples,
  customers: number,
): (theta: Float64Array, gradient: Float64Array) => number {
  const n = tuples.weight.length;
  const { values: xs, index: xIndex } = groupByFrequency(tuples.frequency);
  const weightByX = new Float64Array(xs.length);
  for (let i = 0; i < n; i++) {
    const k = xIndex[i] as number;
    weightByX[k] = (weightByX[k] as number) + (tuples.weight[i] as number);
  }
  const logBx1 = new Float64Array(xs.length);
  const { frequency, recency, T, weight } = tuples;
  return (theta, gradient) => {
    const r = Math.exp(theta[0] as number);
    const alpha = Math.exp(theta[1] as number);
    const a = Math.exp(theta[2] as number);
    const b = Math.exp(theta[3] as number);
    const logAlpha = Math.log(alpha);
    const logA = Math.log(a);
    const lgR = logGamma(r);
    const lgB = logGamma(b);
    const lgAB = logGamma(a + b);
    const psiR = digamma(r);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    // Per distinct x: A1 + A2 and their derivatives, weighted by the customers with that x.
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k] as number;
      const w = weightByX[k] as number;
      const psiABx = digamma(a + b + x);
      ll += w * (logGamma(r + x) - lgR + r * logAlpha + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x));
      gr += w * (digamma(r + x) - psiR + logAlpha);
      gAlpha += w * (r / alpha);
      ga += w * (psiAB - psiABx);
      gb += w * (psiAB + digamma(b + x) - psiB - psiABx);
      logBx1[k] = x > 0 ? Math.log(b + x - 1) : 0;
    }
    // Per tuple: ln(e^{A3} + [x>0] e^{A4}).
    for (let i = 0; i < n; i++) {
      const w = weight[i] as number;
      const x = frequency[i] as number;
      const rx = r + x;
      const logAT = Math.log(alpha + (T[i] as number));
      const A3 = -rx * logAT;
      if (x === 0) {
        ll += w * A3;
        gr -= w * logAT;
        gAlpha -= (w * rx) / (alpha + (T[i] as number));
        continue;
      }
      const logAt = Math.log(alpha + (recency[i] as number));
      const A4 = logA - (logBx1[xIndex[i] as number] as number) - rx * logAt;
      // Softmax weights of A3 and A4.
      let w3: number;
      let w4: number;
      let lse: number;
      if (A3 >= A4) {
        const e = Math.exp(A4 - A3);
        lse = A3 + Math.log1p(e);
        w4 = e / (1 + e);
        w3 = 1 - w4;
      } else {
        const e = Math.exp(A3 - A4);
        lse = A4 + Math.log1p(e);
        w3 = e / (1 + e);
        w4 = 1 - w3;
      }
      ll += w * lse;
      gr -= w * (w3 * logAT + w4 * logAt);
      gAlpha -= w * rx * (w3 / (alpha + (T[i] as number)) + w4 / (alpha + (recency[i] as number)));
      ga += (w * w4) / a;
      gb -= (w * w4) / (b + x - 1);
    }
    gradient[0] = (-gr * r) / customers;
    gradient[1] = (-gAlpha * alpha) / customers;
    gradient[2] = (-ga * a) / customers;
    gradient[3] = (-gb * b) / customers;
    return -ll / customers;
  };
}
