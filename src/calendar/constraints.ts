// The rules a moment must pass for one customer: send window, quiet hours, blackout dates,
// frequency caps (rolling and calendar windows in the customer's zone) and the minimum gap.
// Internal to the module; planContacts drives it.
import { parseDuration } from '../core/duration.js';
import { ContactChannel } from '../core/schemas.js';
import { channelKind } from './channel-kind.js';
import type { ContactKind, SuppressionCode } from './contact.js';
import type { ContactPolicy, FrequencyCap } from './contact-policy.js';
import type { CustomerSegment } from '../core/segment.js';
import { fromDayNumber, minuteOfDay, monthNumberOf, weekdayOf } from '../core/civil-days.js';
import type { CompiledStep } from './compiled-journey.js';
import type { ZoneCache } from './zone-cache.js';

const DAY = 86_400_000;

/** The channels quiet hours apply to when they name none. */
const MESSAGE_CHANNELS = ContactChannel.options.filter((c) => channelKind(c) === 'message');

const elapsedMs = (text: string): number => {
  const d = parseDuration(text);
  return (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
};

interface CompiledCap {
  readonly id: string;
  readonly channels?: ReadonlySet<ContactChannel>;
  readonly max: number;
  readonly rollingMs?: number;
  readonly calendar?: 'day' | 'week' | 'month' | 'year';
  readonly label: string;
}

/** The caps and open journeys of one `bySegment` entry. */
interface CompiledSegmentPolicy {
  readonly caps: readonly CompiledCap[];
  readonly journeys?: ReadonlySet<string>;
}

/** What applies to one customer's segment: the caps, and the entries that name the open journeys. */
export interface SegmentRules {
  readonly caps: readonly CompiledCap[];
  /** The matched entries' keys with their journey lists (only entries that list journeys). */
  readonly journeyLists: ReadonlyArray<readonly [key: string, journeys: ReadonlySet<string>]>;
}

/** A policy parsed once per planning run. */
export interface CompiledPolicy {
  readonly policy: ContactPolicy;
  readonly caps: readonly CompiledCap[];
  readonly bySegment: ReadonlyMap<string, CompiledSegmentPolicy>;
  /** Memo of segmentRules by the matched keys. */
  readonly rulesByKeys: Map<string, SegmentRules>;
  readonly minGapMs: number;
  readonly blackoutDays: ReadonlySet<string>;
  /** Memo of blackoutOn: the date string, or '' for an ordinary day. */
  readonly blackoutByDay: Map<number, string>;
  readonly countTransactional: boolean;
  readonly exempt: ReadonlySet<ContactChannel>;
  /** Quiet hours with the channels they apply to (unnamed: every message channel). */
  readonly quiet: ReadonlyArray<{ readonly from: number; readonly to: number; readonly channels: ReadonlySet<ContactChannel>; readonly label: string }>;
}

/** One cap with its durations parsed and its sentence (naming the segment of a `bySegment` cap). */
function compileCap(c: FrequencyCap, segment?: string): CompiledCap {
  return {
    id: c.id,
    ...(c.channels === undefined ? {} : { channels: new Set(c.channels) }),
    max: c.max,
    ...('rolling' in c.window ? { rollingMs: elapsedMs(c.window.rolling) } : { calendar: c.window.calendar }),
    label: `"${c.id}"${segment === undefined ? '' : ` of segment "${segment}"`} allows ${c.max} ${c.channels === undefined ? '' : `${c.channels.join('/')} `}contact${c.max === 1 ? '' : 's'} ${'rolling' in c.window ? `in any ${c.window.rolling}` : `per local ${c.window.calendar}`}`,
  };
}

/** Parse a policy's durations and dates once. */
export function compilePolicy(policy: ContactPolicy): CompiledPolicy {
  return {
    policy,
    caps: policy.caps.map((c) => compileCap(c)),
    bySegment: new Map(
      Object.entries(policy.bySegment).map(([key, p]) => [key, { caps: p.caps.map((c) => compileCap(c, key)), ...(p.journeys === undefined ? {} : { journeys: new Set(p.journeys) }) }]),
    ),
    rulesByKeys: new Map(),
    minGapMs: policy.minGap === undefined ? 0 : elapsedMs(policy.minGap),
    blackoutDays: new Set(policy.blackoutDates),
    blackoutByDay: new Map(),
    countTransactional: policy.transactional.countTowardCaps,
    exempt: new Set(policy.consent.notRequiredFor),
    quiet: policy.quietHours.map((q) => ({
      from: minuteOfDay(q.from),
      to: minuteOfDay(q.to),
      channels: new Set(q.channels ?? MESSAGE_CHANNELS),
      label: `${q.from}–${q.to}`,
    })),
  };
}

/**
 * The caps and journey lists for a customer's segment: the `bySegment` entries keyed by its
 * quadrant, its RFM segment and its labels (in that order) all apply; a segment cap with the id
 * of a policy cap replaces it. Memoised per set of matched entries.
 */
export function segmentRules(policy: CompiledPolicy, segment: CustomerSegment | undefined): SegmentRules {
  const keys: string[] = [];
  const named = segment === undefined || policy.bySegment.size === 0 ? [] : [segment.quadrant, segment.rfm, ...(segment.labels ?? [])];
  for (const k of named) if (k !== undefined && policy.bySegment.has(k) && !keys.includes(k)) keys.push(k);
  const memo = keys.join('\u0000');
  let rules = policy.rulesByKeys.get(memo);
  if (rules === undefined) {
    const entries = keys.map((k) => [k, policy.bySegment.get(k) as CompiledSegmentPolicy] as const);
    const replaced = new Set(entries.flatMap(([, e]) => e.caps.map((c) => c.id)));
    rules = {
      caps: [...policy.caps.filter((c) => !replaced.has(c.id)), ...entries.flatMap(([, e]) => e.caps)],
      journeyLists: entries.flatMap(([k, e]) => (e.journeys === undefined ? [] : [[k, e.journeys] as const])),
    };
    policy.rulesByKeys.set(memo, rules);
  }
  return rules;
}

/** Why a moment is not allowed. */
export interface Block {
  readonly code: SuppressionCode;
  readonly reason: string;
}

type Period = 'day' | 'week' | 'month' | 'year';

/** The local date (`YYYY-MM-DD`) when day `day` is a blackout date, else undefined; memoised per policy. */
function blackoutOn(policy: CompiledPolicy, day: number): string | undefined {
  let hit = policy.blackoutByDay.get(day);
  if (hit === undefined) {
    const d = fromDayNumber(day);
    const md = `-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
    const full = `${d.year}${md}`;
    hit = policy.blackoutDays.has(full) || policy.blackoutDays.has(`-${md}`) ? full : '';
    policy.blackoutByDay.set(day, hit);
  }
  return hit === '' ? undefined : hit;
}

/** The key of the local calendar period containing local day `day`. */
function periodKey(day: number, period: Period): number {
  if (period === 'day') return day;
  if (period === 'week') return day - ((((day + 3) % 7) + 7) % 7); // the Monday of its ISO week
  const month = monthNumberOf(day);
  return period === 'month' ? month : Math.floor((month - 1) / 12);
}

const hasChannel = (cap: CompiledCap, channel: ContactChannel): boolean => cap.channels === undefined || cap.channels.has(channel);

/**
 * The contacts of one customer that count toward caps and gaps, and the checks against them.
 * One ledger serves a whole planning run: `reset` starts the next customer.
 */
export class CustomerLedger {
  // The counted contacts (sent or planned) in the order added, as columns reused from one
  // customer to the next: instant (ms), local day number, channel. Only the first `size` count.
  private readonly ms: number[] = [];
  private readonly days: number[] = [];
  private readonly channels: ContactChannel[] = [];
  private size = 0;
  private zc: ZoneCache;
  // Detail of the last block, for `explain` (words are only built for the blocks explained):
  // the quiet hours' label or blackout date, the full cap and its count, the contact too close.
  private blockedBy = '';
  private blockedCap: CompiledCap | undefined;
  private blockedCount = 0;
  private blockedNear = 0;
  /** True when the last block holds for the whole local day (weekday, blackout, calendar cap). */
  wholeDay = false;
  /** After a rolling-cap or gap block: no moment before this instant (ms) can pass. */
  blockedUntil = 0;

  private caps: readonly CompiledCap[];

  constructor(
    private readonly policy: CompiledPolicy,
    zc: ZoneCache,
  ) {
    this.zc = zc;
    this.caps = policy.caps;
  }

  /** Start over for another customer (in zone `zc`, under `caps`: the policy's, or those of the customer's segment). */
  reset(zc: ZoneCache, caps: readonly CompiledCap[] = this.policy.caps): void {
    this.size = 0;
    this.zc = zc;
    this.caps = caps;
  }

  /** Whether a contact of this kind counts toward caps and gaps. */
  counts(kind: ContactKind): boolean {
    return kind === 'marketing' || this.policy.countTransactional;
  }

  /** Add a sent or planned contact. */
  add(ms: number, channel: ContactChannel, kind: ContactKind): void {
    if (!this.counts(kind)) return;
    const i = this.size++;
    this.ms[i] = ms;
    this.days[i] = this.zc.dayOf(ms);
    this.channels[i] = channel;
  }

  /**
   * The first rule that forbids sending step `cs` at `ms`, or undefined when it may go. Cheap:
   * no allocation; {@link CustomerLedger.explain} words the reason afterwards.
   */
  check(cs: CompiledStep, ms: number): SuppressionCode | undefined {
    const shifted = ms + this.zc.offsetAt(ms) * 60_000;
    const day = Math.floor(shifted / DAY);
    const minute = Math.floor((shifted - day * DAY) / 60_000);
    const channel = cs.step.channel;
    this.blockedUntil = 0;
    this.wholeDay = (cs.weekdayMask & (1 << weekdayOf(day))) === 0;
    if (this.wholeDay || minute < cs.windowFrom || minute >= cs.windowTo) return 'OUTSIDE_WINDOW';
    for (const q of this.policy.quiet) {
      if (q.channels.has(channel) && (q.from <= q.to ? minute >= q.from && minute < q.to : minute >= q.from || minute < q.to)) {
        this.blockedBy = q.label;
        return 'QUIET_HOURS';
      }
    }
    if (cs.step.kind === 'transactional') return undefined;
    if (this.policy.blackoutDays.size > 0) {
      const blackout = blackoutOn(this.policy, day);
      if (blackout !== undefined) {
        this.blockedBy = blackout;
        this.wholeDay = true;
        return 'BLACKOUT';
      }
    }
    for (const cap of this.caps) {
      if (!hasChannel(cap, channel)) continue;
      const worst = cap.rollingMs === undefined ? this.countSamePeriod(cap, day) : this.worstRollingCount(cap, ms, cap.rollingMs);
      if (worst + 1 > cap.max) {
        this.blockedCap = cap;
        this.blockedCount = worst;
        this.wholeDay = cap.rollingMs === undefined;
        return 'CAP_REACHED';
      }
    }
    const gap = this.policy.minGapMs;
    if (gap > 0) {
      for (let i = 0; i < this.size; i++) {
        const other = this.ms[i] as number;
        if (Math.abs(other - ms) < gap) {
          this.blockedNear = other;
          this.blockedUntil = other + gap;
          return 'MIN_GAP';
        }
      }
    }
    return undefined;
  }

  /** The reason, in words, for the code the last {@link CustomerLedger.check} returned. */
  explain(cs: CompiledStep, code: SuppressionCode): Block {
    const w = cs.window;
    switch (code) {
      case 'OUTSIDE_WINDOW':
        return { code, reason: `outside its send window (${w.from}–${w.to} on weekdays ${w.weekdays.join(',')})` };
      case 'QUIET_HOURS':
        return { code, reason: `in quiet hours ${this.blockedBy}` };
      case 'BLACKOUT':
        return { code, reason: `${this.blockedBy} is a blackout date` };
      case 'MIN_GAP':
        return { code, reason: `another contact at ${this.zc.wallTime(this.blockedNear)} is closer than the minimum gap ${this.policy.policy.minGap ?? ''}` };
      default: {
        // CAP_REACHED
        const n = this.blockedCount;
        return { code, reason: `frequency cap ${this.blockedCap?.label ?? ''} and ${n} ${n === 1 ? 'is' : 'are'} already sent or planned` };
      }
    }
  }

  private countSamePeriod(cap: CompiledCap, day: number): number {
    const period = cap.calendar ?? 'day';
    const mine = periodKey(day, period);
    let n = 0;
    for (let i = 0; i < this.size; i++) if (periodKey(this.days[i] as number, period) === mine && hasChannel(cap, this.channels[i] as ContactChannel)) n += 1;
    return n;
  }

  /**
   * The largest number of counted contacts in one half-open window [s, s + length) that also
   * contains `ms`. Such windows start in (ms − length, ms]; contact c is inside for starts in
   * (c − length, c], so the count is largest at a start equal to one of the contacts, or at `ms`.
   */
  private worstRollingCount(cap: CompiledCap, ms: number, length: number): number {
    let start = ms;
    let worst = this.countFrom(cap, ms, length);
    for (let i = 0; i < this.size; i++) {
      const t = this.ms[i] as number;
      if (t > ms - length && t <= ms && hasChannel(cap, this.channels[i] as ContactChannel)) {
        const n = this.countFrom(cap, t, length);
        if (n > worst) {
          worst = n;
          start = t;
        }
      }
    }
    // Every moment before the end of the fullest window lies in that window too.
    this.blockedUntil = start + length;
    return worst;
  }

  private countFrom(cap: CompiledCap, s: number, length: number): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const t = this.ms[i] as number;
      if (t >= s && t < s + length && hasChannel(cap, this.channels[i] as ContactChannel)) n += 1;
    }
    return n;
  }
}
