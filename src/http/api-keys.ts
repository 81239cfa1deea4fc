import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { FidelisError, validationError } from '../core/errors.js';
import { Instant, zodIssues } from '../core/validation.js';

/**
 * What an API key may do: `read` (balances, histories, previews, code checks), `checkout`
 * (carts, coupon reservations, orders, returns, redemptions), `admin` (adjustments, partners,
 * codes, contacts, the outbox, the due jobs, webhooks) and `gdpr` (export and erase a customer). Scopes do
 * not imply each other: a shop's checkout plugin gets `read,checkout`.
 *
 * @example
 * ```ts
 * ApiScope.parse('checkout'); // 'checkout'
 * ```
 */
export const ApiScope = z.enum(['read', 'checkout', 'admin', 'gdpr']);

/**
 * One of `read`, `checkout`, `admin`, `gdpr`.
 *
 * @example
 * ```ts
 * const s: ApiScope = 'gdpr';
 * ```
 */
export type ApiScope = z.output<typeof ApiScope>;

/**
 * An API key as the service's configuration holds it: its id, the SHA-256 of the whole key (the
 * secret is never stored), its scopes and an optional expiry. Several keys may be active at
 * once, so a key is rotated by adding the new one, moving the clients, then removing the old.
 *
 * @example
 * ```ts
 * ApiKeyRecord.parse({ id: 'k7f3a9c2', sha256: '9f86d0…', scopes: ['read', 'checkout'], expiresAt: '2027-01-01T00:00:00Z' });
 * ```
 */
export const ApiKeyRecord = z
  .object({
    id: z.string().regex(/^[a-z0-9]{1,32}$/, 'must be 1 to 32 lower-case letters or digits'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64 hex digits of a SHA-256 digest'),
    scopes: z.array(ApiScope).min(1, 'a key needs at least one scope'),
    expiresAt: Instant.optional().describe('after this instant the key is refused (401)'),
  })
  .strict();

/**
 * A parsed {@link ApiKeyRecord}.
 *
 * @example
 * ```ts
 * const record: ApiKeyRecord = createApiKey({ scopes: ['read'] }).record;
 * ```
 */
export type ApiKeyRecord = z.output<typeof ApiKeyRecord>;

/**
 * A new key: the secret text (shown once, given to the client) and the record to configure.
 *
 * @example
 * ```ts
 * const { key, record } = createApiKey({ scopes: ['read', 'checkout'] });
 * key; // 'fk_k7f3a9c2_…' (43 characters of base64url after the id)
 * ```
 */
export interface CreatedApiKey {
  /** `fk_<id>_<secret>`: the `Authorization: Bearer` value. Not stored anywhere. */
  readonly key: string;
  /** What the service's configuration keeps (`keys[]` of the config file). */
  readonly record: ApiKeyRecord;
}

const KEY_FORMAT = /^fk_([a-z0-9]{1,32})_([A-Za-z0-9_-]{20,128})$/;

/**
 * The SHA-256 of a key's text, hex. SHA-256 (not a slow password hash) is right here: the secret
 * is 256 random bits, so there is nothing to guess from a leaked digest.
 *
 * @example
 * ```ts
 * apiKeyDigest('fk_demo_…').length; // 64
 * ```
 */
export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Create an API key: a random id and 32 random bytes (base64url), and its record.
 *
 * @example
 * ```ts
 * const { key, record } = createApiKey({ scopes: ['admin'], expiresAt: new Date('2027-01-01T00:00:00Z') });
 * ```
 */
export function createApiKey(options: { readonly scopes: readonly ApiScope[]; readonly expiresAt?: Date; readonly id?: string }): CreatedApiKey {
  const id = options.id ?? randomBytes(5).toString('hex');
  const key = `fk_${id}_${randomBytes(32).toString('base64url')}`;
  const record = ApiKeyRecord.parse({ id, sha256: apiKeyDigest(key), scopes: [...new Set(options.scopes)], ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }) });
  return { key, record };
}

/**
 * The keys a service accepts, checked in constant time: `authenticate(header, now)` gives the
 * key's record, or throws `UNAUTHORIZED` (no key, a malformed, unknown, wrong or expired one).
 *
 * @example
 * ```ts
 * const keys = apiKeyring([record]);
 * keys.authenticate(`Bearer ${key}`, new Date()).scopes; // ['read', 'checkout']
 * ```
 */
export interface ApiKeyring {
  /** The record of the key in an `Authorization: Bearer fk_…` header value. */
  authenticate(authorization: string | undefined, now: Date): ApiKeyRecord;
}

const unauthorized = (message: string): FidelisError => new FidelisError('UNAUTHORIZED', message);

/**
 * Build the {@link ApiKeyring} of the configured key records (validated: `VALIDATION_FAILED`
 * naming `keys[i].<field>`; two records with one id are refused).
 *
 * @example
 * ```ts
 * const keys = apiKeyring(config.keys);
 * ```
 */
export function apiKeyring(records: readonly unknown[]): ApiKeyring {
  const byId = new Map<string, { record: ApiKeyRecord; digest: Buffer }>();
  records.forEach((raw, i) => {
    const parsed = ApiKeyRecord.safeParse(raw);
    if (!parsed.success) throw validationError('API keys', zodIssues(parsed.error, ['keys', i]));
    if (byId.has(parsed.data.id)) throw validationError('API keys', [{ path: `keys[${i}].id`, message: `the id ${parsed.data.id} is used by two keys` }]);
    byId.set(parsed.data.id, { record: parsed.data, digest: Buffer.from(parsed.data.sha256, 'hex') });
  });
  const decoy = Buffer.alloc(32);
  return {
    authenticate(authorization, now) {
      if (authorization === undefined || authorization.trim() === '') throw unauthorized('no API key: send Authorization: Bearer fk_<id>_<secret>');
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      const key = match?.[1] ?? '';
      const parts = KEY_FORMAT.exec(key);
      if (parts === null) throw unauthorized('the Authorization header is not Bearer fk_<id>_<secret>');
      const entry = byId.get(parts[1] ?? '');
      const given = createHash('sha256').update(key, 'utf8').digest();
      // an unknown id is compared with a decoy, so both answers take the same time
      const same = timingSafeEqual(given, entry?.digest ?? decoy) && entry !== undefined;
      if (!same || entry === undefined) throw unauthorized('the API key is unknown or wrong');
      const expiresAt = entry.record.expiresAt;
      if (expiresAt !== undefined && expiresAt.getTime() <= now.getTime()) throw unauthorized(`the API key ${entry.record.id} expired at ${expiresAt.toISOString()}`);
      return entry.record;
    },
  };
}
