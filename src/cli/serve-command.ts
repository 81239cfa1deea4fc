// `fidelis serve`: the engine as an HTTP service, on the memory store, PGlite or PostgreSQL.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createPostgresStore } from '../adapters/postgres/postgres-store.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { openPglite } from '../adapters/postgres/pglite-sql-client.js';
import { parsePromotion } from '../coupons/promotion.js';
import { createLoyaltyEngine } from '../engine/loyalty-engine.js';
import { type ApiScope, createApiKey } from '../http/api-keys.js';
import { createHttpApp } from '../http/http-app.js';
import { startHttpServer } from '../http/http-server.js';
import { createMemoryWebhookStore } from '../http/webhooks/memory-webhook-store.js';
import { createPgWebhookStore } from '../http/webhooks/pg-webhook-store.js';
import { createWebhookDispatcher } from '../http/webhooks/webhook-dispatcher.js';
import type { WebhookStore } from '../http/webhooks/webhook-store.js';
import { startWebhookWorker } from '../http/webhooks/webhook-worker.js';
import { parseProgram } from '../rules/parse-program.js';
import { createMemoryStore } from '../storage/memory-store.js';
import type { Store } from '../storage/store.js';
import { commandFailed, flagError, parseFlags } from './command-errors.js';
import { openPool } from './db-command.js';
import { DEMO_CAMPAIGN_PROMOTIONS, DEMO_CONTACT_POLICY, DEMO_JOURNEYS, DEMO_PROGRAM, DEMO_THANK_YOU_PROMOTION, DEMO_TIME_ZONE } from './demo-shop.js';
import { parseContactPolicy } from '../calendar/contact-policy.js';
import { parseJourney } from '../calendar/journey.js';
import type { CliIo } from './run.js';
import { type ServeConfig, readServeConfig } from './serve-config.js';

/** One line of the `fidelis` usage list. */
export const SERVE_USAGE_LINE = '  serve (--demo | --config <file.json>) [--store memory|pglite:<dir> | --url <postgres-url>]   the engine as an HTTP service';

const HELP = `Usage: fidelis serve (--demo | --config <file.json>) [options]

Serves the engine over HTTP (see docs/http.md): JSON endpoints under /v1, API keys with scopes,
Idempotency-Key on every mutating call, RFC 9457 errors, /healthz, /readyz, /openapi.json.
Delivers signed webhooks from the outbox every second (subscriptions: /v1/webhooks, see
docs/webhooks.md). Logs one JSON line per request on stdout. Stops on SIGINT or SIGTERM.

  --demo                  the demo shop's program and promotions, with a new API key of every
                          scope printed at start (for trying the service, not for production)
  --config <file.json>    programs, promotions, timeZone, journeys, contactPolicy, signingKeys,
                          keys (from fidelis keys create) and limits; validated at start
  --store <store>         memory (the default: state is gone when the service stops) or
                          pglite:<dir> (an embedded PostgreSQL kept in <dir>, migrated at start)
  --url <postgres-url>    a PostgreSQL server instead (migrate it first: fidelis db migrate)
  --port <n>              port to listen on (default 8080; 0: any free port)
  --host <address>        address to listen on (default 127.0.0.1; TLS is the reverse proxy's)
  -h, --help              this help
`;

const OPTIONS = {
  demo: { type: 'boolean' },
  config: { type: 'string' },
  store: { type: 'string' },
  url: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ALL_SCOPES: readonly ApiScope[] = ['read', 'checkout', 'admin', 'gdpr'];

/** The demo shop as a configuration, with a new key of every scope (returned to be printed once). */
function demoConfig(): { config: ServeConfig; key: string } {
  const { key, record } = createApiKey({ id: 'demo', scopes: ALL_SCOPES });
  const config: ServeConfig = {
    programs: [parseProgram(DEMO_PROGRAM)],
    promotions: [...DEMO_CAMPAIGN_PROMOTIONS, DEMO_THANK_YOU_PROMOTION].map((p) => parsePromotion(p)),
    timeZone: DEMO_TIME_ZONE,
    journeys: DEMO_JOURNEYS.map((j) => parseJourney(j)),
    contactPolicy: parseContactPolicy(DEMO_CONTACT_POLICY),
    signingKeys: [],
    keys: [record],
    limits: {},
  };
  return { config, key };
}

/** The store and, beside it, where webhook subscriptions and deliveries are kept. */
async function openStore(store: string | undefined, url: string | undefined): Promise<{ store: Store; webhooks: WebhookStore; label: string }> {
  if (url !== undefined) {
    if (store !== undefined) throw flagError('url', 'give either --store or --url');
    if (!/^postgres(ql)?:\/\//.test(url)) throw flagError('url', 'must be a postgres:// or postgresql:// URL');
    const pg = createPostgresStore({ pool: await openPool(url, 10), owned: true });
    return { store: pg, webhooks: createPgWebhookStore(pg), label: 'PostgreSQL' };
  }
  if (store === undefined || store === 'memory') return { store: createMemoryStore(), webhooks: createMemoryWebhookStore(), label: 'memory (state is gone when the service stops)' };
  if (store.startsWith('pglite:') && store.length > 'pglite:'.length) {
    const dir = store.slice('pglite:'.length);
    const pg = createPostgresStore({ pglite: await openPglite(dir), owned: true });
    await migrate(pg);
    return { store: pg, webhooks: createPgWebhookStore(pg), label: `PGlite in ${dir}` };
  }
  throw flagError('store', `"${store}" is not memory or pglite:<dir>`);
}

function portFlag(text: string | undefined): number {
  if (text === undefined) return 8080;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw flagError('port', `"${text}" is not a port number (0 to 65535)`);
  return port;
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `fidelis serve`: validate the configuration (or take the demo shop's), open the store, serve
 * the HTTP app until SIGINT/SIGTERM, then close the server and the store. Returns the exit code
 * (0 after a stop, 2 for bad flags or configuration: nothing is started then).
 *
 * @example
 * ```ts
 * await serveCommand(['--demo', '--port', '8080'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  let store: Store | undefined;
  try {
    const { values: v } = parseFlags(() => parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true }));
    if (v.help === true) {
      io.stdout.write(HELP);
      return 0;
    }
    if ((v.demo === true) === (v.config !== undefined)) throw flagError(v.demo === true ? 'config' : 'demo', 'give exactly one of --demo or --config <file.json>');
    const port = portFlag(v.port);
    const hostname = v.host ?? '127.0.0.1';
    const demo = v.demo === true ? demoConfig() : undefined;
    const config = demo?.config ?? (await readServeConfig(v.config ?? '', process.env));
    const opened = await openStore(v.store, v.url);
    store = opened.store;
    const engine = createLoyaltyEngine({
      store,
      programs: config.programs,
      promotions: { promotions: config.promotions, timeZone: config.timeZone, signingKeys: config.signingKeys },
    });
    const logger = pino({ base: null }, io.stdout);
    // webhooks are delivered from the outbox by a worker in the same process
    const webhooks = createWebhookDispatcher({ engine, store: opened.webhooks });
    const app = createHttpApp({
      engine,
      keys: config.keys,
      limits: config.limits,
      logger,
      webhooks,
      signingKeys: config.signingKeys,
      ...(config.contactPolicy === undefined ? {} : { contacts: { journeys: config.journeys, policy: config.contactPolicy } }),
    });
    const stopped = stopSignal();
    const server = await startHttpServer({ app, port, hostname });
    const worker = startWebhookWorker({ dispatcher: webhooks, intervalMs: 1_000, logger });
    io.stdout.write(`fidelis serve: listening on http://${hostname}:${server.port} (store: ${opened.label}; ${config.programs.length} program(s), ${config.promotions.length} promotion(s), ${config.keys.length} API key(s))\n`);
    if (demo !== undefined) io.stdout.write(`fidelis serve: demo API key (scopes ${ALL_SCOPES.join(', ')}; shown once): ${demo.key}\n`);
    const signal = await stopped;
    io.stdout.write(`fidelis serve: ${signal}, stopping\n`);
    await server.close();
    await worker.stop();
    return 0;
  } catch (error) {
    return commandFailed('serve', error, io);
  } finally {
    await store?.close();
  }
}
