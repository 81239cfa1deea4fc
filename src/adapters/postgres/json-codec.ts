/**
 * How the adapter keeps JavaScript values in `jsonb` columns without losing what JSON cannot
 * say: a `Date` is stored as `{"$date": "<ISO instant>"}` and revived as a `Date`; the whole
 * value is wrapped as `{"v": value}` so `undefined` (stored `{}`) and `null` stay distinct.
 * `encodeJson` returns the text to bind as `$n::text::jsonb`; `decodeJson` takes what the
 * driver returns (parsed object or text).
 *
 * @example
 * ```ts
 * const text = encodeJson({ at: new Date('2026-03-01T10:00:00Z'), points: 5 });
 * // '{"v":{"at":{"$date":"2026-03-01T10:00:00.000Z"},"points":5}}'
 * decodeJson(JSON.parse(text)); // { at: Date(2026-03-01T10:00:00Z), points: 5 }
 * ```
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify({ v: value }, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$date' && typeof record['$date'] === 'string') return new Date(record['$date']);
  // fromEntries defines own properties, so a key named "__proto__" stays data, not a prototype.
  return Object.fromEntries(keys.map((k) => [k, revive(record[k])]));
}

/**
 * Inverse of {@link encodeJson}: unwraps `{"v": …}` and revives dates.
 *
 * @example
 * ```ts
 * decodeJson({ v: { $date: '2026-01-01T00:00:00.000Z' } }); // Date(2026-01-01T00:00:00Z)
 * decodeJson({}); // undefined
 * ```
 */
export function decodeJson(stored: unknown): unknown {
  const parsed: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  if (parsed === null || typeof parsed !== 'object' || !('v' in parsed)) return undefined;
  return revive((parsed as { v: unknown }).v);
}
