import * as crypto from 'node:crypto';
import { flat } from './flat-string.js';

/**
 * What identifies a planned contact: the customer, the journey, the step and the anchor (plus
 * the occurrence date for recurring steps). The same inputs always give the same id, so
 * re-planning yields a diff, never duplicates.
 *
 * @example
 * ```ts
 * const key: ContactKey = { customerId: 'c1', journeyId: 'car-purchase', stepId: 'gift', anchor: 'purchase:o-1' };
 * ```
 */
export interface ContactKey {
  /** The customer's id. */
  readonly customerId: string;
  /** The journey's id. */
  readonly journeyId: string;
  /** The step's id. */
  readonly stepId: string;
  /** The anchor key, e.g. `purchase:o-1` or `birthday:2026-05-03`. */
  readonly anchor: string;
  /** For recurring steps, the local date of the occurrence (`YYYY-MM-DD`). */
  readonly occurrence?: string;
}

type HashFn = (algorithm: string, data: string, encoding: string) => string;
// `crypto.hash` (Node ≥ 20.12) is the fast one-shot form; fall back to createHash elsewhere.
const oneShot = (crypto as unknown as { hash?: HashFn }).hash;
const sha256 = (data: string): string =>
  oneShot === undefined ? crypto.createHash('sha256').update(data).digest('hex') : oneShot('sha256', data, 'hex');

/**
 * The stable id of a contact: `ct_` followed by the first 128 bits (32 hex digits) of the
 * SHA-256 of its key's fields, preceded by their lengths so that no two keys collide by
 * concatenation. Deterministic across processes, hosts and versions.
 *
 * @example
 * ```ts
 * contactId({ customerId: 'c1', journeyId: 'car-purchase', stepId: 'gift', anchor: 'purchase:o-1' });
 * // 'ct_…' (35 characters, always the same for these fields)
 * ```
 */
export function contactId(key: ContactKey): string {
  const { customerId, journeyId, stepId, anchor } = key;
  const occurrence = key.occurrence ?? '';
  const lengths = `${customerId.length},${journeyId.length},${stepId.length},${anchor.length},${occurrence.length}|`;
  return flat(`ct_${sha256(lengths + customerId + journeyId + stepId + anchor + occurrence).slice(0, 32)}`);
}
