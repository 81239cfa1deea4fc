import { FidelisError } from '../core/errors.js';
import type { ContactPlan, PlannedContact } from './contact.js';

/**
 * Options of {@link toICalendar}.
 *
 * @example
 * ```ts
 * const options: ICalendarOptions = { name: 'Contacts of c1', now: new Date('2026-01-01T00:00:00Z'), duration: 'PT30M' };
 * ```
 */
export interface ICalendarOptions {
  /** The calendar's name (`X-WR-CALNAME`). */
  readonly name?: string;
  /**
   * `DTSTAMP` of every event: when the calendar's contents were made. By default the plan's
   * `createdAt` (its planning `now`); required when exporting a list of contacts, which does
   * not know when its plan was made.
   */
  readonly now?: Date;
  /**
   * How long each event lasts (`DURATION`), an RFC 5545 duration without years or months:
   * `PT15M` (the default), `PT1H30M`, `P1D`, `P1W`. A contact is a moment; the duration only
   * gives calendar clients something to draw.
   */
  readonly duration?: string;
  /** `PRODID`; `-//fidelis//contact plan//EN` by default. */
  readonly productId?: string;
}

/** RFC 5545 §3.3.6 dur-value: weeks alone, or days and/or a time part (H[M[S]], M[S] or S). */
const RFC5545_DURATION = /^P(?:\d+W|\d+D(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?|T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))$/;

function invalid(path: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `Invalid iCalendar options: ${path}: ${message}`, { issues: [{ path, message }] });
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF and one space, never inside a
 * UTF-8 character.
 */
function fold(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** UTC date-time form `YYYYMMDDTHHMMSSZ`. */
function utc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Export planned contacts (a whole plan or a list) as an iCalendar (RFC 5545) text: one
 * `VEVENT` per contact with `UID` = the contact id (stable across re-plans, so calendar clients
 * update instead of duplicating), `DTSTAMP` = when the plan was made (the plan's `createdAt`, or
 * `options.now`), `DTSTART` in UTC, a `DURATION` (`options.duration`, 15 minutes by default), a
 * `SUMMARY` naming channel and content (bundled content too), `CATEGORIES` channel and kind.
 * TEXT values are escaped, lines folded at 75 octets, lines end with CRLF. Throws
 * `VALIDATION_FAILED` for a list of contacts without `options.now`, or a duration RFC 5545
 * cannot express.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const plan = planContacts(input);
 * writeFileSync('plan.ics', toICalendar(plan, { name: 'Contact plan' }));
 * writeFileSync('c1.ics', toICalendar(plan.contacts.filter((c) => c.customerId === 'c1'), { name: 'Contacts of c1', now: plan.createdAt }));
 * ```
 */
export function toICalendar(plan: ContactPlan, options?: ICalendarOptions): string;
export function toICalendar(contacts: readonly PlannedContact[], options: ICalendarOptions & { readonly now: Date }): string;
export function toICalendar(plan: ContactPlan | readonly PlannedContact[], options: ICalendarOptions = {}): string {
  const contacts: readonly PlannedContact[] = 'contacts' in plan ? plan.contacts : plan;
  const stamp = options.now ?? ('contacts' in plan ? plan.createdAt : undefined);
  if (stamp === undefined) {
    throw invalid('now', "needed: a list of contacts does not say when its plan was made (pass the plan's createdAt)");
  }
  const duration = options.duration ?? 'PT15M';
  if (!RFC5545_DURATION.test(duration)) {
    throw invalid('duration', `"${duration}" is not an RFC 5545 duration (weeks, days, hours, minutes, seconds: PT15M, P1D, P1W)`);
  }
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${escapeText(options.productId ?? '-//fidelis//contact plan//EN')}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (options.name !== undefined) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  for (const c of contacts) {
    const bundled = c.bundled.map((b) => b.contentKey);
    const description = [
      `Journey ${c.journeyId}, step ${c.stepId} (${c.kind}, priority ${c.priority}).`,
      `Local time: ${c.local} (${c.zone}).`,
      `Anchor: ${c.anchor}.`,
      ...(c.deferredFrom === undefined ? [] : [`Deferred from ${c.deferredFrom.toISOString()}.`]),
      ...(bundled.length === 0 ? [] : [`Bundled: ${bundled.join(', ')}.`]),
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(c.id)}`,
      `DTSTAMP:${utc(stamp)}`,
      `DTSTART:${utc(c.at)}`,
      `DURATION:${duration}`,
      `SUMMARY:${escapeText(`${c.channel}: ${[c.contentKey, ...bundled].join(' + ')}`)}`,
      `DESCRIPTION:${escapeText(description)}`,
      `CATEGORIES:${escapeText(c.channel)},${escapeText(c.kind)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
