import { FidelisError } from '../core/errors.js';

/**
 * Read a request's JSON body: `application/json` only (`UNSUPPORTED_MEDIA_TYPE` otherwise), at
 * most `limitBytes` (`PAYLOAD_TOO_LARGE`, checked on `Content-Length` before anything is read
 * and again while reading a chunked body), and JSON (`PARSE_FAILED` naming the position).
 *
 * @example
 * ```ts
 * const raw = await readJsonBody(request, 1_048_576);
 * ```
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  const media = type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (media !== 'application/json') {
    throw new FidelisError('UNSUPPORTED_MEDIA_TYPE', `Content-Type: the body must be application/json, not ${media === '' ? 'absent' : media}`);
  }
  const length = request.headers.get('content-length');
  if (length !== null && Number(length) > limitBytes) throw tooLarge(limitBytes);
  // with a Content-Length the server reads exactly that many bytes (the fast path of
  // @hono/node-server); a chunked body is read as a stream and cut at the limit
  const text = length !== null ? await request.text() : await readText(request, limitBytes);
  if (text.trim() === '') throw new FidelisError('PARSE_FAILED', 'body: empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FidelisError('PARSE_FAILED', `body: not JSON (${(error as Error).message})`);
  }
}

function tooLarge(limitBytes: number): FidelisError {
  return new FidelisError('PAYLOAD_TOO_LARGE', `body: larger than the limit of ${limitBytes} bytes`, { limitBytes });
}

async function readText(request: Request, limitBytes: number): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
