import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256Key } from '../../src/coupons/hmac-sha256.js';

function mac(key: Uint8Array, message: Uint8Array, bytes = 32): string {
  const out = new Uint8Array(bytes);
  new HmacSha256Key(key).macInto(message, message.length, out);
  return Buffer.from(out).toString('hex');
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const repeat = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);

describe('HmacSha256Key', () => {
  // RFC 4231 §4: test cases 1, 2, 3, 6 and 7 (6 and 7 use a 131-byte key, hashed first).
  it.each([
    ['case 1', repeat(0x0b, 20), ascii('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['case 2', ascii('Jefe'), ascii('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['case 3', repeat(0xaa, 20), repeat(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    ['case 6', repeat(0xaa, 131), ascii('Test Using Larger Than Block-Size Key - Hash Key First'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
    [
      'case 7',
      repeat(0xaa, 131),
      ascii('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('matches RFC 4231 %s', (_name, key, message, expected) => {
    expect(mac(key, message)).toBe(expected);
  });

  it('truncates to the requested length (RFC 4231 case 5: 128 bits)', () => {
    expect(mac(repeat(0x0c, 20), ascii('Test With Truncation'), 16)).toBe('a3b6167473100ee06e0c796c2955552b');
  });

  it('equals node:crypto createHmac for any key and message, including block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 200 }), (key, message) => {
        expect(mac(key, message)).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }),
      { numRuns: 300 },
    );
    for (const length of [55, 56, 63, 64, 65, 119, 120, 128]) {
      const key = repeat(7, 32);
      const message = repeat(length, length);
      expect(mac(key, message)).toBe(createHmac('sha256', key).update(message).digest('hex'));
    }
  });

  it('reads only the first `length` bytes of the message buffer', () => {
    const key = ascii('k-0123456789abcdef');
    const buffer = ascii('payload-and-trailing-garbage');
    const out = new Uint8Array(32);
    new HmacSha256Key(key).macInto(buffer, 7, out);
    expect(Buffer.from(out).toString('hex')).toBe(createHmac('sha256', key).update('payload').digest('hex'));
  });
});
