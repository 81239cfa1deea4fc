import type { Points } from '../../core/points.js';
import type { BonusCondition } from '../evaluation.js';

/**
 * Points taken from one lot by a debit (burn, reversal, negative adjustment, debt settlement).
 *
 * @example
 * ```ts
 * const a: LotAllocation = { lotId: 'e1', points: 40 };
 * ```
 */
export interface LotAllocation {
  /** The lot (the id of the entry that created it). */
  readonly lotId: string;
  /** How many points were taken from it (positive). */
  readonly points: Points;
}

/**
 * The points one order line earned, as the rule evaluator attributed them, and for how many units.
 *
 * @example
 * ```ts
 * const line: LineAttribution = { lineId: 'l1', quantity: 3, points: 30 };
 * ```
 */
export interface LineAttribution {
  /** The order line id. */
  readonly lineId: string;
  /** Units bought on the line. */
  readonly quantity: number;
  /** Points the line earned in total (all rules, bonuses spread on lines included). */
  readonly points: Points;
  /** The same points per earn rule id (what caps and budgets count); absent on reversals. */
  readonly byRule?: Readonly<Record<string, Points>>;
}

/**
 * A referral to pay when the referee's first order is kept past its return window.
 *
 * @example
 * ```ts
 * const r: ReferralTerms = { ruleId: 'refer', referrerId: 'c0', referrerPoints: 500, refereePoints: 250 };
 * ```
 */
export interface ReferralTerms {
  /** The referral rule. */
  readonly ruleId: string;
  /** Who referred the customer. */
  readonly referrerId: string;
  /** Points for the referrer. */
  readonly referrerPoints: Points;
  /** Points for the referee (the ledger's customer). */
  readonly refereePoints: Points;
}

/**
 * The stamps one order added to one stamp card: how many, what a stamp counts and the eligible
 * lines with their units, so a return can take back the stamps of what comes back.
 *
 * @example
 * ```ts
 * const s: StampsEarned = { ruleId: 'coffee-card', per: 'unit', added: 3, lines: { l1: 3 } };
 * ```
 */
export interface StampsEarned {
  /** The stamp-card rule. */
  readonly ruleId: string;
  /** What a stamp counts: a qualifying order, an eligible line or an eligible unit. */
  readonly per: 'order' | 'line' | 'unit';
  /** Stamps added. */
  readonly added: number;
  /** Eligible line id → units. */
  readonly lines: Readonly<Record<string, number>>;
}

/**
 * Where the points of a lot came from.
 *
 * @example
 * ```ts
 * const s: EarnSource = { type: 'order', orderId: 'o1', programId: 'p1', lines: [] };
 * const b: EarnSource = { type: 'bonus', bonus: 'birthday', reference: 'birthday:c1:2026' };
 * ```
 */
export type EarnSource =
  | {
      /** Points earned by an order. */
      readonly type: 'order';
      /** The order. */
      readonly orderId: string;
      /** The program that evaluated it. */
      readonly programId: string;
      /** Per-line attribution (what a return reverses). */
      readonly lines: readonly LineAttribution[];
      /** A referral this first order carries: paid to both sides once the order is kept past `activatesAt`. */
      readonly referral?: ReferralTerms;
      /** The order's net amount (decimal string in the order currency): tier spend counts it. */
      readonly amount?: string;
      /** Stamps on the current card of each stamp-card rule after this order. */
      readonly stamps?: Readonly<Record<string, number>>;
      /** The stamps this order added per stamp-card rule, and the lines they count (what returns take back). */
      readonly stampCards?: readonly StampsEarned[];
      /**
       * What each order-level bonus needs of the lines to be kept (see `bonusReversals`). When
       * present, a return reverses the lines' line-level points and the bonuses by the program's
       * `bonusReturnPolicy`; orders recorded without it reverse every line's full points.
       */
      readonly bonusConditions?: readonly BonusCondition[];
    }
  | {
      /** A bonus not tied to an order's lines (signup, birthday, referral…). */
      readonly type: 'bonus';
      /** Kind of bonus, e.g. `signup`, `birthday`, `referral`. */
      readonly bonus: string;
      /** What makes the bonus unique (e.g. `birthday:c1:2026`). */
      readonly reference: string;
    };

/**
 * What a movement through a coalition partner was: the partner, its units (miles earned with it,
 * or delivered for redeemed points), the conversion rate applied and the money value of the
 * points between program and partner (what settlement sums up).
 *
 * @example
 * ```ts
 * const t: PartnerTerms = { partnerId: 'airline', units: 1500, rate: '0.5', value: { amount: '6.00', currency: 'EUR' } };
 * ```
 */
export interface PartnerTerms {
  /** The partner (`program.partners[].id`). */
  readonly partnerId: string;
  /** Partner units: earned through the partner, or delivered at it. */
  readonly units: number;
  /** The rate applied: `earnRate` (points per unit) or `redeemRate` (units per point). */
  readonly rate: string;
  /** The points' money value at the partner's `valuePerPoint`. */
  readonly value: { readonly amount: string; readonly currency: string };
}

/**
 * Fields every ledger entry has.
 *
 * @example
 * ```ts
 * const base: EntryBase = { id: 'e1', customerId: 'c1', at: new Date('2026-03-01T10:00:00Z'), points: 0 };
 * ```
 */
export interface EntryBase {
  /** Unique entry id. Lots are named by the id of the entry that created them. */
  readonly id: string;
  /** The customer whose ledger this is. */
  readonly customerId: string;
  /** When the event happened (business time, e.g. the order's `placedAt`). */
  readonly at: Date;
  /**
   * Signed change of the customer's total (active + pending + not-yet-recorded expired):
   * positive for earnings, negative for debits, 0 for markers and settlements. The sum of
   * `points` over a ledger is always that total.
   */
  readonly points: Points;
}

/**
 * A credit: creates a lot of `points`, pending until `activatesAt`, usable until `expiresAt`.
 *
 * @example
 * ```ts
 * const e: EarnEntry = { kind: 'earn', id: 'e1', customerId: 'c1', at: new Date('2026-03-01T09:00:00Z'), points: 120,
 *   activatesAt: new Date('2026-03-15T23:00:00Z'), expiresAt: null,
 *   source: { type: 'bonus', bonus: 'signup', reference: 'signup:c1' } };
 * ```
 */
export interface EarnEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'earn';
  /** Points earned through a coalition partner: the partner's terms (settlement reads them). */
  readonly partner?: PartnerTerms;
  /** First instant the points can be spent (inclusive); before it they are pending. */
  readonly activatesAt: Date;
  /** Last instant the points can be spent (inclusive); `null` = never expire. */
  readonly expiresAt: Date | null;
  /** Where the points came from. */
  readonly source: EarnSource;
}

/**
 * A debit the customer asked for (redeeming points): takes active lots soonest-expiring first.
 *
 * @example
 * ```ts
 * const e: BurnEntry = { kind: 'burn', id: 'e2', customerId: 'c1', at: new Date(), points: -50,
 *   allocations: [{ lotId: 'e1', points: 50 }], reason: 'reward:coffee' };
 * ```
 */
export interface BurnEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'burn';
  /** Points redeemed at a coalition partner: the partner's terms (settlement reads them). */
  readonly partner?: PartnerTerms;
  /**
   * Lots the points came from; their sum is `-points`. Absent on a burn the Store granted by
   * its balance guard (`LedgerStore.burnPoints`): folding the ledger takes the lots by the same
   * rule (active lots, soonest expiry first, then oldest), which the entry's place in the
   * ledger and its `at` decide exactly.
   */
  readonly allocations?: readonly LotAllocation[];
  /** Why (a reward id, "payment of order o9"…). */
  readonly reason: string;
  /** Points reserved as payment of a checkout: given back unless committed by `hold.expiresAt`. */
  readonly hold?: PaymentHold;
}

/**
 * Points reserved as payment of a checkout (`engine.reservePoints`): they leave the balance at
 * once, and come back when the reservation is released or lapses uncommitted.
 *
 * @example
 * ```ts
 * const h: PaymentHold = { checkoutId: 'chk-9', expiresAt: new Date('2026-03-01T10:15:00Z') };
 * ```
 */
export interface PaymentHold {
  /** The checkout paying with the points (one reservation per checkout). */
  readonly checkoutId: string;
  /** Last instant the reservation can be committed (inclusive); after it, it lapses. */
  readonly expiresAt: Date;
}

/**
 * The net amount of an order line paid partly with points, in minor units: what a return's
 * share of the points is measured by.
 *
 * @example
 * ```ts
 * const l: PaidLine = { lineId: 'l1', quantity: 2, amount: 5980 };
 * ```
 */
export interface PaidLine {
  /** The order line id. */
  readonly lineId: string;
  /** Units on the line. */
  readonly quantity: number;
  /** Net amount of the line (all its units), minor units. */
  readonly amount: number;
}

/**
 * Where a lot's points came from (what activation markers and reports need of its source).
 *
 * @example
 * ```ts
 * const o: LotOrigin = 'order';
 * ```
 */
export type LotOrigin = 'order' | 'bonus' | 'adjustment';

/**
 * Points a reservation took from one lot, with the lot's terms: what gives them back to the
 * lot they came from (a customer's projection keeps only lots with points left).
 *
 * @example
 * ```ts
 * const l: HeldLot = { lotId: 'e1', points: 120, seq: 0, createdAt: new Date('2026-01-05T10:00:00Z'),
 *   activatesAt: new Date('2026-01-19T10:00:00Z'), expiresAt: null, origin: 'order', activationRecorded: true };
 * ```
 */
export interface HeldLot extends LotAllocation {
  /** The lot's creation order. */
  readonly seq: number;
  /** When the lot was credited. */
  readonly createdAt: Date;
  /** When it activated. */
  readonly activatesAt: Date;
  /** When it expires (`null`: never). */
  readonly expiresAt: Date | null;
  /** Where its points came from. */
  readonly origin: LotOrigin;
  /** Whether its activation marker was written. */
  readonly activationRecorded: boolean;
}

/**
 * What became of a points reservation:
 *
 * - `commit`: the order is placed; the points are spent on it (0 points, history and refunds);
 * - `release`: the checkout was abandoned; the points come back;
 * - `lapse`: the reservation passed its `expiresAt` uncommitted; the points come back;
 * - `refund`: a return of the paid order gives back its share of the points.
 *
 * @example
 * ```ts
 * const a: PaymentAction = 'refund';
 * ```
 */
export type PaymentAction = 'commit' | 'release' | 'lapse' | 'refund';

/**
 * A step of a points reservation after its burn (see {@link PaymentAction}). `restored` gives
 * points back to the lots they came from, keeping their expiry; points of a lot that expired
 * in the meantime are `forfeited`, not given back.
 *
 * @example
 * ```ts
 * const e: PaymentEntry = { kind: 'payment', id: 'e10', customerId: 'c1', at: new Date(), points: 120, action: 'release',
 *   checkoutId: 'chk-9', burnId: 'e2', restored: [{ lotId: 'e1', points: 120 }], forfeited: 0 };
 * ```
 */
export interface PaymentEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'payment';
  /** What happened. */
  readonly action: PaymentAction;
  /** The checkout of the reservation. */
  readonly checkoutId: string;
  /** The burn that reserved the points. */
  readonly burnId: string;
  /** The order the points paid (`commit`, `refund`). */
  readonly orderId?: string;
  /** The return that caused a refund. */
  readonly returnId?: string;
  /** Points the order paid (`commit`). */
  readonly paid?: Points;
  /** The lots the paid points came from (`commit`): refunds give back to them. */
  readonly lots?: readonly HeldLot[];
  /** The order's lines and net amounts (`commit`): refunds are measured by them. */
  readonly lines?: readonly PaidLine[];
  /** Points given back per lot (`release`, `lapse`, `refund`); their sum is `points`. */
  readonly restored: readonly LotAllocation[];
  /** Points due back whose lot expired meanwhile: not given back. */
  readonly forfeited: Points;
}

/**
 * The remaining points of one lot expired.
 *
 * @example
 * ```ts
 * const e: ExpireEntry = { kind: 'expire', id: 'e3', customerId: 'c1', at: new Date(), points: -70, lotId: 'e1' };
 * ```
 */
export interface ExpireEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'expire';
  /** The lot that expired. */
  readonly lotId: string;
}

/**
 * Why a return took back (part of) an order-level bonus:
 *
 * - `claw-back`: the program's `bonusReturnPolicy` is `claw-back`: any return takes it back whole;
 * - `order-fully-returned`: every unit of the order is back;
 * - `no-eligible-lines`: every unit of the lines the bonus was earned on is back;
 * - `below-threshold`: the lines kept no longer reach the threshold step that was paid (a lower
 *   step reached keeps its points).
 *
 * @example
 * ```ts
 * const reason: BonusReversalReason = 'below-threshold';
 * ```
 */
export type BonusReversalReason = 'claw-back' | 'order-fully-returned' | 'no-eligible-lines' | 'below-threshold';

/**
 * Points of one order-level bonus a return took back, and why.
 *
 * @example
 * ```ts
 * const b: BonusReversal = { ruleId: 'big-basket', points: 20, reason: 'below-threshold' };
 * ```
 */
export interface BonusReversal {
  /** The bonus rule. */
  readonly ruleId: string;
  /** Points taken back (positive). */
  readonly points: Points;
  /** Why. */
  readonly reason: BonusReversalReason;
}

/**
 * A return reversed the returned lines' share of an order's points.
 *
 * @example
 * ```ts
 * const e: ReverseEntry = { kind: 'reverse', id: 'e4', customerId: 'c1', at: new Date(), points: -10,
 *   orderId: 'o1', returnId: 'r1', lines: [{ lineId: 'l1', quantity: 1, points: 10 }],
 *   allocations: [{ lotId: 'e1', points: 10 }], debt: 0, forgiven: 0 };
 * ```
 */
export interface ReverseEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'reverse';
  /** The order whose points are reversed. */
  readonly orderId: string;
  /** The return that caused it. */
  readonly returnId: string;
  /**
   * Returned units per line and the points due back for them: the line-level points (base,
   * multipliers) when the order carries `bonusConditions`, else the lines' full points.
   */
  readonly lines: readonly LineAttribution[];
  /** Order-level bonus points due back (absent when none); `-points` counts them with `lines`. */
  readonly bonuses?: readonly BonusReversal[];
  /**
   * The points due back per earn rule (see `reversedByRule`): the room the return gives back to
   * the rules' caps (per day, per period, per customer) and shared budgets. Absent on reversals
   * written before it was kept: those give no cap room back.
   */
  readonly byRule?: Readonly<Record<string, Points>>;
  /**
   * Stamps taken off each stamp card (see `stampsBack`): the returned units' stamps (`unit`), a
   * line's once all its units are back (`line`), the order's once every eligible unit is back
   * (`order`); never below an empty current card.
   */
  readonly stamps?: Readonly<Record<string, number>>;
  /** Lots the points were taken from. */
  readonly allocations: readonly LotAllocation[];
  /** Points clawed back below zero (policy `claw-back-below-zero`): they become debt. */
  readonly debt: Points;
  /** Points due back but left to the customer (already spent, policy decided). */
  readonly forgiven: Points;
}

/**
 * A correction by a person or a system, with its reason and actor. A positive adjustment
 * creates a lot (active at `at`); a negative one takes active lots soonest-expiring first, the
 * rest becoming debt when allowed.
 *
 * @example
 * ```ts
 * const e: AdjustEntry = { kind: 'adjust', id: 'e5', customerId: 'c1', at: new Date(), points: 25,
 *   reason: 'parcel lost', actor: 'agent:maria', allocations: [], debt: 0, expiresAt: null };
 * ```
 */
export interface AdjustEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'adjust';
  /** Why the balance was corrected. */
  readonly reason: string;
  /** Who corrected it (an agent id, a system name). */
  readonly actor: string;
  /** For a negative adjustment, the lots debited. */
  readonly allocations: readonly LotAllocation[];
  /** For a negative adjustment, the part that went below zero. */
  readonly debt: Points;
  /** For a positive adjustment, when its lot expires (`null` = never). */
  readonly expiresAt: Date | null;
}

/**
 * Debt (points clawed back below zero) paid off from active lots. Changes no total: the
 * lots shrink by what the debt shrinks.
 *
 * @example
 * ```ts
 * const e: SettleEntry = { kind: 'settle', id: 'e6', customerId: 'c1', at: new Date(), points: 0,
 *   allocations: [{ lotId: 'e7', points: 30 }] };
 * ```
 */
export interface SettleEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'settle';
  /** Lots that paid the debt; their sum is the debt paid. */
  readonly allocations: readonly LotAllocation[];
}

/**
 * A marker: the pending lot became active (history only; balances follow `activatesAt`).
 *
 * @example
 * ```ts
 * const e: ActivateEntry = { kind: 'activate', id: 'e8', customerId: 'c1', at: new Date(), points: 0, lotId: 'e1', lotPoints: 120 };
 * ```
 */
export interface ActivateEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'activate';
  /** The lot that became active. */
  readonly lotId: string;
  /** Its remaining points at activation. */
  readonly lotPoints: Points;
}

/**
 * The customer's tier changed (upgrade, downgrade or first qualification).
 *
 * @example
 * ```ts
 * const e: TierEntry = { kind: 'tier', id: 'e9', customerId: 'c1', at: new Date(), points: 0,
 *   tierId: 'gold', previousTierId: 'silver', reason: '1,250 points in 12 months' };
 * ```
 */
export interface TierEntry extends EntryBase {
  /** Discriminant. */
  readonly kind: 'tier';
  /** The new tier (`null` = no tier). */
  readonly tierId: string | null;
  /** The tier before. */
  readonly previousTierId: string | null;
  /** Why, in words. */
  readonly reason: string;
}

/**
 * One append-only ledger entry. A balance is derived from the entries, never edited.
 *
 * @example
 * ```ts
 * const total = entries.reduce((s: number, e: LedgerEntry) => s + e.points, 0);
 * ```
 */
export type LedgerEntry =
  | EarnEntry
  | BurnEntry
  | ExpireEntry
  | ReverseEntry
  | AdjustEntry
  | SettleEntry
  | ActivateEntry
  | TierEntry
  | PaymentEntry;

/**
 * Fresh entry ids and the customer/time every planned entry shares.
 *
 * @example
 * ```ts
 * const stamp: EntryStamp = { customerId: 'c1', at: new Date('2026-03-01T10:00:00Z'), newId: () => crypto.randomUUID() };
 * ```
 */
export interface EntryStamp {
  /** The customer whose ledger is written. */
  readonly customerId: string;
  /** The instant of the operation. */
  readonly at: Date;
  /** Produces unique entry ids. */
  readonly newId: () => string;
}

/**
 * The order an entry belongs to: the order of an earn entry's source, of a reversal, or of a
 * points payment's commit and refunds; `undefined` for every other entry. Stores index entries by it (a return reads its order's entries).
 *
 * @example
 * ```ts
 * orderIdOf({ kind: 'reverse', id: 'e4', customerId: 'c1', at: new Date(), points: -10, orderId: 'o1', returnId: 'r1',
 *   lines: [], allocations: [], debt: 0, forgiven: 0 }); // 'o1'
 * ```
 */
export function orderIdOf(entry: LedgerEntry): string | undefined {
  if (entry.kind === 'reverse') return entry.orderId;
  if (entry.kind === 'earn' && entry.source.type === 'order') return entry.source.orderId;
  if (entry.kind === 'payment') return entry.orderId;
  return undefined;
}
