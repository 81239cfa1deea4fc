import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/**
 * A running HTTP server: the port it bound (the one asked for, or the one the system chose for
 * port 0) and `close()`, which stops accepting and waits for open requests.
 *
 * @example
 * ```ts
 * const server: RunningHttpServer = await startHttpServer({ app, port: 0 });
 * await fetch(`http://127.0.0.1:${server.port}/healthz`);
 * await server.close();
 * ```
 */
export interface RunningHttpServer {
  /** The port bound. */
  readonly port: number;
  /** The address listened on. */
  readonly hostname: string;
  /** Stop accepting connections; resolves when the open requests are answered. */
  close(): Promise<void>;
}

/**
 * Serve an app (from {@link createHttpApp}, or any fetch handler) over Node's HTTP server.
 *
 * @example
 * ```ts
 * const server = await startHttpServer({ app, port: 8080, hostname: '127.0.0.1' });
 * ```
 */
export async function startHttpServer(options: {
  readonly app: { readonly fetch: (request: Request) => Response | Promise<Response> };
  readonly port: number;
  readonly hostname?: string;
}): Promise<RunningHttpServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: options.app.fetch, port: options.port, hostname }, (info: AddressInfo) => {
      server.off('error', reject);
      resolve({
        port: info.port,
        hostname,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error === undefined ? done() : fail(error)));
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
