// Demo section "Contact calendar: the car-purchase journey in three time zones".
// The reference journey (examples/journeys/car-purchase.json) for three customers who bought a
// car on 2007-07-01 at 11:00 their local time, planned to the end of 2009 under the reference
// policy; printed as a timeline with the suppressions; one customer's plan written as .ics.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoContext } from '../demo.js';
import {
  createLoyaltyEngine,
  localDateTime,
  manualClock,
  parseContactPolicy,
  parseCustomer,
  parseJourney,
  toICalendar,
} from '../../src/index.js';

const read = (file: string): unknown => JSON.parse(readFileSync(new URL(`../journeys/${file}`, import.meta.url), 'utf8'));

export async function run(ctx: DemoContext): Promise<void> {
  const journey = parseJourney(read('car-purchase.json'));
  const policy = parseContactPolicy(read('car-purchase-policy.json'));
  const granted = { status: 'granted', at: '2007-01-01T00:00:00Z', source: 'showroom form' };
  const people = [
    { id: 'anne', name: 'Anne (Lyon)', zone: 'Europe/Paris', consents: { email: granted, post: granted } },
    { id: 'bob', name: 'Bob (Boston)', zone: 'America/New_York', consents: { email: granted, post: { status: 'withdrawn', at: '2008-01-10T00:00:00Z', source: 'phone call' } } },
    { id: 'chie', name: 'Chie (Osaka)', zone: 'Asia/Tokyo', consents: { post: granted } },
  ];
  const customers = people.map((p) => parseCustomer({ id: p.id, name: p.name, joinedAt: '2007-01-01T00:00:00Z', timeZone: p.zone, consents: p.consents }));
  const events = people.map((p) => ({ customerId: p.id, type: 'purchase' as const, id: `car-${p.id}`, at: localDateTime({ year: 2007, month: 7, day: 1, hour: 11 }, p.zone) }));

  const engine = createLoyaltyEngine({ store: ctx.store, clock: manualClock(new Date('2007-06-30T00:00:00Z')) });
  const plan = await engine.planForCustomers({ customers, journeys: [journey], policy, events, from: new Date('2007-06-30T00:00:00Z'), until: new Date('2010-01-01T00:00:00Z') });

  console.log(`Journey "${journey.name ?? journey.id}": ${journey.steps.length} steps; policy: at most 1 marketing contact a day, 2 a week, quiet 21:00–08:00.`);
  console.log('The questionnaire (priority 40) and the offer (priority 10) are both due two years after the purchase');
  console.log('(the dates of the source document); the daily cap allows one e-mail, so the offer rides with the questionnaire.\n');
  for (const p of people) {
    console.log(`${p.name} — ${p.zone}`);
    for (const c of plan.contacts.filter((x) => x.customerId === p.id)) {
      const moved = c.deferredFrom === undefined ? '' : '  (deferred)';
      const content = [c.contentKey, ...c.bundled.map((b) => b.contentKey)].join(' + ');
      console.log(`  ${c.local.slice(0, 16).replace('T', ' ')} ${c.local.slice(19)}  ${c.channel.padEnd(8)} ${content}${moved}`);
    }
    const held = plan.suppressions.filter((s) => s.customerId === p.id);
    for (const s of held) console.log(`  ✗ ${s.code.padEnd(17)} ${s.reason}`);
    console.log('');
  }

  // The shop sends Anne's gift and records it: recording twice stores it once.
  const gift = plan.contacts.find((c) => c.customerId === 'anne' && c.stepId === 'gift');
  if (gift !== undefined) {
    const first = await engine.recordContact(gift);
    const again = await engine.recordContact(gift);
    console.log(`Recorded Anne's gift ${gift.id}: first call replayed=${first.replayed}, second call replayed=${again.replayed}.`);
  }

  mkdirSync(ctx.outDir, { recursive: true });
  const file = join(ctx.outDir, 'anne-contacts.ics');
  writeFileSync(file, toICalendar({ ...plan, contacts: plan.contacts.filter((c) => c.customerId === 'anne') }, { name: "Anne's contact plan" }));
  console.log(`Anne's plan as a calendar: ${file}`);
}
