import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { type Logger, pino } from 'pino';
import type { ContactPolicy } from '../calendar/contact-policy.js';
import type { Journey } from '../calendar/journey.js';
import { type Clock, systemClock } from '../core/clock.js';
import { FidelisError } from '../core/errors.js';
import type { SigningKey } from '../coupons/signed-code.js';
import type { LoyaltyEngine } from '../engine/loyalty-engine.js';
import type { Context } from 'hono';
import { type ApiKeyRecord, apiKeyring } from './api-keys.js';
import { clientAddress } from './client-address.js';
import { contactRoutes } from './contact-routes.js';
import { couponRoutes } from './coupons-routes.js';
import { customerRoutes } from './customer-routes.js';
import { type HttpEnv, type RouteGate, mountRoute, openApiDocument } from './http-route.js';
import { pointsRoutes } from './points-routes.js';
import { problemResponse } from './problem.js';
import { type RateLimit, tokenBuckets } from './rate-limit.js';
import type { WebhookAdmin } from './webhooks/webhook-admin.js';
import { webhookRoutes } from './webhook-routes.js';

/**
 * Options of {@link createHttpApp}.
 *
 * @example
 * ```ts
 * const options: HttpAppOptions = { engine, keys: [record], limits: { bodyBytes: 1_048_576, rate: { perSecond: 50, burst: 100 } } };
 * ```
 */
export interface HttpAppOptions {
  /** The engine every endpoint calls. */
  readonly engine: LoyaltyEngine;
  /** The API keys accepted (`ApiKeyRecord`s: id, SHA-256, scopes, optional expiry), validated here. */
  readonly keys: readonly unknown[];
  /**
   * Request limits: body size (1 MiB by default), the rate per key (100/s, bursts of 200 by
   * default) and the rate of requests without a valid key (none, malformed, unknown, wrong,
   * expired) per client address (1/s, bursts of 20 by default).
   */
  readonly limits?: { readonly bodyBytes?: number; readonly rate?: RateLimit; readonly unauthenticatedRate?: RateLimit };
  /** Where the request log goes (pino JSON lines); silent by default. */
  readonly logger?: Logger;
  /** With a webhook dispatcher, the `/v1/webhooks/…` endpoints exist. */
  readonly webhooks?: WebhookAdmin;
  /** Journeys and contact policy for `/v1/contact-plans` (absent: that endpoint answers 404). */
  readonly contacts?: { readonly journeys: readonly Journey[]; readonly policy: ContactPolicy };
  /** Keys for `/v1/codes/verify` (the promotions' signing keys). */
  readonly signingKeys?: readonly SigningKey[];
  /** Where "now" comes from (key expiry, rate buckets, code expiry); the system clock by default. */
  readonly clock?: Clock;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The fidelis HTTP service as a Hono app: every engine operation at a versioned path (`/v1/…`),
 * API keys with scopes, per-key rate limits, JSON bodies checked against the domain's zod
 * schemas (unknown fields refused), `Idempotency-Key` on every mutating call, RFC 9457 problem
 * documents for every error, `/healthz`, `/readyz` and the OpenAPI 3.1 document at
 * `/openapi.json`. Serve it with {@link startHttpServer}, or mount it in a host's own server.
 *
 * @example
 * ```ts
 * import { createHttpApp, createApiKey, startHttpServer } from 'fidelis/http';
 * const { key, record } = createApiKey({ scopes: ['read', 'checkout'] });
 * const app = createHttpApp({ engine, keys: [record] });
 * const server = await startHttpServer({ app, port: 8080 });
 * ```
 */
export function createHttpApp(options: HttpAppOptions): OpenAPIHono<HttpEnv> {
  const { engine } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const keyring = apiKeyring(options.keys);
  const nowMs = (): number => clock.now().getTime();
  const buckets = tokenBuckets(options.limits?.rate ?? { perSecond: 100, burst: 200 }, nowMs);
  const addresses = tokenBuckets(options.limits?.unauthenticatedRate ?? { perSecond: 1, burst: 20 }, nowMs);
  const authenticate = (c: Context): ApiKeyRecord => {
    try {
      return keyring.authenticate(c.req.header('authorization'), clock.now());
    } catch (error) {
      // a failed attempt spends a token of the address: a key-guessing client is slowed to the rate
      const wait = addresses.take(clientAddress(c));
      if (wait > 0) throw new FidelisError('RATE_LIMITED', `too many requests without a valid API key from this address; retry in ${wait} s`, { retryAfterSeconds: wait });
      throw error;
    }
  };
  const gate: RouteGate = {
    bodyLimit: options.limits?.bodyBytes ?? 1_048_576,
    admit(c, scope) {
      const key = authenticate(c);
      if (!key.scopes.includes(scope)) throw new FidelisError('FORBIDDEN', `this endpoint needs the scope ${scope}; the key ${key.id} has ${key.scopes.join(', ')}`);
      const wait = buckets.take(key.id);
      if (wait > 0) throw new FidelisError('RATE_LIMITED', `the key ${key.id} exceeded its rate; retry in ${wait} s`, { retryAfterSeconds: wait });
      return key;
    },
  };
  const app = new OpenAPIHono<HttpEnv>();
  app.use(async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    const started = performance.now();
    await next();
    c.res.headers.set('x-request-id', id);
    const route = c.get('route') ?? (c.res.status === 404 ? '(no route)' : c.req.path);
    logger.info({ requestId: id, method: c.req.method, route, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
  });
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    // the stack without its first line: a bug's message may quote data
    if (!(error instanceof FidelisError)) logger.error({ requestId, err: { name: error.name, frames: error.stack?.split('\n').slice(1).join('\n') } }, 'unhandled error');
    return problemResponse(error, requestId);
  });
  app.notFound((c) => problemResponse(new FidelisError('NOT_FOUND', `no endpoint ${c.req.method} ${c.req.path}`), c.get('requestId')));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await engine.events.read({ limit: 1 });
    } catch (error) {
      throw new FidelisError('STORE_FAILURE', `the store does not answer: ${(error as Error).name}`);
    }
    return c.json({ status: 'ready' });
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer fk_<id>_<secret>' });
  const routes = [
    ...pointsRoutes(engine),
    ...couponRoutes(engine, { signingKeys: options.signingKeys ?? [], clock }),
    ...contactRoutes(engine, options.contacts),
    ...customerRoutes(engine, options.webhooks),
    ...(options.webhooks === undefined ? [] : webhookRoutes(options.webhooks)),
  ];
  for (const route of routes) mountRoute(app, gate, route);
  const document = openApiDocument(app);
  app.get('/openapi.json', (c) => c.json(document));
  return app;
}
