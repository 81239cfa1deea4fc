/**
 * `fidelis/http`: the engine as an HTTP service (Hono, OpenAPI 3.1, API keys with scopes,
 * idempotency keys, RFC 9457 errors) and its webhooks from the outbox (signed deliveries,
 * retries, dead letters; `verifyWebhook` for receivers in Node). See docs/http.md and docs/webhooks.md.
 *
 * @module
 */
export * from './api-keys.js';
export * from './http-app.js';
export * from './http-server.js';
export type { HttpEnv } from './http-route.js';
export * from './openapi-document.js';
export * from './problem.js';
export * from './rate-limit.js';
export * from './webhooks/index.js';
