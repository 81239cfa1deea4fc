import { createLoyaltyEngine } from '../engine/loyalty-engine.js';
import { createMemoryStore } from '../storage/memory-store.js';
import { createHttpApp } from './http-app.js';
import { openApiDocument } from './http-route.js';
import type { WebhookAdmin } from './webhooks/webhook-admin.js';

/**
 * The OpenAPI 3.1 document of the service with every endpoint (webhooks included), as the JSON
 * text committed at `schemas/openapi.json` (`npm run schemas` writes it; a test fails when the
 * committed file is stale). The running service serves the same document at `/openapi.json`.
 *
 * @example
 * ```ts
 * const doc = JSON.parse(openApiDocumentText());
 * doc.openapi; // '3.1.0'
 * ```
 */
export function openApiDocumentText(): string {
  const unused = (): never => {
    throw new Error('the document is built without a dispatcher');
  };
  const webhooks: WebhookAdmin = {
    subscribe: unused, subscriptions: unused, subscription: unused, unsubscribe: unused,
    rotateSecret: unused, deliveries: unused, redeliver: unused, replay: unused, eraseCustomer: unused,
  };
  const app = createHttpApp({ engine: createLoyaltyEngine({ store: createMemoryStore() }), keys: [], webhooks });
  return `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
}
