import { contactHash } from './contact-hash.js';

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
  return contactHash(key.customerId, key.journeyId, key.stepId, key.anchor, key.occurrence ?? '');
}
