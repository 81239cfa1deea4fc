import type { UsageReservation } from '../../storage/coupon-store.js';
import type { DomainEvent } from '../../storage/event-store.js';
import { domainEvent } from './domain-event.js';

/**
 * The events of a coupon usage's life, each id derived from the reservation (a transition
 * happens once, so does its event): `coupon.reserved`, `coupon.redeemed`, `coupon.released`,
 * `coupon.restored` (per return), and `coupon.issued` for a batch of codes.
 *
 * @example
 * ```ts
 * couponEvents.redeemed(reservation, new Date()); // { id: 'ev_redeemed_co-42:spring', type: 'coupon.redeemed', … }
 * ```
 */
export const couponEvents = {
  reserved: (r: Pick<UsageReservation, 'reservationId' | 'promotionId' | 'customerId' | 'checkoutId' | 'discountMinor' | 'currency' | 'expiresAt'>, now: Date): DomainEvent =>
    domainEvent(`ev_reserved_${r.reservationId}`, 'coupon.reserved', r.customerId ?? null, now, {
      reservationId: r.reservationId,
      promotionId: r.promotionId,
      checkoutId: r.checkoutId,
      discountMinor: r.discountMinor,
      currency: r.currency,
      expiresAt: r.expiresAt.toISOString(),
    }),
  redeemed: (r: UsageReservation, now: Date): DomainEvent =>
    domainEvent(`ev_redeemed_${r.reservationId}`, 'coupon.redeemed', r.customerId ?? null, now, {
      reservationId: r.reservationId,
      promotionId: r.promotionId,
      discountMinor: r.discountMinor,
      currency: r.currency,
      orderId: r.orderId,
    }),
  released: (r: UsageReservation, now: Date): DomainEvent =>
    domainEvent(`ev_released_${r.reservationId}`, 'coupon.released', r.customerId ?? null, now, { reservationId: r.reservationId, promotionId: r.promotionId }),
  restored: (r: UsageReservation, returnId: string, now: Date): DomainEvent =>
    domainEvent(`ev_restored_${r.reservationId}_${returnId}`, 'coupon.restored', r.customerId ?? null, now, { reservationId: r.reservationId, promotionId: r.promotionId, returnId }),
  issued: (batch: { readonly id: string; readonly keyed: boolean }, promotionId: string, assignedTo: string | undefined, count: number, now: Date): DomainEvent =>
    domainEvent(`ev_issued_${batch.id}`, 'coupon.issued', assignedTo ?? null, now, { promotionId, count, ...(batch.keyed ? { batchId: batch.id } : {}) }),
};
