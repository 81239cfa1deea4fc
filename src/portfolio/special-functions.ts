// Special functions for the customer-base models, in double precision and on the log scale
// where the models need it. Written here (not taken from a package) because the models need
// only these few, with known accuracy: lnΓ to ~1e-15 absolute for positive arguments
// (Lanczos, g = 607/128, 15 terms, as in Godfrey's table), ψ by recurrence to x ≥ 12 plus the
// asymptotic series (~1e-15).

const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
  -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4,
  -0.98374475304879564677e-4, 0.15808870322491248884e-3, -0.21026444172410488319e-3,
  0.2174396181152126432e-3, -0.16431810653676389022e-3, 0.84418223983852743293e-4,
  -0.2619083840158140867e-4, 0.36899182659531622704e-5,
] as const;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln|Γ(x)|, the logarithm of the absolute value of the gamma function (−∞ never returned:
 * poles at 0, −1, −2, … give `Infinity`).
 *
 * @example
 * ```ts
 * import { logGamma } from 'fidelis';
 * logGamma(5); // ln 24 ≈ 3.1780538303479458
 * ```
 */
export function logGamma(x: number): number {
  if (x < 0.5) {
    const s = Math.sin(Math.PI * x);
    if (s === 0) return Infinity;
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(s)) - logGamma(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The sign of Γ(x): 1 for x > 0, alternating between the poles for x < 0 (0 at a pole).
 *
 * @example
 * ```ts
 * import { gammaSign } from 'fidelis';
 * gammaSign(-0.5); // -1 (Γ(−½) = −2√π)
 * ```
 */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return 0;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/**
 * The digamma function ψ(x) = d/dx ln Γ(x), for x > 0 (recurrence to x ≥ 12, then the
 * asymptotic series).
 *
 * @example
 * ```ts
 * import { digamma } from 'fidelis';
 * digamma(1); // −0.5772156649015329 (minus the Euler–Mascheroni constant)
 * ```
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let result = 0;
  while (x < 12) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  result +=
    Math.log(x) -
    0.5 * inv -
    inv2 *
      (1 / 12 -
        inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return result;
}

/**
 * ln(eᵃ + eᵇ) without overflow or underflow.
 *
 * @example
 * ```ts
 * import { logAddExp } from 'fidelis';
 * logAddExp(1000, 1000); // 1000 + ln 2
 * ```
 */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * ln(eᵃ − eᵇ) for a ≥ b (−∞ when a = b), without overflow or underflow.
 *
 * @example
 * ```ts
 * import { logSubExp } from 'fidelis';
 * logSubExp(Math.log(3), Math.log(1)); // ln 2
 * ```
 */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a <= b) return -Infinity;
  return a + Math.log(-Math.expm1(b - a));
}

/**
 * ln(1 + eˣ) (the "softplus"), accurate for large and very negative x.
 *
 * @example
 * ```ts
 * import { log1pExp } from 'fidelis';
 * log1pExp(0); // ln 2
 * ```
 */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
