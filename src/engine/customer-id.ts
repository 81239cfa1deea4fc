import { FidelisError } from '../core/errors.js';

/**
 * Throw `VALIDATION_FAILED` unless `customerId` is a non-empty string (engine-internal: not exported).
 *
 * @example
 * ```ts
 * requireCustomerId('c1'); // fine
 * ```
 */
export function requireCustomerId(customerId: string): void {
  if (typeof customerId !== 'string' || customerId.trim() === '') {
    throw new FidelisError('VALIDATION_FAILED', 'customerId: must be a non-empty string', { issues: [{ path: 'customerId', message: 'must be a non-empty string' }] });
  }
}
