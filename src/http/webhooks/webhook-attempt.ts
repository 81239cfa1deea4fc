import { signWebhook } from './webhook-signature.js';
import type { ClaimedWebhookDelivery } from './webhook-store.js';

/**
 * The `fetch` a dispatcher POSTs with (the global one by default; tests pass their own).
 *
 * @example
 * ```ts
 * const f: WebhookFetch = (url, init) => fetch(url, init);
 * ```
 */
export type WebhookFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * What one POST came to: a 2xx, or the failure in words (`HTTP 500`, `timeout`,
 * `connection refused`, `network error: ENOTFOUND`…).
 *
 * @example
 * ```ts
 * const r: WebhookPostResult = { ok: false, error: 'HTTP 503' };
 * ```
 */
export type WebhookPostResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** The failure of a fetch that threw, in words (never the url or the body: no personal data). */
function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message.slice(0, 80) : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return `network error: ${code ?? (error instanceof Error ? error.name : 'unknown')}`;
}

/**
 * POST a claimed delivery's body to its url, signed with the subscription's secret at `now`
 * (Standard Webhooks headers, `content-type: application/json`), redirects not followed, within
 * `timeoutMs`. The response body is discarded; only a 2xx status counts as delivered.
 *
 * @example
 * ```ts
 * const result = await postWebhook(claim, new Date(), { fetch, timeoutMs: 10_000 });
 * ```
 */
export async function postWebhook(claim: ClaimedWebhookDelivery, now: Date, options: { readonly fetch: WebhookFetch; readonly timeoutMs: number }): Promise<WebhookPostResult> {
  const { delivery } = claim;
  const headers = signWebhook({ secret: claim.secret, id: delivery.eventId, timestamp: now.getTime() / 1000, body: delivery.body });
  try {
    const response = await options.fetch(claim.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'fidelis-webhooks' },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    return response.status >= 200 && response.status < 300 ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: describeFailure(error) };
  }
}
