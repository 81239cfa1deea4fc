import { ledgerEvents } from './events/ledger-events.js';
import type { BurnEntry, PartnerTerms } from '../rules/ledger/entry.js';
import { FidelisError } from '../core/errors.js';
import { type Points, assertPoints } from '../core/points.js';
import { type Adjustment, planAdjustment } from '../rules/ledger/adjust.js';
import { balanceAt } from '../rules/ledger/balance.js';
import { planBurn } from '../rules/ledger/burn.js';
import type { EntryStamp } from '../rules/ledger/entry.js';
import { applyEntry } from '../rules/ledger/state.js';
import type { Reward } from '../rules/program.js';
import type { EngineContext } from './context.js';
import { type CommitStatus, appendPlanned, commitToLedger, contentionPause, lapsesOf, readLedgerState, replayOf } from './ledger-commit.js';
import { requestHash } from './request-hash.js';
import { requireProgram } from './program-lookup.js';
import { requireCustomerId } from './customer-id.js';

/**
 * The result of a redemption (points or reward).
 *
 * @example
 * ```ts
 * const r: RedemptionResult = await engine.redeemPoints('c1', 500, { idempotencyKey: 'pay-o9', reason: 'payment of order o9' });
 * r.activeAfter; // balance left
 * ```
 */
export interface RedemptionResult {
  /** `applied`, or `replayed` for a repeated idempotency key. */
  readonly status: CommitStatus;
  /** The customer. */
  readonly customerId: string;
  /** Points burned. */
  readonly points: Points;
  /** The ledger entry. */
  readonly entryId: string;
  /** Active balance right after the redemption. */
  readonly activeAfter: Points;
  /** The reward bought, for `redeemReward`: its id and effect (a discount, a product, a coupon to issue). */
  readonly reward?: { readonly id: string; readonly effect: Reward['effect'] };
}

/**
 * Options of the redemption operations.
 *
 * @example
 * ```ts
 * const o: RedeemOptions = { idempotencyKey: 'redeem-42', reason: 'payment of order o9' };
 * ```
 */
export interface RedeemOptions {
  /** Required: a repeat with the same key returns the first result and burns nothing. */
  readonly idempotencyKey: string;
  /** Why (shown in the history); for `redeemReward` it defaults to `reward:<id>`. */
  readonly reason?: string;
  /** Program whose rewards catalogue is used (`redeemReward`); the default program otherwise. */
  readonly programId?: string;
}

/**
 * The result of a manual adjustment.
 *
 * @example
 * ```ts
 * const r: AdjustmentResult = await engine.adjustPoints('c1', { points: 25, reason: 'parcel lost', actor: 'agent:maria' }, { idempotencyKey: 'adj-1' });
 * ```
 */
export interface AdjustmentResult {
  /** `applied` or `replayed`. */
  readonly status: CommitStatus;
  /** The customer. */
  readonly customerId: string;
  /** Signed points. */
  readonly points: Points;
  /** The ledger entry. */
  readonly entryId: string;
  /** Active balance right after. */
  readonly activeAfter: Points;
}

type StoredRedemption = Omit<RedemptionResult, 'status'>;

function stampFor(ctx: EngineContext, customerId: string, at: Date): EntryStamp {
  return { customerId, at, newId: ctx.ids };
}

/** Burns after the projection beyond which the balance guard steps aside and a full plan writes a fresh projection. */
const MAX_GUARDED_TAIL = 256;

function insufficient(points: Points, active: Points): FidelisError {
  return new FidelisError('INSUFFICIENT_POINTS', `points: ${points} requested, ${Math.max(active, 0)} active`, { requested: points, active });
}

/**
 * Burn `points` of a customer's active balance (soonest-expiring first), atomically. One guarded
 * write, nothing read first: the store answers a replay of the key, grants the burn when its
 * stored active balance covers it or refuses it (`LedgerStore.burnPoints`), so concurrent burns
 * on one balance are decided by that guard, never by re-planning. Only when the guard cannot
 * decide (a new ledger, a lot activated or expired since the projection was written) is the
 * customer read, the burn planned from the lots and appended by compare-and-set. Throws
 * `INSUFFICIENT_POINTS` when short, writing nothing.
 *
 * @example
 * ```ts
 * await redeemPoints(ctx, 'c1', 500, { idempotencyKey: 'pay-o9', reason: 'payment of order o9' });
 * ```
 */
export async function redeemPoints(ctx: EngineContext, customerId: string, points: Points, options: RedeemOptions, reward?: Reward, partner?: PartnerTerms): Promise<RedemptionResult> {
  requireCustomerId(customerId);
  assertPoints(points, 'points');
  if (points <= 0) throw new FidelisError('VALIDATION_FAILED', `points: ${points} must be positive`, { issues: [{ path: 'points', message: 'must be positive' }] });
  const key = options.idempotencyKey;
  if (typeof key !== 'string' || key.trim() === '') {
    throw new FidelisError('VALIDATION_FAILED', 'idempotencyKey: must be a non-empty string', { issues: [{ path: 'idempotencyKey', message: 'must be a non-empty string' }] });
  }
  const reason = options.reason ?? (reward !== undefined ? `reward:${reward.id}` : 'redemption');
  const request = { op: reward === undefined ? 'redeemPoints' : 'redeemReward', customerId, points, reason, rewardId: reward?.id, partner };
  const hash = requestHash(request);
  const rewardPart = reward !== undefined ? { reward: { id: reward.id, effect: reward.effect } } : {};
  // First the guard alone (one round trip): it answers a replay, grants the burn or refuses it
  // from the stored balance; only when it cannot decide is the customer read and the burn planned.
  const guarded = await burnByGuard(ctx, customerId, points, reason, key, hash, { customerId, ...rewardPart }, partner);
  if (guarded !== undefined) return guarded;
  for (let attempt = 0; ; attempt++) {
    await contentionPause(attempt);
    const { read, state } = await readLedgerState(ctx, { customerId, idempotencyKey: key });
    const replay = replayOf<StoredRedemption>(read, key, hash);
    if (replay !== undefined) return { ...replay.result, status: replay.status };
    const now = ctx.clock.now();
    const active = balanceAt(state, now).active;
    if (active < points) throw insufficient(points, active);
    if (attempt > 0) {
      // another writer moved the ledger on, perhaps with a fresh projection: the guard may decide now
      const again = await burnByGuard(ctx, customerId, points, reason, key, hash, { customerId, ...rewardPart }, partner);
      if (again !== undefined) return again;
    }
    // unguarded: plan from the lots (lapsed reservations given back first) and append by compare-and-set (writes a fresh projection)
    const lapsed = lapsesOf(ctx, state, customerId);
    const planned = planBurn(state, points, reason, stampFor(ctx, customerId, now));
    const burn: BurnEntry = partner === undefined ? planned : { ...planned, partner };
    applyEntry(state, burn);
    const result: StoredRedemption = { customerId, points, entryId: burn.id, activeAfter: balanceAt(state, now).active, ...rewardPart };
    const after = await appendPlanned(ctx, read, { entries: [...lapsed, burn], result }, key, hash);
    if (!('again' in after)) return { ...after.result, status: after.status };
  }
}

/** One guarded burn (see `LedgerStore.burnPoints`): the result, or `undefined` when the guard cannot decide. */
async function burnByGuard(
  ctx: EngineContext,
  customerId: string,
  points: Points,
  reason: string,
  key: string,
  hash: string,
  result: Readonly<Record<string, unknown>>,
  partner: PartnerTerms | undefined,
): Promise<RedemptionResult | undefined> {
  const entryId = ctx.ids();
  const entry: BurnEntry = { kind: 'burn', id: entryId, customerId, at: ctx.clock.now(), points: -points, reason, ...(partner === undefined ? {} : { partner }) };
  const granted = await ctx.store.ledger.burnPoints({
    customerId,
    entry,
    idempotencyKey: key,
    requestHash: hash,
    result: { ...result, points, entryId },
    maxTail: MAX_GUARDED_TAIL,
    events: ledgerEvents([entry]),
  });
  switch (granted.status) {
    case 'applied':
      ctx.knownLedgers?.known(customerId); // the burn moved the ledger on: a remembered state is stale
      return { ...(granted.result as StoredRedemption), status: 'applied' };
    case 'replayed':
      return { ...(granted.result as StoredRedemption), status: 'replayed' };
    case 'insufficient':
      throw insufficient(points, granted.active);
    case 'unguarded':
      return undefined;
  }
}

/**
 * Buy a reward of the program's catalogue with points. Throws `NOT_FOUND` for an unknown
 * reward, `INSUFFICIENT_POINTS` when the active balance is short. The result carries the
 * reward's effect (a discount, a product, a coupon to issue) for the caller to deliver.
 *
 * @example
 * ```ts
 * const r = await redeemReward(ctx, 'c1', 'five-off', { idempotencyKey: 'rw-1' });
 * r.reward?.effect; // { type: 'discount', amount: '5.00' }
 * ```
 */
export async function redeemReward(ctx: EngineContext, customerId: string, rewardId: string, options: RedeemOptions): Promise<RedemptionResult> {
  const program = requireProgram(ctx, options.programId);
  const reward = program.rewards.find((r) => r.id === rewardId);
  if (reward === undefined) {
    throw new FidelisError('NOT_FOUND', `rewardId: "${rewardId}" is not in the rewards of program "${program.id}"`, { rewardId, programId: program.id });
  }
  return redeemPoints(ctx, customerId, reward.cost, options, reward);
}

/**
 * Correct a balance by hand (credit or debit) with a reason and an actor.
 *
 * @example
 * ```ts
 * await adjustPoints(ctx, 'c1', { points: -20, reason: 'duplicate credit', actor: 'agent:li' }, { idempotencyKey: 'adj-7' });
 * ```
 */
export async function adjustPoints(ctx: EngineContext, customerId: string, adjustment: Adjustment, options: { readonly idempotencyKey: string }): Promise<AdjustmentResult> {
  requireCustomerId(customerId);
  const request = { op: 'adjustPoints', customerId, ...adjustment };
  const done = await commitToLedger<Omit<AdjustmentResult, 'status'>>(ctx, { customerId }, { idempotencyKey: options.idempotencyKey, request }, (state) => {
    const now = ctx.clock.now();
    const entry = planAdjustment(state, adjustment, stampFor(ctx, customerId, now));
    applyEntry(state, entry);
    return { entries: [entry], result: { customerId, points: entry.points, entryId: entry.id, activeAfter: balanceAt(state, now).active } };
  });
  if (done === undefined) throw new Error('unreachable: an adjustment always plans');
  return { ...done.result, status: done.status };
}
