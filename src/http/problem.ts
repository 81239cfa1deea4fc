import { z } from 'zod';
import { type FidelisErrorCode, isFidelisError } from '../core/errors.js';

/**
 * The HTTP status of every {@link FidelisErrorCode}, the table `docs/http.md` documents: bad
 * input is `400`, a business refusal `422`, a clash with stored state `409`, the store down
 * `503`. A code added to the union must be given its status here (the compiler insists).
 *
 * @example
 * ```ts
 * HTTP_STATUS_BY_CODE.INSUFFICIENT_POINTS; // 422
 * ```
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<FidelisErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  PARSE_FAILED: 400,
  CURRENCY_MISMATCH: 400,
  INVALID_CURRENCY: 400,
  PRECISION_EXCEEDED: 400,
  INVALID_DURATION: 400,
  INVALID_TIME_ZONE: 400,
  UNSAFE_CODE_SPACE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  COUPON_LIMIT_REACHED: 409,
  RESERVATION_EXPIRED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INSUFFICIENT_POINTS: 422,
  INSUFFICIENT_DATA: 422,
  FIT_FAILED: 422,
  COUPON_INVALID: 422,
  CONSENT_MISSING: 422,
  RATE_LIMITED: 429,
  STORE_FAILURE: 503,
};

/**
 * An RFC 9457 problem document (`application/problem+json`) carrying the fidelis error `code`
 * (`INTERNAL_ERROR` for a bug, status 500) and its `details` (`details.issues` on
 * `VALIDATION_FAILED`: every field path and its problem).
 *
 * @example
 * ```ts
 * Problem.parse({ type: 'https://fidelis.dev/problems/not-found', title: 'Not Found', status: 404, detail: 'customer c9 is unknown', code: 'NOT_FOUND' });
 * ```
 */
export const Problem = z
  .object({
    type: z.string().describe('a URI naming the kind of problem: https://fidelis.dev/problems/<code in kebab case>'),
    title: z.string().describe('the HTTP reason phrase of the status'),
    status: z.number().int(),
    detail: z.string().describe('what is wrong, naming the field'),
    code: z.string().describe('the stable fidelis error code (FidelisErrorCode), or INTERNAL_ERROR'),
    details: z.record(z.string(), z.unknown()).optional().describe('structured details: issues[] (path, message) on VALIDATION_FAILED'),
    instance: z.string().optional().describe('the request id (X-Request-Id)'),
  })
  .meta({ id: 'Problem' });

/**
 * A parsed {@link Problem}.
 *
 * @example
 * ```ts
 * const p: Problem = await (await fetch(url)).json();
 * p.code; // 'VALIDATION_FAILED'
 * ```
 */
export type Problem = z.output<typeof Problem>;

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The problem document of a thrown value: a `FidelisError` with its status and details, anything
 * else as `500 INTERNAL_ERROR` without its message (a bug's text may hold data).
 *
 * @example
 * ```ts
 * problemOf(new FidelisError('NOT_FOUND', 'customer c9 is unknown')).status; // 404
 * ```
 */
export function problemOf(error: unknown, requestId?: string): Problem {
  const fidelis = isFidelisError(error);
  const code = fidelis ? error.code : 'INTERNAL_ERROR';
  const status = fidelis ? HTTP_STATUS_BY_CODE[error.code] : 500;
  const details = fidelis && Object.keys(error.details).length > 0 ? { details: { ...error.details } } : {};
  return {
    type: `https://fidelis.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: fidelis ? error.message : 'the service failed; the request id names it in the logs',
    code,
    ...details,
    ...(requestId === undefined ? {} : { instance: requestId }),
  };
}

/**
 * The `Response` of a problem: `application/problem+json`, with `Retry-After` on `RATE_LIMITED`.
 *
 * @example
 * ```ts
 * return problemResponse(new FidelisError('FORBIDDEN', 'this endpoint needs the scope admin'));
 * ```
 */
export function problemResponse(error: unknown, requestId?: string): Response {
  const problem = problemOf(error, requestId);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  const retry = problem.details?.['retryAfterSeconds'];
  if (typeof retry === 'number') headers['retry-after'] = String(retry);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
