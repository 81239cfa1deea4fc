import type { ContactChannel } from '../core/schemas.js';

/**
 * What a contact on a channel is: a `message` sent to the customer (e-mail, SMS, push, a call,
 * a letter), which send windows and quiet hours keep to decent times, or a `handover` made
 * while the customer is there (`in-store`: a gift at the counter), which happens whenever the
 * customer is there. A handover gets no send window unless the step names one or the policy
 * gives one for handovers (`sendWindows.handover`), and quiet hours apply to it only when they
 * name its channel.
 *
 * @example
 * ```ts
 * const kind: ChannelKind = 'handover';
 * ```
 */
export type ChannelKind = 'message' | 'handover';

const HANDOVER_CHANNELS: ReadonlySet<ContactChannel> = new Set<ContactChannel>(['in-store']);

/**
 * The {@link ChannelKind} of a channel: `in-store` is a handover, every other channel a message.
 *
 * @example
 * ```ts
 * channelKind('in-store'); // 'handover'
 * channelKind('email');    // 'message'
 * ```
 */
export function channelKind(channel: ContactChannel): ChannelKind {
  return HANDOVER_CHANNELS.has(channel) ? 'handover' : 'message';
}
