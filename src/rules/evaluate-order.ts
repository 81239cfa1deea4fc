import { type FactSubject, createFactSubject } from '../conditions/subject.js';
import { type CompiledProgram, type CompiledRule, compileProgram } from './compiled-program.js';
import type { EvaluatedOrder, EvaluationContext, OrderEvaluation } from './evaluation.js';
import { type Effects, currencyMismatch, evaluationResult } from './evaluation-result.js';
import { pendingUntil } from './lifecycle.js';
import { allocatePoints, pointsForAmount, roundQuotientNumber } from './points-math.js';
import type { EarnRule, Program } from './program.js';
import { referralRefusal, referralRefusalReason } from './referral.js';
import { type RuleRecord, newRecord, outcome } from './rule-record.js';

interface Eligible {
  readonly weights: readonly number[];
  readonly amount: number;
  readonly count: number;
}

/** Per-evaluation shared data: the unfiltered weights and the base points per line. */
interface Run {
  readonly s: FactSubject;
  net: Eligible | undefined;
  gross: Eligible | undefined;
  base: number[] | undefined;
  /** Eligibility results per shared slot. */
  readonly eligible: (Eligible | undefined)[];
}

function unfiltered(s: FactSubject, gross: boolean): Eligible {
  const weights = s.lines.map((l) => (gross ? l.grossTotal : l.lineTotal));
  const amount = gross ? s.grossSubtotal : s.subtotal;
  return { weights: amount === 0 ? weights.map(() => 1) : weights, amount, count: weights.length };
}

function eligibleLines(c: CompiledRule, run: Run): Eligible {
  const gross = c.gross;
  const test = c.eligible?.test;
  if (test === undefined) return gross ? (run.gross ??= unfiltered(run.s, true)) : (run.net ??= unfiltered(run.s, false));
  const cached = run.eligible[c.eligibleSlot];
  if (cached !== undefined) return cached;
  const s = run.s;
  const lines = s.lines;
  const n = lines.length;
  const weights = new Array<number>(n);
  // Category and SKU eligibility comes from the subject's index: no call per line.
  const mask = c.eligible?.lineMask?.(s);
  let amount = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    if (mask !== undefined ? ((mask >> i) & 1) === 1 : test(s, l)) {
      const a = gross ? l.grossTotal : l.lineTotal;
      weights[i] = a;
      amount += a;
      count++;
    } else weights[i] = 0;
  }
  if (amount === 0 && count > 0) {
    // Only free lines are eligible: split over them evenly.
    for (let i = 0; i < n; i++) weights[i] = test(s, lines[i]!) ? 1 : 0;
  }
  const e: Eligible = { weights, amount, count };
  run.eligible[c.eligibleSlot] = e;
  return e;
}

interface CapState {
  allowed: number;
  by: string;
}

function limit(state: CapState, cap: number | undefined, used: number | undefined, name: string): void {
  if (cap === undefined) return;
  const left = Math.max(0, cap - (used ?? 0));
  if (left < state.allowed) {
    state.allowed = left;
    state.by = name;
  }
}

function applyCaps(rec: RuleRecord, total: number, weights: readonly number[], c: CompiledRule, ctx: EvaluationContext): void {
  const caps = c.caps;
  if (caps === undefined) {
    rec.status = 'applied';
    rec.points = total;
    rec.weights = total === 0 ? undefined : weights;
    if (total > 0 && rec.kind === 'points-per-unit') rec.perLine = allocatePoints(total, weights);
    return;
  }
  const state: CapState = { allowed: total, by: '' };
  if (caps !== undefined) {
    const u = ctx.usage?.[c.id];
    limit(state, caps.perOrder, 0, 'perOrder');
    limit(state, caps.perDay, u?.day, 'perDay');
    if (caps.perPeriod !== undefined) limit(state, caps.perPeriod.points, u?.period, `perPeriod (${caps.perPeriod.period})`);
    limit(state, caps.perCustomer, u?.customer, 'perCustomer');
    limit(state, caps.budget, u?.budget, 'budget');
  }
  const allowed = state.allowed;
  if (allowed < total) {
    rec.uncapped = total;
    rec.limitedBy = state.by;
    rec.status = allowed === 0 ? 'cap-reached' : 'capped';
  } else rec.status = 'applied';
  rec.points = allowed;
  rec.weights = allowed === 0 ? undefined : weights;
  // Base points are split at once (multipliers need them per line); others on demand.
  if (allowed > 0 && rec.kind === 'points-per-unit') rec.perLine = allocatePoints(allowed, weights);
}

function basePerLine(run: Run, records: readonly RuleRecord[], only: ReadonlySet<string> | undefined): number[] {
  if (only === undefined && run.base !== undefined) return run.base;
  const n = run.s.lines.length;
  const base = new Array<number>(n).fill(0);
  // Base rules come first (phase 0), so the scan stops at the first other kind.
  for (const r of records) {
    if (r.kind !== 'points-per-unit') break;
    if (r.perLine === undefined) continue;
    if (only !== undefined && !only.has(r.ruleId)) continue;
    for (let i = 0; i < n; i++) base[i] = (base[i] as number) + (r.perLine[i] as number);
  }
  if (only === undefined) run.base = base;
  return base;
}

/** The parsed rule of a compiled rule whose kind is known (`c.kind` is `c.rule.kind`). */
function ruleOf<K extends EarnRule['kind']>(c: CompiledRule, _kind: K): Extract<EarnRule, { kind: K }> {
  return c.rule as Extract<EarnRule, { kind: K }>;
}

/** Rules that earn no points themselves: coupons to issue and referral payouts. */
function evaluateEventRule(c: CompiledRule, cp: CompiledProgram, s: FactSubject, ctx: EvaluationContext, fx: Effects): RuleRecord {
  const rule = c.rule;
  if (rule.kind === 'issue-coupon') {
    fx.coupons.push({ ruleId: rule.id, coupon: rule.coupon });
    return outcome(c, 'applied');
  }
  const referral = ruleOf(c, 'referral');
  const customer = ctx.customer;
  if (customer?.referredBy === undefined) return outcome(c, 'no-referrer');
  const refusal = referralRefusal(customer);
  if (refusal !== undefined) {
    fx.refusedReferrals.push({ ruleId: c.id, referrerId: customer.referredBy, refusal, reason: referralRefusalReason(refusal) });
    return outcome(c, refusal);
  }
  if (s.orderCount !== 0) return outcome(c, 'not-first-order');
  if (s.subtotal < c.minAmount) return outcome(c, 'below-threshold');
  fx.referrals.push({
    ruleId: c.id,
    referrerId: customer.referredBy,
    refereeId: customer.id,
    referrerPoints: referral.referrerPoints,
    refereePoints: referral.refereePoints,
    payableAt: pendingUntil(cp.program, s.order.placedAt),
  });
  return outcome(c, 'applied');
}

// The hot path reads the compiled rule's own fields (`c.kind`, `c.points`, …), one object shape
// for every rule, instead of the parsed rule, whose shape differs by kind; `c.rule` is read only
// for fields of the rarer kinds.
function evaluateRule(c: CompiledRule, cp: CompiledProgram, run: Run, ctx: EvaluationContext, records: RuleRecord[], fx: Effects): RuleRecord {
  const kind = c.kind;
  const s = run.s;
  if (kind === 'signup-bonus') return outcome(c, 'not-an-order-rule');
  if (c.conditions !== undefined && !c.conditions.test(s)) return outcome(c, 'conditions-failed');
  if (kind === 'issue-coupon' || kind === 'referral') return evaluateEventRule(c, cp, s, ctx, fx);
  const mode = cp.program.rounding;
  const e = eligibleLines(c, run);
  if (e.count === 0) return outcome(c, 'no-eligible-lines');
  const rec = newRecord(c.id, kind, 'applied', c);
  switch (kind) {
    case 'points-per-unit':
      applyCaps(rec, pointsForAmount(e.amount, c.ratio!, cp.exponent, mode), e.weights, c, ctx);
      return rec;
    case 'multiplier': {
      const base = basePerLine(run, records, c.appliesTo);
      let b = 0;
      for (let i = 0; i < base.length; i++) if (e.weights[i] !== 0) b += base[i] as number;
      if (b === 0) return outcome(c, 'no-base-points');
      const r = c.ratio!;
      applyCaps(rec, roundQuotientNumber(b * (r.n - r.d), r.d, mode), base, c, ctx);
      if (c.eligible !== undefined) rec.mask = e.weights;
      return rec;
    }
    case 'threshold-bonus': {
      let points = 0;
      for (const step of c.steps) if (e.amount >= step.min) points = step.points;
      if (points === 0) return outcome(c, 'below-threshold');
      applyCaps(rec, points, e.weights, c, ctx);
      return rec;
    }
    case 'first-order-bonus':
      if (ctx.customer === undefined) return outcome(c, 'no-customer');
      if (s.orderCount !== 0) return outcome(c, 'not-first-order');
      applyCaps(rec, c.points, e.weights, c, ctx);
      return rec;
    case 'birthday-bonus':
      if (ctx.customer === undefined) return outcome(c, 'no-customer');
      if (!s.birthdayIn(ruleOf(c, 'birthday-bonus').period)) return outcome(c, 'not-birthday');
      applyCaps(rec, c.points, e.weights, c, ctx);
      return rec;
    case 'fixed-bonus':
      applyCaps(rec, c.points, e.weights, c, ctx);
      return rec;
    case 'stamp-card': {
      const rule = ruleOf(c, 'stamp-card');
      const before = ctx.stamps?.[rule.id] ?? 0;
      const lines: Record<string, number> = {};
      let units = 0;
      for (const l of s.lines) {
        if (c.eligible !== undefined && !c.eligible.test(s, l)) continue;
        lines[l.id] = (lines[l.id] ?? 0) + l.quantity;
        units += l.quantity;
      }
      const added = rule.stampsPer === 'line' ? e.count : rule.stampsPer === 'unit' ? units : 1;
      const total = before + added;
      const completed = Math.floor(total / rule.stampsRequired);
      fx.stamps.push({ ruleId: rule.id, before, added, after: total % rule.stampsRequired, completedCards: completed, per: rule.stampsPer, lines });
      rec.note = `${added} stamp(s), ${completed} card(s) filled`;
      if (completed > 0 && 'rewardId' in rule.reward) fx.rewards.push({ ruleId: rule.id, rewardId: rule.reward.rewardId, count: completed });
      if (completed > 0 && 'points' in rule.reward) applyCaps(rec, rule.reward.points * completed, e.weights, c, ctx);
      return rec;
    }
  }
}

function tierMultiplier(cp: CompiledProgram, ctx: EvaluationContext, records: RuleRecord[], run: Run): RuleRecord | undefined {
  const tier = ctx.customer?.tier;
  const r = tier === undefined ? undefined : cp.tierFactors.get(tier);
  if (tier === undefined || r === undefined) return undefined;
  const base = basePerLine(run, records, undefined);
  const b = base.reduce((a, x) => a + x, 0);
  const points = roundQuotientNumber(b * (r.n - r.d), r.d, cp.program.rounding);
  const rec = newRecord(`tier:${tier}`, 'multiplier', points > 0 ? 'applied' : 'no-base-points', undefined);
  rec.points = points;
  rec.weights = points > 0 ? base : undefined;
  return rec;
}

/**
 * What an order earns under a program: points per line and per rule, bonuses, stamps, rewards
 * unlocked, coupons to issue, referral payouts, tier progress and the trace of every rule.
 * Pure and deterministic: the same input gives the same output in the same order.
 *
 * Rules run in phases (base points, multipliers, bonuses, stamp cards, coupons, referrals),
 * each by priority (higher first) then id. A rule of an exclusive group is skipped once an
 * earlier rule of the group applied. Every point is attributed to lines: a rule's points are
 * split over its eligible lines in proportion to their amounts (multipliers: to their base
 * points) by largest remainder, so a return reverses exactly its lines' points.
 * An order in another currency than the program's earns nothing (status `currency-mismatch`).
 *
 * @example
 * ```ts
 * const program = parseProgram({ id: 'p', currency: 'EUR', timeZone: 'Europe/Paris',
 *   earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] });
 * const order = parseOrder({ id: 'o1', customerId: 'c1', placedAt: '2026-03-07T10:00:00Z', currency: 'EUR',
 *   lines: [{ id: 'l1', sku: 'TEA', quantity: 2, unitPrice: '4.50' }, { id: 'l2', sku: 'MUG', quantity: 1, unitPrice: '39.99' }] });
 * const result = evaluateOrder(program, order, { now: order.placedAt });
 * result.totalPoints; // 48 (48.99 EUR, rounded down)
 * result.lines.map((l) => l.points); // [9, 39]
 * ```
 */
export function evaluateOrder(program: Program, order: EvaluatedOrder, context: EvaluationContext): OrderEvaluation {
  const cp = compileProgram(program);
  if (order.currency !== program.currency) return currencyMismatch(cp, order);
  const s = createFactSubject({ order, customer: context.customer, now: context.now, timeZone: program.timeZone, attributes: context.attributes });
  const run: Run = { s, net: undefined, gross: undefined, base: undefined, eligible: new Array<Eligible | undefined>(cp.eligibleSlots) };
  const records: RuleRecord[] = [];
  const fx: Effects = { stamps: [], rewards: [], coupons: [], referrals: [], refusedReferrals: [] };
  const taken = new Map<string, string>();
  let tierDone = false;
  for (const c of cp.rules) {
    if (!tierDone && c.kind !== 'points-per-unit') {
      tierDone = true;
      const t = tierMultiplier(cp, context, records, run);
      if (t !== undefined) records.push(t);
    }
    const group = c.exclusiveGroup;
    const winner = group === undefined ? undefined : taken.get(group);
    if (winner !== undefined) {
      records.push(outcome(c, 'superseded', winner));
      continue;
    }
    const rec = evaluateRule(c, cp, run, context, records, fx);
    records.push(rec);
    if (group !== undefined && (rec.status === 'applied' || rec.status === 'capped')) taken.set(group, rec.ruleId);
  }
  if (!tierDone) {
    const t = tierMultiplier(cp, context, records, run);
    if (t !== undefined) records.push(t);
  }
  return evaluationResult(cp, s, context, records, fx);
}
