// HMAC-SHA256 for signed codes, by node:crypto. The key is turned into a KeyObject once per
// SigningKey, and the tag is written into a caller's buffer, so verifying allocates little.
import { type KeyObject, createHmac, createSecretKey } from 'node:crypto';

/**
 * An HMAC-SHA256 key prepared once (a `node:crypto` KeyObject), writing truncated tags into a
 * caller's buffer.
 *
 * @example
 * ```ts
 * const key = new HmacSha256Key(new TextEncoder().encode('a-secret-of-16-bytes-or-more'));
 * const tag = new Uint8Array(10);
 * key.macInto(message, message.length, tag); // the first 10 bytes of HMAC-SHA256(key, message)
 * ```
 */
export class HmacSha256Key {
  private readonly key: KeyObject;

  /** Prepare `secret` (any length; RFC 2104 hashes one longer than a block first). */
  constructor(secret: Uint8Array) {
    this.key = createSecretKey(secret);
  }

  /** Write the first `out.length` (≤ 32) bytes of the MAC of `message[0, length)` into `out`. */
  macInto(message: Uint8Array, length: number, out: Uint8Array): void {
    const digest = createHmac('sha256', this.key).update(message.subarray(0, length)).digest();
    out.set(digest.subarray(0, out.length));
  }
}
