// Who sent a request, as the socket says: the key of the rate limit of requests without a valid key.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The peer address of the request's socket (`@hono/node-server` passes the Node request as
 * `c.env.incoming`), or `unknown` when the app is called without a socket (`app.request` in
 * tests, another runtime). Behind a reverse proxy this is the proxy's address: every client of
 * the proxy then shares one bucket, which only slows requests that fail authentication anyway.
 *
 * @example
 * ```ts
 * clientAddress(c); // '127.0.0.1'
 * ```
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket.remoteAddress ?? 'unknown';
}
