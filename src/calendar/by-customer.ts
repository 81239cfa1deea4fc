// The planner's view of history and events: each customer's items, found by the customer's
// position in the input. Internal to the module (planContacts is the public face).
//
// Items that arrive in the customers' order (what a nightly job's per-batch queries return) are
// assigned by walking both lists together, without a hash lookup per item; items in any other
// order go through one Map from customer id to position. Either way the groups are one array of
// the items ordered by customer and one array of offsets, not an array per customer.
import { FidelisError } from '../core/errors.js';
import type { Customer } from '../core/schemas.js';
import { insertionSort } from './insertion-sort.js';

const NONE: readonly never[] = Object.freeze([]);

/** Positions of the customers by id; throws when an id appears twice (its plan would be doubled). */
export function customerPositions(customers: readonly Customer[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let i = 0; i < customers.length; i++) {
    const id = (customers[i] as Customer).id;
    const first = positions.get(id);
    if (first !== undefined) {
      const message = `customers[${i}].id "${id}" repeats customers[${first}].id: plan each customer once`;
      throw new FidelisError('VALIDATION_FAILED', message, { issues: [{ path: `customers[${i}].id`, message }] });
    }
    positions.set(id, i);
  }
  return positions;
}

/** Items grouped by customer position; see the file comment. */
export class ByCustomer<T extends { readonly customerId: string }> {
  /** Items of customer i are ordered[start[i] .. start[i + 1]). */
  private readonly ordered: T[];
  private readonly start: Int32Array;

  constructor(items: readonly T[], customers: readonly Customer[], positions: ReadonlyMap<string, number>) {
    const n = customers.length;
    // Owner position per item, -1 for items of customers not being planned.
    const owner = new Int32Array(items.length);
    let cursor = 0;
    for (let j = 0; j < items.length; j++) {
      const id = (items[j] as T).customerId;
      if (cursor < n && (customers[cursor] as Customer).id === id) owner[j] = cursor;
      else if (cursor + 1 < n && (customers[cursor + 1] as Customer).id === id) owner[j] = ++cursor;
      else {
        const o = positions.get(id) ?? -1;
        owner[j] = o;
        if (o >= 0) cursor = o;
      }
    }
    const start = new Int32Array(n + 1);
    for (let j = 0; j < owner.length; j++) {
      const o = owner[j] as number;
      if (o >= 0) start[o + 1] = (start[o + 1] as number) + 1;
    }
    for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
    const next = start.slice(0, n);
    const ordered = new Array<T>(start[n] as number);
    for (let j = 0; j < owner.length; j++) {
      const o = owner[j] as number;
      if (o < 0) continue;
      const k = next[o] as number;
      ordered[k] = items[j] as T;
      next[o] = k + 1;
    }
    this.ordered = ordered;
    this.start = start;
  }

  /** The items of the customer at position `i`, in input order; sort with {@link ByCustomer.sortEach}. */
  of(i: number): readonly T[] {
    const from = this.start[i] as number;
    const to = this.start[i + 1] as number;
    return from === to ? NONE : this.ordered.slice(from, to);
  }

  /** Sort each customer's items with `compare` (stable), where a customer has more than one. */
  sortEach(compare: (a: T, b: T) => number): void {
    const { ordered, start } = this;
    for (let i = 0; i + 1 < start.length; i++) {
      const from = start[i] as number;
      const to = start[i + 1] as number;
      if (to - from <= 16) insertionSort(ordered, compare, from, to);
      else {
        const sorted = ordered.slice(from, to).sort(compare);
        for (let k = 0; k < sorted.length; k++) ordered[from + k] = sorted[k] as T;
      }
    }
  }
}
