import type { ContactChannel } from '../core/schemas.js';

/**
 * Transactional (service messages: they ignore caps) or marketing (caps, consent, blackouts).
 *
 * @example
 * ```ts
 * const kind: ContactKind = 'marketing';
 * ```
 */
export type ContactKind = 'transactional' | 'marketing';

/**
 * An event that anchors or ends a journey instance: a purchase, a signup or a custom event
 * (birthdays come from the customer's `birthDate`). `id` (e.g. the order id) makes the anchor
 * key, and so the contact ids, independent of the event's exact timestamp.
 *
 * @example
 * ```ts
 * const e: PlanningEvent = { customerId: 'c1', type: 'purchase', id: 'o-1', at: new Date('2007-07-01T09:00:00Z') };
 * ```
 */
export interface PlanningEvent {
  /** The customer concerned. */
  readonly customerId: string;
  /** `purchase`, `signup` or `custom`. */
  readonly type: 'purchase' | 'signup' | 'custom';
  /** The custom event's name (for `custom`). */
  readonly name?: string;
  /** A stable id of the event (order id…); used in the anchor key when present. */
  readonly id?: string;
  /** When it happened. */
  readonly at: Date;
}

/**
 * A contact already sent (the history behind caps and gaps). `id` is the contact id when the
 * contact came from a plan: that contact is then not planned again.
 *
 * @example
 * ```ts
 * const h: HistoryContact = { customerId: 'c1', channel: 'email', kind: 'marketing', at: new Date('2026-01-05T09:00:00Z') };
 * ```
 */
export interface HistoryContact {
  /** The customer contacted. */
  readonly customerId: string;
  /** The channel used. */
  readonly channel: ContactChannel;
  /** Marketing or transactional. */
  readonly kind: ContactKind;
  /** When it was sent. */
  readonly at: Date;
  /** The planned contact's id, when it came from a plan. */
  readonly id?: string;
}

/**
 * A step's content merged into another contact of the same day and channel.
 *
 * @example
 * ```ts
 * const b: BundledContent = { journeyId: 'car-purchase', stepId: 'offer', contentKey: 'new-model-offer' };
 * ```
 */
export interface BundledContent {
  /** The journey of the bundled step. */
  readonly journeyId: string;
  /** The bundled step. */
  readonly stepId: string;
  /** Its content key. */
  readonly contentKey: string;
}

/**
 * One contact of a plan.
 *
 * @example
 * ```ts
 * const c: PlannedContact = plan.contacts[0]!;
 * console.log(c.local, c.channel, c.contentKey); // '2008-03-01T09:00:00+01:00 email spring-check-invitation'
 * ```
 */
export interface PlannedContact {
  /** Stable id (see `contactId`): the same customer, journey, step and anchor give the same id. */
  readonly id: string;
  /** The customer. */
  readonly customerId: string;
  /** The journey. */
  readonly journeyId: string;
  /** The step. */
  readonly stepId: string;
  /** The channel. */
  readonly channel: ContactChannel;
  /** What to send (a key into the shop's content). */
  readonly contentKey: string;
  /** Marketing or transactional. */
  readonly kind: ContactKind;
  /** The step's priority. */
  readonly priority: number;
  /** When to send it (UTC instant). */
  readonly at: Date;
  /** The same instant in the customer's local time, ISO 8601 with offset: `2008-03-01T09:00:00+01:00`. */
  readonly local: string;
  /** The customer's IANA zone used for planning. */
  readonly zone: string;
  /** The anchor key, e.g. `purchase:o-1` or `birthday:2026-05-03`. */
  readonly anchor: string;
  /** The anchor's instant. */
  readonly anchorAt: Date;
  /** The occurrence date of a recurring step (`YYYY-MM-DD`); undefined for one-off steps. */
  readonly occurrence?: string | undefined;
  /** When the step was meant to go out, when it was deferred; undefined otherwise. */
  readonly deferredFrom?: Date | undefined;
  /** Steps whose content rides along with this contact (bundle). */
  readonly bundled: readonly BundledContent[];
  /** The send window this contact must go out in (checked again by `isStillEligible`). */
  readonly sendWindow: { readonly weekdays: readonly number[]; readonly from: string; readonly to: string };
}

/**
 * Why a step was not planned as intended. Programs switch on these codes; they never change.
 *
 * | code | meaning |
 * | --- | --- |
 * | `CONSENT_MISSING` | marketing on a channel without granted consent |
 * | `CONSENT_WITHDRAWN` | the customer opted out of the channel |
 * | `CAP_REACHED` | a frequency cap is full in a window containing the moment |
 * | `MIN_GAP` | another contact is closer than the policy's minimum gap |
 * | `QUIET_HOURS` | the moment is in quiet hours |
 * | `BLACKOUT` | the local date is a blackout date |
 * | `OUTSIDE_WINDOW` | the moment is outside the step's send window (weekday or hours) |
 * | `GOAL_REACHED` | an exit goal (e.g. a new purchase) happened after the anchor |
 * | `OUTSIDE_RANGE` | the intended moment is before the planning start (deferred into the range), or a deferral would leave the range |
 * | `DEFERRAL_EXCEEDED` | no allowed moment within the step's `maxDelay` |
 * | `BUNDLED` | merged into another contact of the same day and channel |
 * | `CONDITION_FAILED` | the step's condition on the customer does not hold |
 *
 * @example
 * ```ts
 * const code: SuppressionCode = 'CAP_REACHED';
 * ```
 */
export type SuppressionCode =
  | 'CONSENT_MISSING'
  | 'CONSENT_WITHDRAWN'
  | 'CAP_REACHED'
  | 'MIN_GAP'
  | 'QUIET_HOURS'
  | 'BLACKOUT'
  | 'OUTSIDE_WINDOW'
  | 'GOAL_REACHED'
  | 'OUTSIDE_RANGE'
  | 'DEFERRAL_EXCEEDED'
  | 'BUNDLED'
  | 'CONDITION_FAILED';

/**
 * A step held back or moved, with its reason. `outcome` says what happened: `dropped` (not
 * planned), `deferred` (planned later, at `deferredTo`; `code` says what blocked the intended
 * moment) or `bundled` (its content rides with contact `bundledInto`).
 *
 * @example
 * ```ts
 * for (const s of plan.suppressions) console.log(s.code, s.reason);
 * // MIN_GAP 'new-model-offer by email on 2008-07-01 09:00: …'
 * ```
 */
export interface Suppression {
  /** The customer. */
  readonly customerId: string;
  /** The journey. */
  readonly journeyId: string;
  /** The step. */
  readonly stepId: string;
  /** The step's channel. */
  readonly channel: ContactChannel;
  /** The contact id the step would have had. */
  readonly contactId: string;
  /** The anchor key. */
  readonly anchor: string;
  /** The intended moment (UTC). */
  readonly intendedAt: Date;
  /** Stable code a program can switch on. */
  readonly code: SuppressionCode;
  /** The reason, in words a support agent can read. */
  readonly reason: string;
  /** Dropped, deferred or bundled. */
  readonly outcome: 'dropped' | 'deferred' | 'bundled';
  /** Where a deferred contact went (undefined otherwise). */
  readonly deferredTo?: Date | undefined;
  /** The contact a bundled step rides with (undefined otherwise). */
  readonly bundledInto?: string | undefined;
}

/**
 * One customer's part of a plan, as `planContactsByCustomer` yields it.
 *
 * @example
 * ```ts
 * const { customerId, contacts, suppressions }: CustomerPlan = planContactsByCustomer(input).next().value!;
 * ```
 */
export interface CustomerPlan {
  /** The customer. */
  readonly customerId: string;
  /** The customer's planned contacts, in time order. */
  readonly contacts: readonly PlannedContact[];
  /** The customer's steps held back or moved, by intended instant. */
  readonly suppressions: readonly Suppression[];
}

/**
 * The result of `planContacts`: the contacts and every step held back or moved, grouped by
 * customer in the order of the input's customers, each customer's in time order.
 *
 * @example
 * ```ts
 * const { contacts, suppressions, createdAt }: ContactPlan = planContacts(input);
 * ```
 */
export interface ContactPlan {
  /** Planned contacts: by customer (input order), then instant, journey, step, id. */
  readonly contacts: readonly PlannedContact[];
  /** Suppressions: by customer (input order), then intended instant, journey, step, id. */
  readonly suppressions: readonly Suppression[];
  /**
   * When the plan was made: the planning `now`. Always set by `planContacts`; optional so that a
   * plan assembled by hand stays a `ContactPlan`. `toICalendar` writes it as every `DTSTAMP`.
   */
  readonly createdAt?: Date;
}
