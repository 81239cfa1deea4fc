import type { Customer } from '../core/schemas.js';
import { ByCustomer, customerPositions } from './by-customer.js';
import { insertionSort } from './insertion-sort.js';
import { contactHash } from './contact-hash.js';
import { type Candidate, candidatesFor } from './candidates.js';
import { type CompiledJourney, compileJourney } from './compiled-journey.js';
import type { BundledContent, ContactPlan, CustomerPlan, HistoryContact, PlannedContact, PlanningEvent, Suppression, SuppressionCode } from './contact.js';
import type { ContactPolicy } from './contact-policy.js';
import { type Block, type CompiledPolicy, CustomerLedger, type SegmentRules, compilePolicy, segmentRules } from './constraints.js';
import type { CustomerSegment } from '../core/segment.js';
import type { Journey } from './journey.js';
import { JourneyCalendar } from './journey-calendar.js';
import { addMonthsDaysTo } from '../core/civil-days.js';
import { flat } from './flat-string.js';
import { failedCondition, stepFactValue } from './step-condition.js';
import { consentBlockAt, consentEndsAt } from './consent-at.js';
import { type ZoneCache, zoneCaches } from './zone-cache.js';

/**
 * The input of {@link planContacts}. Every field is data; nothing is read from the world.
 *
 * @example
 * ```ts
 * const input: PlanInput = {
 *   customers, journeys: [carPurchase], policy, history: [], events: [{ customerId: 'c1', type: 'purchase', id: 'o-1', at }],
 *   from: new Date('2007-07-01T00:00:00Z'), until: new Date('2009-01-01T00:00:00Z'), now: new Date('2007-07-01T00:00:00Z'),
 * };
 * ```
 */
export interface PlanInput {
  /** The customers to plan for (parsed with `parseCustomer`). */
  readonly customers: readonly Customer[];
  /** The journeys (parsed with `parseJourney`). */
  readonly journeys: readonly Journey[];
  /** The contact policy (parsed with `parseContactPolicy`). */
  readonly policy: ContactPolicy;
  /** Contacts already sent (caps and gaps count them; contacts whose id is here are not planned again). */
  readonly history?: readonly HistoryContact[];
  /** Purchases, signups and custom events: anchors and exit goals. */
  readonly events?: readonly PlanningEvent[];
  /**
   * Each customer's segment by customer id (`store.segments.segmentsOf`): step conditions on
   * `customer.segment.*` and the policy's `bySegment` caps and journeys read it. A customer
   * without one fails segment conditions and gets the policy's own caps.
   */
  readonly segments?: ReadonlyMap<string, CustomerSegment>;
  /** Start of the planning range (inclusive). */
  readonly from: Date;
  /** End of the planning range (exclusive). */
  readonly until: Date;
  /**
   * The current instant: nothing is planned before it. It is also the plan's creation instant
   * (`ContactPlan.createdAt`). Consent is judged at each contact's own planned instant.
   */
  readonly now: Date;
}

const byPlanningOrder = (a: Candidate, b: Candidate): number => {
  const ka = a.compiled.step;
  const kb = b.compiled.step;
  if (ka.kind !== kb.kind) return ka.kind === 'transactional' ? -1 : 1;
  if (ka.priority !== kb.priority) return kb.priority - ka.priority;
  const ja = a.compiled.journey.id;
  const jb = b.compiled.journey.id;
  if (ja !== jb) return ja < jb ? -1 : 1;
  if (ka.id !== kb.id) return ka.id < kb.id ? -1 : 1;
  if (a.intendedMs !== b.intendedMs) return a.intendedMs - b.intendedMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

const byEventTime = (a: PlanningEvent, b: PlanningEvent): number => a.at.getTime() - b.at.getTime();

const byTime = (a: PlannedContact, b: PlannedContact): number =>
  a.at.getTime() - b.at.getTime() || (a.journeyId < b.journeyId ? -1 : a.journeyId > b.journeyId ? 1 : 0) || (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const bySuppressionOrder = (a: Suppression, b: Suppression): number =>
  a.intendedAt.getTime() - b.intendedAt.getTime() ||
  (a.journeyId < b.journeyId ? -1 : a.journeyId > b.journeyId ? 1 : 0) ||
  (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0) ||
  (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0);

/** What one customer's planning shares. */
interface CustomerScope {
  readonly customer: Customer;
  /** The customer's stored segment, if any. */
  readonly segment: CustomerSegment | undefined;
  /** The `bySegment` entries that name the journeys open to the customer (none: every journey). */
  readonly journeyLists: SegmentRules['journeyLists'];
  readonly zc: ZoneCache;
  readonly ledger: CustomerLedger;
  readonly mine: Array<PlannedContact & { bundled: readonly BundledContent[] }>;
  readonly held: Suppression[];
  /** Anchor instants as Dates, shared by the contacts of one anchor (a customer has few). */
  readonly anchorDates: Date[];
}

/** Shared by every contact without bundled content (replaced, never mutated, when bundling). */
const NOTHING_BUNDLED: readonly BundledContent[] = Object.freeze([]);


function hold(s: CustomerScope, c: Candidate, code: SuppressionCode, reason: string, outcome: Suppression['outcome'] = 'dropped', to?: Date, into?: string): void {
  const cs = c.compiled;
  const step = cs.step;
  const suppression: Suppression = {
    customerId: s.customer.id,
    journeyId: cs.journey.id,
    stepId: step.id,
    channel: step.channel,
    contactId: c.id,
    anchor: c.anchor,
    intendedAt: new Date(c.intendedMs),
    code,
    reason: flat(`${step.contentKey} by ${step.channel} on ${s.zc.wallTime(c.intendedMs)} (${s.zc.zone}): ${reason}`),
    outcome,
    deferredTo: to,
    bundledInto: into,
  };
  s.held.push(suppression);
}

function place(s: CustomerScope, c: Candidate, ms: number, deferredFrom: number | undefined): void {
  const cs = c.compiled;
  const step = cs.step;
  let anchorAt: Date | undefined;
  for (const d of s.anchorDates) if (d.getTime() === c.anchorAt) anchorAt = d;
  if (anchorAt === undefined) {
    anchorAt = new Date(c.anchorAt);
    s.anchorDates.push(anchorAt);
  }
  const contact: PlannedContact = {
    id: c.id,
    customerId: s.customer.id,
    journeyId: cs.journey.id,
    stepId: step.id,
    channel: step.channel,
    contentKey: step.contentKey,
    kind: step.kind,
    priority: step.priority,
    at: new Date(ms),
    local: s.zc.iso(ms),
    zone: s.zc.zone,
    anchor: c.anchor,
    anchorAt,
    occurrence: c.occurrence,
    deferredFrom: deferredFrom === undefined ? undefined : new Date(deferredFrom),
    bundled: NOTHING_BUNDLED,
    sendWindow: cs.window,
  };
  s.mine.push(contact);
  s.ledger.add(ms, step.channel, step.kind);
}

/** Decide one candidate: withdraw, drop, place, defer or bundle it. */
function decide(s: CustomerScope, c: Candidate, policy: CompiledPolicy, start: number, until: number): void {
  const cs = c.compiled;
  const step = cs.step;
  const { zc, customer } = s;
  if (c.goalAt !== undefined && c.goalAt < c.intendedMs) {
    hold(s, c, 'GOAL_REACHED', `an exit goal of journey "${cs.journey.id}" was reached on ${zc.wallTime(c.goalAt)}, after the anchor; the remaining steps are withdrawn`);
    return;
  }
  if (s.journeyLists.length > 0 && !s.journeyLists.some(([, open]) => open.has(cs.journey.id))) {
    const keys = s.journeyLists.map(([k]) => `"${k}"`).join(', ');
    hold(s, c, 'CONDITION_FAILED', `journey "${cs.journey.id}" is not open to segment ${keys} (contact policy bySegment)`);
    return;
  }
  if (step.conditions.length > 0) {
    const failed = failedCondition(step.conditions, customer, s.segment);
    if (failed !== undefined) {
      const actual = stepFactValue(failed.fact, customer, s.segment);
      hold(s, c, 'CONDITION_FAILED', `condition ${failed.fact} ${failed.operator} ${JSON.stringify(failed.value)} does not hold (value: ${actual === undefined ? 'absent' : JSON.stringify(actual)})`);
      return;
    }
  }
  const consent = consentBlockAt(customer, step, policy.exempt, c.intendedMs);
  if (consent !== undefined) {
    hold(s, c, consent.code, consent.reason);
    return;
  }
  const code = c.intendedMs < start ? 'OUTSIDE_RANGE' : s.ledger.check(cs, c.intendedMs);
  if (code === undefined) {
    place(s, c, c.intendedMs, undefined);
    return;
  }
  const block: Block =
    code === 'OUTSIDE_RANGE'
      ? { code, reason: `the intended moment lies before the planning start ${zc.wallTime(start)}` }
      : s.ledger.explain(cs, code);
  const action = step.whenBlocked;
  if (action.action === 'skip') {
    hold(s, c, block.code, `${block.reason}; skipped`);
  } else if (action.action === 'bundle') {
    bundle(s, c, block, policy);
  } else {
    defer(s, c, block, policy, start, until, action.maxDelay);
  }
}

/** Merge a blocked step's content into a contact already planned that local day on its channel. */
function bundle(s: CustomerScope, c: Candidate, block: Block, policy: CompiledPolicy): void {
  const { zc, customer } = s;
  const cs = c.compiled;
  const step = cs.step;
  const day = zc.dayOf(c.intendedMs);
  const sameDay = s.mine.filter((p) => p.channel === step.channel && zc.dayOf(p.at.getTime()) === day);
  // The content goes out with its host: consent must hold at the host's instant.
  const host = sameDay.find((p) => consentBlockAt(customer, step, policy.exempt, p.at.getTime()) === undefined);
  const first = sameDay[0];
  if (first === undefined) {
    hold(s, c, block.code, `${block.reason}; no ${step.channel} contact planned that day to bundle with, dropped`);
  } else if (host === undefined) {
    const why = consentBlockAt(customer, step, policy.exempt, first.at.getTime())?.reason ?? '';
    hold(s, c, block.code, `${block.reason}; not bundled with ${first.contentKey} at ${zc.wallTime(first.at.getTime())}: ${why}; dropped`);
  } else {
    (host as { bundled: readonly BundledContent[] }).bundled = [...host.bundled, { journeyId: cs.journey.id, stepId: step.id, contentKey: step.contentKey }];
    hold(s, c, 'BUNDLED', `${block.reason}; bundled with ${host.contentKey} (${host.id}) at ${zc.wallTime(host.at.getTime())}`, 'bundled', undefined, host.id);
  }
}

/**
 * Move a blocked step to the next allowed moment within its `maxDelay`, inside the planning
 * range and before any withdrawal of its channel's consent.
 */
function defer(s: CustomerScope, c: Candidate, block: Block, policy: CompiledPolicy, start: number, until: number, maxDelay: string): void {
  const { zc, customer } = s;
  const cs = c.compiled;
  const d = cs.maxDelay;
  const r = zc.local(c.intendedMs);
  const deadlineDay = d === undefined ? r.day : addMonthsDaysTo(r.day, d.sign * (d.years * 12 + d.months), d.sign * (d.weeks * 7 + d.days));
  const deadline = zc.instant(deadlineDay, r.minute) + ((d?.hours ?? 0) * 60 + (d?.minutes ?? 0)) * 60_000;
  const latest = Math.min(deadline, until - 1);
  const consentEnds = consentEndsAt(customer, cs.step);
  const found = findSlot(s.ledger, zc, c, Math.max(start, c.intendedMs), Math.min(latest, consentEnds - 1));
  if (found !== undefined) {
    place(s, c, found, c.intendedMs);
    hold(s, c, block.code, `${block.reason}; deferred to ${zc.wallTime(found)}`, 'deferred', new Date(found));
  } else if (consentEnds <= latest) {
    const why = consentBlockAt(customer, cs.step, policy.exempt, consentEnds)?.reason ?? '';
    hold(s, c, 'CONSENT_WITHDRAWN', `${block.reason}; no allowed moment before ${why}, dropped`);
  } else if (deadline >= until) {
    hold(s, c, 'OUTSIDE_RANGE', `${block.reason}; no allowed moment before the end of the planning range ${zc.wallTime(until)}, dropped from this plan`);
  } else {
    hold(s, c, 'DEFERRAL_EXCEEDED', `${block.reason}; no allowed moment within the maximum delay ${maxDelay}, dropped`);
  }
}

/** Plans one customer. */
function planCustomer(
  customer: Customer,
  segment: CustomerSegment | undefined,
  calendars: readonly JourneyCalendar[],
  policy: CompiledPolicy,
  zc: ZoneCache,
  ledger: CustomerLedger,
  history: readonly HistoryContact[],
  events: readonly PlanningEvent[],
  start: number,
  until: number,
): CustomerPlan {
  const candidates = candidatesFor(customer, calendars, events, zc, start, until);
  if (candidates.length === 0) return { customerId: customer.id, contacts: [], suppressions: [] };
  const rules = segmentRules(policy, segment);
  ledger.reset(zc, rules.caps);
  let sent: Set<string> | undefined;
  for (const h of history) {
    ledger.add(h.at.getTime(), h.channel, h.kind);
    if (h.id !== undefined) (sent ??= new Set()).add(h.id);
  }
  for (const c of candidates) c.id = contactHash(customer.id, c.compiled.journey.id, c.compiled.step.id, c.anchor, c.occurrence ?? '');
  insertionSort(candidates, byPlanningOrder);
  const s: CustomerScope = { customer, segment, journeyLists: rules.journeyLists, zc, ledger, mine: [], held: [], anchorDates: [] };
  for (const c of candidates) {
    if (sent?.has(c.id) === true) continue;
    decide(s, c, policy, start, until);
  }
  insertionSort(s.mine, byTime);
  insertionSort(s.held, bySuppressionOrder);
  return { customerId: customer.id, contacts: s.mine, suppressions: s.held };
}

/**
 * The first moment after the intended one, in [earliest, latest], that every rule allows,
 * trying on each local day the step's preferred time and then each whole hour after it until
 * its window closes.
 */
function findSlot(ledger: CustomerLedger, zc: ZoneCache, c: Candidate, earliest: number, latest: number): number | undefined {
  const cs = c.compiled;
  const lastDay = zc.dayOf(latest);
  let skipUntil = 0;
  for (let day = zc.dayOf(earliest); day <= lastDay; day++) {
    for (let minute = cs.preferredMinute; minute < cs.windowTo; minute += 60) {
      const ms = zc.instant(day, minute);
      if (ms < earliest || ms <= c.intendedMs) continue;
      if (ms > latest) return undefined;
      if (ms < skipUntil) continue;
      if (ledger.check(cs, ms) === undefined) return ms;
      if (ledger.wholeDay) break; // the rest of this local day is blocked too
      skipUntil = ledger.blockedUntil; // a full rolling window or a gap: nothing passes before its end
    }
  }
  return undefined;
}

/**
 * {@link planContacts} one customer at a time: yields each customer's plan (in the order of
 * `customers`, every customer, also those with nothing planned) as soon as it is decided. The
 * same decisions and order as `planContacts`, without holding the whole plan: a nightly job over
 * a million customers hands each customer's contacts to its sender or store and keeps nothing,
 * so memory stays flat and no time goes to keeping millions of objects alive. The input is
 * checked before the first customer is planned.
 *
 * @example
 * ```ts
 * for (const { customerId, contacts, suppressions } of planContactsByCustomer(input)) {
 *   await outbox.replacePlan(customerId, contacts); // e.g. your store: one customer at a time
 *   for (const s of suppressions) log.info(s.code, s.reason);
 * }
 * ```
 */
export function planContactsByCustomer(input: PlanInput): Generator<CustomerPlan, void, undefined> {
  // Checked and prepared eagerly, so that bad input throws here, not at the first `next()`.
  const journeys = input.journeys.map((j, i) => compileJourney(j, input.policy.sendWindows, `journeys[${i}]`));
  const policy = compilePolicy(input.policy);
  const positions = customerPositions(input.customers);
  const history = new ByCustomer(input.history ?? [], input.customers, positions);
  const events = new ByCustomer(input.events ?? [], input.customers, positions);
  events.sortEach(byEventTime);
  return planEach(input, journeys, policy, history, events);
}

function* planEach(
  input: PlanInput,
  journeys: readonly CompiledJourney[],
  policy: CompiledPolicy,
  history: ByCustomer<HistoryContact>,
  events: ByCustomer<PlanningEvent>,
): Generator<CustomerPlan, void, undefined> {
  const zones = zoneCaches();
  const now = input.now.getTime();
  const start = Math.max(input.from.getTime(), now);
  const until = input.until.getTime();
  const ledger = new CustomerLedger(policy, zones(input.policy.defaultTimeZone));
  const calendars = new Map<ZoneCache, JourneyCalendar[]>();
  for (let i = 0; i < input.customers.length; i++) {
    const customer = input.customers[i] as Customer;
    if (until <= start) {
      yield { customerId: customer.id, contacts: [], suppressions: [] };
      continue;
    }
    const zc = zones(customer.timeZone ?? input.policy.defaultTimeZone);
    let inZone = calendars.get(zc);
    if (inZone === undefined) {
      inZone = journeys.map((cj) => new JourneyCalendar(cj, zc, start, until));
      calendars.set(zc, inZone);
    }
    yield planCustomer(customer, input.segments?.get(customer.id), inZone, policy, zc, ledger, history.of(i), events.of(i), start, until);
  }
}

/**
 * Plan the contacts of `journeys` for `customers` between `from` (inclusive) and `until`
 * (exclusive), never before `now`, in each customer's time zone, under `policy`. Pure and
 * deterministic: the same input gives the same plan, whatever the host's time zone.
 *
 * For each customer, the steps due in the range are decided one at a time: transactional steps
 * first, then by priority (higher first), journey id, step id and intended moment. A step is
 * withdrawn when an exit goal happened after its anchor and before it, dropped when its condition
 * fails or consent does not hold at its planned instant, and otherwise placed at its intended moment when the
 * send window, quiet hours, blackout dates, caps and minimum gap allow; when they do not, the
 * step's `whenBlocked` decides (skip, defer to the next allowed moment within `maxDelay`, bundle
 * with a contact of the same day and channel). Every step not planned as intended appears in
 * `suppressions` with a code and a reason.
 *
 * Contacts are grouped by customer in the order of `customers`, and in time order for each
 * customer; suppressions likewise. Contacts already in `history` (by id) are not planned again.
 * {@link planContactsByCustomer} gives the same plan one customer at a time.
 *
 * @example
 * ```ts
 * const plan = planContacts({
 *   customers: [parseCustomer({ id: 'c1', joinedAt: '2007-01-01T00:00:00Z', timeZone: 'Europe/Paris',
 *     consents: { email: { status: 'granted', at: '2007-01-01T00:00:00Z', source: 'signup' } } })],
 *   journeys: [parseJourney(carPurchaseJson)],
 *   policy: parseContactPolicy({ caps: [{ id: 'one-a-day', max: 1, window: { calendar: 'day' } }] }),
 *   events: [{ customerId: 'c1', type: 'purchase', id: 'o-1', at: new Date('2007-07-01T09:00:00Z') }],
 *   from: new Date('2007-07-01T00:00:00Z'), until: new Date('2009-01-01T00:00:00Z'), now: new Date('2007-07-01T00:00:00Z'),
 * });
 * for (const c of plan.contacts) console.log(c.local, c.channel, c.contentKey);
 * ```
 */
export function planContacts(input: PlanInput): ContactPlan & { readonly createdAt: Date } {
  const contacts: PlannedContact[] = [];
  const suppressions: Suppression[] = [];
  for (const plan of planContactsByCustomer(input)) {
    for (const c of plan.contacts) contacts.push(c);
    for (const x of plan.suppressions) suppressions.push(x);
  }
  return { contacts, suppressions, createdAt: new Date(input.now.getTime()) };
}
