// Which units buy X get Y gives away (module-internal).

/**
 * What buy X get Y gives away: the free units per line index, how many applications, and the free units in all.
 *
 * @example
 * ```ts
 * const r: FreeUnits = { free: [0, 2], applications: 2, units: 2 };
 * ```
 */
export interface FreeUnits {
  /** Free units per line index (the length of `available`). */
  readonly free: number[];
  readonly applications: number;
  readonly units: number;
}

/** Take `n` units in `order` (most wanted first) from `available`; undefined (and nothing taken) if too few. */
function take(order: readonly number[], n: number, available: number[]): Array<[number, number]> | undefined {
  const taken: Array<[number, number]> = [];
  let need = n;
  for (const i of order) {
    if (need === 0) break;
    const a = available[i] as number;
    const k = a < need ? a : need;
    if (k > 0) {
      taken.push([i, k]);
      available[i] = a - k;
      need -= k;
    }
  }
  if (need > 0) {
    for (const [i, k] of taken) available[i] = (available[i] as number) + k;
    return undefined;
  }
  return taken;
}

/** The first line in `order` with units left. */
function head(order: readonly number[], available: readonly number[]): number | undefined {
  for (const i of order) if ((available[i] as number) > 0) return i;
  return undefined;
}

/**
 * Apply buy `buy` get `get` as often as the cart allows (at most `max` times): each application
 * gives away `get` units, taken in `getOrder` (the lines most wanted free first), and needs `buy`
 * more units, taken in `buyOrder`; a unit serves once. `available` holds each line's units and
 * is used up.
 *
 * One application at a time, this is a loop over the units, which a cart line of 2³¹ units
 * turns into seconds of a checkout server's time. So while both takes come whole from the
 * first line of their order with units left, the applications they allow are counted at once:
 * the cost grows with the number of lines, never with their quantities, and the result is the
 * one-at-a-time result exactly (a property test checks it against that loop).
 *
 * @example
 * ```ts
 * freeUnits([0], [0], 2, 1, undefined, [7]); // { free: [2], applications: 2, units: 2 }: 7 units, 3 an application
 * ```
 */
export function freeUnits(getOrder: readonly number[], buyOrder: readonly number[], buy: number, get: number, max: number | undefined, available: number[]): FreeUnits {
  const free = new Array<number>(available.length).fill(0);
  let applications = 0;
  while (max === undefined || applications < max) {
    const g = head(getOrder, available);
    const b = head(buyOrder, available);
    if (g !== undefined && b !== undefined) {
      const ag = available[g] as number;
      let k = g === b ? Math.floor(ag / (buy + get)) : Math.min(Math.floor(ag / get), Math.floor((available[b] as number) / buy));
      if (max !== undefined) k = Math.min(k, max - applications);
      if (k > 0) {
        available[g] = ag - k * get;
        available[b] = (available[b] as number) - k * buy;
        free[g] = (free[g] as number) + k * get;
        applications += k;
        continue;
      }
    }
    const gotten = take(getOrder, get, available);
    if (gotten === undefined) break;
    if (take(buyOrder, buy, available) === undefined) {
      for (const [i, k] of gotten) available[i] = (available[i] as number) + k;
      break;
    }
    for (const [i, k] of gotten) free[i] = (free[i] as number) + k;
    applications += 1;
  }
  return { free, applications, units: applications * get };
}
