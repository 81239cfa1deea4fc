import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestHash } from '../../src/engine/request-hash.js';

/** The definition: SHA-256 of `JSON.stringify` of a copy with sorted keys, dates as ISO strings. */
function reference(request: unknown): string {
  const sorted = (value: unknown): unknown => {
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key]);
    return out;
  };
  return createHash('sha256').update(JSON.stringify(sorted(request)) ?? 'null').digest('hex');
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\n', '\u007f', '\u2028', '\ud800', 'é'));
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(text, tie('any'), { maxKeys: 5 }),
  ),
})).any;

describe('requestHash', () => {
  it('is the SHA-256 of the sorted-key JSON, for any JSON-like request (strings with quotes, escapes, surrogates)', () => {
    fc.assert(fc.property(value, (v) => requestHash(v) === reference(v)), { numRuns: 2_000 });
  });

  it('does not depend on key order, and tells different amounts apart', () => {
    const a = { op: 'redeemPoints', customerId: 'c1', points: 50, at: new Date('2026-03-01T10:00:00Z') };
    const b = { at: new Date('2026-03-01T10:00:00Z'), points: 50, customerId: 'c1', op: 'redeemPoints' };
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash({ ...a, points: 51 })).not.toBe(requestHash(a));
    expect(requestHash(a)).toBe(createHash('sha256').update('{"at":"2026-03-01T10:00:00.000Z","customerId":"c1","op":"redeemPoints","points":50}').digest('hex'));
  });
});
