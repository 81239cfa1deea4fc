// The README's Money example, runnable: npx tsx examples/money.ts
import { Money } from '../src/index.js';

const discount = Money.of('10.00', 'EUR');
const perLine = discount.allocate(['19.99', '5.00', '4.99']); // 6.67, 1.67, 1.66 — sums to 10.00 exactly
console.log(perLine.map((m) => m.format('de-DE')));
console.log(Money.of('1000', 'JPY').allocate([1, 1, 1]).join(', ')); // 334 JPY, 333 JPY, 333 JPY
