/**
 * `fidelis/calendar`: the calendar module on its own.
 *
 * @example
 * ```ts
 * import * as calendar from 'fidelis/calendar';
 * ```
 *
 * @packageDocumentation
 */
export {};
