import { currencyExponent } from '../../core/currency.js';
import { type ValidationIssue, isFidelisError, validationError } from '../../core/errors.js';
import { decimalToMinorUnits } from '../../core/money.js';
import type { Customer, Order, Return } from '../../core/schemas.js';
import { Decimal } from '../../core/decimal.js';
import type { EvaluationCustomer } from '../evaluation.js';
import { parseProgram } from '../parse-program.js';
import type { Program } from '../program.js';
import type { BacktestDifference, ProgramBacktest, ProgramBacktestReport } from './backtest-report.js';
import { customerHistories } from './customer-histories.js';
import { type BacktestHistory, replayProgram } from './replay-program.js';

/**
 * What {@link backtestProgram} replays.
 *
 * @example
 * ```ts
 * const input: BacktestProgramInput = { program: draftJson, compareWith: currentJson, orders, returns,
 *   from: new Date('2026-01-01T00:00:00Z'), until: new Date('2026-12-31T23:59:59.999Z') };
 * ```
 */
export interface BacktestProgramInput {
  /** The draft program: a definition as `parseProgram` accepts it (a parsed program is one too). */
  readonly program: unknown;
  /** A second (current) program to replay on the same history and compare with. */
  readonly compareWith?: unknown;
  /** Historical orders (core `Order`s, e.g. from `parseOrder`), in any order. */
  readonly orders: readonly Order[];
  /** Historical returns (core `Return`s), in any order. */
  readonly returns?: readonly Return[];
  /** What is known of the customers (join date, birth date, attributes, zone): customer facts of the rules. */
  readonly customers?: readonly Customer[];
  /** First instant of the window: orders before it earn nothing but count as the customers' earlier orders. */
  readonly from: Date;
  /** Last instant of the window (inclusive): later orders and returns are left out; the liability is taken here. */
  readonly until: Date;
  /** Money value of one point (decimal string) for every value; default the program's `pointsPayment.valuePerPoint`. */
  readonly valuePerPoint?: string;
}

const MAX_ISSUES = 20;

function programOf(raw: unknown, field: 'program' | 'compareWith'): Program {
  try {
    return parseProgram(raw);
  } catch (error) {
    if (!isFidelisError(error, 'VALIDATION_FAILED') || field === 'program') throw error;
    throw validationError('compareWith program', error.issues.map((i) => ({ path: `compareWith.${i.path}`, message: i.message })));
  }
}

const isInstant = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

function amountIssue(text: unknown, exponent: number, currency: string): string | undefined {
  if (typeof text !== 'string' || text.trim().startsWith('-')) return `${String(text)} is not an amount ≥ 0`;
  return decimalToMinorUnits(text, exponent) === undefined ? `${text} is not an amount in ${currency} (at most ${exponent} decimals)` : undefined;
}

/** A missing or repeated id at `${at}.id`; a new one joins `ids`. */
function idIssue(issues: ValidationIssue[], ids: Set<string>, id: unknown, at: string, what: string): void {
  if (typeof id !== 'string' || id === '') issues.push({ path: `${at}.id`, message: 'is required' });
  else if (ids.has(id)) issues.push({ path: `${at}.id`, message: `duplicate ${what} id "${id}"` });
  else ids.add(id);
}

/** Every problem of the orders (up to 20), each with its path; the orders are otherwise trusted as core `Order`s. */
function orderIssues(orders: readonly Order[], programs: readonly Program[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const currency = programs[0]?.currency ?? '';
  const exponent = currencyExponent(currency);
  const ids = new Set<string>();
  for (let i = 0; i < orders.length && issues.length < MAX_ISSUES; i++) {
    const o = orders[i] as Order;
    const at = `orders[${i}]`;
    idIssue(issues, ids, o.id, at, 'order');
    if (typeof o.customerId !== 'string' || o.customerId === '') issues.push({ path: `${at}.customerId`, message: 'is required' });
    if (!isInstant(o.placedAt)) issues.push({ path: `${at}.placedAt`, message: 'is not a valid instant' });
    for (const p of programs) {
      if (o.currency !== p.currency) issues.push({ path: `${at}.currency`, message: `is ${String(o.currency)} but program "${p.id}" counts in ${p.currency}` });
    }
    if (!Array.isArray(o.lines) || o.lines.length === 0) {
      issues.push({ path: `${at}.lines`, message: 'an order needs at least one line' });
      continue;
    }
    o.lines.forEach((l, j) => {
      if (!Number.isInteger(l.quantity) || l.quantity <= 0) issues.push({ path: `${at}.lines[${j}].quantity`, message: `${String(l.quantity)} is not a whole number ≥ 1` });
      const price = amountIssue(l.unitPrice, exponent, currency);
      if (price !== undefined) issues.push({ path: `${at}.lines[${j}].unitPrice`, message: price });
      const discount = l.discount === undefined ? undefined : amountIssue(l.discount, exponent, currency);
      if (discount !== undefined) issues.push({ path: `${at}.lines[${j}].discount`, message: discount });
    });
  }
  return issues;
}

function returnIssues(returns: readonly Return[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < returns.length && issues.length < MAX_ISSUES; i++) {
    const r = returns[i] as Return;
    const at = `returns[${i}]`;
    idIssue(issues, ids, r.id, at, 'return');
    if (!isInstant(r.at)) issues.push({ path: `${at}.at`, message: 'is not a valid instant' });
    if (!Array.isArray(r.lines) || r.lines.length === 0) issues.push({ path: `${at}.lines`, message: 'a return needs at least one line' });
    else r.lines.forEach((l, j) => {
      if (!Number.isInteger(l.quantity) || l.quantity <= 0) issues.push({ path: `${at}.lines[${j}].quantity`, message: `${String(l.quantity)} is not a whole number ≥ 1` });
    });
  }
  return issues;
}

/**
 * Items in time order (stable): the input as it is when it is sorted already. Otherwise one
 * native sort of 64-bit keys (time since the earliest item, then the position), no comparator.
 */
function byTime<T>(items: readonly T[], time: (item: T) => number): T[] {
  const n = items.length;
  let sorted = true;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = time(items[i] as T);
    if (i > 0 && t < time(items[i - 1] as T)) sorted = false;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (sorted) return [...items];
  const bits = BigInt(Math.max(1, Math.ceil(Math.log2(n + 1))));
  const mask = (1n << bits) - 1n;
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (BigInt(time(items[i] as T) - min) << bits) | BigInt(i);
  keys.sort();
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = items[Number((keys[i] as bigint) & mask)] as T;
  return out;
}

function customerFacts(customers: readonly Customer[]): Map<string, Partial<EvaluationCustomer>> {
  const facts = new Map<string, Partial<EvaluationCustomer>>();
  for (const c of customers) {
    facts.set(c.id, {
      joinedAt: c.joinedAt,
      attributes: c.attributes,
      ...(c.birthDate !== undefined ? { birthDate: c.birthDate } : {}),
      ...(c.timeZone !== undefined ? { timeZone: c.timeZone } : {}),
    });
  }
  return facts;
}

function history(input: BacktestProgramInput): BacktestHistory {
  const from = input.from.getTime();
  const until = input.until.getTime();
  const before = new Map<string, { count: number; first: Date }>();
  const inWindow: Order[] = [];
  let ordersBefore = 0;
  let ordersAfter = 0;
  for (const o of input.orders) {
    const t = o.placedAt.getTime();
    if (t > until) ordersAfter += 1;
    else if (t >= from) inWindow.push(o);
    else {
      ordersBefore += 1;
      const prior = before.get(o.customerId);
      if (prior === undefined) before.set(o.customerId, { count: 1, first: o.placedAt });
      else {
        prior.count += 1;
        if (t < prior.first.getTime()) prior.first = o.placedAt;
      }
    }
  }
  const returns: { ret: Return; index: number }[] = [];
  let returnsAfter = 0;
  (input.returns ?? []).forEach((ret, index) => {
    if (ret.at.getTime() > until) returnsAfter += 1;
    else returns.push({ ret, index });
  });
  return {
    orders: byTime(inWindow, (o) => o.placedAt.getTime()),
    returns: byTime(returns, (r) => r.ret.at.getTime()),
    before,
    ordersBefore,
    ordersAfter,
    returnsAfter,
    customers: customerFacts(input.customers ?? []),
    returned: new Set(returns.map((r) => r.ret.orderId)),
    from: input.from,
    until: input.until,
  };
}

function difference(draft: ProgramBacktestReport, current: ProgramBacktestReport): BacktestDifference {
  const a = draft.totals;
  const b = current.totals;
  const value =
    draft.liability.value === null || current.liability.value === null ? null : new Decimal(draft.liability.value).minus(current.liability.value).toFixed(currencyExponent(draft.currency));
  const rulePoints = new Map<string, number>();
  for (const r of draft.rules) rulePoints.set(r.ruleId, r.points);
  for (const r of current.rules) rulePoints.set(r.ruleId, (rulePoints.get(r.ruleId) ?? 0) - r.points);
  const last = (r: ProgramBacktestReport): number => r.months.at(-1)?.burnable ?? 0;
  return {
    earningOrders: a.earningOrders - b.earningOrders,
    earningShare: a.earningShare - b.earningShare,
    issued: a.issued - b.issued,
    activated: a.activated - b.activated,
    reversed: a.reversed - b.reversed,
    expired: a.expired - b.expired,
    burnable: last(draft) - last(current),
    outstanding: draft.liability.outstanding - current.liability.outstanding,
    liabilityValue: value,
    months: draft.months.map((m, i) => {
      const c = current.months[i];
      return { month: m.month, issued: m.issued - (c?.issued ?? 0), expired: m.expired - (c?.expired ?? 0), burnable: m.burnable - (c?.burnable ?? 0) };
    }),
    rules: [...rulePoints.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([ruleId, points]) => ({ ruleId, points })),
  };
}

/**
 * Replay historical orders and returns through a draft points program (pure: no store, no
 * clock) and report what it would have cost: points issued, activated, reversed, expired and
 * burnable month by month (program zone), the liability at `until` in money, the cost per rule
 * and per tier, the share of orders that earned, and, with `compareWith`, the same for the
 * current program and the difference.
 *
 * Each customer's ledger is kept as the engine keeps it (`planOrderEarn`, `planReversal`,
 * pending and expiry dates, tier upgrades on orders and downgrades at reviews, caps and budgets),
 * one order after the other in time order, so an order sees exactly the state the earlier ones
 * left. Redemptions are not replayed (the history under another program says nothing about what
 * members would have burned): the liability is what the program owes if nobody redeems.
 * Throws `VALIDATION_FAILED` naming the field (`program.…`, `compareWith.…`, `from`,
 * `orders[3].lines[0].unitPrice`, `returns[1].lines[0].lineId`…) for bad input.
 *
 * @example
 * ```ts
 * const result = backtestProgram({
 *   program: { id: 'draft', currency: 'EUR', timeZone: 'Europe/Paris', expiry: { after: 'P12M', roundTo: 'month' },
 *     pointsPayment: { valuePerPoint: '0.01' }, earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '2' }] },
 *   orders: [parseOrder({ id: 'o1', customerId: 'c1', placedAt: '2026-01-10T10:00:00Z', currency: 'EUR',
 *     lines: [{ id: 'l1', sku: 'TEA', quantity: 1, unitPrice: '40.00' }] })],
 *   from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2026-03-31T23:59:59.999+02:00'),
 * });
 * result.draft.totals.issued; // 80
 * result.draft.liability.value; // '0.80'
 * ```
 */
export function backtestProgram(input: BacktestProgramInput): ProgramBacktest {
  const program = programOf(input.program, 'program');
  const current = input.compareWith === undefined ? undefined : programOf(input.compareWith, 'compareWith');
  const issues: ValidationIssue[] = [];
  if (!isInstant(input.from)) issues.push({ path: 'from', message: 'is not a valid instant' });
  if (!isInstant(input.until)) issues.push({ path: 'until', message: 'is not a valid instant' });
  if (issues.length === 0 && input.from.getTime() > input.until.getTime()) {
    issues.push({ path: 'from', message: `${input.from.toISOString()} is after until (${input.until.toISOString()})` });
  }
  if (input.valuePerPoint !== undefined && !/^\d+(\.\d+)?$/.test(input.valuePerPoint)) {
    issues.push({ path: 'valuePerPoint', message: `${input.valuePerPoint} is not a decimal value ≥ 0` });
  }
  if (issues.length > 0) throw validationError('backtest', issues);
  const orderProblems = orderIssues(input.orders, current === undefined ? [program] : [program, current]);
  if (orderProblems.length > 0) throw validationError('orders', orderProblems);
  const returnProblems = returnIssues(input.returns ?? []);
  if (returnProblems.length > 0) throw validationError('returns', returnProblems);
  const h = history(input);
  const byCustomer = customerHistories(h.orders, h.returns);
  const vpp = (p: Program): string | null => input.valuePerPoint ?? p.pointsPayment?.valuePerPoint ?? null;
  const draft = replayProgram(program, h, byCustomer, vpp(program));
  if (current === undefined) return { draft };
  const replayed = replayProgram(current, h, byCustomer, vpp(current));
  return { draft, current: replayed, difference: difference(draft, replayed) };
}
