// API keys and rate limits over real HTTP: no key, a wrong key, an expired key → 401; a key
// without the scope → 403; past the rate → 429 with Retry-After; each a problem+json with its
// code, and nothing written.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { Hono } from 'hono';
import { clientAddress } from '../../src/http/client-address.js';
import { createHttpApp, startHttpServer } from '../../src/http/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { NOW, keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);

const order = { id: 'o1', customerId: 'c1', placedAt: NOW.toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '20.00' }] };

function expectProblem(reply: { status: number; headers: Headers; body: { code: string; status: number; type: string } }, status: number, code: string): void {
  expect([reply.status, reply.headers.get('content-type'), reply.body.status, reply.body.code]).toEqual([status, 'application/problem+json', status, code]);
  expect(reply.body.type).toBe(`https://fidelis.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`);
}

describe('API keys', () => {
  it('no key, a wrong key, a malformed and an expired key are 401 UNAUTHORIZED; nothing is written', async () => {
    const { client, engine } = await startShop(createMemoryStore());
    const wrongSecret = `${keys.shop.key.slice(0, -4)}AAAA`;
    for (const key of [null, wrongSecret, 'fk_nobody_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'hello', keys.expired.key]) {
      expectProblem(await client.call('POST', '/v1/orders', { key, idempotencyKey: 'k', body: { order } }), 401, 'UNAUTHORIZED');
    }
    expectProblem(await client.call('GET', '/v1/customers/c1/balance', { key: keys.expired.key }), 401, 'UNAUTHORIZED');
    expect(await engine.history('c1')).toEqual([]);
    expect((await engine.events.read()).events).toEqual([]);
  });

  it('a key without the scope is 403 FORBIDDEN, naming the scope; nothing is written', async () => {
    const { client, engine } = await startShop(createMemoryStore());
    const refused = await client.call('POST', '/v1/orders', { key: keys.reader.key, idempotencyKey: 'k', body: { order } });
    expectProblem(refused, 403, 'FORBIDDEN');
    expect(refused.body.detail).toContain('checkout');
    // the shop key (read, checkout) may not adjust, read the outbox or export a customer
    expectProblem(await client.call('POST', '/v1/customers/c1/adjustments', { idempotencyKey: 'a', body: { points: 5, reason: 'x', actor: 'y' } }), 403, 'FORBIDDEN');
    expectProblem(await client.call('GET', '/v1/events'), 403, 'FORBIDDEN');
    expectProblem(await client.call('GET', '/v1/customers/c1/export'), 403, 'FORBIDDEN');
    expect(await engine.history('c1')).toEqual([]);
  });

  it('the open endpoints need no key: /healthz, /readyz, /openapi.json', async () => {
    const { client } = await startShop(createMemoryStore());
    expect((await client.call('GET', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    expect((await client.call('GET', '/readyz', { key: null })).body).toEqual({ status: 'ready' });
    expect((await client.call('GET', '/openapi.json', { key: null })).body.openapi).toBe('3.1.0');
  });

  it('/readyz is 503 STORE_FAILURE when the store does not answer', async () => {
    const store = createMemoryStore();
    const down = { ...store, events: { ...store.events, readEvents: async () => { throw new Error('connection refused'); } } };
    const { client } = await startShop(down);
    expectProblem(await client.call('GET', '/readyz', { key: null }), 503, 'STORE_FAILURE');
    expect((await client.call('GET', '/healthz', { key: null })).status).toBe(200);
  });

  it('echoes X-Request-Id, or makes one', async () => {
    const { client } = await startShop(createMemoryStore());
    expect((await client.call('GET', '/healthz', { headers: { 'x-request-id': 'req-42' } })).headers.get('x-request-id')).toBe('req-42');
    expect((await client.call('GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('request logs', () => {
  it('one JSON line per request: request id, method, route template, status, duration; no customer id, no body', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const { client } = await startShop(createMemoryStore(), { logger: pino({ level: 'info', base: null, timestamp: false }, sink) });
    await client.call('POST', '/v1/orders', { idempotencyKey: 'k', body: { order }, headers: { 'x-request-id': 'req-7' } });
    await client.call('GET', '/v1/customers/c1/balance', { headers: { 'x-request-id': 'req-8' } });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => [l['requestId'], l['method'], l['route'], l['status'], typeof l['ms']])).toEqual([
      ['req-7', 'POST', '/v1/orders', 200, 'number'],
      ['req-8', 'GET', '/v1/customers/{customerId}/balance', 200, 'number'],
    ]);
    expect(lines.join('')).not.toMatch(/c1|o1|20\.00/);
  });
});

describe('a bug', () => {
  it('is 500 INTERNAL_ERROR as problem+json, its message neither answered nor logged', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const engine = createLoyaltyEngine({ store: createMemoryStore() });
    const broken = { ...engine, historyPage: async () => { throw new TypeError('cannot read alice@example.com of customer c1'); } };
    const app = createHttpApp({ engine: broken, keys: [keys.shop.record], logger: pino({ base: null, timestamp: false }, sink) });
    const r = await app.request('/v1/customers/c1/history', { headers: { authorization: `Bearer ${keys.shop.key}`, 'x-request-id': 'req-9' } });
    expect([r.status, r.headers.get('content-type')]).toEqual([500, 'application/problem+json']);
    expect(await r.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', instance: 'req-9' });
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['unhandled error', 'request']);
    expect(lines.join('')).not.toMatch(/alice|c1/);
  });
});

describe('rate limits', () => {
  it('past the burst a key gets 429 RATE_LIMITED with Retry-After; another key is not slowed; time refills the bucket', async () => {
    const { client, clock } = await startShop(createMemoryStore(), { limits: { rate: { perSecond: 0.5, burst: 2 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.call('GET', '/v1/customers/c1/history')).status);
    expect(statuses).toEqual([404, 404, 429]);
    const limited = await client.call('GET', '/v1/customers/c1/history');
    expectProblem(limited, 429, 'RATE_LIMITED');
    // the bucket is empty: one token comes back in 1 / 0.5 = 2 s
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body.details).toEqual({ retryAfterSeconds: 2 });
    expect((await client.call('GET', '/v1/customers/c1/history', { key: keys.reader.key })).status).toBe(404);
    clock.advance(2000);
    expect((await client.call('GET', '/v1/customers/c1/history')).status).toBe(404);
  });

  it('requests without a valid key spend a bucket of their address: a key-guessing client gets 429 with Retry-After; keyed requests are not slowed', async () => {
    const { client, clock, engine } = await startShop(createMemoryStore(), { limits: { unauthenticatedRate: { perSecond: 0.5, burst: 3 } } });
    const guess = (n: number): string => `fk_shop_${String(n).padStart(43, 'A')}`;
    // no key, a wrong key, a malformed one: three tokens of 127.0.0.1
    const statuses = [];
    for (const key of [null, guess(1), 'not-a-key']) statuses.push((await client.call('POST', '/v1/orders', { key, idempotencyKey: 'k', body: { order } })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await client.call('GET', '/v1/customers/c1/balance', { key: guess(2) });
    expectProblem(limited, 429, 'RATE_LIMITED');
    // the bucket is empty: one token comes back in 1 / 0.5 = 2 s
    expect([limited.headers.get('retry-after'), limited.body.details]).toEqual(['2', { retryAfterSeconds: 2 }]);
    expect((await client.call('GET', '/v1/customers/c1/balance', { key: null })).status).toBe(429);
    // the shop's own key, from the same address, is not slowed by the guesses
    expect((await client.call('GET', '/v1/customers/c1/balance')).status).toBe(404);
    clock.advance(2000);
    expect((await client.call('GET', '/v1/customers/c1/balance', { key: guess(3) })).status).toBe(401);
    expect((await client.call('GET', '/v1/customers/c1/balance', { key: guess(4) })).status).toBe(429);
    expect(await engine.history('c1')).toEqual([]);
  });

  it('the address is the socket peer over Node (unknown without a socket)', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(clientAddress(c)));
    const server = await startHttpServer({ app, port: 0 });
    const peer = await (await fetch(`http://127.0.0.1:${server.port}/`)).text();
    await server.close();
    expect([peer, await (await app.request('/')).text()]).toEqual(['127.0.0.1', 'unknown']);
  });
});
