// POST /v1/jobs/run over real HTTP: the due jobs at the service clock's now (admin scope), with
// the report in its declared shape; a second run finds nothing left to do.
import { afterEach, describe, expect, it } from 'vitest';
import { DueJobsResponse } from '../../src/http/job-routes.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { NOW, keys, startShop, stopShops } from './fixtures.js';

afterEach(stopShops);
const admin = keys.admin.key;
const DAY = 86_400_000;

describe('POST /v1/jobs/run', () => {
  it('activates pending points and expires lots at the service clock, once; other scopes are refused', async () => {
    const { client, clock, engine } = await startShop(createMemoryStore());
    // 2 × 20.00 at 1 point per euro: 40 points, pending for 14 days
    const order = { id: 'o1', customerId: 'c1', placedAt: NOW.toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 2, unitPrice: '20.00' }] };
    expect((await client.call('POST', '/v1/orders', { idempotencyKey: 'o1', body: { order } })).body.points).toBe(40);
    // 10 goodwill points, usable for one day
    await engine.adjustPoints('c1', { points: 10, reason: 'goodwill', actor: 'ops', expiresAt: new Date(NOW.getTime() + DAY) }, { idempotencyKey: 'gw' });

    expect((await client.call('POST', '/v1/jobs/run', { idempotencyKey: 'run-0', body: {} })).status).toBe(403); // the shop key has no admin scope
    clock.advance(15 * DAY);
    const run = await client.call('POST', '/v1/jobs/run', { key: admin, idempotencyKey: 'run-1', body: {} });
    expect(run.status).toBe(200);
    expect(DueJobsResponse.parse(run.body)).toEqual({
      lapsed: { customers: 1, reservations: 0, points: 0 }, // customers visited: c1, nothing lapsed
      activation: { customers: 1, lotsActivated: 1, pointsActivated: 40, debtSettled: 0, referralsPaid: 0 },
      expiry: { customers: 1, lotsExpired: 1, pointsExpired: 10 },
      expiringSoon: 0,
    });
    expect((await engine.balance('c1')).active).toBe(40);
    // idempotent at any time: nothing is left to do
    const again = await client.call('POST', '/v1/jobs/run', { key: admin, idempotencyKey: 'run-2', body: { expiringSoonWithin: 'P30D' } });
    expect([again.body.activation.lotsActivated, again.body.expiry.lotsExpired, again.body.expiringSoon]).toEqual([0, 0, 0]);
    const bad = await client.call('POST', '/v1/jobs/run', { key: admin, idempotencyKey: 'run-3', body: { expiringSoonWithin: '30 days' } });
    expect([bad.status, bad.body.code, bad.body.details.issues[0].path]).toEqual([400, 'VALIDATION_FAILED', 'expiringSoonWithin']);
  });
});
