// A backtest history regrouped customer by customer (module-internal).
import type { Order, Return } from '../../core/schemas.js';

/**
 * A return of the history, with its index in the input (what error paths name).
 *
 * @example
 * ```ts
 * const r: IndexedReturn = { ret: parseReturn(raw), index: 3 };
 * ```
 */
export interface IndexedReturn {
  readonly ret: Return;
  readonly index: number;
}

/**
 * The window's orders and returns customer after customer. Each customer's own orders and
 * returns keep their time order (ties: input order), so replaying one customer after the other
 * leaves every ledger as replaying everything in time order does, as long as no decision reads
 * what other customers did (a shared budget does), and a customer's ledger is done, and can be
 * dropped, once their turn is over.
 *
 * @example
 * ```ts
 * const g = customerHistories(ordersByTime, returnsByTime);
 * g.orders.slice(g.orderStarts[0], g.orderStarts[1]); // the first customer's orders, by time
 * ```
 */
export interface CustomerHistories {
  /** The orders, customer after customer (in the order of their first order), each customer's by time. */
  readonly orders: readonly Order[];
  /** Where each customer's orders start in `orders`, then `orders.length` (one more entry than customers). */
  readonly orderStarts: Int32Array;
  /** The returns of the window's orders, grouped as `orders` (by their order's customer), each customer's by time. */
  readonly returns: readonly IndexedReturn[];
  /** Where each customer's returns start in `returns`, then `returns.length`. */
  readonly returnStarts: Int32Array;
  /** Returns naming no order of the window: no replay applies them. */
  readonly unmatched: number;
}

/**
 * Regroup orders and returns, each already in time order, by customer (a stable counting sort:
 * no comparison, the time order is kept inside each customer).
 *
 * @example
 * ```ts
 * const g = customerHistories(h.orders, h.returns);
 * g.orderStarts.length - 1; // customers with an order in the window
 * ```
 */
export function customerHistories(orders: readonly Order[], returns: readonly IndexedReturn[]): CustomerHistories {
  const n = orders.length;
  const customerOf = new Map<string, number>();
  const customer = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = (orders[i] as Order).customerId;
    let c = customerOf.get(id);
    if (c === undefined) {
      c = customerOf.size;
      customerOf.set(id, c);
    }
    customer[i] = c;
  }
  const customers = customerOf.size;
  const named = new Set<string>();
  for (const r of returns) named.add(r.ret.orderId);
  const orderCustomer = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const o = orders[i] as Order;
    if (named.has(o.id)) orderCustomer.set(o.id, customer[i] as number);
  }
  const returnCustomer = new Int32Array(returns.length);
  let unmatched = 0;
  returns.forEach((r, i) => {
    const c = orderCustomer.get(r.ret.orderId);
    returnCustomer[i] = c ?? -1;
    if (c === undefined) unmatched += 1;
  });
  const orderStarts = starts(customer, customers);
  const returnStarts = starts(returnCustomer, customers);
  return { orders: spread(orders, customer, orderStarts), orderStarts, returns: spread(returns, returnCustomer, returnStarts), returnStarts, unmatched };
}

/** Start of each group (items of group −1 left out), then the end. */
function starts(group: Int32Array, groups: number): Int32Array {
  const out = new Int32Array(groups + 1);
  for (const g of group) if (g >= 0) out[g + 1] = (out[g + 1] as number) + 1;
  for (let g = 0; g < groups; g++) out[g + 1] = (out[g + 1] as number) + (out[g] as number);
  return out;
}

/** The items in group order, keeping their order inside each group. */
function spread<T>(items: readonly T[], group: Int32Array, groupStarts: Int32Array): T[] {
  const next = groupStarts.slice(0, groupStarts.length - 1);
  const out = new Array<T>(groupStarts[groupStarts.length - 1] as number);
  for (let i = 0; i < items.length; i++) {
    const g = group[i] as number;
    if (g < 0) continue;
    out[next[g] as number] = items[i] as T;
    next[g] = (next[g] as number) + 1;
  }
  return out;
}
