import { validationError } from '../core/errors.js';
import type { ValidationIssue } from '../core/errors.js';
import { decodeBase32Into, encodeBase32 } from './base32.js';
import { CANONICAL_SYMBOLS, normalizeCode } from './code-normalization.js';
import { HmacSha256Key } from './hmac-sha256.js';

/**
 * A secret for signing codes, with the id printed in every code it signs so keys can rotate:
 * sign with the newest key, verify with all keys still honoured, drop a key to void its codes.
 *
 * @example
 * ```ts
 * const key: SigningKey = { id: 2, secret: process.env.COUPON_KEY_2! };
 * ```
 */
export interface SigningKey {
  /** Key id, 0–255, carried in the code. */
  readonly id: number;
  /** The HMAC secret: at least 16 bytes (a string is taken as UTF-8). Keep it out of source code. */
  readonly secret: string | Uint8Array;
}

/**
 * What a signed code carries: the campaign, a serial number and the expiry instant.
 *
 * @example
 * ```ts
 * const payload: SignedCodePayload = { campaign: 'SPRING26', serial: 42, expiresAt: endOfLocalDate('2026-12-31', 'Europe/Paris') };
 * ```
 */
export interface SignedCodePayload {
  /** Campaign name, 1–24 letters and digits (printed in clear at the start of the code). */
  readonly campaign: string;
  /** Serial number within the campaign, 0 to 2⁴⁰ − 1 (one per printed coupon, for usage accounting). */
  readonly serial: number;
  /** Last instant the code is valid (kept to the second, rounded down; the whole second is valid). */
  readonly expiresAt: Date;
}

/**
 * A genuine, unexpired signed code.
 *
 * @example
 * ```ts
 * const r = verifyCode(code, keys, now);
 * if (r.valid) console.log(r.campaign, r.serial, r.key);
 * ```
 */
export interface VerifiedCode {
  /** Always true. */
  readonly valid: true;
  /** The campaign as a normalised key (`SPRING26`; `O`/`I`/`L` read as `0`/`1`/`1`). */
  readonly campaign: string;
  /** The serial number. */
  readonly serial: number;
  /** Last valid instant (the end of the signed second). */
  readonly expiresAt: Date;
  /** Id of the key that signed it. */
  readonly keyId: number;
  /** The normalised code ({@link normalizeCode}), the key for usage accounting. */
  readonly key: string;
}

/**
 * Why a signed code was refused: `MALFORMED` (not the shape of a signed code), `UNKNOWN_KEY`
 * (signed by a key not in the list: retired or forged), `BAD_SIGNATURE` (tampered or forged),
 * `EXPIRED` (genuine but past its expiry).
 *
 * @example
 * ```ts
 * const reason: SignedCodeRejection = 'BAD_SIGNATURE';
 * ```
 */
export type SignedCodeRejection = 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'EXPIRED';

/**
 * A refused signed code with its reason.
 *
 * @example
 * ```ts
 * const r = verifyCode('SPRING26-XXXX', keys, now);
 * if (!r.valid) console.log(r.reason); // 'MALFORMED'
 * ```
 */
export interface RejectedCode {
  /** Always false. */
  readonly valid: false;
  /** Why. */
  readonly reason: SignedCodeRejection;
  /** Words for a support agent. */
  readonly message: string;
}

// Payload layout (20 bytes = 160 bits = exactly 32 base32 symbols, so no unused bits: every
// symbol change changes the bytes): key id (1) | serial (5, big-endian) | expiry in Unix
// seconds (4) | HMAC-SHA256 tag truncated to 10 bytes (80 bits).
const PAYLOAD_BYTES = 20;
const SIGNED_BYTES = 10;
const TAG_BYTES = 10;
const PAYLOAD_SYMBOLS = 32;
const MAX_CAMPAIGN = 24;
const DOMAIN = new TextEncoder().encode('fidelis.signed-code.v1\u0000');
const MAX_SERIAL = 2 ** 40 - 1;
const MAX_SECONDS = 2 ** 32 - 1;

function secretBytes(key: SigningKey): Uint8Array {
  return typeof key.secret === 'string' ? new TextEncoder().encode(key.secret) : key.secret;
}

const macKeys = new WeakMap<SigningKey, HmacSha256Key>();

/** The key with its HMAC blocks prepared, once per SigningKey object (keys are long-lived). */
function macKey(key: SigningKey): HmacSha256Key {
  let k = macKeys.get(key);
  if (k === undefined) {
    k = new HmacSha256Key(secretBytes(key));
    macKeys.set(key, k);
  }
  return k;
}

// Scratch buffers (signing and verifying are synchronous): the MAC input, a decoded payload
// and the expected tag.
const message = new Uint8Array(DOMAIN.length + MAX_CAMPAIGN + 1 + SIGNED_BYTES);
message.set(DOMAIN);
const decoded = new Uint8Array(PAYLOAD_BYTES);
const expected = new Uint8Array(TAG_BYTES);

// The MAC input: domain ‖ campaign key (≤ 24 ASCII symbols) ‖ NUL ‖ key id, serial, expiry.
function tagInto(key: HmacSha256Key, campaignKey: string, payload: Uint8Array, out: Uint8Array): void {
  let n = DOMAIN.length;
  for (let i = 0; i < campaignKey.length; i++) message[n++] = campaignKey.charCodeAt(i);
  message[n++] = 0;
  for (let i = 0; i < SIGNED_BYTES; i++) message[n++] = payload[i] as number;
  key.macInto(message, n, out);
}

/** Big-endian unsigned integer of `bytes[from, from + length)` (length ≤ 6: exact). */
function readUint(bytes: Uint8Array, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 256 + (bytes[i] as number);
  return n;
}

const CAMPAIGN_KEY = new RegExp(`^[${CANONICAL_SYMBOLS}]{1,${MAX_CAMPAIGN}}$`);

function isCampaignKey(key: string): boolean {
  return CAMPAIGN_KEY.test(key);
}

/**
 * Sign a coupon so a till can check it offline: HMAC-SHA256 over the campaign, the serial and
 * the expiry, with the key id in clear for rotation. The code is the campaign followed by 32
 * Crockford-base32 symbols in groups of four, e.g. `SPRING26-0G00-0000-1AG3-MYY7-XJ5Z-3A3P-Q1M8-9E0R`
 * (41 characters without dashes: fits a version-2 QR code in alphanumeric mode, or a receipt line).
 *
 * Why an 80-bit tag: the key never leaves the shop, so a forger cannot test guesses offline;
 * each guess costs a checkout attempt and succeeds with probability 2⁻⁸⁰ (RFC 2104 §5 names 80
 * bits as the floor for truncated HMACs). Even 10⁹ attempts a second for a century stay below
 * 2⁻¹⁸. Longer tags would only lengthen the printed code.
 *
 * @example
 * ```ts
 * const key = { id: 1, secret: 'a-32-byte-secret-from-your-vault!' };
 * const code = signCode({ campaign: 'SPRING26', serial: 42, expiresAt: endOfLocalDate('2026-12-31', 'Europe/Paris') }, key);
 * verifyCode(code, [key], new Date('2026-06-01T10:00:00Z')).valid; // true
 * ```
 */
export function signCode(payload: SignedCodePayload, key: SigningKey): string {
  const issues: ValidationIssue[] = [];
  const campaignKey = normalizeCode(payload.campaign);
  if (!isCampaignKey(campaignKey)) issues.push({ path: 'campaign', message: `"${payload.campaign}" must be 1–24 letters and digits` });
  if (!Number.isSafeInteger(payload.serial) || payload.serial < 0 || payload.serial > MAX_SERIAL) {
    issues.push({ path: 'serial', message: `${payload.serial} must be an integer from 0 to 2^40 − 1` });
  }
  const ms = payload.expiresAt.getTime();
  const seconds = Math.floor(ms / 1000);
  if (!Number.isFinite(ms) || seconds < 0 || seconds > MAX_SECONDS) {
    issues.push({ path: 'expiresAt', message: 'must be a valid instant between 1970 and 2106' });
  }
  if (!Number.isInteger(key.id) || key.id < 0 || key.id > 255) issues.push({ path: 'key.id', message: `${key.id} must be an integer from 0 to 255` });
  if (secretBytes(key).length < 16) issues.push({ path: 'key.secret', message: 'must be at least 16 bytes' });
  if (issues.length > 0) throw validationError('signed code', issues);

  const bytes = new Uint8Array(PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  bytes[0] = key.id;
  view.setUint8(1, Math.floor(payload.serial / 2 ** 32));
  view.setUint32(2, payload.serial % 2 ** 32);
  view.setUint32(6, seconds);
  tagInto(macKey(key), campaignKey, bytes, bytes.subarray(SIGNED_BYTES));
  const body = encodeBase32(bytes).match(/.{4}/g) ?? [];
  return `${payload.campaign.toUpperCase()}-${body.join('-')}`;
}

/**
 * Check a signed code offline: shape, key id, HMAC tag (constant-time comparison), then expiry
 * against `now`. Accepts the code in any form {@link normalizeCode} folds (case, dashes,
 * spaces, look-alike characters). A forged code, any single-character change, a code signed
 * with a key not in `keys` and an expired code are refused with a reason.
 *
 * @example
 * ```ts
 * const r = verifyCode(' spring26-0g00-0000-1ag3-myy7-xj5z-3a3p-q1m8-9e0r ', keys, now);
 * if (!r.valid) console.log(r.reason, r.message);
 * ```
 */
export function verifyCode(code: string, keys: readonly SigningKey[], now: Date): VerifiedCode | RejectedCode {
  const key = normalizeCode(code);
  const campaignKey = key.slice(0, -PAYLOAD_SYMBOLS);
  if (key.length <= PAYLOAD_SYMBOLS || !decodeBase32Into(key, key.length - PAYLOAD_SYMBOLS, decoded) || !isCampaignKey(campaignKey)) {
    return { valid: false, reason: 'MALFORMED', message: 'this is not the shape of a signed code (campaign, then 32 symbols)' };
  }
  const keyId = decoded[0] as number;
  let signing: SigningKey | undefined;
  for (let i = 0; i < keys.length && signing === undefined; i++) if ((keys[i] as SigningKey).id === keyId) signing = keys[i];
  if (signing === undefined) {
    return { valid: false, reason: 'UNKNOWN_KEY', message: `signed with key ${keyId}, which is not honoured` };
  }
  tagInto(macKey(signing), campaignKey, decoded, expected);
  // Constant time: every byte of the tag is compared, whatever the first difference.
  let difference = 0;
  for (let i = 0; i < TAG_BYTES; i++) difference |= (expected[i] as number) ^ (decoded[SIGNED_BYTES + i] as number);
  if (difference !== 0) {
    return { valid: false, reason: 'BAD_SIGNATURE', message: 'the signature does not match: the code was altered or forged' };
  }
  const serial = readUint(decoded, 1, 5);
  const expiresAt = new Date(readUint(decoded, 6, 4) * 1000 + 999);
  if (now.getTime() > expiresAt.getTime()) {
    return { valid: false, reason: 'EXPIRED', message: `expired at ${expiresAt.toISOString()}` };
  }
  return { valid: true, campaign: campaignKey, serial, expiresAt, keyId, key };
}
