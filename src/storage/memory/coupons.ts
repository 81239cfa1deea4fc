import { type MemoryCodeBook, type StoredCode, createMemoryCodeBook } from './code-book.js';
import { type MemoryEventLog, createMemoryEventLog } from './events.js';
import { FidelisError } from '../../core/errors.js';
import type {
  CouponActivity,
  CouponCodeRecord,
  CouponRecord,
  CouponStore,
  NewCouponCode,
  ReserveOutcome,
  SettleOutcome,
  UsageCounts,
  UsageRequest,
  UsageSettle,
  UsageReservation,
  UsageStatus,
} from '../coupon-store.js';
import type { ReturnedUnits } from '../../coupons/return-terms.js';
import { restoreDecision } from '../coupon-restore.js';


interface StoredReservation {
  request: UsageRequest;
  readonly voucherDebitMinor: number;
  status: UsageStatus;
  settledAt?: Date;
  committedAt?: Date;
  restoredAt?: Date;
  voucherCreditedMinor: number;
  returnedUnits?: ReturnedUnits;
  readonly restoreIds: Set<string>;
}

interface Usage {
  coupon: CouponRecord;
  /** Reservations in status `reserved` (expired ones are swept lazily). */
  readonly active: Set<StoredReservation>;
  /** All reservations of the promotion that are committed (not restored). */
  readonly committed: Set<StoredReservation>;
  readonly all: StoredReservation[];
}

function addTo(map: Record<string, number>, key: string, n: number): void {
  map[key] = (map[key] ?? 0) + n;
}

function view(r: StoredReservation): UsageReservation {
  const { at: _at, voucherDebitMinor: _v, ...rest } = r.request;
  void _at;
  void _v;
  return {
    ...rest,
    voucherDebitMinor: r.voucherDebitMinor,
    status: r.status,
    reservedAt: r.request.at,
    ...(r.settledAt === undefined ? {} : { settledAt: r.settledAt }),
    voucherCreditedMinor: r.voucherCreditedMinor,
    ...(r.returnedUnits === undefined ? {} : { returnedUnits: r.returnedUnits }),
  };
}

function sameRequest(a: UsageRequest, b: UsageRequest): boolean {
  return (
    a.promotionId === b.promotionId &&
    a.codeKey === b.codeKey &&
    a.customerId === b.customerId &&
    a.periodKey === b.periodKey &&
    a.currency === b.currency &&
    a.discountMinor === b.discountMinor &&
    (a.voucherDebitMinor ?? 0) === (b.voucherDebitMinor ?? 0) &&
    a.checkoutHash === b.checkoutHash
  );
}

/**
 * The in-memory implementation of {@link CouponStore}. Each operation runs to completion
 * without an `await` in its critical section, so concurrent calls (one event loop) are
 * serialised: limits hold under any interleaving of promises.
 *
 * @example
 * ```ts
 * const part = createMemoryCouponStore();
 * await part.defineCoupon({ promotionId: 'spring', campaign: 'SPRING26', limits: { total: 10 } });
 * ```
 */
export function createMemoryCouponStore(events: MemoryEventLog = createMemoryEventLog(), book: MemoryCodeBook = createMemoryCodeBook()): CouponStore {
  const usages = new Map<string, Usage>();
  const { codes } = book;
  const reservations = new Map<string, StoredReservation>();
  const batches = new Set<string>();

  /** Mark `reserved` reservations whose TTL passed as expired: their usage returns exactly once. */
  function sweep(usage: Usage, at: Date): void {
    for (const r of usage.active) {
      if (r.request.expiresAt.getTime() <= at.getTime()) {
        r.status = 'expired';
        r.settledAt = r.request.expiresAt;
        usage.active.delete(r);
      }
    }
  }

  function counting(usage: Usage, at: Date): Iterable<StoredReservation> {
    sweep(usage, at);
    return [...usage.committed, ...usage.active];
  }

  function voucherView(code: StoredCode, at: Date): CouponCodeRecord['voucher'] {
    const v = code.voucher;
    if (v === undefined) return undefined;
    const balance = v.initialMinor - v.committedDebitMinor + v.creditedMinor;
    let holds = 0;
    const usage = usages.get(code.promotionId);
    if (usage !== undefined) {
      sweep(usage, at);
      for (const r of usage.active) if (r.request.codeKey === code.key) holds += r.voucherDebitMinor;
    }
    return { currency: v.currency, initialMinor: v.initialMinor, balanceMinor: balance, availableMinor: balance - holds };
  }

  function codeView(code: StoredCode, at: Date): CouponCodeRecord {
    const voucher = voucherView(code, at);
    return {
      key: code.key,
      display: code.display,
      promotionId: code.promotionId,
      issuedAt: code.issuedAt,
      ...(code.assignedTo === undefined ? {} : { assignedTo: code.assignedTo }),
      ...(voucher === undefined ? {} : { voucher }),
    };
  }

  function counts(usage: Usage, q: { customerId?: string | undefined; codeKey?: string | undefined; periodKey?: string | undefined; at: Date }): UsageCounts {
    let total = 0;
    let customer = 0;
    let code = 0;
    let period = 0;
    const spentMinor: Record<string, number> = {};
    for (const r of counting(usage, q.at)) {
      total += 1;
      if (q.customerId !== undefined && r.request.customerId === q.customerId) customer += 1;
      if (q.codeKey !== undefined && r.request.codeKey === q.codeKey) code += 1;
      if (q.periodKey !== undefined && r.request.periodKey === q.periodKey) period += 1;
      addTo(spentMinor, r.request.currency, r.request.discountMinor);
    }
    return { total, customer, code, period, spentMinor };
  }

  function reserve(req: UsageRequest): ReserveOutcome {
    const previous = reservations.get(req.reservationId);
    if (previous !== undefined) {
      if (!sameRequest(previous.request, req)) {
        throw new FidelisError('CONFLICT', `reservationId: "${req.reservationId}" was already used for another usage`, {
          reservationId: req.reservationId,
        });
      }
      const usage = usages.get(req.promotionId);
      if (usage !== undefined) sweep(usage, req.at);
      return { ok: true, reservation: view(previous), replayed: true };
    }
    const usage = usages.get(req.promotionId);
    if (usage === undefined) return { ok: false, reason: 'UNKNOWN_PROMOTION' };
    const limits = usage.coupon.limits;
    let code: StoredCode | undefined;
    if (req.codeKey !== undefined) {
      code = codes.get(req.codeKey);
      if (code === undefined || code.promotionId !== req.promotionId) return { ok: false, reason: 'UNKNOWN_CODE' };
      if (code.assignedTo !== undefined && code.assignedTo !== req.customerId) return { ok: false, reason: 'NOT_ASSIGNED' };
    }
    if (limits.perCustomer !== undefined && req.customerId === undefined) return { ok: false, reason: 'CUSTOMER_REQUIRED' };
    if (limits.perPeriod !== undefined && req.periodKey === undefined) return { ok: false, reason: 'PERIOD_REQUIRED' };
    const c = counts(usage, req);
    if (limits.total !== undefined && c.total >= limits.total) return { ok: false, reason: 'TOTAL_LIMIT' };
    if (limits.perCustomer !== undefined && c.customer >= limits.perCustomer) return { ok: false, reason: 'CUSTOMER_LIMIT' };
    if (limits.perCode !== undefined && req.codeKey !== undefined && c.code >= limits.perCode) return { ok: false, reason: 'CODE_LIMIT' };
    if (limits.perPeriod !== undefined && c.period >= limits.perPeriod) return { ok: false, reason: 'PERIOD_LIMIT' };
    const budget = limits.budgets?.[req.currency];
    if (budget !== undefined && (c.spentMinor[req.currency] ?? 0) + req.discountMinor > budget) {
      return { ok: false, reason: 'BUDGET_EXHAUSTED' };
    }
    const debit = req.voucherDebitMinor ?? 0;
    if (debit > 0) {
      const voucher = code === undefined ? undefined : voucherView(code, req.at);
      if (voucher === undefined) return { ok: false, reason: 'NOT_A_VOUCHER' };
      if (voucher.currency !== req.currency || voucher.availableMinor < debit) return { ok: false, reason: 'INSUFFICIENT_BALANCE' };
    }
    const { events: reported, ...request } = req;
    const stored: StoredReservation = {
      request,
      voucherDebitMinor: debit,
      status: 'reserved',
      voucherCreditedMinor: 0,
      restoreIds: new Set(),
    };
    reservations.set(req.reservationId, stored);
    usage.active.add(stored);
    usage.all.push(stored);
    events.write(reported);
    return { ok: true, reservation: view(stored), replayed: false };
  }

  function settle({ reservationId, at, events: reported }: UsageSettle, to: 'committed' | 'released'): SettleOutcome {
    const r = reservations.get(reservationId);
    if (r === undefined) return { reservation: undefined, changed: false };
    const usage = usages.get(r.request.promotionId);
    if (usage !== undefined) sweep(usage, at);
    if (r.status !== 'reserved') return { reservation: view(r), changed: false };
    usage?.active.delete(r);
    r.status = to;
    r.settledAt = at;
    if (to === 'committed') {
      r.committedAt = at;
      usage?.committed.add(r);
      const voucher = r.request.codeKey === undefined ? undefined : codes.get(r.request.codeKey)?.voucher;
      if (voucher !== undefined) voucher.committedDebitMinor += r.voucherDebitMinor;
    }
    events.write(reported);
    return { reservation: view(r), changed: true };
  }

  return {
    async defineCoupon(coupon) {
      const usage = usages.get(coupon.promotionId);
      if (usage === undefined) usages.set(coupon.promotionId, { coupon, active: new Set(), committed: new Set(), all: [] });
      else usage.coupon = coupon;
    },

    async getCoupon(promotionId) {
      return usages.get(promotionId)?.coupon;
    },

    async addCodes(promotionId, list: readonly NewCouponCode[], at, batch) {
      if (!usages.has(promotionId)) {
        throw new FidelisError('NOT_FOUND', `promotionId: "${promotionId}" is not a defined coupon`, { promotionId });
      }
      if (batch !== undefined && batches.has(batch.id)) return { added: 0, batchExisted: true };
      const conflicts: string[] = [];
      const inBatch = new Set<string>();
      let added = 0;
      for (const c of list) {
        const existing = codes.get(c.key);
        if (inBatch.has(c.key)) conflicts.push(c.key);
        else if (existing !== undefined && (existing.promotionId !== promotionId || existing.display !== c.display)) conflicts.push(c.key);
        else if (existing === undefined) added += 1;
        inBatch.add(c.key);
      }
      if (conflicts.length > 0) {
        throw new FidelisError('CONFLICT', `codes: ${conflicts.length} key(s) already used (${conflicts.slice(0, 5).join(', ')})`, {
          keys: conflicts,
        });
      }
      for (const c of list) {
        if (codes.has(c.key)) continue;
        codes.set(c.key, {
          key: c.key,
          display: c.display,
          promotionId,
          issuedAt: at,
          ...(c.assignedTo === undefined ? {} : { assignedTo: c.assignedTo }),
          ...(c.voucher === undefined
            ? {}
            : { voucher: { currency: c.voucher.currency, initialMinor: c.voucher.amountMinor, committedDebitMinor: 0, creditedMinor: 0 } }),
          ...(c.shared === true ? { shared: true } : {}),
          ...(batch === undefined ? {} : { batchId: batch.id }),
        });
      }
      if (batch !== undefined) batches.add(batch.id);
      events.write(batch?.events);
      return { added };
    },

    async codesOfBatch(batchId, at) {
      const found = [...codes.values()].filter((code) => code.batchId === batchId).map((code) => codeView(code, at));
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async findCode(key, at) {
      const code = codes.get(key);
      return code === undefined ? undefined : codeView(code, at);
    },

    async existingCodeKeys(keys) {
      return new Set(keys.filter((k) => codes.has(k)));
    },

    async reserveUsage(request) {
      return reserve(request);
    },

    async commitUsage(request) {
      return settle(request, 'committed');
    },

    async releaseUsage(request) {
      return settle(request, 'released');
    },

    async restoreUsage(request) {
      const r = reservations.get(request.reservationId);
      if (r === undefined) return { reservation: undefined, changed: false };
      if (r.restoreIds.has(request.restoreId) || (r.status !== 'committed' && r.status !== 'restored')) {
        return { reservation: view(r), changed: false };
      }
      r.restoreIds.add(request.restoreId);
      const voucher = r.request.codeKey === undefined ? undefined : codes.get(r.request.codeKey)?.voucher;
      const decision = restoreDecision(
        { terms: r.request.terms, returnedUnits: r.returnedUnits, voucherDebitMinor: voucher === undefined ? 0 : r.voucherDebitMinor, voucherCreditedMinor: r.voucherCreditedMinor, committed: r.status === 'committed' },
        request,
      );
      let changed = false;
      if (decision.returnedUnits !== undefined) r.returnedUnits = decision.returnedUnits;
      if (decision.restoreUsage) {
        r.status = 'restored';
        r.settledAt = request.at;
        r.restoredAt = request.at;
        usages.get(r.request.promotionId)?.committed.delete(r);
        changed = true;
      }
      if (voucher !== undefined && decision.creditMinor > 0) {
        voucher.creditedMinor += decision.creditMinor;
        r.voucherCreditedMinor += decision.creditMinor;
        changed = true;
      }
      if (changed) events.write(request.events);
      return { reservation: view(r), changed };
    },

    async getReservation(reservationId, at) {
      const r = reservations.get(reservationId);
      if (r === undefined) return undefined;
      const usage = usages.get(r.request.promotionId);
      if (usage !== undefined) sweep(usage, at);
      return view(r);
    },

    async eraseCouponCustomer(customerId, anonymousId) {
      let changed = 0;
      for (const r of reservations.values()) {
        if (r.request.customerId !== customerId) continue;
        r.request = { ...r.request, customerId: anonymousId };
        changed += 1;
      }
      for (const code of codes.values()) {
        if (code.assignedTo !== customerId) continue;
        code.assignedTo = anonymousId;
        changed += 1;
      }
      return changed;
    },

    async findReservations({ checkoutId, orderId, customerId }, at) {
      const found: UsageReservation[] = [];
      for (const r of reservations.values()) {
        const match =
          checkoutId !== undefined
            ? r.request.checkoutId === checkoutId
            : orderId !== undefined
              ? r.request.orderId === orderId
              : customerId !== undefined && r.request.customerId === customerId;
        if (!match) continue;
        const usage = usages.get(r.request.promotionId);
        if (usage !== undefined) sweep(usage, at);
        found.push(view(r));
      }
      return found.sort((a, b) => (a.reservationId < b.reservationId ? -1 : a.reservationId > b.reservationId ? 1 : 0));
    },

    async usageCounts(query) {
      const usage = usages.get(query.promotionId);
      if (usage === undefined) return { total: 0, customer: 0, code: 0, period: 0, spentMinor: {} };
      return counts(usage, query);
    },

    async couponActivity({ from, to, promotionIds }) {
      const inWindow = (d: Date | undefined): boolean => d !== undefined && d.getTime() >= from.getTime() && d.getTime() < to.getTime();
      const wanted = promotionIds === undefined ? undefined : new Set(promotionIds);
      const rows: CouponActivity[] = [];
      const issued = new Map<string, number>();
      const shared = new Map<string, number>();
      for (const code of codes.values()) {
        const counted = code.shared === true ? shared : issued;
        if (inWindow(code.issuedAt)) counted.set(code.promotionId, (counted.get(code.promotionId) ?? 0) + 1);
      }
      for (const [id, usage] of [...usages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (wanted !== undefined && !wanted.has(id)) continue;
        let redeemed = 0;
        let restored = 0;
        const discountMinor: Record<string, number> = {};
        const voucherDebitMinor: Record<string, number> = {};
        const customers = new Set<string>();
        let anonymous = 0;
        for (const r of usage.all) {
          if (inWindow(r.committedAt)) {
            redeemed += 1;
            if (r.request.customerId === undefined) anonymous += 1;
            else customers.add(r.request.customerId);
            addTo(discountMinor, r.request.currency, r.request.discountMinor);
            if (r.voucherDebitMinor > 0) addTo(voucherDebitMinor, r.request.currency, r.voucherDebitMinor);
          }
          if (inWindow(r.restoredAt)) restored += 1;
        }
        rows.push({
          promotionId: id,
          campaign: usage.coupon.campaign,
          issued: issued.get(id) ?? 0,
          sharedCodes: shared.get(id) ?? 0,
          redeemed,
          redeemers: customers.size + anonymous,
          restored,
          discountMinor,
          voucherDebitMinor,
        });
      }
      return rows;
    },
  };
}
