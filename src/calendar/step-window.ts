// Which send window a step keeps to, by the kind of its channel. Internal to the module
// (planContacts is the public face; docs/calendar.md states the rule).
//
// A message step keeps to its own window, else its journey's, else the policy's window for
// messages, else every day 09:00–18:00. A handover step (in-store) keeps to its own window, else
// the policy's window for handovers, else none: a journey's window is meant for its messages.
// "None" is a window open all day, every day, so a planned contact always carries a window.
import { FidelisError } from '../core/errors.js';
import { minuteOfDay } from '../core/civil-days.js';
import { channelKind } from './channel-kind.js';
import type { ContactPolicy } from './contact-policy.js';
import type { Journey, JourneyStep } from './journey.js';
import { DEFAULT_SEND_WINDOW, type SendWindow } from './send-window.js';

/** The window of a handover without one of its own: open all day, every day. */
const ALL_DAY: SendWindow = { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };

/**
 * The send window of `step` in `journey` under the policy's windows per channel kind. Throws
 * `VALIDATION_FAILED` when the step's `time` lies outside a window the policy gives (the journey
 * schema already refuses a `time` outside the step's or the journey's own window).
 */
export function stepWindow(step: JourneyStep, journey: Journey, windows: ContactPolicy['sendWindows'], path: string): SendWindow {
  const kind = channelKind(step.channel);
  const fromPolicy = windows[kind];
  const window = step.sendWindow ?? (kind === 'message' ? journey.sendWindow : undefined) ?? fromPolicy ?? (kind === 'message' ? DEFAULT_SEND_WINDOW : ALL_DAY);
  if (step.time !== undefined && window === fromPolicy) {
    const t = minuteOfDay(step.time);
    if (t < minuteOfDay(window.from) || t >= minuteOfDay(window.to)) {
      const message = `\`time\` ${step.time} lies outside the policy's ${kind} send window ${window.from}–${window.to}`;
      throw new FidelisError('VALIDATION_FAILED', `Invalid plan input: ${path}.time: ${message}`, { issues: [{ path: `${path}.time`, message }] });
    }
  }
  return window;
}
