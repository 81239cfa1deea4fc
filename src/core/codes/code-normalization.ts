/**
 * The default alphabet of generated codes: 31 symbols, the digits 2–9 and the letters A–Z
 * without the confusable `I`, `L` and `O` (and without `0`/`1`, their look-alikes). Every symbol
 * is its own normal form under {@link normalizeCode}; 31 is prime (odd), which the check
 * character needs.
 *
 * @example
 * ```ts
 * CODE_ALPHABET.length; // 31
 * CODE_ALPHABET.includes('O'); // false
 * ```
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * The symbols a normalised code key is made of when it is plain alphanumeric: `0`–`9` and
 * `A`–`Z` without `I`, `L`, `O` (which {@link normalizeCode} maps to `1`, `1`, `0`): 33 symbols.
 * The check character is computed over these.
 *
 * @example
 * ```ts
 * CANONICAL_SYMBOLS.length; // 33
 * ```
 */
export const CANONICAL_SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTUVWXYZ';

// Look-alikes mapped to one canonical character. Cyrillic and Greek capitals that render like
// Latin ones (a code read off a screen or pasted from a chat may carry them), then the
// Crockford mapping of the ASCII confusables: O → 0, I → 1, L → 1.
const CONFUSABLE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic
  ['А', 'A'], ['В', 'B'], ['Е', 'E'], ['К', 'K'], ['М', 'M'], ['Н', 'H'], ['О', '0'], ['Р', 'P'],
  ['С', 'C'], ['Т', 'T'], ['Х', 'X'], ['У', 'Y'], ['Ѕ', 'S'], ['І', '1'], ['Ј', 'J'], ['Ԛ', 'Q'],
  ['Ԝ', 'W'], ['З', '3'],
  // Greek
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', '1'], ['Κ', 'K'], ['Μ', 'M'],
  ['Ν', 'N'], ['Ο', '0'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'],
  // Latin confusables (Crockford)
  ['O', '0'], ['I', '1'], ['L', '1'],
];

const CONFUSABLES = new Map<string, string>(CONFUSABLE_PAIRS);

// Whitespace and every dash (hyphen, en/em dash, minus sign…) are separators, not symbols.
const SEPARATORS = /[\s\p{Pd}\u2212]/u;

// Printable ASCII (U+0020–U+007E) is its own NFKC form; its only separators are space and
// hyphen-minus. For it the whole normalisation is one character map: ASCII_KEY[c] is the key
// character of c, 0 for a separator, −1 outside printable ASCII (the general path then runs).
const ASCII_KEY = new Int16Array(128).fill(-1);
for (let c = 0x21; c < 0x7f; c++) ASCII_KEY[c] = String.fromCharCode(c).toUpperCase().charCodeAt(0);
ASCII_KEY[0x20] = 0;
ASCII_KEY[0x2d] = 0;
for (const [from, to] of [['O', '0'], ['I', '1'], ['L', '1']] as const) {
  ASCII_KEY[from.charCodeAt(0)] = to.charCodeAt(0);
  ASCII_KEY[from.toLowerCase().charCodeAt(0)] = to.charCodeAt(0);
}
const keyChars = new Uint16Array(256);

/** The key of a printable-ASCII code (the input itself when already a key); undefined otherwise. */
function asciiKey(input: string): string | undefined {
  const n = input.length;
  if (n > keyChars.length) return undefined;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    const key = c < 128 ? (ASCII_KEY[c] as number) : -1;
    if (key < 0) return undefined;
    if (key !== 0) keyChars[k++] = key;
  }
  if (k === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = keyChars[i] === input.charCodeAt(i);
    if (same) return input;
  }
  return String.fromCharCode.apply(null, keyChars.subarray(0, k) as unknown as number[]);
}

/**
 * The one normalisation of a code (coupon or referral), used for lookup AND for usage accounting, so that
 * `"spring-ab12"`, `" SPRING-AB12 "` and `"SPRING-AB12"` are one code:
 *
 * 1. Unicode NFKC (full-width `ＡＢ１２` → `AB12`, ligatures and compatibility forms folded);
 * 2. upper case (locale-independent);
 * 3. separators removed: all whitespace (so trimming is implied) and every dash character
 *    (`-`, `‐`, `–`, `—`, `−`…). Codes are printed with dashes for readability
 *    (`SPRING-AB12-CD34`), typed with or without them; the dashes never distinguish two codes;
 * 4. confusable characters mapped to one canonical symbol: Cyrillic/Greek capitals that look
 *    Latin (`А`, `Ο`, `Ρ`…) to their Latin twin, then `O` → `0`, `I` → `1`, `L` → `1`
 *    (Crockford's mapping).
 *
 * The result is a key, not a display form (`SPRING` keys as `SPR1NG`): store the printed code
 * beside it. Generated codes use {@link CODE_ALPHABET}, whose symbols are all their own key.
 *
 * @example
 * ```ts
 * normalizeCode(' spring-ab12 ');  // 'SPR1NGAB12'
 * normalizeCode('SPRING-AB12') === normalizeCode('spring ab12'); // true
 * normalizeCode('ＷＥＬＣＯＭＥ–１０'); // 'WE1C0ME10'
 * ```
 */
export function normalizeCode(input: string): string {
  const ascii = asciiKey(input);
  if (ascii !== undefined) return ascii;
  const upper = input.normalize('NFKC').toUpperCase();
  let out = '';
  for (const ch of upper) {
    if (SEPARATORS.test(ch)) continue;
    out += CONFUSABLES.get(ch) ?? ch;
  }
  return out;
}

/**
 * True when `symbol` is a single character that is its own normal form (so two codes made of
 * such symbols are equal exactly when their keys are). Generation charsets must consist of them.
 *
 * @example
 * ```ts
 * isCanonicalSymbol('A'); // true
 * isCanonicalSymbol('O'); // false (normalises to '0')
 * isCanonicalSymbol('a'); // false (normalises to 'A')
 * ```
 */
export function isCanonicalSymbol(symbol: string): boolean {
  return [...symbol].length === 1 && normalizeCode(symbol) === symbol;
}
