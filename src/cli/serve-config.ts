// The configuration of `fidelis serve` (CLI layer): programs, promotions, journeys, contact
// policy, signing keys, API keys and limits, validated as one file with errors naming the
// file's path and the field.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type ContactPolicy, parseContactPolicy } from '../calendar/contact-policy.js';
import { type Journey, parseJourney } from '../calendar/journey.js';
import { FidelisError, type ValidationIssue, isFidelisError } from '../core/errors.js';
import { TimeZoneName, zodIssues } from '../core/validation.js';
import { type Promotion, parsePromotion } from '../coupons/promotion.js';
import type { SigningKey } from '../coupons/signed-code.js';
import { ApiKeyRecord } from '../http/api-keys.js';
import type { RateLimit } from '../http/rate-limit.js';
import { parseProgram } from '../rules/parse-program.js';
import type { Program } from '../rules/program.js';

const Rate = z.object({ perSecond: z.number().positive(), burst: z.number().int().min(1) }).strict();

/**
 * The file `fidelis serve --config` reads: definitions as the library parses them
 * (`parseProgram`, `parsePromotion`, `parseJourney`, `parseContactPolicy`), the API keys
 * (records of `fidelis keys create`), signing keys whose secrets come from the environment,
 * and limits.
 *
 * @example
 * ```ts
 * ServeConfigFile.parse({ programs: [program], keys: [{ id: 'shop', sha256: '…', scopes: ['read', 'checkout'] }] });
 * ```
 */
export const ServeConfigFile = z
  .object({
    programs: z.array(z.unknown()).default([]).describe('program definitions; the first is the default'),
    promotions: z.array(z.unknown()).default([]).describe('promotion definitions'),
    timeZone: TimeZoneName.optional().describe("the promotions' zone (default: the first program's)"),
    journeys: z.array(z.unknown()).default([]).describe('journey definitions for /v1/contact-plans'),
    contactPolicy: z.unknown().optional().describe('the contact policy for /v1/contact-plans'),
    signingKeys: z
      .array(z.object({ id: z.number().int().min(0).max(255), secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable') }).strict())
      .default([])
      .describe('keys of signed codes: the secret is read from the environment variable secretEnv'),
    keys: z.array(ApiKeyRecord).min(1, 'the service needs at least one API key (fidelis keys create)'),
    limits: z
      .object({
        bodyBytes: z.number().int().min(1024).max(100 * 1024 * 1024).optional(),
        rate: Rate.optional(),
        unauthenticatedRate: Rate.optional().describe('requests without a valid API key, per client address'),
      })
      .strict()
      .default({}),
  })
  .strict();

/**
 * A configuration, every definition parsed.
 *
 * @example
 * ```ts
 * const config: ServeConfig = parseServeConfig(json, 'shop.json', process.env);
 * ```
 */
export interface ServeConfig {
  readonly programs: readonly Program[];
  readonly promotions: readonly Promotion[];
  readonly timeZone: string;
  readonly journeys: readonly Journey[];
  readonly contactPolicy?: ContactPolicy;
  readonly signingKeys: readonly SigningKey[];
  readonly keys: readonly ApiKeyRecord[];
  readonly limits: { readonly bodyBytes?: number; readonly rate?: RateLimit; readonly unauthenticatedRate?: RateLimit };
}

function failed(file: string, issues: readonly ValidationIssue[]): FidelisError {
  const list = issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('; ');
  return new FidelisError('VALIDATION_FAILED', `${file}: ${list}`, { file, issues: [...issues] });
}

/** `parse(raw)`, its issues' paths prefixed with `prefix` (`programs[0]`). */
function within<T>(prefix: string, raw: unknown, parse: (raw: unknown) => T, issues: ValidationIssue[]): T | undefined {
  try {
    return parse(raw);
  } catch (error) {
    if (!isFidelisError(error)) throw error;
    const own = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
    for (const i of own) issues.push({ path: i.path === '' ? prefix : `${prefix}.${i.path}`, message: i.message });
    return undefined;
  }
}

/**
 * Validate a configuration (`VALIDATION_FAILED` naming `file` and every field, e.g.
 * `shop.json: programs[0].earnRules[1].rate: …`); `env` gives the signing secrets.
 *
 * @example
 * ```ts
 * const config = parseServeConfig(JSON.parse(text), 'shop.json', process.env);
 * ```
 */
export function parseServeConfig(raw: unknown, file: string, env: Readonly<Record<string, string | undefined>>): ServeConfig {
  const top = ServeConfigFile.safeParse(raw);
  if (!top.success) throw failed(file, zodIssues(top.error));
  const c = top.data;
  const issues: ValidationIssue[] = [];
  const programs = c.programs.map((p, i) => within(`programs[${i}]`, p, parseProgram, issues));
  const promotions = c.promotions.map((p, i) => within(`promotions[${i}]`, p, parsePromotion, issues));
  const journeys = c.journeys.map((j, i) => within(`journeys[${i}]`, j, parseJourney, issues));
  const contactPolicy = c.contactPolicy === undefined ? undefined : within('contactPolicy', c.contactPolicy, parseContactPolicy, issues);
  const signingKeys = c.signingKeys.map((k, i) => {
    const secret = env[k.secretEnv];
    if (secret === undefined || secret.length < 16) issues.push({ path: `signingKeys[${i}].secretEnv`, message: `the environment variable ${k.secretEnv} must hold a secret of at least 16 characters` });
    return { id: k.id, secret: secret ?? '' };
  });
  const timeZone = c.timeZone ?? programs[0]?.timeZone;
  if (c.promotions.length > 0 && timeZone === undefined) issues.push({ path: 'timeZone', message: 'is required for promotions when there is no program' });
  if (journeys.length > 0 && c.contactPolicy === undefined) issues.push({ path: 'contactPolicy', message: 'is required with journeys' });
  if (issues.length > 0) throw failed(file, issues);
  return {
    programs: programs as Program[],
    promotions: promotions as Promotion[],
    timeZone: timeZone ?? 'UTC',
    journeys: journeys as Journey[],
    ...(contactPolicy === undefined ? {} : { contactPolicy }),
    signingKeys,
    keys: c.keys,
    limits: {
      ...(c.limits.bodyBytes === undefined ? {} : { bodyBytes: c.limits.bodyBytes }),
      ...(c.limits.rate === undefined ? {} : { rate: c.limits.rate }),
    },
  };
}

/**
 * Read and validate the configuration file (`PARSE_FAILED` naming the file when it is not JSON).
 *
 * @example
 * ```ts
 * const config = await readServeConfig('shop.json', process.env);
 * ```
 */
export async function readServeConfig(file: string, env: Readonly<Record<string, string | undefined>>): Promise<ServeConfig> {
  const text = await readFile(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FidelisError('PARSE_FAILED', `${file}: not JSON (${(error as Error).message})`, { file });
  }
  return parseServeConfig(raw, file, env);
}
