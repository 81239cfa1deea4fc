import { randomUUID } from 'node:crypto';
import type { CodeBatch } from '../storage/coupon-store.js';
import { couponEvents } from './events/coupon-events.js';
import { type CheckoutCustomerInput, parseCheckoutCustomer } from './checkout-customer.js';
import { storedSegment } from './customer-segment.js';
import type { FactCustomerInput } from '../conditions/subject.js';
import { currencyExponent } from '../core/currency.js';
import { FidelisError } from '../core/errors.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import { addDuration } from '../core/time.js';
import { parseCart } from '../coupons/cart.js';
import type { CartEvaluation } from '../coupons/cart-evaluation-result.js';
import { evaluateCart } from '../coupons/cart-evaluation.js';
import { type GenerateCodesOptions, generateCodes } from '../coupons/code-generation.js';
import { normalizeCode } from '../coupons/code-normalization.js';
import type { PresentedCode } from '../coupons/code-resolution.js';
import type { PromotionUsage } from '../coupons/promotion-eligibility.js';
import type { Promotion } from '../coupons/promotion.js';
import { usageTerms } from '../coupons/return-terms.js';
import { usagePeriodKey } from '../coupons/usage-period.js';
import type { UsageRejection, UsageReservation } from '../storage/coupon-store.js';
import { type CampaignReport, summarizeCampaigns } from './campaign-report.js';
import { checkoutHash, ownVoucherHold, refuseReusedCheckout, usageSeenBy } from './checkout-usage.js';
import { requireKey } from './ledger-commit.js';
import type { EngineContext } from './context.js';
import { type PromotionSetup, ensurePromotion, needsSetup, requirePromotion } from './promotion-setup.js';

export type { CampaignReport } from './campaign-report.js';
export type { PromotionSetup } from './promotion-setup.js';

/**
 * Input of {@link CouponOperations.issueCodes}: generation options plus the promotion, an
 * optional customer the codes are assigned to, and a voucher amount for gift cards.
 *
 * @example
 * ```ts
 * const input: IssueCodesInput = { promotionId: 'spring', count: 500, prefix: 'SPRING-', pattern: '####-####' };
 * ```
 */
export interface IssueCodesInput extends Omit<GenerateCodesOptions, 'existing' | 'existingCount'> {
  /** The promotion the codes unlock. */
  readonly promotionId: string;
  /** Assign every code to this customer. */
  readonly assignedTo?: string;
  /** For voucher promotions: each code carries this balance (decimal string, `voucherCurrency`). */
  readonly voucherAmount?: string;
  /** Currency of `voucherAmount`. */
  readonly voucherCurrency?: string;
  /**
   * Idempotency key of the batch: a retried call with the same key returns the codes of the
   * first batch instead of issuing another (the same key for another promotion or count is a
   * `CONFLICT`); {@link CouponOperations.issuedCodes} gives them back later.
   */
  readonly idempotencyKey?: string;
}

/**
 * The usages reserved for one checkout, to commit after payment or release when it fails.
 *
 * @example
 * ```ts
 * const r: CheckoutReservation = await engine.reserveCoupons({ checkoutId: 'co-42', evaluation, customerId: 'c1' });
 * ```
 */
export interface CheckoutReservation {
  /** The checkout (idempotency key of the whole reservation). */
  readonly checkoutId: string;
  /** True when every applied promotion was reserved. */
  readonly ok: boolean;
  /** The reservations held (all of them when `ok`, none otherwise). */
  readonly reservations: readonly UsageReservation[];
  /** Promotions the Store refused, with the reason (then nothing is held). */
  readonly refused: ReadonlyArray<{ readonly promotionId: string; readonly reason: UsageRejection }>;
}

/**
 * Input of {@link CouponOperations.restoreCoupons}: which checkout (by id, by order, or the
 * reservation object `reserveCoupons` returned), the return and its lines.
 *
 * @example
 * ```ts
 * const input: RestoreCouponsInput = { orderId: 'o-42', returnId: 'ret-7', lines: [{ lineId: 'l2', quantity: 1 }] };
 * ```
 */
export type RestoreCouponsInput = (
  | { readonly checkoutId: string }
  | { readonly orderId: string }
  | { readonly reservation: Pick<CheckoutReservation, 'reservations'> }
) & {
  /** Idempotency key of the return. */
  readonly returnId: string;
  /** The units returned by this return, or `'all'` for the whole order. */
  readonly lines: ReadonlyArray<{ readonly lineId: string; readonly quantity: number }> | 'all';
  /** Voucher credit per promotion id in minor units, instead of the pro-rata share. */
  readonly voucherCredits?: Readonly<Record<string, number>>;
  /** Give usage back (`true`) or keep it used (`false`) regardless of what the return undid. */
  readonly restoreUsage?: boolean;
};

/**
 * The coupons operations of the {@link LoyaltyEngine}: issue codes, evaluate a checkout with
 * the Store's codes and usage, then reserve → commit | release, restore on returns, report.
 * Usage limits and budgets are consumed atomically by the Store, never read-then-write here;
 * every code is looked up and counted by its {@link normalizeCode} key.
 *
 * @example
 * ```ts
 * const engine = createLoyaltyEngine({ store: createMemoryStore(), promotions: { promotions, timeZone: 'Europe/Paris' } });
 * const evaluation = await engine.evaluateCheckout({ cart, codes: ['spring-7kq4-m2xd'], customer });
 * const held = await engine.reserveCoupons({ checkoutId: 'co-42', evaluation, customerId: 'c1' });
 * if (held.ok) await engine.commitCoupons(held); // after payment
 * ```
 */
export interface CouponOperations {
  /**
   * Generate `count` codes for a promotion (unique across every batch in the Store) and store
   * them; returns the printable codes.
   *
   * @example
   * ```ts
   * const codes = await engine.issueCodes({ promotionId: 'spring', count: 500, prefix: 'SPRING-', pattern: '####-####' });
   * ```
   */
  issueCodes(input: IssueCodesInput): Promise<string[]>;

  /**
   * The printable codes of a batch issued with an `idempotencyKey`, in key order (an export to
   * store or print again); empty for an unknown key.
   *
   * @example
   * ```ts
   * const again = await engine.issuedCodes('spring-mailing-1');
   * ```
   */
  issuedCodes(idempotencyKey: string): Promise<string[]>;

  /**
   * Store given codes (imported, vanity or signed ones used as vouchers) for a promotion.
   *
   * @example
   * ```ts
   * await engine.addCodes('giftcard', [{ code: 'GIFT-ALICE-50', voucherAmount: '50.00', voucherCurrency: 'EUR' }]);
   * ```
   */
  addCodes(promotionId: string, codes: ReadonlyArray<string | { readonly code: string; readonly assignedTo?: string; readonly voucherAmount?: string; readonly voucherCurrency?: string }>): Promise<number>;

  /**
   * Evaluate a cart with the configured promotions, looking the codes up in the Store (stored
   * codes, voucher balances) and reading usage counts, so a reached limit shows as a reason.
   * The cart is raw JSON, validated here (`VALIDATION_FAILED` naming the field). With the
   * `checkoutId` of a checkout that already reserved or committed its coupons, its own usage is
   * its own: a retried checkout is priced as the first time, not refused as `LIMIT_REACHED`.
   *
   * @example
   * ```ts
   * const r = await engine.evaluateCheckout({ cart, codes: [' SPRING-7KQ4-M2XD '], customer, checkoutId: 'co-42' });
   * ```
   */
  evaluateCheckout(input: {
    readonly cart: unknown;
    readonly codes?: readonly string[];
    /** The customer as `recordOrder` takes it (raw JSON, validated), plus optional `tier` and `stats` facts. */
    readonly customer?: CheckoutCustomerInput;
    readonly checkoutId?: string;
  }): Promise<CartEvaluation>;

  /**
   * Reserve the usage of every promotion the evaluation applied, atomically per promotion in
   * the Store, for `ttl` (ISO duration, default `PT15M`, e.g. for 3-D Secure). All or nothing:
   * if one is refused, those reserved by this call are released. Idempotent by `checkoutId`:
   * the same checkout and evaluation returns the same reservations; the same checkout id with
   * another cart, total or set of promotions throws `CONFLICT` and holds nothing new.
   *
   * @example
   * ```ts
   * const held = await engine.reserveCoupons({ checkoutId: 'co-42', evaluation, customerId: 'c1', ttl: 'PT20M' });
   * ```
   */
  reserveCoupons(input: {
    readonly checkoutId: string;
    readonly evaluation: CartEvaluation;
    readonly customerId?: string;
    readonly orderId?: string;
    readonly ttl?: string;
  }): Promise<CheckoutReservation>;

  /**
   * Commit a checkout's reservations (after payment). Idempotent. Returns the reservations as
   * stored; one whose TTL passed reads `expired` and was not counted.
   *
   * @example
   * ```ts
   * const done = await engine.commitCoupons(held);
   * ```
   */
  commitCoupons(reservation: Pick<CheckoutReservation, 'reservations'>): Promise<UsageReservation[]>;

  /**
   * Release a checkout's reservations (payment failed or abandoned): usage and voucher holds
   * come back once. Idempotent.
   *
   * @example
   * ```ts
   * await engine.releaseCoupons(held);
   * ```
   */
  releaseCoupons(reservation: Pick<CheckoutReservation, 'reservations'>): Promise<UsageReservation[]>;

  /**
   * The reservations of a checkout, or of an order (the `orderId` given to `reserveCoupons`),
   * as a {@link CheckoutReservation}; `undefined` when there are none.
   *
   * @example
   * ```ts
   * const held = await engine.findCheckout({ checkoutId: 'co-42' });
   * ```
   */
  findCheckout(query: { readonly checkoutId: string } | { readonly orderId: string }): Promise<CheckoutReservation | undefined>;

  /**
   * Apply a return to a committed checkout (found by `checkoutId`, `orderId` or the
   * reservation object), idempotent by `returnId`. `lines` are the units returned, or
   * `'all'`. For each promotion:
   * - usage (a single-use code, per-customer and total limits, budget) comes back only when the
   *   returns so far undo what the promotion required: every line it discounted returned whole,
   *   or the kept lines below its `minimumOrder`; a partial return that leaves the discount
   *   with the customer never gives it back. `onReturn.usage: 'keep'` never gives it back;
   *   `restoreUsage: true | false` overrides both (an operator's decision);
   * - a voucher (`onReturn.voucher: 'restore'`) is credited its share of the returned units
   *   (pro rata of what was paid for them, the whole debit once everything is back), or
   *   `voucherCredits[promotionId]` minor units when given.
   *
   * @example
   * ```ts
   * await engine.restoreCoupons({ checkoutId: 'co-42', returnId: 'ret-7', lines: [{ lineId: 'l2', quantity: 1 }] });
   * ```
   */
  restoreCoupons(input: RestoreCouponsInput): Promise<UsageReservation[]>;

  /**
   * Issued, redeemed, conversion and discount granted per campaign for `[from, to)`; call it
   * once per period (day, week, month) to get a series.
   *
   * @example
   * ```ts
   * const march = await engine.couponReport({ from: startOfLocalDate('2026-03-01', zone), to: startOfLocalDate('2026-04-01', zone) });
   * ```
   */
  couponReport(input: { readonly from: Date; readonly to: Date }): Promise<CampaignReport[]>;
}

function invalid(field: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ path: field, message }] });
}

function requireCodes(codes: unknown): void {
  if (!Array.isArray(codes)) throw invalid('codes', 'must be an array of strings');
  codes.forEach((c, i) => {
    if (typeof c !== 'string') throw invalid(`codes[${i}]`, 'must be a string');
  });
}

function requireReturnLines(lines: unknown): void {
  if (lines === 'all') return;
  if (!Array.isArray(lines)) throw invalid('lines', "must list the returned lines ({ lineId, quantity }) or be 'all'");
  lines.forEach((l: unknown, i) => {
    const line = l as { lineId?: unknown; quantity?: unknown } | null;
    if (typeof line?.lineId !== 'string' || line.lineId === '') throw invalid(`lines[${i}].lineId`, 'must be a non-empty string');
    if (typeof line.quantity !== 'number' || !Number.isInteger(line.quantity) || line.quantity <= 0) throw invalid(`lines[${i}].quantity`, 'must be a positive integer');
  });
}

function toMinor(amount: string, currency: string, field: string): number {
  const minor = decimalToMinorUnits(amount, currencyExponent(currency));
  if (minor === undefined || minor < 0) {
    throw new FidelisError('VALIDATION_FAILED', `${field}: ${amount} is not a valid ${currency} amount`, {
      issues: [{ path: field, message: `${amount} is not a valid ${currency} amount` }],
    });
  }
  return minor;
}

/**
 * Build the coupons operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = couponOperations(ctx);
 * ```
 */
export function couponOperations(ctx: EngineContext): CouponOperations {
  const promotion = (id: string): Promotion => requirePromotion(ctx, id);
  const ensure = (p: Promotion): Promise<void> => ensurePromotion(ctx, p);

  const ops: CouponOperations = {
    async issueCodes(input) {
      const p = promotion(input.promotionId);
      await ensure(p);
      const { promotionId: _p, assignedTo, voucherAmount, voucherCurrency, idempotencyKey, ...generation } = input;
      void _p;
      const voucher = voucherAmount === undefined ? undefined : { currency: voucherCurrency ?? 'EUR', amountMinor: toMinor(voucherAmount, voucherCurrency ?? 'EUR', 'voucherAmount') };
      requireKey(idempotencyKey);
      const batch = idempotencyKey === undefined ? undefined : { id: idempotencyKey };
      const batchOf = (id: string, count: number): CodeBatch => ({ id, events: [couponEvents.issued({ id, keyed: batch !== undefined }, p.id, assignedTo, count, ctx.clock.now())] });
      const replay = async (): Promise<string[] | undefined> => {
        if (batch === undefined) return undefined;
        const stored = await ctx.store.coupons.codesOfBatch(batch.id, ctx.clock.now());
        if (stored.length === 0) return undefined;
        if (stored.some((c) => c.promotionId !== p.id) || stored.length !== input.count) {
          throw new FidelisError('CONFLICT', `idempotencyKey: "${batch.id}" already issued ${stored.length} code(s) for "${stored[0]?.promotionId ?? ''}"`, { idempotencyKey: batch.id });
        }
        return stored.map((c) => c.display);
      };
      const before = await replay();
      if (before !== undefined) return before;
      for (let attempt = 0; attempt < 5; attempt++) {
        // Generate, drop keys already stored (other batches), repeat for the missing ones; then
        // store the whole batch at once (all or nothing, once per key).
        const out: string[] = [];
        for (let round = 0; out.length < input.count && round < 10; round++) {
          const fresh = generateCodes({ ...generation, count: input.count - out.length, existing: out });
          const taken = await ctx.store.coupons.existingCodeKeys(fresh.map(normalizeCode));
          out.push(...fresh.filter((c) => !taken.has(normalizeCode(c))));
        }
        const rows = out.map((code) => ({ key: normalizeCode(code), display: code, ...(assignedTo === undefined ? {} : { assignedTo }), ...(voucher === undefined ? {} : { voucher }) }));
        try {
          const stored = await ctx.store.coupons.addCodes(p.id, rows, ctx.clock.now(), batchOf(batch?.id ?? `issue:${randomUUID()}`, rows.length));
          if (stored.batchExisted === true) return (await replay()) ?? [];
          return out;
        } catch (error) {
          // another batch took one of these keys between the check and the insert: draw again
          if (!(error instanceof FidelisError && error.code === 'CONFLICT' && 'keys' in (error.details ?? {}))) throw error;
        }
      }
      throw new FidelisError('STORE_FAILURE', `issueCodes: could not draw ${input.count} unused codes for "${p.id}"`, { promotionId: p.id });
    },

    async issuedCodes(idempotencyKey) {
      requireKey(idempotencyKey, true);
      return (await ctx.store.coupons.codesOfBatch(idempotencyKey, ctx.clock.now())).map((c) => c.display);
    },

    async addCodes(promotionId, codes) {
      const p = promotion(promotionId);
      await ensure(p);
      const list = codes.map((c, i) => {
        const item = typeof c === 'string' ? { code: c } : c;
        const key = normalizeCode(item.code);
        if (key === '') throw new FidelisError('VALIDATION_FAILED', `codes[${i}]: empty code`, { issues: [{ path: `codes[${i}]`, message: 'empty code' }] });
        const currency = item.voucherCurrency ?? 'EUR';
        return {
          key,
          display: item.code.trim(),
          ...(item.assignedTo === undefined ? {} : { assignedTo: item.assignedTo }),
          ...(item.voucherAmount === undefined ? {} : { voucher: { currency, amountMinor: toMinor(item.voucherAmount, currency, `codes[${i}].voucherAmount`) } }),
        };
      });
      return (await ctx.store.coupons.addCodes(p.id, list, ctx.clock.now())).added;
    },

    async evaluateCheckout({ cart: rawCart, codes = [], customer: rawCustomer, checkoutId }) {
      const setup = needsSetup(ctx);
      const cart = parseCart(rawCart);
      const given = rawCustomer === undefined ? undefined : parseCheckoutCustomer(rawCustomer);
      requireCodes(codes);
      const now = ctx.clock.now();
      const [found, own, segment] = await Promise.all([
        Promise.all(codes.map((code) => ctx.store.coupons.findCode(normalizeCode(code), now))),
        checkoutId === undefined ? Promise.resolve([]) : ctx.store.coupons.findReservations({ checkoutId }, now),
        given === undefined ? Promise.resolve(undefined) : storedSegment(ctx, given.id, setup.promotions),
      ]);
      const customer: FactCustomerInput | undefined = given === undefined || segment === undefined ? given : { ...given, segment };
      const ownOf = (promotionId: string): UsageReservation | undefined => own.find((r) => r.promotionId === promotionId);
      const presented: Array<string | PresentedCode> = codes.map((code, i) => {
        const stored = found[i];
        if (stored === undefined) return code;
        const v = stored.voucher;
        const mine = ownOf(stored.promotionId);
        const held = mine?.codeKey === stored.key ? ownVoucherHold(mine, now) : 0;
        return {
          code,
          promotionId: stored.promotionId,
          ...(stored.assignedTo === undefined ? {} : { assignedTo: stored.assignedTo }),
          ...(v === undefined ? {} : { voucherBalance: minorUnitsToDecimal(Math.max(0, v.availableMinor + held), currencyExponent(v.currency)), voucherCurrency: v.currency }),
        };
      });
      // Usage counts of the limited promotions that can apply (automatic ones, those a given code
      // unlocks, signed-code ones while a code is unresolved), read in parallel, each with the
      // key of the code the shopper gave for it; the checkout's own reservation taken out.
      const keys = codes.map(normalizeCode);
      const unresolved = presented.some((c) => typeof c === 'string');
      const limited = setup.promotions.flatMap((p) => {
        const l = p.limits;
        if (l.total === undefined && l.perCustomer === undefined && l.perPeriod === undefined && l.perCode === undefined && l.budget === undefined) return [];
        const publicKeys = p.codes.map(normalizeCode);
        const codeKey = keys.find((k, i) => {
          const c = presented[i];
          return (typeof c !== 'string' && c?.promotionId === p.id) || publicKeys.includes(k);
        });
        const possible = p.activation === 'automatic' || codeKey !== undefined || (p.signedCodes && unresolved);
        const periodKey = p.limits.perPeriod === undefined ? undefined : usagePeriodKey(now, setup.timeZone, p.limits.perPeriod.period);
        return possible ? [{ p, codeKey, periodKey }] : [];
      });
      const counted = await Promise.all(
        limited.map(({ p, codeKey, periodKey }) =>
          ctx.store.coupons.usageCounts({
            promotionId: p.id,
            at: now,
            ...(customer === undefined ? {} : { customerId: customer.id }),
            ...(codeKey === undefined ? {} : { codeKey }),
            ...(periodKey === undefined ? {} : { periodKey }),
          }),
        ),
      );
      const usage: Record<string, PromotionUsage> = {};
      limited.forEach(({ p, codeKey, periodKey }, i) => {
        const counts = counted[i];
        if (counts === undefined) return;
        usage[p.id] = usageSeenBy(counts, { codeKey, customerId: customer?.id, periodKey }, ownOf(p.id), now);
      });
      return evaluateCart(cart, {
        promotions: setup.promotions,
        codes: presented,
        now,
        timeZone: setup.timeZone,
        usage,
        ...(customer === undefined ? {} : { customer }),
        ...(setup.signingKeys === undefined ? {} : { signingKeys: setup.signingKeys }),
      });
    },

    async reserveCoupons({ checkoutId, evaluation, customerId, orderId, ttl = 'PT15M' }) {
      const setup = needsSetup(ctx);
      const now = ctx.clock.now();
      const expiresAt = addDuration(now, ttl, setup.timeZone);
      const hash = checkoutHash(evaluation, customerId, orderId);
      refuseReusedCheckout(checkoutId, hash, await ctx.store.coupons.findReservations({ checkoutId }, now));
      const reservations: UsageReservation[] = [];
      const fresh: string[] = [];
      const refused: Array<{ promotionId: string; reason: UsageRejection }> = [];
      for (const a of evaluation.applied) {
        const p = promotion(a.promotionId);
        await ensure(p);
        // Public and signed codes are not issued in bulk: store them on first use so they are
        // counted by key like any other (idempotent).
        if (a.codeKey !== undefined && (await ctx.store.coupons.findCode(a.codeKey, now)) === undefined) {
          await ctx.store.coupons.addCodes(p.id, [{ key: a.codeKey, display: a.codeKey, shared: true }], now);
        }
        const r = await ctx.store.coupons.reserveUsage({
          reservationId: `${checkoutId}:${p.id}`,
          promotionId: p.id,
          currency: evaluation.currency,
          discountMinor: a.discountMinor,
          at: now,
          expiresAt,
          ...(a.codeKey === undefined ? {} : { codeKey: a.codeKey }),
          ...(a.voucherMinor > 0 ? { voucherDebitMinor: a.voucherMinor } : {}),
          ...(customerId === undefined ? {} : { customerId }),
          ...(orderId === undefined ? {} : { orderId }),
          ...(p.limits.perPeriod === undefined ? {} : { periodKey: usagePeriodKey(now, setup.timeZone, p.limits.perPeriod.period) }),
          checkoutId,
          checkoutHash: hash,
          terms: usageTerms(evaluation, p.id, p.minimumOrder?.[evaluation.currency]),
          events: [
            couponEvents.reserved({ reservationId: `${checkoutId}:${p.id}`, promotionId: p.id, checkoutId, discountMinor: a.discountMinor, currency: evaluation.currency, expiresAt, ...(customerId === undefined ? {} : { customerId }) }, now),
          ],
        });
        if (!r.ok) {
          refused.push({ promotionId: p.id, reason: r.reason });
          break;
        }
        reservations.push(r.reservation);
        if (!r.replayed) fresh.push(r.reservation.reservationId);
      }
      if (refused.length > 0) {
        for (const r of reservations.filter((x) => fresh.includes(x.reservationId))) await ctx.store.coupons.releaseUsage({ reservationId: r.reservationId, at: now, events: [couponEvents.released(r, now)] });
        return { checkoutId, ok: false, reservations: [], refused };
      }
      return { checkoutId, ok: true, reservations, refused };
    },

    async commitCoupons({ reservations }) {
      const now = ctx.clock.now();
      const out: UsageReservation[] = [];
      for (const r of reservations) {
        const s = await ctx.store.coupons.commitUsage({ reservationId: r.reservationId, at: now, events: [couponEvents.redeemed(r, now)] });
        if (s.reservation !== undefined) out.push(s.reservation);
      }
      return out;
    },

    async releaseCoupons({ reservations }) {
      const now = ctx.clock.now();
      const out: UsageReservation[] = [];
      for (const r of reservations) {
        const s = await ctx.store.coupons.releaseUsage({ reservationId: r.reservationId, at: now, events: [couponEvents.released(r, now)] });
        if (s.reservation !== undefined) out.push(s.reservation);
      }
      return out;
    },

    async findCheckout(query) {
      const held = await ctx.store.coupons.findReservations(query, ctx.clock.now());
      const first = held[0];
      if (first === undefined) return undefined;
      return { checkoutId: first.checkoutId ?? ('checkoutId' in query ? query.checkoutId : ''), ok: true, reservations: held, refused: [] };
    },

    async restoreCoupons(input) {
      const { returnId, lines, voucherCredits, restoreUsage } = input;
      requireReturnLines(lines);
      const now = ctx.clock.now();
      const reservations =
        'reservation' in input ? input.reservation.reservations : await ctx.store.coupons.findReservations('checkoutId' in input ? { checkoutId: input.checkoutId } : { orderId: input.orderId }, now);
      const out: UsageReservation[] = [];
      for (const r of reservations) {
        const p = promotion(r.promotionId);
        const given = voucherCredits?.[p.id];
        const s = await ctx.store.coupons.restoreUsage({
          reservationId: r.reservationId,
          restoreId: returnId,
          at: now,
          restoreUsage: restoreUsage ?? (p.onReturn.usage === 'restore' ? 'if-undone' : false),
          returnedLines: lines,
          ...(p.onReturn.voucher !== 'restore' ? {} : { voucherCreditMinor: given ?? 'pro-rata' }),
          events: [couponEvents.restored(r, returnId, now)],
        });
        if (s.reservation !== undefined) out.push(s.reservation);
      }
      return out;
    },

    async couponReport({ from, to }) {
      return summarizeCampaigns(await ctx.store.coupons.couponActivity({ from, to }));
    },
  };
  return ops;
}
