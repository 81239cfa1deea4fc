// A json-rules-engine rule ported to a fidelis earn rule.
// Run: npx tsx examples/json-rules-engine-port.ts
//
// The json-rules-engine rule below is how many shops write "weekend VIP bonus" today: facts are
// plain numbers (the cart total is a float), the weekday is computed by the host in whatever zone
// the server runs, and the event carries the bonus for the host to apply.
import { Engine } from 'json-rules-engine';
import { parseOrder } from '../src/core/index.js';
import { evaluateOrder, explainOrder, parseProgram } from '../src/rules/index.js';

const jreRule = {
  name: 'weekend-vip-bonus',
  priority: 10,
  conditions: {
    all: [
      { fact: 'cartTotal', operator: 'greaterThanInclusive', value: 100 },
      { fact: 'dayOfWeek', operator: 'in', value: [6, 7] },
      { any: [
        { fact: 'segment', operator: 'equal', value: 'vip' },
        { fact: 'categories', operator: 'contains', value: 'wine' },
      ] },
    ],
  },
  event: { type: 'bonus', params: { points: 250 } },
};

// The same rule in fidelis: the same all/any tree and operators; facts get their fidelis names,
// the amount is a decimal string in the program currency, the weekday is read in the program's
// zone, "some line has category wine" is an explicit line quantifier, and the rule's kind says
// what it earns.
const program = parseProgram({
  id: 'wine-shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  rounding: 'down',
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1' },
    {
      id: 'weekend-vip-bonus',
      kind: 'fixed-bonus',
      points: 250,
      priority: 10,
      conditions: {
        all: [
          { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '100.00' },
          { fact: 'order.weekday', operator: 'in', value: [6, 7] },
          { any: [
            { fact: 'customer.segment', operator: 'equal', value: 'vip' },
            { anyLine: { fact: 'line.categories', operator: 'contains', value: 'wine' } },
          ] },
        ],
      },
    },
  ],
});

// Saturday 7 March 2026, 23:30 in Paris (22:30 UTC).
const order = parseOrder({
  id: 'A-1001',
  customerId: 'c-42',
  placedAt: '2026-03-07T22:30:00Z',
  currency: 'EUR',
  lines: [
    { id: 'l1', sku: 'BORDEAUX-2019', quantity: 3, unitPrice: '21.90', categories: ['wine'] },
    { id: 'l2', sku: 'CHEESE-BOARD', quantity: 1, unitPrice: '34.30', categories: ['deli'] },
  ],
});
const customer = { id: 'c-42', joinedAt: new Date('2024-05-01T10:00:00Z'), attributes: { segment: 'regular' }, stats: { orderCount: 5 } };

const engine = new Engine([jreRule]);
// The host computes the facts the way json-rules-engine users do: with floats.
const cartTotal = 21.9 * 3 + 34.3;
const jre = await engine.run({ cartTotal, dayOfWeek: 6, segment: 'regular', categories: ['wine', 'deli'] });
console.log('json-rules-engine:', jre.events.map((e) => `${e.type} ${JSON.stringify(e.params)}`).join(', ') || 'no event');
console.log(`  its cartTotal fact is the float ${cartTotal}, so a 100.00 EUR cart misses the "≥ 100" bonus`);

const result = evaluateOrder(program, order, { now: order.placedAt, customer });
console.log('\nfidelis:');
for (const line of explainOrder(result)) console.log(line);
