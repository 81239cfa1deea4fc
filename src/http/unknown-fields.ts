import type { ValidationIssue } from '../core/errors.js';
import { formatPath } from '../core/validation.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * The fields of a request that its schema does not know: every key of the raw JSON that the
 * parsed value (zod strips unknown keys) does not have, walked in step through objects and
 * arrays. The domain's schemas stay lenient for library callers; the HTTP service refuses what
 * it would otherwise drop in silence (a misspelt `quantiy` is an error, not a default).
 *
 * @example
 * ```ts
 * unknownFields({ id: 'o1', colour: 'red' }, { id: 'o1' }); // [{ path: 'colour', message: 'unknown field' }]
 * ```
 */
export function unknownFields(raw: unknown, parsed: unknown, path: readonly PropertyKey[] = []): ValidationIssue[] {
  if (Array.isArray(raw) && Array.isArray(parsed) && raw.length === parsed.length) {
    return raw.flatMap((item, i) => unknownFields(item, parsed[i], [...path, i]));
  }
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return [];
  return Object.keys(raw).flatMap((key) =>
    Object.hasOwn(parsed, key) ? unknownFields(raw[key], parsed[key], [...path, key]) : [{ path: formatPath([...path, key]), message: 'unknown field' }],
  );
}
