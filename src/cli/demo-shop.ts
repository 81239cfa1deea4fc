// The demo shop ("Thé & Co"): its loyalty program and promotions as plain JSON, the one
// description that examples/demo and `fidelis serve --demo` both use.

/** The demo shop's zone. */
export const DEMO_TIME_ZONE = 'Europe/Paris';

/** The demo shop's points program (a program definition, see docs/rules.md). */
export const DEMO_PROGRAM = {
  id: 'the-and-co',
  name: 'Thé & Co Club',
  currency: 'EUR',
  timeZone: DEMO_TIME_ZONE,
  rounding: 'down',
  pending: 'P14D', // the return window: points become spendable after it
  expiry: { after: 'P12M', roundTo: 'month' },
  returnPolicy: 'claw-back-within-balance',
  earnRules: [
    { id: 'base', name: '1 point per euro', kind: 'points-per-unit', rate: '1' },
    { id: 'welcome', kind: 'signup-bonus', points: 100 },
    { id: 'first-order', kind: 'first-order-bonus', points: 50 },
    {
      id: 'teapot-week', name: 'double points on teapots', kind: 'multiplier', factor: '2',
      eligibleLines: { fact: 'line.categories', operator: 'contains', value: 'teapots' },
      conditions: { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '60.00' },
    },
    {
      id: 'thank-you', name: 'a €10 thank-you coupon from €100', kind: 'issue-coupon', coupon: 'thanks-10',
      conditions: { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '100.00' },
    },
  ],
  tiers: {
    basis: 'points', window: { calendar: 'year' }, review: 'year', grace: 'P1M',
    levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '300', multiplier: '1.5' }],
  },
  rewards: [{ id: 'five-off', name: '€5 voucher', cost: 300, effect: { type: 'coupon', coupon: 'VOUCHER-5' } }],
  pointsPayment: { valuePerPoint: '0.01' },
  partners: [{ id: 'sky-miles', name: 'Sky Miles (airline)', earnRate: '0.5', redeemRate: '2', valuePerPoint: '0.008' }],
};

/** The coupon the program's thank-you rule issues: €10 off, once, for the customer it was issued to. */
export const DEMO_THANK_YOU_PROMOTION = { id: 'thanks-10', name: '€10 thank-you', effect: { type: 'amount-off', amount: { EUR: '10.00' } }, limits: { perCode: 1 } };

const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' };

/** The spring campaign's promotions (promotion definitions, see docs/coupons.md). */
export const DEMO_CAMPAIGN_PROMOTIONS = [
  {
    id: 'spring-codes',
    name: 'Spring: 15 % off with your personal code',
    campaign: 'SPRING26',
    effect: { type: 'percent-off', percent: '15', cap: { EUR: '20' } },
    validUntil: '2026-05-31',
    limits: { perCode: 1, budget: { EUR: '5000' } },
    priority: 10,
  },
  {
    id: 'tea-3-for-2',
    name: 'Tea: buy 2, get the cheapest third free',
    activation: 'automatic',
    effect: { type: 'buy-x-get-y', buy: { quantity: 2, lines: tea }, get: { quantity: 1, lines: tea } },
    priority: 20,
  },
  {
    id: 'spend-more',
    name: '10 € off from 50 €, 25 € off from 100 €',
    activation: 'automatic',
    effect: { type: 'tiers', tiers: [{ from: { EUR: '50' }, amountOff: { EUR: '10' } }, { from: { EUR: '100' }, amountOff: { EUR: '25' } }] },
    stacking: { group: 'basket', mode: 'best-of' },
    priority: 5,
  },
  {
    id: 'free-shipping-40',
    name: 'Free shipping from 40 €',
    activation: 'automatic',
    minimumOrder: { EUR: '40' },
    effect: { type: 'free-shipping' },
  },
  {
    id: 'tote-bag',
    name: 'A tote bag with every order from 30 €',
    activation: 'automatic',
    minimumOrder: { EUR: '30' },
    effect: { type: 'gift', sku: 'TOTE-26', name: 'Spring tote bag', value: { EUR: '6' } },
  },
  {
    id: 'printed',
    name: 'Printed receipt coupon: 5 € off',
    campaign: 'RECEIPT26',
    signedCodes: true,
    effect: { type: 'amount-off', amount: { EUR: '5' } },
    limits: { perCode: 1 },
  },
];

/** The demo shop's journey after an order (a journey definition, see docs/calendar.md): a thank-you e-mail the next day (Monday after a Saturday order: no Sunday mail), a refill reminder a month on. */
export const DEMO_JOURNEYS = [
  {
    id: 'after-order',
    name: 'After an order',
    anchor: { event: 'purchase' },
    sendWindow: { weekdays: [1, 2, 3, 4, 5, 6], from: '09:00', to: '19:00' },
    steps: [
      { id: 'thank-you', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', kind: 'transactional', contentKey: 'thank-you', priority: 50, time: '10:00', whenBlocked: { action: 'defer', maxDelay: 'P2D' } },
      { id: 'refill', timing: { type: 'offset', offset: 'P30D' }, channel: 'email', contentKey: 'refill-reminder', priority: 20, time: '10:00', whenBlocked: { action: 'defer', maxDelay: 'P7D' } },
    ],
  },
];

/** The demo shop's contact policy (see docs/calendar.md): one marketing contact a day, two a week, quiet nights. */
export const DEMO_CONTACT_POLICY = {
  caps: [
    { id: 'one-a-day', max: 1, window: { calendar: 'day' } },
    { id: 'two-a-week', max: 2, window: { rolling: 'P7D' } },
  ],
  quietHours: [{ from: '21:00', to: '08:00' }],
  transactional: { countTowardCaps: false },
};
