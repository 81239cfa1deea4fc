import { FidelisError } from '../errors.js';
import type { ValidationIssue } from '../errors.js';
import { validationError } from '../errors.js';
import { checkCharacter } from './check-character.js';
import { CANONICAL_SYMBOLS, CODE_ALPHABET, isCanonicalSymbol, normalizeCode } from './code-normalization.js';
import { type RandomSource, UniformIndexSampler, cryptoRandomSource } from './random-source.js';

/**
 * The default bound on the share of the code space in use: at most one code in a million of the
 * possible codes exists, so a random guess (of the right shape) hits a valid code with a
 * probability of at most 1 in 1,000,000.
 *
 * @example
 * ```ts
 * DEFAULT_MAX_SHARE; // 0.000001
 * ```
 */
export const DEFAULT_MAX_SHARE = 1e-6;

/**
 * Options of {@link generateCodes}. Give either a `pattern` or a `length` (default 10) of random
 * symbols; `charset` defaults to {@link CODE_ALPHABET}.
 *
 * @example
 * ```ts
 * const options: GenerateCodesOptions = { count: 1000, pattern: '####-####', prefix: 'SPRING-' };
 * ```
 */
export interface GenerateCodesOptions {
  /** How many new codes to generate (1 to 10,000,000). */
  readonly count: number;
  /** Layout of the random part: each `#` is one random symbol, every other character is kept as is (e.g. `'####-####'`). */
  readonly pattern?: string;
  /** Number of random symbols when there is no pattern (default 10). */
  readonly length?: number;
  /** The symbols to draw from (2 to 256 distinct characters, each its own normal form: no lower case, no `O`/`I`/`L`). */
  readonly charset?: string;
  /** Text before the random part, e.g. `'SPRING-'`. */
  readonly prefix?: string;
  /** Text after the random part. */
  readonly postfix?: string;
  /** Append a check character ({@link checkCharacter}) so typos are caught before any lookup. */
  readonly checkCharacter?: boolean;
  /** Codes that already exist (any form: they are normalised), or a predicate on normalised keys. New codes never collide with them. */
  readonly existing?: Iterable<string> | ((key: string) => boolean);
  /** With a predicate for `existing`: how many codes of this shape already exist (for the share bound). */
  readonly existingCount?: number;
  /** Largest share of the code space that may be in use after this batch (default {@link DEFAULT_MAX_SHARE}; at most 0.001). */
  readonly maxShare?: number;
  /** Randomness (default: the platform CSPRNG). */
  readonly random?: RandomSource;
}

/**
 * The size of the space of codes a layout can produce: `charset.length ^ randomSymbols`.
 *
 * @example
 * ```ts
 * codeSpace({ count: 1, length: 10 }); // 31^10 ≈ 8.2e14
 * ```
 */
export function codeSpace(options: Pick<GenerateCodesOptions, 'pattern' | 'length' | 'charset'> & { readonly count?: number }): number {
  const charset = options.charset ?? CODE_ALPHABET;
  const slots = options.pattern === undefined ? (options.length ?? 10) : [...options.pattern].filter((c) => c === '#').length;
  return [...charset].length ** slots;
}

function checkOptions(o: GenerateCodesOptions, charset: readonly string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!Number.isInteger(o.count) || o.count < 1 || o.count > 10_000_000) {
    issues.push({ path: 'count', message: `${o.count} must be an integer from 1 to 10,000,000` });
  }
  if (o.pattern !== undefined && o.length !== undefined) {
    issues.push({ path: 'length', message: 'give either a pattern or a length, not both' });
  }
  if (o.pattern !== undefined && !o.pattern.includes('#')) {
    issues.push({ path: 'pattern', message: `"${o.pattern}" has no "#" (random symbol)` });
  }
  if (o.length !== undefined && (!Number.isInteger(o.length) || o.length < 1 || o.length > 64)) {
    issues.push({ path: 'length', message: `${o.length} must be an integer from 1 to 64` });
  }
  if (charset.length < 2 || charset.length > 256 || new Set(charset).size !== charset.length) {
    issues.push({ path: 'charset', message: 'must hold 2 to 256 distinct characters' });
  }
  const bad = charset.filter((c) => !isCanonicalSymbol(c) || /[\s\p{Pd}#]/u.test(c));
  if (bad.length > 0) {
    issues.push({
      path: 'charset',
      message: `"${bad.join('')}" are not their own normal form (normalizeCode maps lower case to upper, O/I/L to 0/1/1 and drops dashes/spaces), so two codes would read as one`,
    });
  }
  if (o.maxShare !== undefined && !(o.maxShare > 0 && o.maxShare <= 1e-3)) {
    issues.push({ path: 'maxShare', message: `${o.maxShare} must be above 0 and at most 0.001` });
  }
  if (o.checkCharacter === true) {
    for (const [path, text] of [['prefix', o.prefix], ['postfix', o.postfix], ['pattern', o.pattern]] as const) {
      const key = normalizeCode((text ?? '').replaceAll('#', ''));
      if ([...key].some((c) => !CANONICAL_SYMBOLS.includes(c))) {
        issues.push({ path, message: `with checkCharacter, only letters and digits may appear (found "${text}")` });
      }
    }
    if (charset.some((c) => !CANONICAL_SYMBOLS.includes(c))) {
      issues.push({ path: 'charset', message: 'with checkCharacter, the charset must use only letters and digits' });
    }
  }
  return issues;
}

/**
 * Generate `count` new, unique codes (coupons, referral codes) from a CSPRNG.
 *
 * - Each random symbol is drawn uniformly by rejection sampling ({@link UniformIndexSampler}).
 * - Codes are unique by their normalised key ({@link normalizeCode}) within the batch and
 *   against `existing` (previous batches), so a batch never collides with stored codes.
 * - Guessability bound: after the batch, the codes of this shape in use (`existing` plus
 *   `count`) may be at most `maxShare` (default 10⁻⁶) of the code space
 *   `charset.length ^ randomSymbols`. A random guess of the right shape then succeeds with
 *   probability ≤ 1 in 1,000,000. Larger requests throw `UNSAFE_CODE_SPACE`, naming the
 *   smallest length that would be safe. 1,000,000 codes of the default alphabet need ≥ 9
 *   random symbols (31⁹ ≈ 2.6·10¹³).
 * - With `checkCharacter`, a {@link checkCharacter} over the whole code is appended.
 *
 * Returns the printable codes (prefix + pattern + postfix [+ check character]).
 *
 * @example
 * ```ts
 * const codes = generateCodes({ count: 3, prefix: 'SPRING-', pattern: '####-####' });
 * // ['SPRING-7KQ4-M2XD', 'SPRING-H3ZP-9WAE', 'SPRING-CN5V-TB8R']
 * generateCodes({ count: 1_000_000, length: 6 }); // throws FidelisError UNSAFE_CODE_SPACE
 * ```
 */
export function generateCodes(options: GenerateCodesOptions): string[] {
  const charset = [...(options.charset ?? CODE_ALPHABET)];
  const issues = checkOptions(options, charset);
  if (issues.length > 0) throw validationError('code generation options', issues);

  const layout = [...(options.pattern ?? '#'.repeat(options.length ?? 10))];
  const slots = layout.filter((c) => c === '#').length;
  const space = charset.length ** slots;

  let seen: Set<string>;
  let isTaken: (key: string) => boolean;
  let existingCount: number;
  const existing = options.existing;
  if (typeof existing === 'function') {
    seen = new Set();
    isTaken = (key) => seen.has(key) || existing(key);
    existingCount = options.existingCount ?? 0;
  } else {
    seen = new Set();
    for (const code of existing ?? []) seen.add(normalizeCode(code));
    existingCount = seen.size;
    isTaken = (key) => seen.has(key);
  }
  const inUse = existingCount + options.count;
  const maxShare = options.maxShare ?? DEFAULT_MAX_SHARE;
  if (inUse > maxShare * space) {
    const safeSlots = Math.ceil(Math.log(inUse / maxShare) / Math.log(charset.length));
    throw new FidelisError(
      'UNSAFE_CODE_SPACE',
      `count: ${options.count} codes (${inUse} in use) would fill ${(inUse / space).toExponential(2)} of the ${space.toExponential(2)} possible codes, above the bound ${maxShare}; a random guess would succeed too often. Use at least ${safeSlots} random symbols.`,
      { count: options.count, inUse, space, share: inUse / space, maxShare, minimumRandomSymbols: safeSlots },
    );
  }

  const sampler = new UniformIndexSampler(charset.length, options.random ?? cryptoRandomSource);
  const prefix = options.prefix ?? '';
  const postfix = options.postfix ?? '';
  const prefixKey = normalizeCode(prefix);
  const postfixKey = normalizeCode(postfix);
  // Literal parts of the layout are fixed: precompute their key contribution.
  const literalKey = layout.map((c) => (c === '#' ? '' : normalizeCode(c)));
  const codes: string[] = [];
  while (codes.length < options.count) {
    let display = '';
    let key = '';
    for (let i = 0; i < layout.length; i++) {
      const c = layout[i] as string;
      if (c === '#') {
        const symbol = charset[sampler.next()] as string;
        display += symbol;
        key += symbol;
      } else {
        display += c;
        key += literalKey[i] as string;
      }
    }
    let fullKey = prefixKey + key + postfixKey;
    const check = options.checkCharacter === true ? (checkCharacter(fullKey) as string) : '';
    fullKey += check;
    if (isTaken(fullKey)) continue;
    seen.add(fullKey);
    codes.push(prefix + display + postfix + check);
  }
  return codes;
}
