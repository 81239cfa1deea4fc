// The contact-id hash: MurmurHash3_x86_128 (seed 0) of the UTF-8 bytes of the key text
// `lengths|fields`, computed without building that text (the planner hashes every step instance
// of every customer). Internal to the module; `contactId` in contact-id.ts is the public face and
// documents the scheme.

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

/** The key's UTF-8 bytes, zero-padded to whole 16-byte blocks; grown on demand, reused. */
let bytes = new Uint8Array(256);
let size = 0;

function reserve(more: number): void {
  if (size + more + 16 <= bytes.length) return;
  let length = bytes.length * 2;
  while (length < size + more + 16) length *= 2;
  const grown = new Uint8Array(length);
  grown.set(bytes.subarray(0, size));
  bytes = grown;
}

/** Append a whole number in decimal. */
function putNumber(n: number): void {
  reserve(16);
  if (n < 10) {
    bytes[size++] = 48 + n;
    return;
  }
  const text = String(n);
  for (let i = 0; i < text.length; i++) bytes[size++] = text.charCodeAt(i);
}

/**
 * Append `text` in UTF-8 (characters below U+D800 or above U+DFFF); false, having appended
 * part of it, when it holds a surrogate: a pair may then span two fields, so the caller encodes
 * the whole key text at once instead.
 */
function putText(text: string): boolean {
  reserve(text.length * 3);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes[size++] = c;
    } else if (c < 0x800) {
      bytes[size++] = 0xc0 | (c >> 6);
      bytes[size++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      return false;
    } else {
      bytes[size++] = 0xe0 | (c >> 12);
      bytes[size++] = 0x80 | ((c >> 6) & 63);
      bytes[size++] = 0x80 | (c & 63);
    }
  }
  return true;
}

const encoder = new TextEncoder();

/** Encode the whole key text (the rare keys with characters beyond U+FFFF or lone surrogates). */
function putKeyText(text: string): void {
  size = 0;
  reserve(text.length * 3);
  size = encoder.encodeInto(text, bytes).written;
}

const word = (i: number): number => (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
const mixK1 = (k: number): number => Math.imul(rotl(Math.imul(k, C1), 15), C2);
const mixK2 = (k: number): number => Math.imul(rotl(Math.imul(k, C2), 16), C3);
const mixK3 = (k: number): number => Math.imul(rotl(Math.imul(k, C3), 17), C4);
const mixK4 = (k: number): number => Math.imul(rotl(Math.imul(k, C4), 18), C1);

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The id's characters: `ct_` and 32 hex digits (char codes), overwritten by each hash. */
const idCodes: number[] = [99, 116, 95, ...new Array<number>(32).fill(48)];
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** Write the 4 little-endian bytes of `h` as 8 hex digits at `at`. */
function putHex(h: number, at: number): void {
  for (let i = 0; i < 4; i++) {
    const b = (h >>> (8 * i)) & 255;
    idCodes[at + 2 * i] = HEX[b >> 4] as number;
    idCodes[at + 2 * i + 1] = HEX[b & 15] as number;
  }
}

/** MurmurHash3_x86_128 (seed 0) of `bytes[0, size)` as `ct_` + 32 hex digits. */
function murmur(): string {
  const len = size;
  bytes.fill(0, len, len + 16);
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  const whole = len - (len & 15);
  for (let i = 0; i < whole; i += 16) {
    h1 = (Math.imul(rotl((h1 ^ mixK1(word(i))) | 0, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 = (Math.imul(rotl((h2 ^ mixK2(word(i + 4))) | 0, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 = (Math.imul(rotl((h3 ^ mixK3(word(i + 8))) | 0, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 = (Math.imul(rotl((h4 ^ mixK4(word(i + 12))) | 0, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // The tail, zero-padded: a lane is mixed when it holds at least one byte.
  const tail = len & 15;
  if (tail > 12) h4 ^= mixK4(word(whole + 12));
  if (tail > 8) h3 ^= mixK3(word(whole + 8));
  if (tail > 4) h2 ^= mixK2(word(whole + 4));
  if (tail > 0) h1 ^= mixK1(word(whole));
  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  putHex(h1, 3);
  putHex((h2 + h1) | 0, 11);
  putHex((h3 + h1) | 0, 19);
  putHex((h4 + h1) | 0, 27);
  return String.fromCharCode.apply(null, idCodes);
}

/** The key text: the five fields' lengths (UTF-16 code units), then the fields. */
const keyText = (customerId: string, journeyId: string, stepId: string, anchor: string, occurrence: string): string =>
  `${customerId.length},${journeyId.length},${stepId.length},${anchor.length},${occurrence.length}|${customerId}${journeyId}${stepId}${anchor}${occurrence}`;

/**
 * `ct_` + hex of MurmurHash3_x86_128 (seed 0) over the UTF-8 bytes of the key text; see
 * `contactId`. The bytes are written straight into a reused buffer (the same bytes as encoding
 * `keyText`, which is only built for keys holding surrogates).
 */
export function contactHash(customerId: string, journeyId: string, stepId: string, anchor: string, occurrence: string): string {
  size = 0;
  putNumber(customerId.length);
  bytes[size++] = 44; // ','
  putNumber(journeyId.length);
  bytes[size++] = 44;
  putNumber(stepId.length);
  bytes[size++] = 44;
  putNumber(anchor.length);
  bytes[size++] = 44;
  putNumber(occurrence.length);
  bytes[size++] = 124; // '|'
  if (!(putText(customerId) && putText(journeyId) && putText(stepId) && putText(anchor) && putText(occurrence))) {
    putKeyText(keyText(customerId, journeyId, stepId, anchor, occurrence));
  }
  return murmur();
}
