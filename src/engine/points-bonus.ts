import { FidelisError } from '../core/errors.js';
import type { Points } from '../core/points.js';
import { localParts } from '../core/time.js';
import type { EarnEntry, EntryStamp, LedgerEntry } from '../rules/ledger/entry.js';
import { planSettlement } from '../rules/ledger/maintenance.js';
import { type LedgerState, applyEntry } from '../rules/ledger/state.js';
import { expiresAt } from '../rules/lifecycle.js';
import type { Program } from '../rules/program.js';
import { evaluateSignup } from '../rules/signup.js';
import type { EngineContext } from './context.js';
import { type CommitStatus, commitToLedger, readLedgerState } from './ledger-commit.js';
import { budgetKey } from './points-budgets.js';
import { requireProgram } from './program-lookup.js';

/**
 * A bonus event outside orders. `signup` pays the program's `signup-bonus` rules (within
 * their shared budgets; 0 points once exhausted) unless `points` is given; other kinds (`birthday`, `anniversary`, `goodwill`…) need `points`.
 * Each kind is paid once per customer and `reference` (for `birthday` the reference defaults
 * to the local year of `at` in the program zone: once a year).
 *
 * @example
 * ```ts
 * const e: BonusEvent = { kind: 'birthday', customerId: 'c1', points: 200 };
 * ```
 */
export interface BonusEvent {
  /** `signup`, `birthday`, or any other word. */
  readonly kind: string;
  /** Who gets it. */
  readonly customerId: string;
  /** Points (default for `signup`: the sum of the program's signup-bonus rules). */
  readonly points?: Points;
  /** What makes it unique for the customer (default: '' — once ever; birthday: the year). */
  readonly reference?: string;
  /** When (default: now). */
  readonly at?: Date;
  /** Program (default program otherwise). */
  readonly programId?: string;
}

/**
 * What {@link awardBonus} did.
 *
 * @example
 * ```ts
 * const r: BonusResult = await engine.awardBonus({ kind: 'signup', customerId: 'c1' }, { idempotencyKey: 'signup-c1' });
 * ```
 */
export interface BonusResult {
  /** `applied`, `replayed`, or `duplicate` (already paid for this kind and reference). */
  readonly status: CommitStatus;
  /** The customer. */
  readonly customerId: string;
  /** Bonus kind. */
  readonly kind: string;
  /** Its unique reference. */
  readonly reference: string;
  /** Points credited (active at once). */
  readonly points: Points;
  /** When they expire (ISO) or `null`. */
  readonly expiresAt: string | null;
}

function signupRules(program: Program): Array<{ readonly id: string; readonly budget: number | undefined }> {
  return program.earnRules.flatMap((r) => (r.kind === 'signup-bonus' ? [{ id: r.id, budget: r.caps?.budget }] : []));
}

/** Explicit points, validated; `undefined` when the program's signup rules decide. */
function explicitPoints(program: Program, event: BonusEvent): Points | undefined {
  if (event.points !== undefined) {
    if (!Number.isSafeInteger(event.points) || event.points <= 0) {
      throw new FidelisError('VALIDATION_FAILED', `points: ${event.points} must be a positive whole number`, { issues: [{ path: 'points', message: 'must be a positive whole number' }] });
    }
    return event.points;
  }
  if (event.kind === 'signup' && signupRules(program).length > 0) return undefined;
  throw new FidelisError('VALIDATION_FAILED', `points: required for a "${event.kind}" bonus (program "${program.id}" defines none)`, {
    issues: [{ path: 'points', message: 'required' }],
  });
}

/**
 * Plan a bonus lot, active at once and expiring like earned points, plus a debt settlement.
 *
 * @example
 * ```ts
 * const entries = planBonus(program, state, 'birthday', 'birthday:2026', 200, stamp);
 * ```
 */
export function planBonus(program: Program, state: LedgerState, kind: string, reference: string, points: Points, stamp: EntryStamp): LedgerEntry[] {
  const earn: EarnEntry = {
    kind: 'earn',
    id: stamp.newId(),
    customerId: stamp.customerId,
    at: stamp.at,
    points,
    activatesAt: stamp.at,
    expiresAt: expiresAt(program, stamp.at),
    source: { type: 'bonus', bonus: kind, reference },
  };
  applyEntry(state, earn);
  const settle = planSettlement(state, stamp);
  return settle === undefined ? [earn] : [earn, settle];
}

/**
 * Pay a bonus (signup, birthday, anniversary…) once per customer, kind and reference.
 *
 * @example
 * ```ts
 * await awardBonus(ctx, { kind: 'birthday', customerId: 'c1', points: 200 }, { idempotencyKey: 'bday-c1-2026' });
 * ```
 */
export async function awardBonus(ctx: EngineContext, event: BonusEvent, options: { readonly idempotencyKey: string }): Promise<BonusResult> {
  const program = requireProgram(ctx, event.programId);
  if (event.kind.trim() === '' || event.customerId.trim() === '') {
    throw new FidelisError('VALIDATION_FAILED', 'kind and customerId: must not be empty', { issues: [{ path: 'kind', message: 'must not be empty' }] });
  }
  const explicit = explicitPoints(program, event);
  const rules = explicit === undefined ? signupRules(program) : [];
  const budgeted = rules.filter((r) => r.budget !== undefined);
  const at = event.at ?? ctx.clock.now();
  const reference = event.reference ?? (event.kind === 'birthday' ? String(localParts(at, program.timeZone).year) : '');
  const claim = `bonus:${event.kind}:${event.customerId}:${reference}`;
  // the request as the caller gave it: a retry later (another `now`) must replay, not conflict
  const request = { op: 'awardBonus', ...event, programId: program.id };
  const budgetKeys = budgeted.map((r) => budgetKey(program, r.id));
  const done = await commitToLedger<Omit<BonusResult, 'status'>>(ctx, { customerId: event.customerId }, { idempotencyKey: options.idempotencyKey, request, budgetKeys }, (state, used) => {
    // signup: the program's rules, each within what is left of its budget (0 when exhausted)
    const signup = explicit === undefined ? evaluateSignup(program, Object.fromEntries(budgeted.map((r) => [r.id, used[budgetKey(program, r.id)] ?? 0]))) : undefined;
    const points = explicit ?? signup?.totalPoints ?? 0;
    const entries = planBonus(program, state, event.kind, claim, points, { customerId: event.customerId, at, newId: ctx.ids });
    const expiry = entries[0]?.kind === 'earn' ? entries[0].expiresAt : null;
    const budgets = (signup?.byRule ?? []).flatMap((r) => {
      const limit = budgeted.find((b) => b.id === r.ruleId)?.budget;
      return limit === undefined || r.points <= 0 ? [] : [{ key: budgetKey(program, r.ruleId), points: r.points, limit }];
    });
    return { entries, claims: [claim], budgets, result: { customerId: event.customerId, kind: event.kind, reference, points, expiresAt: expiry === null ? null : expiry.toISOString() } };
  });
  if (done === undefined) throw new Error('unreachable: a bonus always plans');
  return { ...done.result, status: done.status };
}

/**
 * Pay the referrals whose referee's first order is kept past its return window (its lot's
 * `activatesAt` has come and not every unit was returned): the referrer first, then the
 * referee, each once (claims `referral:<referee>:referrer|referee`). Returns how many referrals
 * were completed by this call. A fully returned first order pays nothing.
 *
 * @example
 * ```ts
 * await settleCustomerReferrals(ctx, 'c1', new Date());
 * ```
 */
export async function settleCustomerReferrals(ctx: EngineContext, customerId: string, now: Date): Promise<number> {
  const { state } = await readLedgerState(ctx, { customerId });
  let paid = 0;
  for (const referral of state.referrals) {
    if (referral.activatesAt.getTime() > now.getTime() || referral.returnedUnits >= referral.units) continue;
    const terms = referral.terms;
    const program = ctx.programs.get(referral.programId) ?? requireProgram(ctx, undefined);
    const pay = async (who: string, points: Points, claim: string): Promise<void> => {
      await commitToLedger(ctx, { customerId: who }, {}, (st) => ({
        entries: planBonus(program, st, 'referral', claim, points, { customerId: who, at: now, newId: ctx.ids }),
        claims: [claim],
        result: { claim },
      }));
    };
    await pay(terms.referrerId, terms.referrerPoints, `referral:${customerId}:referrer`);
    await pay(customerId, terms.refereePoints, `referral:${customerId}:referee`);
    paid += 1;
  }
  return paid;
}
