import type { CustomerSegment } from '../core/segment.js';
import { segmentOfAssignment } from '../core/segment.js';
import type { EngineContext } from './context.js';

/**
 * The customer's stored segment as conditions read it (`customer.segment.*`), or undefined when
 * none is stored: one read of `store.segments` per operation.
 *
 * @example
 * ```ts
 * const segment = await storedSegment(ctx, 'c1', program); // { quadrant: 'star', pAlive: 0.9 }, or undefined (also without a read when `program` names no segment fact)
 * ```
 */
export async function storedSegment(ctx: Pick<EngineContext, 'store'>, customerId: string, rules: object): Promise<CustomerSegment | undefined> {
  // only rules that name a segment fact pay for the read (an order stays one round trip otherwise)
  if (!namesSegmentFacts(rules)) return undefined;
  const stored = await ctx.store.segments.segmentOf(customerId);
  return stored === undefined ? undefined : segmentOfAssignment(stored);
}

/**
 * `customer` with the stored `segment` added (a customer object is made when there was none).
 *
 * @example
 * ```ts
 * withSegment({ joinedAt }, { quadrant: 'star' }); // { joinedAt, segment: { quadrant: 'star' } }
 * ```
 */
export function withSegment<C extends object>(customer: C | undefined, segment: CustomerSegment | undefined): C | (Partial<C> & { readonly segment: CustomerSegment }) | undefined {
  if (segment === undefined) return customer;
  return { ...customer, segment } as Partial<C> & { readonly segment: CustomerSegment };
}

const naming = new WeakMap<object, boolean>();

/** True when a program or promotion list mentions a `customer.segment.*` fact (memoised per object). */
function namesSegmentFacts(rules: object): boolean {
  let known = naming.get(rules);
  if (known === undefined) {
    known = JSON.stringify(rules).includes('"customer.segment');
    naming.set(rules, known);
  }
  return known;
}
