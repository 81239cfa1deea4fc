// API keys, token buckets, the unknown-field check and the status table, without a server.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FidelisError, type FidelisErrorCode } from '../../src/core/errors.js';
import { HTTP_STATUS_BY_CODE, apiKeyDigest, apiKeyring, createApiKey, problemOf, tokenBuckets } from '../../src/http/index.js';
import { unknownFields } from '../../src/http/unknown-fields.js';

const NOW = new Date('2026-03-07T10:00:00Z');

describe('API keys', () => {
  it('a key is fk_<id>_<43 base64url characters>, stored as the SHA-256 of its text', () => {
    const { key, record } = createApiKey({ id: 'shop1', scopes: ['read', 'checkout', 'read'] });
    expect(key).toMatch(/^fk_shop1_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({ id: 'shop1', sha256: createHash('sha256').update(key).digest('hex'), scopes: ['read', 'checkout'] });
    expect(apiKeyDigest(key)).toBe(record.sha256);
    expect(JSON.stringify(record)).not.toContain(key.slice(9));
  });

  it('authenticates the key of a record, refuses a changed secret, an unknown id and an expired key', () => {
    const a = createApiKey({ id: 'a', scopes: ['read'] });
    const b = createApiKey({ id: 'b', scopes: ['admin'], expiresAt: new Date('2026-03-07T10:00:01Z') });
    const ring = apiKeyring([a.record, b.record]);
    expect(ring.authenticate(`Bearer ${a.key}`, NOW).id).toBe('a');
    expect(ring.authenticate(`bearer  ${b.key}`, NOW).scopes).toEqual(['admin']);
    const refusal = (header: string | undefined, at = NOW): string => {
      try {
        ring.authenticate(header, at);
        return 'accepted';
      } catch (e) {
        return (e as FidelisError).code;
      }
    };
    expect(refusal(undefined)).toBe('UNAUTHORIZED');
    expect(refusal(`Bearer ${a.key}x`)).toBe('UNAUTHORIZED');
    expect(refusal(`Bearer ${a.key.replace('fk_a_', 'fk_b_')}`)).toBe('UNAUTHORIZED');
    expect(refusal(`Bearer ${a.key.replace('fk_a_', 'fk_zz_')}`)).toBe('UNAUTHORIZED');
    expect(refusal(`Bearer ${b.key}`, new Date('2026-03-07T10:00:01Z'))).toBe('UNAUTHORIZED');
  });

  it('several keys are active at once (rotation), and a bad record is refused naming keys[i].field', () => {
    const old = createApiKey({ id: 'old', scopes: ['read'] });
    const next = createApiKey({ id: 'new', scopes: ['read'] });
    const ring = apiKeyring([old.record, next.record]);
    expect([ring.authenticate(`Bearer ${old.key}`, NOW).id, ring.authenticate(`Bearer ${next.key}`, NOW).id]).toEqual(['old', 'new']);
    expect(() => apiKeyring([old.record, { ...next.record, scopes: ['root'] }])).toThrow(/keys\[1\]\.scopes\[0\]/);
    expect(() => apiKeyring([old.record, old.record])).toThrow(/keys\[1\]\.id: the id old is used by two keys/);
  });
});

describe('token buckets', () => {
  it('a burst of 3, then one token per 250 ms (4/s): Retry-After is the whole seconds to the next token', () => {
    let now = 0;
    const buckets = tokenBuckets({ perSecond: 4, burst: 3 }, () => now);
    expect([buckets.take('k'), buckets.take('k'), buckets.take('k'), buckets.take('k')]).toEqual([0, 0, 0, 1]);
    expect(buckets.take('other')).toBe(0);
    now = 250;
    expect([buckets.take('k'), buckets.take('k')]).toEqual([0, 1]);
  });

  it('many ids: buckets refilled to their burst are forgotten, an emptied one is still limited', () => {
    let now = 0;
    const buckets = tokenBuckets({ perSecond: 1, burst: 2 }, () => now);
    expect([buckets.take('guesser'), buckets.take('guesser'), buckets.take('guesser')]).toEqual([0, 0, 1]);
    now = 500; // 20,000 other addresses: sweeps run while the guesser holds 0.5 tokens (not full, kept)
    for (let i = 0; i < 20_000; i++) buckets.take(`10.0.${i}`);
    now = 1500; // the guesser has 0 + 1.5 tokens: one request, then 0.5 left → wait 1 s
    expect([buckets.take('guesser'), buckets.take('guesser')]).toEqual([0, 1]);
    expect(buckets.take('10.0.1')).toBe(0);
  });

  it('property: over any schedule, a key is granted at most burst + rate × elapsed requests', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 200 }), (burst, rate, gaps) => {
        let now = 0;
        const buckets = tokenBuckets({ perSecond: rate, burst }, () => now);
        let granted = 0;
        for (const gap of gaps) {
          now += gap;
          if (buckets.take('k') === 0) granted += 1;
        }
        expect(granted).toBeLessThanOrEqual(burst + Math.floor((rate * now) / 1000) + 1e-9);
      }),
    );
  });
});

describe('unknown fields', () => {
  it('names each key the parsed value lacks, through objects and arrays', () => {
    expect(unknownFields({ a: 1, b: [{ c: 1, d: 2 }], e: { f: 1 } }, { a: 1, b: [{ c: 1 }], e: {} })).toEqual([
      { path: 'b[0].d', message: 'unknown field' },
      { path: 'e.f', message: 'unknown field' },
    ]);
  });
  it('property: a value compared with itself has no unknown field', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => unknownFields(v, v).length === 0));
  });
});

describe('problem documents', () => {
  it('every code has a 4xx status but STORE_FAILURE (503); bugs are 500 without their message', () => {
    for (const [code, status] of Object.entries(HTTP_STATUS_BY_CODE)) {
      expect(code === 'STORE_FAILURE' ? status === 503 : status >= 400 && status < 500).toBe(true);
    }
    const bug = problemOf(new TypeError('secret customer c1 data'), 'req-1');
    expect(bug).toEqual({ type: 'https://fidelis.dev/problems/internal-error', title: 'Internal Server Error', status: 500, detail: 'the service failed; the request id names it in the logs', code: 'INTERNAL_ERROR', instance: 'req-1' });
    const code: FidelisErrorCode = 'INSUFFICIENT_POINTS';
    expect(problemOf(new FidelisError(code, 'points: 11 requested, 10 active', { requested: 11, active: 10 }))).toMatchObject({ status: 422, title: 'Unprocessable Content', details: { requested: 11, active: 10 } });
  });
});
