/**
 * The stable error codes of fidelis, documented in one place.
 *
 * Programs switch on these codes; they never change meaning between versions.
 *
 * | code | meaning |
 * | --- | --- |
 * | `VALIDATION_FAILED` | input (order, customer, definition, CSV row, CLI flag) does not match its schema; `details.issues` lists every problem with its path |
 * | `CURRENCY_MISMATCH` | two amounts of different currencies were combined |
 * | `INVALID_CURRENCY` | the currency code is not an ISO 4217 code known to `Intl` |
 * | `PRECISION_EXCEEDED` | an amount has more decimals than its currency allows |
 * | `INVALID_DURATION` | an ISO 8601 duration could not be parsed |
 * | `INVALID_TIME_ZONE` | the string is not an IANA time zone |
 * | `INSUFFICIENT_POINTS` | a burn or redemption asks for more points than are active |
 * | `INSUFFICIENT_DATA` | the data cannot support the computation (e.g. a model fit with no repeat buyers) |
 * | `FIT_FAILED` | an optimiser could not reach a finite optimum |
 * | `NOT_FOUND` | a referenced customer, program, coupon or entry does not exist |
 * | `CONFLICT` | the operation conflicts with stored state (e.g. an idempotency key reused with other input) |
 * | `COUPON_LIMIT_REACHED` | a coupon's usage limit or budget is exhausted |
 * | `COUPON_INVALID` | a code is unknown, malformed, forged or expired |
 * | `RESERVATION_EXPIRED` | a coupon reservation's TTL passed before it was committed |
 * | `CONSENT_MISSING` | a marketing contact was requested without consent for the channel |
 * | `UNSAFE_CODE_SPACE` | a code generation request would make codes guessable |
 * | `STORE_FAILURE` | the storage adapter failed (connection lost, serialization failure after retries) |
 * | `PARSE_FAILED` | a file or CSV row could not be parsed; `details.line` names the line |
 * | `UNAUTHORIZED` | HTTP service: no API key, or an unknown, wrong or expired one |
 * | `FORBIDDEN` | HTTP service: the API key lacks the scope the endpoint needs |
 * | `RATE_LIMITED` | HTTP service: the API key's request rate is exceeded; `details.retryAfterSeconds` says when to retry |
 * | `PAYLOAD_TOO_LARGE` | HTTP service: the request body is larger than the service's limit; `details.limitBytes` |
 * | `UNSUPPORTED_MEDIA_TYPE` | HTTP service: a request body that is not `application/json` |
 *
 * @example
 * ```ts
 * import { FidelisError, type FidelisErrorCode } from 'fidelis';
 * const code: FidelisErrorCode = 'INSUFFICIENT_POINTS';
 * ```
 */
export type FidelisErrorCode =
  | 'VALIDATION_FAILED'
  | 'CURRENCY_MISMATCH'
  | 'INVALID_CURRENCY'
  | 'PRECISION_EXCEEDED'
  | 'INVALID_DURATION'
  | 'INVALID_TIME_ZONE'
  | 'INSUFFICIENT_POINTS'
  | 'INSUFFICIENT_DATA'
  | 'FIT_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'COUPON_LIMIT_REACHED'
  | 'COUPON_INVALID'
  | 'RESERVATION_EXPIRED'
  | 'CONSENT_MISSING'
  | 'UNSAFE_CODE_SPACE'
  | 'STORE_FAILURE'
  | 'PARSE_FAILED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE';

/**
 * One problem found in an input: where (a path such as `lines[2].quantity`) and what.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: 'lines[0].quantity', message: 'must be positive' };
 * ```
 */
export interface ValidationIssue {
  /** Dotted/bracketed path of the field, e.g. `earnRules[2].conditions.all[0].operator`; empty for the root. */
  readonly path: string;
  /** What is wrong with the value, in words. */
  readonly message: string;
}

/**
 * The one error type fidelis throws. `code` is stable; `message` names the field and the
 * problem; `details` carries structured data (for `VALIDATION_FAILED`, `details.issues`).
 *
 * @example
 * ```ts
 * import { FidelisError, parseOrder } from 'fidelis';
 * try {
 *   parseOrder({});
 * } catch (e) {
 *   if (e instanceof FidelisError && e.code === 'VALIDATION_FAILED') {
 *     console.log(e.issues.map((i) => i.path)); // ['id', 'customerId', ...]
 *   }
 * }
 * ```
 */
export class FidelisError extends Error {
  /** Stable, machine-readable code. */
  readonly code: FidelisErrorCode;
  /** Structured details (field path, values, limits). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: FidelisErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'FidelisError';
    this.code = code;
    this.details = details;
  }

  /** The validation issues carried in `details.issues` (empty for other codes). */
  get issues(): readonly ValidationIssue[] {
    const issues = this.details['issues'];
    return Array.isArray(issues) ? (issues as ValidationIssue[]) : [];
  }
}

/**
 * Build a `VALIDATION_FAILED` error listing every issue, its message naming each path.
 *
 * @example
 * ```ts
 * throw validationError('order', [{ path: 'lines[0].quantity', message: 'must be positive' }]);
 * ```
 */
export function validationError(what: string, issues: readonly ValidationIssue[]): FidelisError {
  const list = issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('; ');
  return new FidelisError('VALIDATION_FAILED', `Invalid ${what}: ${list}`, { issues: [...issues] });
}

/**
 * True when `value` is a {@link FidelisError}, optionally with the given code.
 *
 * @example
 * ```ts
 * if (isFidelisError(err, 'COUPON_LIMIT_REACHED')) retryWithoutCoupon();
 * ```
 */
export function isFidelisError(value: unknown, code?: FidelisErrorCode): value is FidelisError {
  return value instanceof FidelisError && (code === undefined || value.code === code);
}
