// Demo section "Points: a tea shop's loyalty program" — orders, a birthday bonus, a tier
// upgrade, a coupon issued by a rule, airline partner miles, a partial return, expiry and a
// redemption, printed as the customer's statement and as her event stream (the outbox), the
// partner's monthly settlement, and the "why" of one order.
import type { DemoContext } from '../demo.js';
import {
  type LedgerEntry,
  createLoyaltyEngine,
  explainOrder,
  localDateString,
  manualClock,
  parseProgram,
  parsePromotion,
} from '../../src/index.js';
import { DEMO_PROGRAM, DEMO_THANK_YOU_PROMOTION, DEMO_TIME_ZONE } from '../../src/cli/demo-shop.js';

const ZONE = DEMO_TIME_ZONE;

/** The Thé & Co Club program (the statistics section reads its ledgers with it). */
export const program = parseProgram(DEMO_PROGRAM);

/** The coupon the thank-you rule issues: €10 off, once, for the customer it was issued to. */
const thanks = parsePromotion(DEMO_THANK_YOU_PROMOTION);

const at = (iso: string): Date => new Date(iso);

const day = (d: Date): string => localDateString(d, ZONE);

/** The payload's facts in one line, instants as local dates (ids of lots and entries left out). */
function eventSummary(payload: Readonly<Record<string, unknown>>): string {
  return Object.entries(payload)
    .filter(([k]) => k !== 'lotId' && k !== 'entryId' && k !== 'programId')
    .map(([k, v]) => `${k}=${typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? day(new Date(v)) : String(v)}`)
    .join(' ');
}

function describe(e: LedgerEntry): string {
  switch (e.kind) {
    case 'earn':
      if (e.source.type === 'order') {
        return `Order ${e.source.orderId}${e.activatesAt > e.at ? ` (spendable from ${day(e.activatesAt)})` : ''}`;
      }
      if (e.partner !== undefined) return `Flight with ${e.partner.partnerId}: ${e.partner.units} miles`;
      return `${e.source.bonus === 'signup' ? 'Welcome bonus' : e.source.bonus === 'birthday' ? 'Happy birthday!' : `Bonus: ${e.source.bonus}`}`;
    case 'burn':
      if (e.partner !== undefined) return `Redeemed for ${e.partner.units} miles at ${e.partner.partnerId}`;
      return `Redeemed: ${program.rewards.find((r) => `reward:${r.id}` === e.reason)?.name ?? e.reason}`;
    case 'reverse':
      return `Return ${e.returnId} of order ${e.orderId} (${e.lines.map((l) => `${l.quantity}× line ${l.lineId}`).join(', ')})${e.forgiven > 0 ? `, ${e.forgiven} forgiven` : ''}`;
    case 'expire':
      return 'Points expired (unused for 12 months)';
    case 'adjust':
      return `Correction: ${e.reason}`;
    case 'activate':
      return `${e.lotPoints} points of the order are now spendable`;
    case 'settle':
      return 'Balance owed settled';
    case 'tier':
      return `Status: ${e.tierId ?? 'none'} (was ${e.previousTierId ?? 'none'})`;
    case 'payment':
      if (e.action === 'commit') return `Points paid for order ${e.orderId ?? ''}`;
      if (e.action === 'refund') return `Return ${e.returnId ?? ''}: points paid for order ${e.orderId ?? ''} back`;
      return `Checkout ${e.checkoutId} ${e.action === 'lapse' ? 'not completed in time' : 'cancelled'}: points back`;
  }
}

/** Run the points section on the demo store. */
export async function run(ctx: DemoContext): Promise<void> {
  const clock = manualClock(at('2026-01-05T09:00:00Z'));
  const engine = createLoyaltyEngine({ store: ctx.store, programs: [program], clock, promotions: { timeZone: ZONE, promotions: [thanks] } });
  const lea = 'lea-martin';

  await engine.awardBonus({ kind: 'signup', customerId: lea }, { idempotencyKey: 'signup-lea' });

  const order1 = {
    id: 'A-1001', customerId: lea, placedAt: '2026-01-10T11:20:00+01:00', currency: 'EUR',
    lines: [
      { id: '1', sku: 'SENCHA-100', name: 'Sencha 100 g', quantity: 2, unitPrice: '12.50', categories: ['tea'] },
      { id: '2', sku: 'MUG-BLUE', name: 'Blue mug', quantity: 1, unitPrice: '14.90', categories: ['mugs'] },
    ],
  };
  clock.set(at('2026-01-10T10:20:00Z'));
  await engine.recordOrder(order1, { idempotencyKey: 'web-A-1001' });
  // a double click on "pay": same order again, other key → earns nothing more
  const twice = await engine.recordOrder(order1, { idempotencyKey: 'web-A-1001-retry' });
  console.log(`Order A-1001 sent twice by the shop: second call → "${twice.status}", no double points.`);

  clock.set(at('2026-02-14T08:00:00Z'));
  await engine.awardBonus({ kind: 'birthday', customerId: lea, points: 100 }, { idempotencyKey: 'birthday-lea-2026' });

  const order2 = {
    id: 'A-1042', customerId: lea, placedAt: '2026-03-07T16:05:00+01:00', currency: 'EUR',
    lines: [
      { id: '1', sku: 'TEAPOT-CAST', name: 'Cast-iron teapot', quantity: 1, unitPrice: '89.00', categories: ['teapots'] },
      { id: '2', sku: 'OOLONG-50', name: 'Oolong 50 g', quantity: 3, unitPrice: '9.50', categories: ['tea'] },
      { id: '3', sku: 'CUPS-SET', name: 'Set of cups', quantity: 1, unitPrice: '24.00', categories: ['cups'] },
    ],
  };
  clock.set(at('2026-03-07T15:05:00Z'));
  const preview = await engine.previewOrder(order2);
  const r2 = await engine.recordOrder(order2, { idempotencyKey: 'web-A-1042' });
  if (r2.tierChange !== undefined) console.log(`Order A-1042 lifts Léa to ${r2.tierChange.to}.`);
  for (const c of r2.couponsIssued) console.log(`Order A-1042 is over €100: the "${c.ruleId}" rule issues her code ${c.code} (${c.promotionId}, for her only, once).`);

  // a flight with the airline partner earns points; later she trades points for miles
  await engine.recordPartnerEarning({ customerId: lea, partnerId: 'sky-miles', units: 1200, at: '2026-03-09T18:00:00+01:00', reference: 'SK-4411-0309' }, { idempotencyKey: 'sky-SK-4411-0309' });

  // the cups come back (line 3): exactly that line's points are taken back
  clock.set(at('2026-03-12T10:00:00Z'));
  const ret = await engine.recordReturn(
    { id: 'R-77', orderId: 'A-1042', at: '2026-03-12T11:00:00+01:00', lines: [{ lineId: '3', quantity: 1 }] },
    { idempotencyKey: 'return-R-77' },
  );
  console.log(`Return R-77 (the cups): ${ret.pointsReversed} points reversed — the cups' share only.`);

  // nightly jobs: return windows end, points become spendable
  await engine.activatePending(at('2026-03-23T00:00:00Z'));
  clock.set(at('2026-04-02T09:00:00Z'));
  const voucher = await engine.redeemReward(lea, 'five-off', { idempotencyKey: 'reward-lea-1' });
  console.log(`Léa trades ${voucher.points} points for a €5 voucher (${voucher.reward?.effect.type === 'coupon' ? voucher.reward.effect.coupon : ''}).`);
  const miles = await engine.redeemAtPartner({ customerId: lea, partnerId: 'sky-miles', points: 100 }, { idempotencyKey: 'miles-lea-1' });
  console.log(`…and ${miles.points} points for ${miles.partner.units} Sky Miles.`);

  // the voucher used the points that expire first (January 2027's), then some of March's
  // at checkout she pays 200 points (€2.00) toward order A-1311: reserved first, committed once paid
  clock.set(at('2026-11-20T10:00:00Z'));
  const order3 = { id: 'A-1311', customerId: lea, placedAt: '2026-11-20T11:00:00+01:00', currency: 'EUR', lines: [{ id: '1', sku: 'CHAI-100', quantity: 2, unitPrice: '11.00', categories: ['tea'] }] };
  const held = await engine.reservePoints(lea, 200, { checkoutId: 'chk-A-1311', idempotencyKey: 'pay-chk-A-1311', orderTotal: '22.00' });
  await engine.recordOrder(order3, { idempotencyKey: 'web-A-1311' });
  await engine.commitPoints(lea, 'chk-A-1311', { order: order3, idempotencyKey: 'paid-A-1311' });
  // one of the two chais comes back: half the points she paid with come back too
  const back = await engine.recordReturn({ id: 'R-90', orderId: 'A-1311', at: '2026-11-24T10:00:00+01:00', lines: [{ lineId: '1', quantity: 1 }] }, { idempotencyKey: 'return-R-90' });
  console.log(`Order A-1311: ${held.points} points paid €${held.value?.amount ?? '0'} of €22.00; returning one chai gives ${back.pointsRefunded} of them back and takes ${back.pointsReversed} earned points.`);
  // the nightly jobs of 10 March 2027 announce what expires within 30 days (once per lot)
  clock.set(at('2027-03-10T08:00:00Z'));
  const due = await engine.runDueJobs(at('2027-03-10T08:00:00Z'), { expiringSoonWithin: 'P30D' });
  console.log(`Jobs of 10 March 2027: ${due.expiringSoon} expiring-soon notice(s) written to the outbox.`);
  // a year after March 2026, what is left of order A-1042 expires at the end of March 2027 (Paris time)
  const end = at('2027-04-01T00:00:00Z');
  await engine.activatePending(end);
  const expired = await engine.expirePoints(end);
  console.log(`Expiry run of 1 April 2027: ${expired.pointsExpired} points expired.`);

  console.log('\nLéa\'s statement (Thé & Co Club)\n');
  console.log('  date        what                                                          points   balance');
  let running = 0;
  const history = [...(await engine.history(lea))].sort((x, y) => x.at.getTime() - y.at.getTime());
  for (const e of history) {
    running += e.points;
    const pts = e.points === 0 ? '' : `${e.points > 0 ? '+' : ''}${e.points}`;
    console.log(`  ${day(e.at)}  ${describe(e).padEnd(60).slice(0, 60)}  ${pts.padStart(7)}  ${String(running).padStart(8)}`);
  }
  const b = await engine.balance(lea, end);
  console.log(`\n  Spendable now: ${b.active} points   pending: ${b.pending}   status: ${b.tierId ?? 'none'}`);
  console.log(
    b.nextExpiry === null
      ? '  Nothing expires soon.'
      : `  ${b.nextExpiry.points} points expire at the end of ${day(b.nextExpiry.at)} unless spent.`,
  );
  console.log(`  Since joining: earned ${b.lifetime.earned}, spent ${b.lifetime.burned}, expired ${b.lifetime.expired}, returned ${b.lifetime.reversed}.`);

  console.log('\nLéa\'s event stream (the outbox a webhook consumer reads, in order)\n');
  for (const e of (await engine.exportCustomerData(lea)).events) console.log(`  #${e.cursor.padStart(3)}  ${day(new Date(e.at))}  ${e.type.padEnd(24)} ${eventSummary(e.payload)}`);

  const march = await engine.partnerSettlement({ partner: 'sky-miles', from: at('2026-03-01T00:00:00+01:00'), until: at('2026-04-01T00:00:00+02:00') });
  const april = await engine.partnerSettlement({ partner: 'sky-miles', from: at('2026-04-01T00:00:00+02:00'), until: at('2026-05-01T00:00:00+02:00') });
  for (const [month, s] of [['March', march], ['April', april]] as const) {
    console.log(`\nSky Miles settlement, ${month} 2026: ${s.earnedPoints} points earned through the partner, ${s.redeemedPoints} redeemed there (${s.partnerUnits} miles): ${s.direction === 'settled' ? 'nothing due' : `${s.direction === 'partner-pays' ? 'the airline owes' : 'the shop owes'} €${s.amountDue.amount}`}.`);
  }

  console.log('\nWhy did order A-1042 earn what it earned?\n');
  for (const line of explainOrder(preview)) console.log(`  ${line}`);

  const liability = await engine.liability(end);
  console.log(
    `\nFor the shop's accountant: ${liability.outstanding} points outstanding over ${liability.ledgers} member(s), worth €${liability.value ?? '?'} at €${liability.valuePerPoint ?? '?'} a point;` +
      ` expiring: ${liability.expiring.map((m) => `${m.month} ${m.points}`).join(', ') || 'none'}.`,
  );
}
