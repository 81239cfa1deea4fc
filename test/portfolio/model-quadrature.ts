// Test helper: expectations under the models' mixing distributions by adaptive Gauss–Kronrod
// quadrature, written independently of src/ (no closed forms, no lnΓ: densities are normalised
// numerically), so that tests can compare the models' closed forms with their definitions.

const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.10479001032225018383987632254152,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

function kronrod(f: (x: number) => number, a: number, b: number): { k: number; g: number } {
  const c = (a + b) / 2;
  const h = (b - a) / 2;
  const fc = f(c);
  let k = fc * (WGK[7] as number);
  let g = fc * (WG[3] as number);
  for (let i = 0; i < 7; i++) {
    const dx = h * (XGK[i] as number);
    const s = f(c - dx) + f(c + dx);
    k += (WGK[i] as number) * s;
    if (i % 2 === 1) g += (WG[(i - 1) / 2] as number) * s;
  }
  return { k: k * h, g: g * h };
}

/** ∫ₐᵇ f by adaptive Gauss–Kronrod (7–15), to a relative tolerance of the total. */
export function integrate(f: (x: number) => number, a: number, b: number, relTol = 1e-13): number {
  const whole = kronrod(f, a, b);
  const scale = Math.abs(whole.k) || 1;
  const recurse = (lo: number, hi: number, est: { k: number; g: number }, depth: number): number => {
    if (Math.abs(est.k - est.g) <= relTol * scale || depth > 40) return est.k;
    const mid = (lo + hi) / 2;
    return recurse(lo, mid, kronrod(f, lo, mid), depth + 1) + recurse(mid, hi, kronrod(f, mid, hi), depth + 1);
  };
  return recurse(a, b, whole, 0);
}

const gammaNormalisers = new Map<string, number>();

/**
 * E[g(λ)] for λ ~ Gamma(shape, rate) (rate parameterisation); the density is normalised
 * numerically (once per distribution). For shape < 1 the substitution λ = u^{1/shape} removes
 * the λ^{shape−1} singularity; otherwise λ is integrated directly, split around the mode.
 * `upper` bounds λ (default: far in the tail); `relTol` is the quadrature's relative tolerance.
 */
export function expectGamma(
  shape: number,
  rate: number,
  g: (lambda: number) => number,
  upper?: number,
  relTol = 1e-13,
): number {
  const lambdaMax = upper ?? (shape + 60 + 12 * Math.sqrt(shape)) / rate;
  let weight: (v: number) => number;
  let toLambda: (v: number) => number;
  let breaks: number[];
  if (shape < 1) {
    const uMax = Math.pow(lambdaMax, shape);
    weight = (u) => Math.exp(-rate * Math.pow(u, 1 / shape));
    toLambda = (u) => Math.pow(u, 1 / shape);
    breaks = [0, uMax / 1e6, uMax / 1e3, uMax / 30, uMax / 3, uMax];
  } else {
    const mode = Math.max((shape - 1) / rate, shape / rate / 4);
    const logPeak = (shape - 1) * Math.log(mode) - rate * mode;
    weight = (l) => (l === 0 ? (shape === 1 ? Math.exp(-logPeak) : 0) : Math.exp((shape - 1) * Math.log(l) - rate * l - logPeak));
    toLambda = (l) => l;
    breaks = [0, mode / 8, mode / 2, mode, 2 * mode, 4 * mode, lambdaMax].filter((b, k, all) => k === 0 || b > (all[k - 1] as number));
  }
  const over = (fn: (v: number) => number): number => {
    let sum = 0;
    for (let i = 0; i + 1 < breaks.length; i++) sum += integrate(fn, breaks[i] as number, breaks[i + 1] as number, relTol);
    return sum;
  };
  const key = `${shape},${rate},${lambdaMax}`;
  let den = gammaNormalisers.get(key);
  if (den === undefined) {
    den = over(weight);
    gammaNormalisers.set(key, den);
  }
  return over((v) => weight(v) * g(toLambda(v))) / den;
}

/** E[h(p)] for p ~ Beta(a, b), split at 1/2 with p = v^{1/a} below and 1 − p = v^{1/b} above. */
export function expectBeta(a: number, b: number, h: (p: number) => number, relTol = 1e-13): number {
  // Below 1/2: p^{a−1} dp = dv/a; the factor (1−p)^{b−1} stays. Above: (1−p)^{b−1} dp = dv/b.
  const lowMax = Math.pow(0.5, a);
  const highMax = Math.pow(0.5, b);
  const low = (fn: (p: number) => number) =>
    integrate((v) => {
      const p = Math.pow(v, 1 / a);
      return Math.pow(1 - p, b - 1) * fn(p);
    }, 0, lowMax, relTol) / a;
  const high = (fn: (p: number) => number) =>
    integrate((v) => {
      const q = Math.pow(v, 1 / b);
      return Math.pow(1 - q, a - 1) * fn(1 - q);
    }, 0, highMax, relTol) / b;
  const one = () => 1;
  return (low(h) + high(h)) / (low(one) + high(one));
}
