// Bad requests over real HTTP: each gets its documented status and a problem+json body with a
// stable code and the field path, and nothing is written (the ledger and the outbox stay empty).
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { NOW, keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);

const order = { id: 'o1', customerId: 'c1', placedAt: NOW.toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '20.00' }] };

async function shop() {
  const started = await startShop(createMemoryStore());
  const nothingWritten = async (): Promise<void> => {
    expect(await started.engine.history('c1')).toEqual([]);
    expect((await started.engine.events.read()).events).toEqual([]);
  };
  return { ...started, nothingWritten };
}

describe('bad requests', () => {
  it('malformed JSON: 400 PARSE_FAILED', async () => {
    const { client, nothingWritten } = await shop();
    const r = await client.call('POST', '/v1/orders', { idempotencyKey: 'k', raw: '{"order": {"id": "o1",' });
    expect([r.status, r.headers.get('content-type'), r.body.code]).toEqual([400, 'application/problem+json', 'PARSE_FAILED']);
    expect(r.body.detail).toMatch(/^body: not JSON/);
    await nothingWritten();
  });

  it('a 10 MB body: 413 PAYLOAD_TOO_LARGE (the limit is 1 MiB by default)', async () => {
    const { client, nothingWritten } = await shop();
    const big = JSON.stringify({ order: { ...order, attributes: { note: 'x'.repeat(10 * 1024 * 1024) } } });
    const r = await client.call('POST', '/v1/orders', { idempotencyKey: 'k', raw: big });
    expect([r.status, r.body.code, r.body.details]).toEqual([413, 'PAYLOAD_TOO_LARGE', { limitBytes: 1_048_576 }]);
    await nothingWritten();
  });

  it('a chunked body (no Content-Length) past the limit: 413 PAYLOAD_TOO_LARGE, cut while reading', async () => {
    const { client, nothingWritten } = await shop();
    const chunk = new TextEncoder().encode('x'.repeat(100_000));
    const body = new ReadableStream({ start(c) { for (let i = 0; i < 20; i++) c.enqueue(chunk); c.close(); } });
    const r = await fetch(`${client.url}/v1/orders`, {
      method: 'POST', body, duplex: 'half', headers: { authorization: `Bearer ${keys.shop.key}`, 'content-type': 'application/json', 'idempotency-key': 'k' },
    } as RequestInit);
    expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await nothingWritten();
  });

  it('a body that is not JSON by its type: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const { client, nothingWritten } = await shop();
    const r = await client.call('POST', '/v1/orders', { idempotencyKey: 'k', raw: JSON.stringify({ order }), headers: { 'content-type': 'text/plain' } });
    expect([r.status, r.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    await nothingWritten();
  });

  it('wrong types: 400 VALIDATION_FAILED, details.issues naming every field', async () => {
    const { client, nothingWritten } = await shop();
    const r = await client.call('POST', '/v1/orders', { idempotencyKey: 'k', body: { order: { ...order, currency: 42, lines: [{ ...order.lines[0], quantity: '1' }] } } });
    expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(r.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['order.currency', 'order.lines[0].quantity']);
    await nothingWritten();
  });

  it('unknown fields, in the body and in the query: 400 VALIDATION_FAILED naming them', async () => {
    const { client, nothingWritten } = await shop();
    const r = await client.call('POST', '/v1/orders', { idempotencyKey: 'k', body: { order: { ...order, lines: [{ ...order.lines[0], quantiy: 2 }] }, coupon: 'X' } });
    expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(r.body.details.issues).toEqual([
      { path: 'order.lines[0].quantiy', message: 'unknown field' },
      { path: 'coupon', message: 'unknown field' },
    ]);
    const q = await client.call('GET', '/v1/customers/c1/history?page=2');
    expect([q.status, q.body.details.issues]).toEqual([400, [{ path: 'page', message: 'unknown field' }]]);
    await nothingWritten();
  });

  it('a mutating call without Idempotency-Key: 400 VALIDATION_FAILED naming the header', async () => {
    const { client, nothingWritten } = await shop();
    const r = await client.call('POST', '/v1/orders', { body: { order } });
    expect([r.status, r.body.code, r.body.details.issues]).toEqual([400, 'VALIDATION_FAILED', [{ path: 'Idempotency-Key', message: 'required on this mutating call' }]]);
    await nothingWritten();
  });

  it('an unknown customer: 404 NOT_FOUND on balance, history and export, naming the parameter only', async () => {
    const { client, engine } = await shop();
    await engine.recordOrder(order, { idempotencyKey: 'seed' });
    for (const [path, key] of [['/v1/customers/c9/balance', keys.shop.key], ['/v1/customers/c9/history', keys.shop.key], ['/v1/customers/c9/export', keys.gdpr.key]] as const) {
      const r = await client.call('GET', path, { key });
      expect([r.status, r.body.code, r.body.details]).toEqual([404, 'NOT_FOUND', { path: 'customerId' }]);
      expect(JSON.stringify(r.body)).not.toContain('"c1"');
    }
    expect((await engine.history('c9'))).toEqual([]);
  });

  it('redeeming more than the balance: 422 INSUFFICIENT_POINTS, nothing burned', async () => {
    const { client, engine } = await shop();
    await engine.adjustPoints('c1', { points: 10, reason: 'seed', actor: 'test' }, { idempotencyKey: 'seed' });
    const r = await client.call('POST', '/v1/customers/c1/redemptions', { idempotencyKey: 'k', body: { points: 11 } });
    expect([r.status, r.body.code, r.body.details]).toEqual([422, 'INSUFFICIENT_POINTS', { requested: 11, active: 10 }]);
    expect((await engine.balance('c1')).active).toBe(10);
  });

  it('an unknown endpoint: 404 NOT_FOUND as problem+json', async () => {
    const { client } = await shop();
    const r = await client.call('GET', '/v1/nothing-here');
    expect([r.status, r.headers.get('content-type'), r.body.code]).toEqual([404, 'application/problem+json', 'NOT_FOUND']);
  });
});
