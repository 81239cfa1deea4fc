import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { FidelisError, validationError } from '../core/errors.js';
import { zodIssues } from '../core/validation.js';
import type { ApiKeyRecord, ApiScope } from './api-keys.js';
import { Problem } from './problem.js';
import { readJsonBody } from './request-body.js';
import { unknownFields } from './unknown-fields.js';

/**
 * What a route's handler receives: the body as sent (`raw`, for the engine operations that
 * validate their own input) and as parsed, the query and path parameters parsed, the caller's
 * key, and `engineKey()`: the `Idempotency-Key` header namespaced by key id and route, the
 * engine's idempotency key (two clients never share one).
 *
 * @example
 * ```ts
 * const handler = async ({ raw, engineKey }: RouteCall<typeof Return, z.ZodObject<{}>>) => engine.recordReturn(raw, { idempotencyKey: engineKey() });
 * ```
 */
export interface RouteCall<B extends z.ZodType, Q extends z.ZodType> {
  readonly raw: unknown;
  readonly body: Defined<z.output<B>>;
  readonly query: Defined<z.output<Q>>;
  readonly params: Readonly<Record<string, string>>;
  readonly apiKey: ApiKeyRecord;
  /** The namespaced `Idempotency-Key` of a mutating route (`http:<key id>:<route>:<header>`). */
  engineKey(): string;
}

/**
 * A parsed request as its optional fields are: absent, never `undefined` (JSON has no
 * `undefined`, and zod adds no key the input lacks), so it fits the engine's
 * `exactOptionalPropertyTypes` signatures.
 *
 * @example
 * ```ts
 * type T = Defined<{ a?: string | undefined }>; // { a?: string }
 * ```
 */
export type Defined<T> = T extends Date
  ? T
  : T extends ReadonlyArray<infer U>
    ? Array<Defined<U>>
    : T extends object
      ? { [K in keyof T]: Defined<Exclude<T[K], undefined>> }
      : T;

/**
 * One endpoint, described once: the OpenAPI document and the request checks are made from it.
 * Paths are written the OpenAPI way (`/v1/customers/{customerId}/balance`); every `{param}` is a
 * non-empty string of at most 200 characters.
 *
 * @example
 * ```ts
 * const balance: HttpRoute = httpRoute({ method: 'get', path: '/v1/customers/{customerId}/balance', scope: 'read', tag: 'points', summary: 'Balance', response: z.unknown(), handle: async ({ params }) => engine.balance(params['customerId'] ?? '') });
 * ```
 */
export interface HttpRoute {
  readonly method: 'get' | 'post' | 'delete';
  readonly path: string;
  readonly scope: ApiScope;
  readonly tag: string;
  readonly summary: string;
  /** Mutating: the `Idempotency-Key` header is required. */
  readonly mutating: boolean;
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  readonly response: z.ZodType;
  readonly handle: (call: RouteCall<z.ZodType, z.ZodType>) => Promise<unknown>;
}

/**
 * Type a route's handler by its body and query schemas (the handler sees their outputs).
 *
 * @example
 * ```ts
 * httpRoute({ method: 'post', path: '/v1/returns', scope: 'checkout', tag: 'points', summary: 'Record a return', mutating: true, body: Return, response: z.unknown(), handle: async ({ raw, engineKey }) => engine.recordReturn(raw, { idempotencyKey: engineKey() }) });
 * ```
 */
export function httpRoute<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodObject = z.ZodObject>(
  spec: Omit<HttpRoute, 'handle' | 'body' | 'query' | 'mutating'> & {
    readonly body?: B;
    readonly query?: Q;
    readonly mutating?: boolean;
    readonly handle: (call: RouteCall<B, Q>) => Promise<unknown>;
  },
): HttpRoute {
  return { mutating: spec.method !== 'get', ...spec } as HttpRoute;
}

const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
  .describe('Required on every mutating call: a retry with the same key and body returns the first result; the same key with another body is a 409 CONFLICT.');

const NO_QUERY = z.object({});

const paramNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

function parseInput<S extends z.ZodType>(schema: S, raw: unknown, what: string, strict: boolean): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw validationError(what, zodIssues(result.error));
  const unknown = strict ? unknownFields(raw, result.data) : [];
  if (unknown.length > 0) throw validationError(what, unknown);
  return result.data;
}

const problemContent = { 'application/problem+json': { schema: Problem } };

/** What a route answers besides 200: the problems every route can give. */
function problemResponses(route: HttpRoute): Record<string, { description: string; content: typeof problemContent }> {
  const out: Record<string, { description: string; content: typeof problemContent }> = {
    '400': { description: 'VALIDATION_FAILED (details.issues names each field) or PARSE_FAILED', content: problemContent },
    '401': { description: 'UNAUTHORIZED: no key, or an unknown, wrong or expired key', content: problemContent },
    '403': { description: `FORBIDDEN: the key lacks the scope ${route.scope}`, content: problemContent },
    '429': { description: 'RATE_LIMITED, with Retry-After', content: problemContent },
  };
  out['404'] = { description: 'NOT_FOUND: an unknown customer, checkout, promotion, reward, partner or subscription', content: problemContent };
  if (route.mutating) {
    out['409'] = { description: 'CONFLICT: the Idempotency-Key (or checkout id) was used with another request; COUPON_LIMIT_REACHED; RESERVATION_EXPIRED', content: problemContent };
    out['422'] = { description: 'INSUFFICIENT_POINTS, COUPON_INVALID, CONSENT_MISSING: a business refusal of valid input', content: problemContent };
  }
  out['503'] = { description: 'STORE_FAILURE: the store does not answer', content: problemContent };
  if (route.body !== undefined) {
    out['413'] = { description: 'PAYLOAD_TOO_LARGE', content: problemContent };
    out['415'] = { description: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json', content: problemContent };
  }
  return out;
}

/**
 * The per-request steps before a handler runs, supplied by the app: authenticate the key (401),
 * check its scope (403), spend a token of its rate (429).
 *
 * @example
 * ```ts
 * const gate: RouteGate = { admit: (c, scope) => keyring.authenticate(c.req.header('authorization'), clock.now()), bodyLimit: 1_048_576 };
 * ```
 */
export interface RouteGate {
  /** The caller's key record, after its scope and its rate are checked (throws 401, 403, 429). */
  admit(c: Context, scope: ApiScope): ApiKeyRecord;
  /** The largest body accepted, in bytes. */
  readonly bodyLimit: number;
}

/**
 * What the app keeps per request: the route template (for the log) and the request id.
 *
 * @example
 * ```ts
 * const app = new OpenAPIHono<HttpEnv>();
 * ```
 */
export interface HttpEnv {
  Variables: { route?: string; requestId?: string };
}

/**
 * Register a route in the app's OpenAPI registry and mount its handler behind the gate, the body
 * checks (415, 413, 400) and the `Idempotency-Key` check, in that order; the handler's result is
 * answered as JSON (200), with `Idempotent-Replayed: true` when the engine replayed a key.
 *
 * @example
 * ```ts
 * mountRoute(app, gate, balanceRoute);
 * ```
 */
export function mountRoute(app: OpenAPIHono<HttpEnv>, gate: RouteGate, route: HttpRoute): void {
  const names = paramNames(route.path);
  const params = z.object(Object.fromEntries(names.map((n) => [n, z.string().min(1).max(200)])));
  app.openAPIRegistry.registerPath({
    method: route.method,
    path: route.path,
    tags: [route.tag],
    summary: route.summary,
    description: `Scope: \`${route.scope}\`.${route.mutating ? ' Requires the `Idempotency-Key` header.' : ''}`,
    security: [{ apiKey: [] }],
    request: {
      ...(names.length > 0 ? { params } : {}),
      ...(route.query === undefined ? {} : { query: route.query }),
      ...(route.mutating ? { headers: z.object({ 'Idempotency-Key': IdempotencyKey }) } : {}),
      ...(route.body === undefined ? {} : { body: { required: true, content: { 'application/json': { schema: route.body } } } }),
    },
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: route.response } } }, ...problemResponses(route) },
  });
  const honoPath = route.path.replace(/\{(\w+)\}/g, ':$1');
  app.on(route.method.toUpperCase(), honoPath, async (c) => {
    c.set('route', route.path);
    const apiKey = gate.admit(c, route.scope);
    const raw = route.body === undefined ? undefined : await readJsonBody(c.req.raw, gate.bodyLimit);
    const body = route.body === undefined ? undefined : parseInput(route.body, raw, 'body', true);
    const query = parseInput(route.query ?? NO_QUERY, c.req.query(), 'query', true);
    const path = parseInput(params, c.req.param(), 'path', false) as Record<string, string>;
    let header: string | undefined;
    if (route.mutating) {
      const given = c.req.header('idempotency-key');
      const parsed = IdempotencyKey.safeParse(given);
      if (!parsed.success) {
        const message = given === undefined ? 'required on this mutating call' : (parsed.error.issues[0]?.message ?? 'invalid');
        throw validationError('request', [{ path: 'Idempotency-Key', message }]);
      }
      header = parsed.data;
    }
    const result = await route.handle({
      raw,
      body,
      query,
      params: path,
      apiKey,
      engineKey: () => {
        if (header === undefined) throw new FidelisError('VALIDATION_FAILED', 'Idempotency-Key: required', { issues: [{ path: 'Idempotency-Key', message: 'required' }] });
        return `http:${apiKey.id}:${route.method} ${route.path}:${header}`;
      },
    });
    const replayed = (result as { status?: unknown } | null)?.status === 'replayed';
    return c.json(result as object, 200, replayed ? { 'idempotent-replayed': 'true' } : {});
  });
}

/**
 * The OpenAPI 3.1 document of the routes mounted on `app`.
 *
 * @example
 * ```ts
 * const doc = openApiDocument(app);
 * ```
 */
export function openApiDocument(app: OpenAPIHono<HttpEnv>): ReturnType<OpenAPIHono['getOpenAPI31Document']> {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'fidelis', version: '1', description: 'The fidelis loyalty engine over HTTP: see docs/http.md.' },
  });
}
