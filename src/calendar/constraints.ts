// The rules a moment must pass for one customer: send window, quiet hours, blackout dates,
// frequency caps (rolling and calendar windows in the customer's zone) and the minimum gap.
// Internal to the module; planContacts drives it.
import { parseDuration } from '../core/duration.js';
import type { ContactChannel } from '../core/schemas.js';
import type { ContactKind, SuppressionCode } from './contact.js';
import type { ContactPolicy } from './contact-policy.js';
import { fromDayNumber } from './local-days.js';
import { isInQuietHours } from './send-window.js';
import type { CompiledStep } from './candidates.js';
import type { ZoneCache } from './zone-cache.js';

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

/** A policy parsed once per planning run. */
export interface CompiledPolicy {
  readonly policy: ContactPolicy;
  readonly caps: readonly CompiledCap[];
  readonly minGapMs: number;
  readonly blackoutDays: ReadonlySet<string>;
  readonly countTransactional: boolean;
  readonly exempt: ReadonlySet<ContactChannel>;
}

/** Parse a policy's durations and dates once. */
export function compilePolicy(policy: ContactPolicy): CompiledPolicy {
  return {
    policy,
    caps: policy.caps.map((c) => ({
      id: c.id,
      ...(c.channels === undefined ? {} : { channels: new Set(c.channels) }),
      max: c.max,
      ...('rolling' in c.window ? { rollingMs: elapsedMs(c.window.rolling) } : { calendar: c.window.calendar }),
      label: `"${c.id}" allows ${c.max} ${c.channels === undefined ? '' : `${c.channels.join('/')} `}contact${c.max === 1 ? '' : 's'} ${'rolling' in c.window ? `in any ${c.window.rolling}` : `per local ${c.window.calendar}`}`,
    })),
    minGapMs: policy.minGap === undefined ? 0 : elapsedMs(policy.minGap),
    blackoutDays: new Set(policy.blackoutDates),
    countTransactional: policy.transactional.countTowardCaps,
    exempt: new Set(policy.consent.notRequiredFor),
  };
}

/** A contact that counts toward caps and gaps (sent or planned). */
export interface Counted {
  readonly ms: number;
  readonly channel: ContactChannel;
  readonly day: number;
  readonly week: number;
  readonly month: number;
  readonly year: number;
}

/** Why a moment is not allowed. */
export interface Block {
  readonly code: SuppressionCode;
  readonly reason: string;
}

const periodOf = (zc: ZoneCache, ms: number, channel: ContactChannel): Counted => {
  const r = zc.local(ms);
  const d = fromDayNumber(r.day);
  return { ms, channel, day: r.day, week: r.day - (r.weekday - 1), month: d.year * 12 + d.month, year: d.year };
};

/** The contacts of one customer that count toward caps and gaps, and the checks against them. */
export class CustomerLedger {
  private readonly counted: Counted[] = [];

  constructor(
    private readonly policy: CompiledPolicy,
    private readonly zc: ZoneCache,
  ) {}

  /** Whether a contact of this kind counts toward caps and gaps. */
  counts(kind: ContactKind): boolean {
    return kind === 'marketing' || this.policy.countTransactional;
  }

  /** Add a sent or planned contact. */
  add(ms: number, channel: ContactChannel, kind: ContactKind): void {
    if (this.counts(kind)) this.counted.push(periodOf(this.zc, ms, channel));
  }

  /** The first rule that forbids sending step `cs` at `ms`, or undefined when it may go. */
  check(cs: CompiledStep, ms: number): Block | undefined {
    const r = this.zc.local(ms);
    const { window } = cs;
    const channel = cs.step.channel;
    if (!window.weekdays.includes(r.weekday) || r.minute < cs.windowFrom || r.minute >= cs.windowTo) {
      return { code: 'OUTSIDE_WINDOW', reason: `outside its send window (${window.from}–${window.to} on weekdays ${window.weekdays.join(',')})` };
    }
    for (const q of this.policy.policy.quietHours) {
      if ((q.channels === undefined || q.channels.includes(channel)) && isInQuietHours(q, r.minute)) {
        return { code: 'QUIET_HOURS', reason: `in quiet hours ${q.from}–${q.to}` };
      }
    }
    if (cs.step.kind === 'transactional') return undefined;
    if (this.policy.blackoutDays.size > 0) {
      const d = fromDayNumber(r.day);
      const md = `-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
      const full = `${d.year}${md}`;
      if (this.policy.blackoutDays.has(full) || this.policy.blackoutDays.has(`-${md}`)) {
        return { code: 'BLACKOUT', reason: `${full} is a blackout date` };
      }
    }
    const me = periodOf(this.zc, ms, channel);
    for (const cap of this.policy.caps) {
      if (cap.channels !== undefined && !cap.channels.has(channel)) continue;
      const rel = cap.channels === undefined ? this.counted : this.counted.filter((c) => cap.channels?.has(c.channel));
      const worst = cap.rollingMs === undefined ? countSamePeriod(rel, me, cap.calendar ?? 'day') : worstRollingCount(rel, ms, cap.rollingMs);
      if (worst + 1 > cap.max) {
        return { code: 'CAP_REACHED', reason: `frequency cap ${cap.label} and ${worst} ${worst === 1 ? 'is' : 'are'} already sent or planned` };
      }
    }
    if (this.policy.minGapMs > 0) {
      for (const c of this.counted) {
        if (Math.abs(c.ms - ms) < this.policy.minGapMs) {
          return { code: 'MIN_GAP', reason: `another contact at ${this.zc.iso(c.ms).slice(0, 16).replace('T', ' ')} is closer than the minimum gap ${this.policy.policy.minGap ?? ''}` };
        }
      }
    }
    return undefined;
  }
}

function countSamePeriod(rel: readonly Counted[], me: Counted, period: 'day' | 'week' | 'month' | 'year'): number {
  let n = 0;
  for (const c of rel) if (c[period] === me[period]) n += 1;
  return n;
}

/**
 * The largest number of `rel` contacts in one half-open window [s, s + length) that also
 * contains `ms`. Such windows start in (ms − length, ms]; contact c is inside for starts in
 * (c − length, c], so the count is largest at a start equal to one of the contacts, or at `ms`.
 */
function worstRollingCount(rel: readonly Counted[], ms: number, length: number): number {
  let worst = 0;
  const count = (s: number): number => {
    let n = 0;
    for (const c of rel) if (c.ms >= s && c.ms < s + length) n += 1;
    return n;
  };
  worst = count(ms);
  for (const c of rel) {
    if (c.ms > ms - length && c.ms <= ms) worst = Math.max(worst, count(c.ms));
  }
  return worst;
}
