// The jsonb codec: what it writes is the stored format earlier versions wrote (a Date as
// {"$date": ISO}, the value wrapped as {"v": …}), and reading it back gives the value again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from '../../src/adapters/postgres/json-codec.js';

/** The codec as the versions before 0.1 wrote it (a JSON.stringify replacer): the oracle of the stored format. */
function replacerEncoding(value: unknown): string {
  return JSON.stringify({ v: value }, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', '$date', 'v', 'toString', 'constructor'));
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), date, tie('array'), tie('object')),
  array: fc.array(tie('any'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('any'), { maxKeys: 4 }),
})).any;

describe('encodeJson / decodeJson', () => {
  it('writes the documented form', () => {
    expect(encodeJson({ at: new Date('2026-03-01T10:00:00Z'), points: 5, gone: undefined })).toBe('{"v":{"at":{"$date":"2026-03-01T10:00:00.000Z"},"points":5}}');
    expect(encodeJson(undefined)).toBe('{}');
    expect(encodeJson([undefined, new Date(0)])).toBe('{"v":[null,{"$date":"1970-01-01T00:00:00.000Z"}]}');
  });

  it('writes byte for byte what the replacer encoding wrote, for any JSON-like value with dates', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(encodeJson(v)).toBe(replacerEncoding(v));
      }),
    );
  });

  it('reads back the value it wrote, from text and from a parsed value', () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = encodeJson(v);
        const expected = JSON.parse(replacerEncoding(v), (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 && typeof (x as { $date?: unknown }).$date === 'string' ? new Date((x as { $date: string }).$date) : x)).v;
        // toEqual, not toStrictEqual: an own key named "constructor" would make it compare types
        expect(decodeJson(text)).toEqual(expected);
        expect(decodeJson(JSON.parse(text))).toEqual(expected);
      }),
    );
  });

  it('keeps "__proto__" a data key and revives dates under it', () => {
    const back = decodeJson(JSON.parse('{"v":{"__proto__":{"$date":"2026-01-01T00:00:00.000Z"},"a":1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(decodeJson({})).toBeUndefined();
    expect(decodeJson('{"v":null}')).toBeNull();
  });
});
