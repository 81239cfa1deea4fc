/**
 * Webhooks from the outbox: Standard Webhooks signatures (`signWebhook`, `verifyWebhook`), the
 * dispatcher that fans outbox events out to subscriptions and POSTs them with retries
 * (`createWebhookDispatcher`, `startWebhookWorker`), and the store it keeps its state in (memory
 * or PostgreSQL/PGlite, migration 11). See docs/webhooks.md.
 *
 * @example
 * ```ts
 * import { createMemoryWebhookStore, createWebhookDispatcher, verifyWebhook } from 'fidelis/http';
 * const dispatcher = createWebhookDispatcher({ engine, store: createMemoryWebhookStore() });
 * ```
 *
 * @module
 */
export * from './memory-webhook-store.js';
export * from './pg-webhook-store.js';
export * from './retry-schedule.js';
export * from './webhook-admin.js';
export type { WebhookFetch } from './webhook-attempt.js';
export * from './webhook-dispatcher.js';
export { WebhookDeliveryQuery, WebhookSubscribeInput } from './webhook-input.js';
export * from './webhook-signature.js';
export type {
  ClaimedWebhookDelivery,
  NewWebhookDelivery,
  StoredWebhookSubscription,
  WebhookAttemptOutcome,
  WebhookDeliveryRecord,
  WebhookStore,
} from './webhook-store.js';
export * from './webhook-worker.js';
