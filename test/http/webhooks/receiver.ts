// Test support: a webhook receiver on 127.0.0.1 (port 0), answering each POST with the next
// status of its script (the last one repeats), recording what it got; and a tea shop engine
// whose orders write `points.earned` (1 point per euro, no pending, no expiry).
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import { type Store, createLoyaltyEngine, createMemoryStore, manualClock, parseProgram, sequentialIdGenerator } from '../../../src/index.js';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Replace the script of statuses (`'hang'`: never answer). */
  script(statuses: ReadonlyArray<number | 'hang'>): void;
  /** Stop listening (later POSTs are refused). */
  close(): Promise<void>;
}

/** Receivers started by this test file, closed after it. */
export function receivers(): (statuses?: ReadonlyArray<number | 'hang'>) => Promise<Receiver> {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      if (s.listening) await new Promise((resolve) => s.close(resolve));
    }
  });
  return async (statuses = [204]) => {
    let script = [...statuses];
    const received: Received[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = script.length > 1 ? script.shift() : script[0];
        if (status === 'hang') return;
        res.writeHead(status ?? 204).end();
      });
    });
    servers.push(server);
    server.keepAliveTimeout = 120_000; // PGlite in this process can block the loop past the 5 s default
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const close = () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return { url: `http://127.0.0.1:${port}/hooks`, received, script: (s) => (script = [...s]), close };
  };
}

export const T0 = new Date('2026-03-01T10:00:00Z');

const program = parseProgram({ id: 'tea', currency: 'EUR', timeZone: 'Europe/Paris', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] });

/** An engine over `store` (memory by default) with a manual clock at T0 and sequential ids. */
export function teaShop(store: Store = createMemoryStore()) {
  const clock = manualClock(T0);
  const engine = createLoyaltyEngine({ store, programs: [program], clock, ids: sequentialIdGenerator('e') });
  /** Order `id` of `euros` € for `customerId`: earns `euros` points. */
  const order = (id: string, euros: number, customerId = 'c1') =>
    engine.recordOrder({ id, customerId, placedAt: clock.now().toISOString(), currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 1, unitPrice: euros.toFixed(2) }] }, { idempotencyKey: `order-${id}` });
  return { engine, clock, order, store };
}
