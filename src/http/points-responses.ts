// The response bodies of the points endpoints, as JSON: what the engine's results look like once
// serialised (instants ISO 8601, money as decimal strings). test/http/response-schemas.e2e.test.ts
// parses real responses with them, so the OpenAPI document says what the service answers.
import { z } from 'zod';
import { CommitStatusField as Status, IsoInstant, MoneyResponse, PointsCount as Points, engineResult } from './route-fields.js';

const LineAttribution = z.strictObject({
  lineId: z.string(),
  quantity: z.number().int(),
  points: Points,
  byRule: z.record(z.string(), Points).optional().describe('the points per earn rule id; absent on reversals'),
});
const Earn = z.strictObject({ ruleId: z.string(), kind: z.string().describe('the earn rule kind'), points: Points });
const Stamps = z.strictObject({
  ruleId: z.string(), before: z.number().int(), added: z.number().int(), after: z.number().int(), completedCards: z.number().int(),
  per: z.enum(['order', 'line', 'unit']), lines: z.record(z.string(), z.number().int()),
});

/**
 * The body of `POST /v1/orders` (`RecordOrderResult`).
 *
 * @example
 * ```ts
 * RecordOrderResponse.parse(await (await fetch(`${url}/v1/orders`, request)).json());
 * ```
 */
export const RecordOrderResponse = z
  .strictObject({
    status: Status,
    orderId: z.string(),
    customerId: z.string(),
    programId: z.string(),
    points: Points.describe('points earned'),
    activatesAt: IsoInstant.describe('when they become spendable'),
    expiresAt: IsoInstant.nullable().describe('when they expire, null: never'),
    lines: z.array(LineAttribution).describe('points per line (what returns reverse)'),
    bonuses: z.array(Earn).describe('the bonus rules that awarded points'),
    stamps: z.array(Stamps).describe('stamp-card progress'),
    rewardsUnlocked: z.array(z.strictObject({ ruleId: z.string(), rewardId: z.string(), count: z.number().int() })),
    couponsToIssue: z.array(z.strictObject({ ruleId: z.string(), coupon: z.string() })),
    couponsIssued: z.array(z.strictObject({ ruleId: z.string(), promotionId: z.string(), code: z.string() })),
    tierChange: z.strictObject({ from: z.string().nullable(), to: z.string() }).optional(),
    referral: z.strictObject({ ruleId: z.string(), referrerId: z.string(), referrerPoints: Points, refereePoints: Points }).optional(),
    referralRefused: z.strictObject({ ruleId: z.string(), referrerId: z.string(), refusal: z.string(), reason: z.string() }).optional(),
  })
  .meta({ id: 'RecordOrderResult' });

/**
 * The body of `POST /v1/returns` (`RecordReturnResult`).
 *
 * @example
 * ```ts
 * RecordReturnResponse.parse(body).pointsReversed; // 39
 * ```
 */
export const RecordReturnResponse = z
  .strictObject({
    status: Status,
    returnId: z.string(),
    orderId: z.string(),
    customerId: z.string(),
    pointsReversed: Points.describe('points taken back, debt included'),
    lines: z.array(LineAttribution),
    bonuses: z.array(z.strictObject({ ruleId: z.string(), points: Points, reason: z.string() })).describe('order-level bonus points taken back, and why'),
    debt: Points,
    forgiven: Points,
    pointsRefunded: Points.describe('points the order was paid with that the return gives back'),
    stampsBack: z.record(z.string(), z.number().int()),
    activeAfter: Points,
  })
  .meta({ id: 'RecordReturnResult' });

/**
 * The body of `GET /v1/customers/{customerId}/balance` (`PointsBalance`).
 *
 * @example
 * ```ts
 * BalanceResponse.parse(body).active; // 45
 * ```
 */
export const BalanceResponse = z
  .strictObject({
    active: Points.describe('spendable now (negative only under claw-back-below-zero)'),
    pending: Points.describe('earned, not yet spendable'),
    reserved: Points.describe('reserved as payment of open checkouts'),
    debt: Points,
    nextExpiry: z.strictObject({ at: IsoInstant, points: Points }).nullable(),
    expiredUnrecorded: Points,
    lifetime: z.strictObject({ earned: Points, burned: Points, expired: Points, reversed: Points, forgiven: Points, adjusted: Points }),
    tierId: z.string().nullable(),
  })
  .meta({ id: 'PointsBalance' });

/**
 * The body of `GET /v1/customers/{customerId}/history`: a page of ledger entries (the fields
 * every entry has, and those of its `kind`) and `next` while more follow.
 *
 * @example
 * ```ts
 * const { entries, next } = HistoryPageResponse.parse(body);
 * ```
 */
export const HistoryPageResponse = z
  .strictObject({
    entries: z.array(
      z.looseObject({
        kind: z.enum(['earn', 'burn', 'payment', 'expire', 'reverse', 'adjust', 'settle', 'activate', 'tier']),
        id: z.string(),
        customerId: z.string(),
        at: IsoInstant,
        points: Points.describe('signed change of the total'),
      }).describe("a LedgerEntry: these fields, and its kind's (see the API reference)"),
    ),
    next: z.string().optional().describe('pass as `after` for the next page; absent on the last'),
  })
  .meta({ id: 'HistoryPage' });

/**
 * The body of the redemptions (`RedemptionResult`): points burned, the entry, the balance after;
 * for a reward, its id and effect.
 *
 * @example
 * ```ts
 * RedemptionResponse.parse(body).activeAfter; // 10
 * ```
 */
export const RedemptionResponse = z
  .strictObject({
    status: Status,
    customerId: z.string(),
    points: Points,
    entryId: z.string(),
    activeAfter: Points,
    reward: z.strictObject({ id: z.string(), effect: engineResult('reward effect') }).optional(),
  })
  .meta({ id: 'RedemptionResult' });

/**
 * The body of `POST /v1/customers/{customerId}/points-reservations` (`PointsReservation`).
 *
 * @example
 * ```ts
 * PointsReservationResponse.parse(body).expiresAt; // commit before this
 * ```
 */
export const PointsReservationResponse = z
  .strictObject({
    status: Status,
    customerId: z.string(),
    checkoutId: z.string(),
    points: Points,
    entryId: z.string(),
    expiresAt: IsoInstant.describe('commit before this instant; after it the points come back'),
    activeAfter: Points,
    value: MoneyResponse.optional().describe("what the points pay, at the program's pointsPayment.valuePerPoint"),
  })
  .meta({ id: 'PointsReservation' });

/**
 * The body of committing or releasing a points reservation (`PointsReservationEnd`).
 *
 * @example
 * ```ts
 * PointsReservationEndResponse.parse(body).pointsBack; // 500 on a release
 * ```
 */
export const PointsReservationEndResponse = z
  .strictObject({
    status: Status,
    customerId: z.string(),
    checkoutId: z.string(),
    orderId: z.string().optional().describe('the order the points paid (commit)'),
    points: Points,
    pointsBack: Points.describe('given back (release; 0 on commit)'),
    lapsed: z.boolean(),
    entryId: z.string(),
    activeAfter: Points,
  })
  .meta({ id: 'PointsReservationEnd' });
