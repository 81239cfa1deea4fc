import type { LedgerEntry } from '../../rules/ledger/entry.js';
import type { DomainEvent } from '../../storage/event-store.js';
import { domainEvent } from './domain-event.js';

/**
 * The events a ledger entry reports, one per entry kind: earn → `points.earned`, burn →
 * `points.redeemed`, expire → `points.expired`, reverse → `points.reversed`, adjust →
 * `points.adjusted`, activate → `points.pending_activated`, tier → `tier.changed`; a debt
 * settlement reports nothing. The event's id is `ev_<entry id>`. Every append and guarded burn of the engine writes these with
 * its entries, so no ledger change goes unreported.
 *
 * @example
 * ```ts
 * ledgerEvents([earnEntry]); // [{ type: 'points.earned', payload: { lotId: 'e1', points: 120, … } }]
 * ```
 */
export function ledgerEvents(entries: readonly LedgerEntry[]): DomainEvent[] {
  const out: DomainEvent[] = [];
  for (const e of entries) {
    const at = e.at;
    switch (e.kind) {
      case 'earn': {
        const source = e.source.type === 'order' ? { source: 'order' as const, orderId: e.source.orderId, programId: e.source.programId } : { source: 'bonus' as const, bonus: e.source.bonus };
        out.push(
          domainEvent(`ev_${e.id}`, 'points.earned', e.customerId, at, {
            lotId: e.id,
            ...source,
            ...(e.partner === undefined ? {} : { partnerId: e.partner.partnerId }),
            points: e.points,
            activatesAt: e.activatesAt.toISOString(),
            expiresAt: e.expiresAt === null ? null : e.expiresAt.toISOString(),
            pending: e.activatesAt.getTime() > at.getTime(),
          }),
        );
        break;
      }
      case 'burn':
        if (e.hold !== undefined) {
          out.push(domainEvent(`ev_${e.id}`, 'points.reserved', e.customerId, at, { points: -e.points, entryId: e.id, checkoutId: e.hold.checkoutId, expiresAt: e.hold.expiresAt.toISOString() }));
        } else {
          out.push(domainEvent(`ev_${e.id}`, 'points.redeemed', e.customerId, at, { points: -e.points, entryId: e.id, ...(e.partner === undefined ? {} : { partnerId: e.partner.partnerId }) }));
        }
        break;
      case 'payment': {
        const ids = { entryId: e.burnId, checkoutId: e.checkoutId };
        if (e.action === 'commit') out.push(domainEvent(`ev_${e.id}`, 'points.redeemed', e.customerId, at, { points: e.paid ?? 0, ...ids, orderId: e.orderId ?? '' }));
        else if (e.action === 'refund') out.push(domainEvent(`ev_${e.id}`, 'points.refunded', e.customerId, at, { points: e.points, forfeited: e.forfeited, ...ids, orderId: e.orderId ?? '', returnId: e.returnId ?? '' }));
        else out.push(domainEvent(`ev_${e.id}`, 'points.released', e.customerId, at, { points: e.points, forfeited: e.forfeited, ...ids, lapsed: e.action === 'lapse' }));
        break;
      }
      case 'expire':
        out.push(domainEvent(`ev_${e.id}`, 'points.expired', e.customerId, at, { lotId: e.lotId, points: -e.points }));
        break;
      case 'reverse':
        out.push(domainEvent(`ev_${e.id}`, 'points.reversed', e.customerId, at, { orderId: e.orderId, returnId: e.returnId, points: -e.points, debt: e.debt }));
        break;
      case 'adjust':
        out.push(domainEvent(`ev_${e.id}`, 'points.adjusted', e.customerId, at, { points: e.points, debt: e.debt }));
        break;
      case 'activate':
        out.push(domainEvent(`ev_${e.id}`, 'points.pending_activated', e.customerId, at, { lotId: e.lotId, points: e.lotPoints }));
        break;
      case 'tier':
        out.push(domainEvent(`ev_${e.id}`, 'tier.changed', e.customerId, at, { from: e.previousTierId, to: e.tierId }));
        break;
      case 'settle':
        break;
    }
  }
  return out;
}
