import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { FidelisError } from '../../core/errors.js';

/**
 * The three headers of a signed webhook (Standard Webhooks, https://www.standardwebhooks.com):
 * the message id (the event id: the same on every retry, the receiver's deduplication key), the
 * unix time of the attempt in seconds, and `v1,<base64 HMAC-SHA256>` signatures separated by spaces.
 *
 * @example
 * ```ts
 * const h: WebhookHeaders = { 'webhook-id': 'ev_1', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM…' };
 * ```
 */
export type WebhookHeaders = {
  /** The event id. */
  readonly 'webhook-id': string;
  /** Unix seconds of the attempt. */
  readonly 'webhook-timestamp': string;
  /** One or more `v1,<base64>` signatures, separated by spaces. */
  readonly 'webhook-signature': string;
};

/**
 * A fresh signing secret: `whsec_` and the base64 of 32 random bytes (CSPRNG).
 *
 * @example
 * ```ts
 * generateWebhookSecret(); // 'whsec_K2x…='
 * ```
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The key bytes of a `whsec_<base64>` secret; anything else is VALIDATION_FAILED naming `secret`. */
function secretKey(secret: string): Buffer {
  const encoded = typeof secret === 'string' && secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new FidelisError('VALIDATION_FAILED', 'secret: must be "whsec_" followed by base64', {
      issues: [{ path: 'secret', message: 'must be "whsec_" followed by base64' }],
    });
  }
  return Buffer.from(encoded, 'base64');
}

function signature(key: Buffer, id: string, timestamp: number, body: string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
}

/**
 * Sign a webhook body: the headers to send with it. The signature is the base64 HMAC-SHA256,
 * keyed with the secret's decoded bytes, of `"<id>.<timestamp>.<body>"` (the body exactly as sent).
 *
 * @example
 * ```ts
 * import { signWebhook } from 'fidelis/http';
 * signWebhook({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' });
 * // { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330',
 * //   'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }
 * ```
 */
export function signWebhook(input: { readonly secret: string; readonly id: string; readonly timestamp: number; readonly body: string }): WebhookHeaders {
  const timestamp = Math.floor(input.timestamp);
  const signed = signature(secretKey(input.secret), input.id, timestamp, input.body).toString('base64');
  return { 'webhook-id': input.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signed}` };
}

/**
 * Why {@link verifyWebhook} refused a webhook: a header is missing (`missing-header`), the
 * timestamp is not unix seconds (`bad-timestamp`), further than the tolerance in the past
 * (`too-old`) or the future (`too-new`), or no `v1` signature matches (`bad-signature`).
 *
 * @example
 * ```ts
 * const r: WebhookRefusal = 'too-old';
 * ```
 */
export type WebhookRefusal = 'missing-header' | 'bad-timestamp' | 'too-old' | 'too-new' | 'bad-signature';

/**
 * The outcome of {@link verifyWebhook}: genuine (with the id to deduplicate on), or refused with
 * the reason. A forged or stale webhook is a normal outcome for a receiver, so it is a result, not
 * an exception.
 *
 * @example
 * ```ts
 * const v: WebhookVerification = { ok: false, reason: 'bad-signature' };
 * ```
 */
export type WebhookVerification =
  | { readonly ok: true; readonly id: string; readonly timestamp: number }
  | { readonly ok: false; readonly reason: WebhookRefusal };

function header(headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' ? value : value?.join(' ');
  }
  return undefined;
}

/**
 * Verify a received webhook against its subscription's secret: the id, timestamp and signature
 * headers are present, the timestamp is within `toleranceSeconds` (300 by default) of `now`
 * either way (a replayed capture is refused), and one of the space-separated `v1` signatures
 * matches the HMAC of `"<id>.<timestamp>.<body>"`, compared in constant time. Several
 * signatures are accepted so a sender can sign with an old and a new secret while it rotates.
 * `headers` may be a `Headers` object or a plain record (names in any case, as Node's
 * `IncomingMessage.headers` gives them). Pass the body exactly as received (the raw text, not
 * re-serialised JSON). A secret that is not `whsec_<base64>` is `VALIDATION_FAILED` (a
 * configuration error, not a forged webhook).
 *
 * @example
 * ```ts
 * import { verifyWebhook } from 'fidelis/http';
 * const result = verifyWebhook({ secret: process.env.WEBHOOK_SECRET!, headers: req.headers, body: rawBody });
 * if (!result.ok) return res.writeHead(400).end(result.reason);
 * // process the event once per result.id
 * ```
 */
export function verifyWebhook(input: {
  readonly secret: string;
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: string;
  readonly toleranceSeconds?: number;
  readonly now?: Date;
}): WebhookVerification {
  const key = secretKey(input.secret);
  const id = header(input.headers, 'webhook-id');
  const stamp = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (id === undefined || stamp === undefined || signatures === undefined) return { ok: false, reason: 'missing-header' };
  if (!/^[0-9]{1,15}$/.test(stamp)) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(stamp);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? 300;
  if (timestamp < now - tolerance) return { ok: false, reason: 'too-old' };
  if (timestamp > now + tolerance) return { ok: false, reason: 'too-new' };
  const expected = signature(key, id, timestamp, input.body);
  let match = false;
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const given = Buffer.from(value, 'base64');
    // timingSafeEqual needs equal lengths; the length of a signature is no secret
    if (given.length === expected.length && timingSafeEqual(given, expected)) match = true;
  }
  return match ? { ok: true, id, timestamp } : { ok: false, reason: 'bad-signature' };
}
