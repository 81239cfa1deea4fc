import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeUnits } from '../../src/coupons/buy-x-get-y-units.js';

/** Buy X get Y one unit at a time: the definition the counted version must give exactly. */
function unitByUnit(getOrder: number[], buyOrder: number[], buy: number, get: number, max: number | undefined, start: number[]) {
  const available = [...start];
  const free = start.map(() => 0);
  const takeOne = (order: number[]): number | undefined => {
    const i = order.find((j) => (available[j] as number) > 0);
    if (i !== undefined) available[i] = (available[i] as number) - 1;
    return i;
  };
  let applications = 0;
  while (max === undefined || applications < max) {
    const before = [...available];
    const gotten: number[] = [];
    for (let u = 0; u < get; u++) {
      const i = takeOne(getOrder);
      if (i !== undefined) gotten.push(i);
    }
    let bought = 0;
    for (let u = 0; u < buy; u++) if (takeOne(buyOrder) !== undefined) bought += 1;
    if (gotten.length < get || bought < buy) {
      available.splice(0, available.length, ...before);
      break;
    }
    for (const i of gotten) free[i] = (free[i] as number) + 1;
    applications += 1;
  }
  return { free, applications, units: applications * get, available };
}

const cart = fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }).chain((quantities) => {
  const n = quantities.length;
  const order = fc.shuffledSubarray([...Array(n).keys()], { minLength: 1 });
  return fc.record({
    quantities: fc.constant(quantities),
    getOrder: order,
    buyOrder: order,
    buy: fc.integer({ min: 1, max: 5 }),
    get: fc.integer({ min: 1, max: 5 }),
    max: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  });
});

describe('buy X get Y: which units go free', () => {
  it('property: counting whole applications at once gives exactly the one-unit-at-a-time result', () => {
    fc.assert(
      fc.property(cart, ({ quantities, getOrder, buyOrder, buy, get, max }) => {
        const available = [...quantities];
        const counted = freeUnits(getOrder, buyOrder, buy, get, max, available);
        const reference = unitByUnit(getOrder, buyOrder, buy, get, max, quantities);
        expect(counted).toEqual({ free: reference.free, applications: reference.applications, units: reference.units });
        expect(available).toEqual(reference.available);
      }),
      { numRuns: 2000 },
    );
  });

  it('a line of 2³¹ units: buy 2 get 1 applies 715,827,882 times (⌊2,147,483,648 / 3⌋), 2 units left', () => {
    const available = [2 ** 31];
    expect(freeUnits([0], [0], 2, 1, undefined, available)).toEqual({ free: [715_827_882], applications: 715_827_882, units: 715_827_882 });
    expect(available).toEqual([2]);
  });

  it('two lines, the cheaper one free: buy 3 teapots (10 units) get 1 mug (10⁹ units) free: 3 applications, 1 teapot left', () => {
    const available = [10, 1e9]; // line 0 teapots (buy), line 1 mugs (get)
    expect(freeUnits([1], [0], 3, 1, undefined, available)).toEqual({ free: [0, 3], applications: 3, units: 3 });
    expect(available).toEqual([1, 1e9 - 3]);
  });
});
