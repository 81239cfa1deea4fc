import { CANONICAL_SYMBOLS, normalizeCode } from './code-normalization.js';

const N = CANONICAL_SYMBOLS.length; // 33, odd
const VALUE = new Map<string, number>([...CANONICAL_SYMBOLS].map((c, i) => [c, i]));

/**
 * The check state after reading `key` (Damm's scheme over the quasigroup x∘y = 2x + y mod 33),
 * or -1 when a character is not one of the 33 canonical symbols.
 */
function checkState(key: string): number {
  let state = 0;
  for (const ch of key) {
    const v = VALUE.get(ch);
    if (v === undefined) return -1;
    state = (2 * state + v) % N;
  }
  return state;
}

/**
 * The check character of a code (computed over its normalised key, {@link normalizeCode}), or
 * `undefined` when the key holds a character outside {@link CANONICAL_SYMBOLS}. Appended to
 * the code, it lets a till or a web form reject typos before any lookup.
 *
 * The scheme is Damm's algorithm over the quasigroup `x∘y = (2x + y) mod 33` on the 33
 * canonical symbols. Because 33 is odd, 2 is invertible mod 33, so the operation is a
 * quasigroup (every row and column a permutation: every single-character substitution changes
 * the result) and totally anti-symmetric (`(c∘x)∘y = (c∘y)∘x` only when `x = y`: every
 * transposition of two adjacent different characters, the check character included, is caught).
 *
 * @example
 * ```ts
 * const body = 'SPRING-7KQ4-M2XD';
 * const code = `${body}${checkCharacter(body)}`;
 * hasValidCheckCharacter(code); // true
 * hasValidCheckCharacter(code.replace('7KQ4', 'K7Q4')); // false (adjacent transposition)
 * ```
 */
export function checkCharacter(code: string): string | undefined {
  const state = checkState(normalizeCode(code));
  if (state < 0) return undefined;
  // Choose c with state∘c = 0, i.e. 2·state + c ≡ 0 (mod 33).
  return CANONICAL_SYMBOLS[(N - ((2 * state) % N)) % N];
}

/**
 * True when the last character of the code's key is the check character of the rest (see
 * {@link checkCharacter}). Detects every single-character substitution and every adjacent
 * transposition.
 *
 * @example
 * ```ts
 * hasValidCheckCharacter('7KQ4M2XD' + checkCharacter('7KQ4M2XD')); // true
 * ```
 */
export function hasValidCheckCharacter(code: string): boolean {
  const key = normalizeCode(code);
  return key.length >= 2 && checkState(key) === 0;
}
