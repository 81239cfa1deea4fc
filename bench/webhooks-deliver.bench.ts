// Webhooks: signWebhook / verifyWebhook per second on a typical body, and deliveries per second
// from the outbox to a receiver on loopback (fan-out, POST, outcome recorded) on the memory
// store and on PGlite, with 1 and 4 subscriptions.
// Run: npm run bench webhooks-deliver        (BENCH_EVENTS=500 for a quicker run)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPostgresStore, migrate, openPglite } from '../src/adapters/postgres/index.js';
import { createMemoryWebhookStore, createPgWebhookStore, createWebhookDispatcher, generateWebhookSecret, signWebhook, verifyWebhook, type WebhookStore } from '../src/http/webhooks/index.js';
import { type Store, createLoyaltyEngine, createMemoryStore, manualClock, parseProgram } from '../src/index.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 2_000);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const program = parseProgram({ id: 'tea', currency: 'EUR', timeZone: 'Europe/Paris', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] });

function signing(): void {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ id: 'ev_3f6a9c', type: 'points.earned', version: 1, customerId: 'c12345', at: '2026-03-01T10:00:00.000Z', payload: { lotId: 'lot_8d1e', source: 'order', orderId: 'o98765', programId: 'tea', points: 125, activatesAt: '2026-03-15T23:00:00.000Z', expiresAt: '2027-03-31T21:59:59.999Z', pending: true } });
  const timestamp = Math.floor(Date.now() / 1000);
  const n = 100_000;
  let t0 = performance.now();
  let headers = signWebhook({ secret, id: 'ev_3f6a9c', timestamp, body });
  for (let i = 0; i < n; i++) headers = signWebhook({ secret, id: 'ev_3f6a9c', timestamp, body });
  const sign = (n / (performance.now() - t0)) * 1000;
  t0 = performance.now();
  for (let i = 0; i < n; i++) if (!verifyWebhook({ secret, headers, body }).ok) throw new Error('verify failed');
  const verify = (n / (performance.now() - t0)) * 1000;
  console.log(`signWebhook   ${fmt(sign)}/s   verifyWebhook ${fmt(verify)}/s   (${body.length}-byte body)`);
}

async function deliveries(label: string, store: Store, webhooks: WebhookStore, url: string, subscriptions: number): Promise<void> {
  const clock = manualClock(new Date('2026-03-01T10:00:00Z'));
  const engine = createLoyaltyEngine({ store, programs: [program], clock });
  const dispatcher = createWebhookDispatcher({ engine, store: webhooks, clock });
  for (let s = 0; s < subscriptions; s++) await dispatcher.subscribe({ url, eventTypes: ['points.earned'] });
  for (let i = 0; i < EVENTS; i++) {
    await engine.recordOrder({ id: `o${i}`, customerId: `c${i % 500}`, placedAt: clock.now().toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 1, unitPrice: '12.50' }] }, { idempotencyKey: `o${i}` });
  }
  const t0 = performance.now();
  const report = await dispatcher.deliverDue();
  const seconds = (performance.now() - t0) / 1000;
  if (report.delivered !== EVENTS * subscriptions) throw new Error(`delivered ${report.delivered} of ${EVENTS * subscriptions}: ${JSON.stringify(report)}`);
  console.log(`${label.padEnd(8)} ${subscriptions} subscription(s): ${fmt(report.delivered)} deliveries in ${seconds.toFixed(2)} s = ${fmt(report.delivered / seconds)}/s`);
}

async function main(): Promise<void> {
  signing();
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  // PGlite blocks the event loop while it starts and migrates: idle keep-alive sockets would be
  // closed by this in-process receiver just as the client reuses them (ECONNRESET)
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  for (const subscriptions of [1, 4]) await deliveries('memory', createMemoryStore(), createMemoryWebhookStore(), url, subscriptions);
  const db = await openPglite();
  for (const subscriptions of [1, 4]) {
    const store = createPostgresStore({ pglite: db, schema: `bench_${subscriptions}` });
    await migrate(store);
    await deliveries('PGlite', store, createPgWebhookStore(store), url, subscriptions);
  }
  await db.close();
  server.closeAllConnections();
  server.close();
  console.log(`receiver got ${fmt(received)} POSTs`);
}

await main();
