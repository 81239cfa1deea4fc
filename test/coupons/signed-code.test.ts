import { describe, expect, it } from 'vitest';
import { normalizeCode, signCode, verifyCode } from '../../src/coupons/index.js';
import { endOfLocalDate } from '../../src/core/time.js';

const key1 = { id: 1, secret: 'test-secret-one-0123456789abcdef' };
const key2 = { id: 2, secret: 'test-secret-two-0123456789abcdef' };
const expiresAt = endOfLocalDate('2026-12-31', 'Europe/Paris'); // 2026-12-31T22:59:59.999Z
const now = new Date('2026-06-01T10:00:00Z');
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('signCode / verifyCode', () => {
  const code = signCode({ campaign: 'Spring26', serial: 123_456_789, expiresAt }, key1);

  it('prints the campaign and 32 symbols in groups of four, QR/receipt sized', () => {
    expect(code).toMatch(/^SPRING26(-[0-9A-HJKMNP-TV-Z]{4}){8}$/);
    expect(normalizeCode(code)).toHaveLength(8 + 32);
  });
  it('verifies genuine codes in any typed form', () => {
    for (const typed of [code, code.toLowerCase(), ` ${code.replaceAll('-', ' ')} `]) {
      const r = verifyCode(typed, [key2, key1], now);
      expect(r).toEqual({ valid: true, campaign: 'SPR1NG26', serial: 123_456_789, expiresAt: new Date('2026-12-31T22:59:59.999Z'), keyId: 1, key: normalizeCode(code) });
    }
  });
  it('keeps the expiry to the end of the signed second', () => {
    expect(verifyCode(code, [key1], new Date('2026-12-31T22:59:59.999Z')).valid).toBe(true);
    const late = verifyCode(code, [key1], new Date('2026-12-31T23:00:00.000Z'));
    expect(late).toMatchObject({ valid: false, reason: 'EXPIRED' });
  });
  it('rejects every single-character change', () => {
    const key = normalizeCode(code);
    let tried = 0;
    for (let i = 0; i < key.length; i++) {
      for (const c of BASE32 + 'U') {
        if (c === key[i]) continue;
        const changed = key.slice(0, i) + c + key.slice(i + 1);
        const r = verifyCode(changed, [key1, key2], now);
        expect(r.valid, `${changed}`).toBe(false);
        tried += 1;
      }
    }
    expect(tried).toBe(40 * 32);
  });
  it('rejects a wrong key, an unknown key id and forgeries with reasons', () => {
    const forgedWithOtherSecret = signCode({ campaign: 'SPRING26', serial: 1, expiresAt }, { id: 1, secret: 'attacker-guessed-secret-xxxxxxxx' });
    expect(verifyCode(forgedWithOtherSecret, [key1], now)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(verifyCode(code, [key2], now)).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' });
    // Same payload re-labelled to another campaign.
    expect(verifyCode(code.replace('SPRING26', 'SUMMER26'), [key1], now)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(verifyCode('SPRING26-ABCD', [key1], now)).toMatchObject({ valid: false, reason: 'MALFORMED' });
    expect(verifyCode(`SPRING26-${'0'.repeat(32)}`, [key1], now)).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' });
  });
  it('supports rotation: a code signed with key 2 verifies while key 2 is honoured', () => {
    const newer = signCode({ campaign: 'SPRING26', serial: 7, expiresAt }, key2);
    expect(verifyCode(newer, [key1, key2], now)).toMatchObject({ valid: true, keyId: 2, serial: 7 });
    expect(verifyCode(newer, [key1], now)).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' });
  });
  it('validates its input', () => {
    expect(() => signCode({ campaign: 'SPRING 26!', serial: -1, expiresAt }, { id: 300, secret: 'short' })).toThrow(
      /campaign.*serial.*key\.id.*key\.secret/,
    );
  });
});
