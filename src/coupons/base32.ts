// Crockford base32 (0-9, A-Z without I, L, O, U), the encoding of signed-code payloads. Its
// symbols are all their own normal form under normalizeCode, so a payload survives lookups
// typed in lower case, with dashes, or with O/I/L for 0/1/1. Module-internal.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Encode bytes whose bit length is a multiple of 5 (e.g. 20 bytes → 32 symbols). */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decode the canonical base32 symbols of `text` from `start` to its end into `out` (filled
 * exactly: 8 × out.length = 5 × symbols); false on a foreign symbol or a wrong length.
 */
export function decodeBase32Into(text: string, start: number, out: Uint8Array): boolean {
  if ((text.length - start) * 5 !== out.length * 8) return false;
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (VALUES[code] as number) : -1;
    if (v < 0) return false;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return true;
}
