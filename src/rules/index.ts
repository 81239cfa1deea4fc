/**
 * `fidelis/rules`: the rules module on its own.
 *
 * @example
 * ```ts
 * import * as rules from 'fidelis/rules';
 * ```
 *
 * @packageDocumentation
 */
export {};
export * from './ledger/index.js';
