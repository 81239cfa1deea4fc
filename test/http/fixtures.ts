// Test support for the HTTP service: a tea shop (1 point per euro, 14 days pending, a 5 € code
// promotion), its engine on a given store, the service on 127.0.0.1 port 0, and a client.
import { type ManualClock, manualClock } from '../../src/core/clock.js';
import { parsePromotion } from '../../src/coupons/index.js';
import { type LoyaltyEngine, createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { type ApiScope, type HttpAppOptions, createApiKey, createHttpApp, startHttpServer } from '../../src/http/index.js';
import { parseProgram } from '../../src/rules/index.js';
import type { Store } from '../../src/storage/store.js';

export const NOW = new Date('2026-03-07T10:00:00Z');
export const program = parseProgram({
  id: 'tea', name: 'Tea club', currency: 'EUR', timeZone: 'Europe/Paris', rounding: 'down', pending: 'P14D',
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
  rewards: [{ id: 'pot-off', name: '€5 off a teapot', cost: 30, effect: { type: 'coupon', coupon: 'POT-5' } }],
  partners: [{ id: 'sky', name: 'Sky Miles', earnRate: '0.5', redeemRate: '2', valuePerPoint: '0.008' }],
});
export const fiveOff = parsePromotion({ id: 'five-off', name: '5 € off', effect: { type: 'amount-off', amount: { EUR: '5.00' } }, limits: { perCode: 1 } });

/** The keys of the tests, one per use. */
export const keys = {
  shop: createApiKey({ id: 'shop', scopes: ['read', 'checkout'] }),
  admin: createApiKey({ id: 'admin', scopes: ['admin'] }),
  reader: createApiKey({ id: 'reader', scopes: ['read'] }),
  gdpr: createApiKey({ id: 'gdpr', scopes: ['gdpr'] }),
  expired: createApiKey({ id: 'old', scopes: ['read'], expiresAt: new Date('2026-01-01T00:00:00Z') }),
} satisfies Record<string, { key: string }>;

/** A response as the tests read it. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** A client of one running service. */
export interface Client {
  readonly url: string;
  call(method: string, path: string, options?: { key?: string | null; body?: unknown; raw?: string; idempotencyKey?: string; headers?: Record<string, string> }): Promise<Reply>;
}

/**
* Start the shop's service on `store` (closed by {@link stopShops}) and return the engine, the clock
 * and a client. `extra` adds app options, or makes them from the engine and the clock (a webhook
 * dispatcher). `call` sends the shop key unless told otherwise (`key: null`: none).
 */
export async function startShop(store: Store, extra: Partial<HttpAppOptions> | ((engine: LoyaltyEngine, clock: ManualClock) => Partial<HttpAppOptions>) = {}) {
  const clock = manualClock(NOW);
  const engine = createLoyaltyEngine({ store, clock, programs: [program], promotions: { promotions: [fiveOff], timeZone: 'Europe/Paris' } });
  const options = typeof extra === 'function' ? extra(engine, clock) : extra;
  const app = createHttpApp({ engine, clock, keys: Object.values(keys).map((k) => k.record), ...options });
  const server = await startHttpServer({ app, port: 0, hostname: '127.0.0.1' });
  running.push(async () => {
    await server.close();
    await store.close();
  });
  const url = `http://127.0.0.1:${server.port}`;
  const client: Client = {
    url,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const key = options.key === undefined ? keys.shop.key : options.key;
      if (key !== null) headers['authorization'] = `Bearer ${key}`;
      if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      const r = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await r.text();
      return { status: r.status, headers: r.headers, body: text === '' ? undefined : JSON.parse(text) };
    },
  };
  return { engine, clock, client };
}

const running: Array<() => Promise<void>> = [];
/** Close every service started since the last call (and its store): a test file's `afterEach`. */
export async function stopShops(): Promise<void> {
  for (const stop of running.splice(0)) await stop();
}

/** The customer of the tests. */
export const customer = { id: 'c1', joinedAt: '2025-01-01T00:00:00Z' };
/** 2 teas at 10.00 and a teapot at 30.00: 50.00. */
export const cart = {
  currency: 'EUR',
  lines: [
    { id: 'l1', sku: 'TEA', quantity: 2, unitPrice: '10.00', categories: ['tea'] },
    { id: 'l2', sku: 'POT', quantity: 1, unitPrice: '30.00', categories: ['teapots'] },
  ],
};

/** The order the shop places after checking out {@link cart} with the 5 € code: the discount split 20:30 over the lines. */
export const discountedOrder = {
  id: 'o1', customerId: 'c1', placedAt: NOW.toISOString(), currency: 'EUR',
  lines: [
    { id: 'l1', sku: 'TEA', quantity: 2, unitPrice: '10.00', discount: '2.00', categories: ['tea'] },
    { id: 'l2', sku: 'POT', quantity: 1, unitPrice: '30.00', discount: '3.00', categories: ['teapots'] },
  ],
};

export type { ApiScope };
