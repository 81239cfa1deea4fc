// Demo section: a spring campaign — bulk codes, a redemption, a forged printed coupon
// rejected, and a stacked cart explained line by line.
import {
  codeSpace,
  createLoyaltyEngine,
  endOfLocalDate,
  Money,
  manualClock,
  parseCart,
  parsePromotions,
  signCode,
  verifyCode,
} from '../../src/index.js';
import { DEMO_CAMPAIGN_PROMOTIONS, DEMO_TIME_ZONE } from '../../src/cli/demo-shop.js';
import type { DemoContext } from '../demo.js';

const ZONE = DEMO_TIME_ZONE;
const promotions = parsePromotions(DEMO_CAMPAIGN_PROMOTIONS);

const pad = (s: string, n: number): string => s.padEnd(n);
const padL = (s: string, n: number): string => s.padStart(n);

/** Run the coupons demo section on the shared store. */
export async function run(ctx: DemoContext): Promise<void> {
  const clock = manualClock(new Date('2026-04-18T09:30:00Z')); // a Saturday morning in Paris
  const signingKey = { id: 1, secret: 'demo-only-secret-keep-yours-in-a-vault' };
  const engine = createLoyaltyEngine({ store: ctx.store, clock, promotions: { promotions, timeZone: ZONE, signingKeys: [signingKey] } });

  console.log('1. Bulk codes for the SPRING26 campaign');
  const codes = await engine.issueCodes({ promotionId: 'spring-codes', count: 1000, prefix: 'SPRING-', pattern: '####-####' });
  const space = codeSpace({ pattern: '####-####' });
  console.log(`   issued ${codes.length} codes from a CSPRNG, e.g. ${codes.slice(0, 3).join(', ')}`);
  console.log(`   31^8 = ${space.toExponential(2)} possible codes; ${codes.length} in use = ${(codes.length / space).toExponential(1)} of the space:`);
  console.log('   a random guess hits a real code with probability below 1 in a million.');

  console.log('\n2. A redemption (the shopper types the code in lower case, with spaces)');
  const typed = ` ${codes[0]!.toLowerCase().replaceAll('-', ' ')} `;
  const small = parseCart({ currency: 'EUR', shipping: '4.90', lines: [{ id: 'l1', sku: 'MATCHA-50', name: 'Matcha 50 g', quantity: 1, unitPrice: '24.00' }] });
  const customer = { id: 'alice', joinedAt: new Date('2025-09-01T10:00:00Z') };
  const first = await engine.evaluateCheckout({ cart: small, codes: [typed], customer });
  const held = await engine.reserveCoupons({ checkoutId: `checkout-${codes[0]!}`, evaluation: first, customerId: 'alice' });
  await engine.commitCoupons(held);
  console.log(`   "${typed}" → ${first.applied.map((a) => `${a.name}: −${a.lineAmount} €`).join('; ')}; total ${first.total} €`);
  const again = await engine.evaluateCheckout({ cart: small, codes: [codes[0]!], customer });
  console.log(`   the same code again → refused: ${again.rejectedCodes.map((r) => `${r.reason} (${r.message})`).join('; ')}`);

  console.log('\n3. Printed coupons are signed; a forgery is rejected offline');
  const printed = signCode({ campaign: 'RECEIPT26', serial: 4711, expiresAt: endOfLocalDate('2026-06-30', ZONE) }, signingKey);
  const forged = printed.slice(0, -1) + (printed.endsWith('Z') ? 'Y' : 'Z');
  for (const [label, code] of [['genuine', printed], ['one character changed', forged]] as const) {
    const r = verifyCode(code, [signingKey], clock.now());
    console.log(`   ${pad(label, 22)} ${code} → ${r.valid ? `valid: campaign key ${r.campaign}, serial ${r.serial}, until ${r.expiresAt.toISOString()}` : `${r.reason}: ${r.message}`}`);
  }

  console.log('\n4. A stacked cart, line by line');
  const cart = parseCart({
    currency: 'EUR',
    shipping: '4.90',
    lines: [
      { id: 'sencha', sku: 'SENCHA-100', name: 'Sencha 100 g', quantity: 2, unitPrice: '12.50', categories: ['tea'] },
      { id: 'genmaicha', sku: 'GENMAI-100', name: 'Genmaicha 100 g', quantity: 1, unitPrice: '9.90', categories: ['tea'] },
      { id: 'kyusu', sku: 'KYUSU-1', name: 'Kyusu teapot', quantity: 1, unitPrice: '48.00', categories: ['teaware'] },
    ],
  });
  const result = await engine.evaluateCheckout({ cart, codes: [codes[1]!, 'NOT-A-CODE'], customer: { id: 'bob', joinedAt: new Date('2026-01-10T10:00:00Z') } });
  console.log(`   ${pad('line', 18)}${padL('amount', 9)}  adjustments${' '.repeat(40)}${padL('pays', 8)}`);
  for (const l of result.lines) {
    const adjustments = l.adjustments.map((a) => `${a.promotionId} −${a.amount}`).join(', ') || '—';
    console.log(`   ${pad(l.lineId, 18)}${padL(l.amount, 9)}  ${pad(adjustments, 51)}${padL(l.total, 8)}`);
  }
  console.log(`   ${pad('shipping', 18)}${padL(result.shipping, 9)}  ${pad(result.shippingDiscount === '0.00' ? '—' : `free-shipping-40 −${result.shippingDiscount}`, 51)}${padL(Money.of(result.shipping, 'EUR').subtract(Money.of(result.shippingDiscount, 'EUR')).toDecimalString(), 8)}`);
  console.log(`   subtotal ${result.subtotal} €, discounts −${result.discount} €, shipping −${result.shippingDiscount} €, total ${result.total} €`);
  for (const item of result.addedItems) console.log(`   + added: ${item.quantity} × ${item.name ?? item.sku} (${item.promotionId})`);
  console.log('   Why, step by step:');
  for (const t of result.trace) console.log(`     ${t.outcome === 'applied' ? '✓' : '✗'} ${pad(t.promotionId, 17)} ${t.reason === undefined ? '' : `[${t.reason}] `}${t.message}`);
  for (const r of result.rejectedCodes) console.log(`     code "${r.code}" refused: ${r.reason} (${r.message})`);
  const checkout = await engine.reserveCoupons({ checkoutId: `checkout-${codes[1]!}`, evaluation: result, customerId: 'bob' });
  await engine.commitCoupons(checkout);

  console.log('\n5. Campaign report (today)');
  const day = { from: new Date('2026-04-17T22:00:00Z'), to: new Date('2026-04-18T22:00:00Z') };
  for (const row of await engine.couponReport(day)) {
    const conversion = row.conversion === null ? 'n/a' : `${(row.conversion * 100).toFixed(1)} %`;
    console.log(`   ${pad(row.campaign, 18)} issued ${padL(String(row.issued), 5)}  redeemed ${padL(String(row.redeemed), 3)}  conversion ${padL(conversion, 7)}  discount ${JSON.stringify(row.discount)}`);
  }
}
