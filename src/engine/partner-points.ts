import { Decimal } from '../core/decimal.js';
import { FidelisError } from '../core/errors.js';
import { Money } from '../core/money.js';
import type { Points } from '../core/points.js';
import { z } from 'zod';
import { Instant, parseWith } from '../core/validation.js';
import type { EarnEntry, PartnerTerms } from '../rules/ledger/entry.js';
import { expiresAt } from '../rules/lifecycle.js';
import { type PartnerEntry, type PartnerSettlement, partnerEarnPoints, partnerRedeemUnits, partnerSettlement } from '../rules/partners.js';
import type { Partner, Program } from '../rules/program.js';
import type { EngineContext } from './context.js';
import { type CommitStatus, commitToLedger } from './ledger-commit.js';
import { type RedemptionResult, redeemPoints } from './points-redemption.js';
import { requireProgram } from './program-lookup.js';

/**
 * The shape `recordPartnerEarning` accepts (every field checked, unknown fields refused): the
 * schema of a {@link PartnerEarning}, e.g. for the HTTP service's request body.
 *
 * @example
 * ```ts
 * PartnerEarning.parse({ customerId: 'c1', partnerId: 'airline', units: 1500, at: '2026-03-02T10:00:00Z', reference: 'LH123' });
 * ```
 */
export const PartnerEarning = z
  .object({
    customerId: z.string().trim().min(1).describe('the customer'),
    partnerId: z.string().trim().min(1).describe('the partner (program.partners[].id)'),
    units: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('partner units earned (miles, euros spent at the partner…), a positive whole number'),
    at: Instant.describe('when (ISO 8601 with an offset, or a Date)'),
    reference: z.string().trim().min(1).max(200).describe("the partner's reference of the transaction: each is credited once"),
    programId: z.string().min(1).optional().describe('the program (the default program otherwise)'),
  })
  .strict();

/**
 * Points a customer earned by shopping at a coalition partner, as the partner reports them
 * (`customerId`, `partnerId`, `units`, `at`, `reference`, optional `programId`).
 *
 * @example
 * ```ts
 * const e: PartnerEarning = { customerId: 'c1', partnerId: 'airline', units: 1500, at: '2026-03-02T10:00:00Z', reference: 'flight-LH123-0302' };
 * ```
 */
export type PartnerEarning = z.input<typeof PartnerEarning>;

/**
 * What crediting a partner earning did.
 *
 * @example
 * ```ts
 * const r: PartnerEarningResult = await engine.recordPartnerEarning(earning, { idempotencyKey: 'airline-LH123' });
 * r.points; // 750 at earnRate 0.5
 * ```
 */
export interface PartnerEarningResult {
  /** `applied`, `replayed` (same key) or `duplicate` (the same reference under another key). */
  readonly status: CommitStatus;
  /** The customer. */
  readonly customerId: string;
  /** The partner's terms: units, the rate applied, the money value of the points. */
  readonly partner: PartnerTerms;
  /** The partner's reference. */
  readonly reference: string;
  /** Points credited (units × earnRate, with the program's rounding), spendable at once. */
  readonly points: Points;
  /** When they expire (ISO), or `null`. */
  readonly expiresAt: string | null;
  /** The ledger entry (the lot). */
  readonly entryId: string;
}

/**
 * A redemption at a partner: the points burned, and the units the partner delivers for them.
 *
 * @example
 * ```ts
 * const r: PartnerRedemptionResult = await engine.redeemAtPartner({ customerId: 'c1', partnerId: 'airline', points: 1000 }, { idempotencyKey: 'miles-1' });
 * r.partner.units; // 2000 at redeemRate 2
 * ```
 */
export interface PartnerRedemptionResult extends RedemptionResult {
  /** The partner's terms: units delivered, the rate, the money value of the points. */
  readonly partner: PartnerTerms;
}

function invalid(path: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });
}

function requireText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(path, 'must be a non-empty string');
  return value;
}

function requireWhole(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw invalid(path, `must be a positive whole number (got ${String(value)})`);
  return value;
}

/** The partner of the program; `NOT_FOUND` naming `partnerId` otherwise. */
function requirePartner(program: Program, partnerId: string): Partner {
  const partner = program.partners.find((p) => p.id === partnerId);
  if (partner === undefined) throw new FidelisError('NOT_FOUND', `partnerId: no partner "${partnerId}" in program "${program.id}"`, { partnerId, programId: program.id });
  return partner;
}

function termsOf(program: Program, partner: Partner, units: number, rate: string, points: Points): PartnerTerms {
  const value = Money.round(new Decimal(partner.valuePerPoint).times(points), program.currency, 'half-even').toJSON();
  return { partnerId: partner.id, units, rate, value };
}

/**
 * Credit points a customer earned at a coalition partner: a lot of units × `earnRate` points
 * (the program's rounding), spendable at once and expiring as the program says, carrying the
 * partner's terms; the partner's reference is credited once (`partner:<id>:<reference>`).
 * Unknown partner: `NOT_FOUND`; bad input: `VALIDATION_FAILED` naming the field; nothing written.
 *
 * @example
 * ```ts
 * await recordPartnerEarning(ctx, { customerId: 'c1', partnerId: 'airline', units: 1500, at: '2026-03-02T10:00:00Z', reference: 'LH123' }, { idempotencyKey: 'airline-LH123' });
 * ```
 */
export async function recordPartnerEarning(ctx: EngineContext, raw: PartnerEarning, options: { readonly idempotencyKey: string }): Promise<PartnerEarningResult> {
  const input = parseWith(PartnerEarning, raw, 'partner earning');
  const program = requireProgram(ctx, input.programId);
  const { customerId, units, reference, at } = input;
  const partner = requirePartner(program, input.partnerId);
  const points = partnerEarnPoints(program, partner.id, units);
  if (points <= 0) throw invalid('units', `${units} unit(s) earn no point at rate ${partner.earnRate}`);
  const terms = termsOf(program, partner, units, partner.earnRate, points);
  const claim = `partner:${partner.id}:${reference}`;
  const request = { op: 'recordPartnerEarning', customerId, partnerId: partner.id, units, at, reference, programId: program.id };
  const done = await commitToLedger<Omit<PartnerEarningResult, 'status'>>(ctx, { customerId }, { idempotencyKey: options.idempotencyKey, request }, () => {
    const expiry = expiresAt(program, at);
    const entry: EarnEntry = { kind: 'earn', id: ctx.ids(), customerId, at, points, activatesAt: at, expiresAt: expiry, source: { type: 'bonus', bonus: 'partner', reference: claim }, partner: terms };
    return {
      entries: [entry],
      claims: [claim],
      result: { customerId, partner: terms, reference, points, expiresAt: expiry === null ? null : expiry.toISOString(), entryId: entry.id },
    };
  });
  if (done === undefined) throw new Error('unreachable: a partner earning always plans');
  return { ...done.result, status: done.status };
}

/**
 * Redeem points at a coalition partner: the burn (by the balance guard, as `redeemPoints`)
 * carries the partner's terms, and the partner delivers points × `redeemRate` units (rounded
 * down). Unknown partner: `NOT_FOUND`; too few points: `INSUFFICIENT_POINTS`; nothing written.
 *
 * @example
 * ```ts
 * await redeemAtPartner(ctx, { customerId: 'c1', partnerId: 'airline', points: 1000 }, { idempotencyKey: 'miles-1' });
 * ```
 */
export async function redeemAtPartner(
  ctx: EngineContext,
  input: { readonly customerId: string; readonly partnerId: string; readonly points: Points; readonly programId?: string },
  options: { readonly idempotencyKey: string },
): Promise<PartnerRedemptionResult> {
  const program = requireProgram(ctx, input.programId);
  const partner = requirePartner(program, requireText(input.partnerId, 'partnerId'));
  const points = requireWhole(input.points, 'points');
  const terms = termsOf(program, partner, partnerRedeemUnits(program, partner.id, points), partner.redeemRate, points);
  const done = await redeemPoints(ctx, input.customerId, points, { idempotencyKey: options.idempotencyKey, reason: `partner:${partner.id}` }, undefined, terms);
  return { ...done, partner: terms };
}

/**
 * What the program and a partner owe each other for `[from, until)`, read from the store: the
 * points customers earned through the partner (which it pays for) against those redeemed at it
 * (which the program pays for), at the partner's `valuePerPoint` (see `partnerSettlement`; its
 * `to` is the last millisecond before `until`).
 *
 * @example
 * ```ts
 * await partnerSettlementOf(ctx, { partner: 'airline', from: new Date('2026-03-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00') });
 * ```
 */
export async function partnerSettlementOf(
  ctx: EngineContext,
  query: { readonly partner: string; readonly from: Date; readonly until: Date; readonly programId?: string },
): Promise<PartnerSettlement> {
  const program = requireProgram(ctx, query.programId);
  const partner = requirePartner(program, requireText(query.partner, 'partner'));
  if (!(query.from instanceof Date) || !(query.until instanceof Date) || !(query.from.getTime() < query.until.getTime())) {
    throw invalid('until', 'must be a Date after from');
  }
  const entries = await ctx.store.ledger.partnerEntries(partner.id, { from: query.from, until: query.until });
  const moves: PartnerEntry[] = entries.map((e) => ({ partnerId: partner.id, kind: e.kind === 'earn' ? 'earn' : 'redeem', points: Math.abs(e.points), at: e.at }));
  return partnerSettlement(program, partner.id, moves, { from: query.from, to: new Date(query.until.getTime() - 1) });
}
