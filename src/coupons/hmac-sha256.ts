// HMAC-SHA256 (RFC 2104, FIPS 180-4) with the key's padded blocks hashed once (module-internal).
//
// RFC 2104 §4 recommends it: "the intermediate results of the compression function on the
// B-byte blocks (K XOR ipad) and (K XOR opad) can be precomputed only once at the time of
// generation of the key". node:crypto cannot resume a hash from such a state, so the
// compression function is written out here: a short signed-code MAC then costs two
// compressions and no native call, about three times less than `createHmac` per code.
// Verified against node:crypto's createHmac in test/coupons/hmac-sha256.test.ts.

// prettier-ignore
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK = 64;

// Scratch space: evaluation is synchronous, so one set serves every call.
const W = new Int32Array(64);
const state = new Int32Array(8);
const tail = new Uint8Array(2 * BLOCK);

/** Load 16 big-endian words from `bytes` at `offset` into W[0..15]. */
function load(bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + 4 * i;
    W[i] = ((bytes[j] as number) << 24) | ((bytes[j + 1] as number) << 16) | ((bytes[j + 2] as number) << 8) | (bytes[j + 3] as number);
  }
}

/** One SHA-256 compression of W[0..15] into `h` (FIPS 180-4 §6.2.2). */
function compress(h: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = W[t - 15] as number;
    const y = W[t - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = ((W[t - 16] as number) + s0 + (W[t - 7] as number) + s1) | 0;
  }
  let a = h[0] as number, b = h[1] as number, c = h[2] as number, d = h[3] as number;
  let e = h[4] as number, f = h[5] as number, g = h[6] as number, k = h[7] as number;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + (K[t] as number) + (W[t] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = ((h[0] as number) + a) | 0;
  h[1] = ((h[1] as number) + b) | 0;
  h[2] = ((h[2] as number) + c) | 0;
  h[3] = ((h[3] as number) + d) | 0;
  h[4] = ((h[4] as number) + e) | 0;
  h[5] = ((h[5] as number) + f) | 0;
  h[6] = ((h[6] as number) + g) | 0;
  h[7] = ((h[7] as number) + k) | 0;
}

/**
 * Continue the hash in `h` (which has absorbed `prefix` bytes, a multiple of 64) with the
 * first `length` bytes of `message`, then pad and finish: `h` holds the digest words.
 */
function finish(h: Int32Array, prefix: number, message: Uint8Array, length: number): void {
  let offset = 0;
  for (; length - offset >= BLOCK; offset += BLOCK) {
    load(message, offset);
    compress(h);
  }
  const rest = length - offset;
  const blocks = rest + 9 <= BLOCK ? 1 : 2;
  tail.fill(0, 0, blocks * BLOCK);
  for (let i = 0; i < rest; i++) tail[i] = message[offset + i] as number;
  tail[rest] = 0x80;
  // The message length in bits, big-endian in the last 8 bytes (below 2^53, as a number).
  const bits = (prefix + length) * 8;
  const end = blocks * BLOCK;
  const high = Math.floor(bits / 2 ** 32);
  for (let i = 0; i < 4; i++) {
    tail[end - 1 - i] = (bits >>> (8 * i)) & 0xff;
    tail[end - 5 - i] = (high >>> (8 * i)) & 0xff;
  }
  for (let b = 0; b < blocks; b++) {
    load(tail, b * BLOCK);
    compress(h);
  }
}

/** The state after hashing one 64-byte block `key XOR pad`. */
function padded(key: Uint8Array, pad: number): Int32Array {
  const block = new Uint8Array(BLOCK).fill(pad);
  for (let i = 0; i < key.length; i++) block[i] = (block[i] as number) ^ (key[i] as number);
  const h = IV.slice();
  load(block, 0);
  compress(h);
  return h;
}

/** SHA-256 of `bytes` (used for keys longer than a block, RFC 2104 §2). */
function sha256(bytes: Uint8Array): Uint8Array {
  const h = IV.slice();
  finish(h, 0, bytes, bytes.length);
  return wordsToBytes(h, 32);
}

function wordsToBytes(h: Int32Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = ((h[i >> 2] as number) >>> (24 - 8 * (i & 3))) & 0xff;
  return out;
}

/**
 * An HMAC-SHA256 key with its inner and outer padded blocks already hashed, so each MAC costs
 * only the message's compressions plus one for the outer hash.
 *
 * @example
 * ```ts
 * const key = new HmacSha256Key(new TextEncoder().encode('a-secret-of-16-bytes-or-more'));
 * const tag = new Uint8Array(10);
 * key.macInto(message, message.length, tag); // the first 10 bytes of HMAC-SHA256(key, message)
 * ```
 */
export class HmacSha256Key {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;

  /** Prepare `secret` (any length; longer than 64 bytes is hashed first, as RFC 2104 says). */
  constructor(secret: Uint8Array) {
    const key = secret.length > BLOCK ? sha256(secret) : secret;
    this.inner = padded(key, 0x36);
    this.outer = padded(key, 0x5c);
  }

  /** Write the first `out.length` (≤ 32) bytes of the MAC of `message[0, length)` into `out`. */
  macInto(message: Uint8Array, length: number, out: Uint8Array): void {
    state.set(this.inner);
    finish(state, BLOCK, message, length);
    // Outer hash: opad block (precomputed) ‖ the 32-byte inner digest, one padded block.
    for (let i = 0; i < 8; i++) W[i] = state[i] as number;
    W[8] = 0x80000000;
    for (let i = 9; i < 15; i++) W[i] = 0;
    W[15] = (BLOCK + 32) * 8;
    state.set(this.outer);
    compress(state);
    for (let i = 0; i < out.length; i++) out[i] = ((state[i >> 2] as number) >>> (24 - 8 * (i & 3))) & 0xff;
  }
}
