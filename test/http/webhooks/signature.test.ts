// Standard Webhooks signatures: the vector the specification's reference library publishes, a
// second computation by python3's hmac (when python3 exists), and the receiver's refusals.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../../../src/core/errors.js';
import { generateWebhookSecret, signWebhook, verifyWebhook } from '../../../src/http/webhooks/index.js';

// standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works"
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR = new Date(VECTOR.timestamp * 1000);

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('signWebhook', () => {
  it('gives the signature Standard Webhooks publishes for its test vector', () => {
    expect(signWebhook(VECTOR)).toEqual({ 'webhook-id': VECTOR.id, 'webhook-timestamp': '1614265330', 'webhook-signature': VECTOR.signature });
  });

  it.skipIf(!hasPython())('agrees with python3 hmac over "id.timestamp.body" for a fresh secret and a non-ASCII body', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ id: 'ev_1', payload: { name: 'Zoë ☕', points: 25 } });
    const script = 'import base64,hashlib,hmac,sys\nk=base64.b64decode(sys.argv[1][6:])\nm=(sys.argv[2]+"."+sys.argv[3]+"."+sys.argv[4]).encode()\nprint("v1,"+base64.b64encode(hmac.new(k,m,hashlib.sha256).digest()).decode())';
    const python = execFileSync('python3', ['-c', script, secret, 'ev_1', '1772359200', body], { encoding: 'utf8' }).trim();
    expect(signWebhook({ secret, id: 'ev_1', timestamp: 1772359200, body })['webhook-signature']).toBe(python);
  });

  it('makes secrets of "whsec_" and 32 random bytes in base64', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it('refuses a secret that is not whsec_<base64> with VALIDATION_FAILED naming secret', () => {
    for (const secret of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_not base64!', 'whsec_abc']) {
      const error = (() => {
        try {
          return signWebhook({ ...VECTOR, secret });
        } catch (e) {
          return e;
        }
      })();
      expect(isFidelisError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as Error).message).toBe('secret: must be "whsec_" followed by base64');
    }
  });
});

describe('verifyWebhook', () => {
  const headers = signWebhook(VECTOR);

  it('accepts the vector at its time, a Headers object and names in any case, and returns the id', () => {
    expect(verifyWebhook({ secret: VECTOR.secret, headers, body: VECTOR.body, now: AT_VECTOR })).toEqual({ ok: true, id: VECTOR.id, timestamp: VECTOR.timestamp });
    expect(verifyWebhook({ secret: VECTOR.secret, headers: new Headers({ ...headers }), body: VECTOR.body, now: AT_VECTOR }).ok).toBe(true);
    const upper = { 'Webhook-Id': headers['webhook-id'], 'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'], 'Webhook-Signature': headers['webhook-signature'] };
    expect(verifyWebhook({ secret: VECTOR.secret, headers: upper, body: VECTOR.body, now: AT_VECTOR }).ok).toBe(true);
  });

  it('accepts several signatures (rotation) when one matches, ignoring other versions', () => {
    const several = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,${headers['webhook-signature'].slice(3)} ${headers['webhook-signature']}`;
    expect(verifyWebhook({ secret: VECTOR.secret, headers: { ...headers, 'webhook-signature': several }, body: VECTOR.body, now: AT_VECTOR }).ok).toBe(true);
    const noV1 = `v2,${headers['webhook-signature'].slice(3)}`;
    expect(verifyWebhook({ secret: VECTOR.secret, headers: { ...headers, 'webhook-signature': noV1 }, body: VECTOR.body, now: AT_VECTOR })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('tolerates 5 minutes either way by default, not a second more, and takes another tolerance', () => {
    const at = (s: number) => new Date((VECTOR.timestamp + s) * 1000);
    const verify = (s: number, toleranceSeconds?: number) =>
      verifyWebhook({ secret: VECTOR.secret, headers, body: VECTOR.body, now: at(s), ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) });
    expect(verify(300).ok).toBe(true);
    expect(verify(-300).ok).toBe(true);
    expect(verify(301)).toEqual({ ok: false, reason: 'too-old' });
    expect(verify(-301)).toEqual({ ok: false, reason: 'too-new' });
    expect(verify(3600, 3600).ok).toBe(true);
    expect(verify(61, 60)).toEqual({ ok: false, reason: 'too-old' });
  });

  it('refuses a missing header, a timestamp that is not unix seconds, another secret, a changed body, id or timestamp', () => {
    const base = { secret: VECTOR.secret, headers, body: VECTOR.body, now: AT_VECTOR };
    const { 'webhook-id': _id, ...noId } = headers;
    expect(verifyWebhook({ ...base, headers: noId })).toEqual({ ok: false, reason: 'missing-header' });
    expect(verifyWebhook({ ...base, headers: { ...headers, 'webhook-timestamp': '1614265330.5' } })).toEqual({ ok: false, reason: 'bad-timestamp' });
    expect(verifyWebhook({ ...base, secret: generateWebhookSecret() })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhook({ ...base, body: '{"test": 2432232315}' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhook({ ...base, headers: { ...headers, 'webhook-id': 'msg_other' } })).toEqual({ ok: false, reason: 'bad-signature' });
    const later = signWebhook({ ...VECTOR, timestamp: VECTOR.timestamp + 1 })['webhook-timestamp'];
    expect(verifyWebhook({ ...base, headers: { ...headers, 'webhook-timestamp': later } })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhook({ ...base, headers: { ...headers, 'webhook-signature': 'v1,' } })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhook({ ...base, headers: { ...headers, 'webhook-signature': headers['webhook-signature'].slice(0, 8) } })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('property: what signWebhook signs verifies; any other body does not', () => {
    const secret = generateWebhookSecret();
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 4_000_000_000 }), fc.string(), fc.string(), (id, timestamp, body, other) => {
        const h = signWebhook({ secret, id, timestamp, body });
        const now = new Date(timestamp * 1000);
        expect(verifyWebhook({ secret, headers: h, body, now })).toEqual({ ok: true, id, timestamp });
        if (other !== body) expect(verifyWebhook({ secret, headers: h, body: other, now })).toEqual({ ok: false, reason: 'bad-signature' });
      }),
    );
  });
});
