import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CANONICAL_SYMBOLS,
  UniformIndexSampler,
  checkCharacter,
  codeSpace,
  generateCodes,
  hasValidCheckCharacter,
  normalizeCode,
} from '../../src/coupons/index.js';
import { FidelisError } from '../../src/core/errors.js';

/** A deterministic byte source (xorshift32), for reproducible tests only. */
function seeded(seed: number) {
  let x = seed >>> 0 || 1;
  return (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      bytes[i] = x & 0xff;
    }
  };
}

describe('normalizeCode', () => {
  it('makes "spring-ab12", " SPRING-AB12 " and "SPRING-AB12" one code', () => {
    const keys = ['spring-ab12', ' SPRING-AB12 ', 'SPRING-AB12'].map(normalizeCode);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('SPR1NGAB12');
  });
  it('folds full-width forms, dash variants, spaces and look-alikes', () => {
    expect(normalizeCode('ＳＰＲＩＮＧ－ＡＢ１２')).toBe('SPR1NGAB12');
    expect(normalizeCode('SPRING – AB12')).toBe('SPR1NGAB12');
    expect(normalizeCode('SPRING\u2212AB\u00a012')).toBe('SPR1NGAB12');
    // Cyrillic Р and С, Greek Ο
    expect(normalizeCode('\u0420\u0421\u039f')).toBe('PC0');
    expect(normalizeCode('welcome10')).toBe(normalizeCode('WE1C0ME1O'));
  });
  it('is idempotent and keeps the default alphabet as is', () => {
    fc.assert(
      fc.property(fc.string(), (s) => normalizeCode(normalizeCode(s)) === normalizeCode(s)),
      { numRuns: 300 },
    );
    expect(normalizeCode(CODE_ALPHABET)).toBe(CODE_ALPHABET);
    expect(normalizeCode(CANONICAL_SYMBOLS)).toBe(CANONICAL_SYMBOLS);
  });
});

describe('UniformIndexSampler', () => {
  it('rejects masked bytes at or above the size (no modulo bias)', () => {
    // Bytes 30, 31, 63, 5: masked with 31 → 30, 31 (rejected), 31 (rejected), 5.
    const bytes = [30, 31, 63, 5];
    let call = 0;
    const sampler = new UniformIndexSampler(31, (b) => {
      for (let i = 0; i < b.length; i++) b[i] = bytes[(call * b.length + i) % 4] ?? 0;
      call += 1;
    });
    expect([sampler.next(), sampler.next()]).toEqual([30, 5]);
  });
  it('spreads evenly over every index', () => {
    const sampler = new UniformIndexSampler(31, seeded(7));
    const counts = new Array<number>(31).fill(0);
    for (let i = 0; i < 62_000; i++) counts[sampler.next()]! += 1;
    // Expected 2000 each; 5 standard deviations ≈ 220.
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(250);
  });
});

describe('generateCodes', () => {
  it('follows the pattern, prefix and postfix, from the default alphabet', () => {
    const codes = generateCodes({ count: 50, prefix: 'SPRING-', pattern: '####-####', postfix: '-26', random: seeded(1) });
    expect(codes).toHaveLength(50);
    for (const c of codes) expect(c).toMatch(/^SPRING-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-26$/);
    expect(new Set(codes.map(normalizeCode)).size).toBe(50);
  });
  it('never repeats a code of an earlier batch (set or predicate)', () => {
    // A tiny space (31^5 ≈ 2.9e7) with a generous bound, so collisions would happen without the check.
    const first = generateCodes({ count: 20, length: 5, maxShare: 1e-3, random: seeded(3) });
    const again = generateCodes({ count: 20, length: 5, maxShare: 1e-3, random: seeded(3), existing: first });
    expect(again.filter((c) => first.includes(c))).toEqual([]);
    const keys = new Set(first.map(normalizeCode));
    const viaPredicate = generateCodes({ count: 20, length: 5, maxShare: 1e-3, random: seeded(3), existing: (k) => keys.has(k), existingCount: 20 });
    expect(viaPredicate.filter((c) => first.includes(c))).toEqual([]);
  });
  it('refuses counts that make codes guessable, stating the bound', () => {
    // 31^6 ≈ 8.87e8 possible codes; at most 887 may exist with share ≤ 1e-6.
    expect(codeSpace({ length: 6 })).toBe(31 ** 6);
    expect(generateCodes({ count: 887, length: 6, random: seeded(5) })).toHaveLength(887);
    try {
      generateCodes({ count: 888, length: 6 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FidelisError);
      expect((e as FidelisError).code).toBe('UNSAFE_CODE_SPACE');
      // log(888e6)/log(31) = 6.000…3 → 7 symbols
      expect((e as FidelisError).details['minimumRandomSymbols']).toBe(7);
    }
    // Existing codes count towards the bound.
    expect(() => generateCodes({ count: 1, length: 6, existing: (k) => k === '', existingCount: 887 })).toThrow(/UNSAFE|guess/);
  });
  it('rejects charsets that normalisation would fold', () => {
    expect(() => generateCodes({ count: 1, charset: 'ABCDEFGHIJKLMNOP' })).toThrow(/charset/);
    expect(() => generateCodes({ count: 1, charset: 'abc' })).toThrow(/charset/);
    expect(() => generateCodes({ count: 1, pattern: 'AB', length: 3 })).toThrow(/pattern/);
  });
  it('appends a valid check character on request', () => {
    const codes = generateCodes({ count: 20, prefix: 'GIFT', length: 8, checkCharacter: true, random: seeded(9) });
    for (const c of codes) {
      expect(c).toHaveLength(13);
      expect(hasValidCheckCharacter(c)).toBe(true);
      expect(checkCharacter(c.slice(0, -1))).toBe(c.slice(-1));
    }
  });
});

describe('check character', () => {
  // Hand-computed: key "A2" → values A=10, 2=2; state = (2·0+10)=10, then (2·10+2)=22;
  // check c with 2·22 + c ≡ 0 (mod 33): 44 + c ≡ 0 → c = 22 → CANONICAL_SYMBOLS[22] = 'P'.
  it('matches a hand computation', () => {
    expect(CANONICAL_SYMBOLS[22]).toBe('P');
    expect(checkCharacter('A2')).toBe('P');
    expect(hasValidCheckCharacter('a-2-p')).toBe(true);
  });
  const symbols = [...CANONICAL_SYMBOLS];
  const body = fc.array(fc.constantFrom(...symbols), { minLength: 2, maxLength: 16 }).map((a) => a.join(''));
  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(body, fc.nat(), fc.constantFrom(...symbols), (b, pos, sub) => {
        const code = b + checkCharacter(b)!;
        const i = pos % code.length;
        fc.pre(code[i] !== sub);
        return !hasValidCheckCharacter(code.slice(0, i) + sub + code.slice(i + 1));
      }),
      { numRuns: 2000 },
    );
  });
  it('catches every adjacent transposition (check character included)', () => {
    fc.assert(
      fc.property(body, fc.nat(), (b, pos) => {
        const code = b + checkCharacter(b)!;
        const i = pos % (code.length - 1);
        fc.pre(code[i] !== code[i + 1]);
        return !hasValidCheckCharacter(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2));
      }),
      { numRuns: 2000 },
    );
  });
  it('is undefined for keys with non-alphanumeric characters', () => {
    expect(checkCharacter('AB#C')).toBeUndefined();
    expect(hasValidCheckCharacter('AB#C')).toBe(false);
  });
});
