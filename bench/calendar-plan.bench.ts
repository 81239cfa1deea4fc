// Plan one year of contacts for 10,000 / 100,000 / 1,000,000 customers: the 6-step reference
// journey (anchored on a purchase in the year before), a birthday journey, the reference
// policy's caps (1 a day, 2 a week rolling, 1 SMS a month), quiet hours, a blackout date and
// two contacts of history each. Customers are spread over three zones.
// Populations above 100,000 are planned in batches of 100,000 customers (as a nightly job does:
// plan a batch, hand its contacts to the sender, drop it): one plan of 1,000,000 customers holds
// ~5.5 million contact objects, more than Node's default heap comfortably takes.
// Run: npm run bench calendar-plan            (all sizes)
//      npm run bench calendar-plan -- 100000  (one size)
import { readFileSync } from 'node:fs';
import { type Customer, parseCustomer } from '../src/core/index.js';
import { type HistoryContact, type PlanningEvent, parseContactPolicy, parseJourney, planContacts } from '../src/calendar/index.js';

const read = (p: string): unknown => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));
const carPurchase = parseJourney(read('../examples/journeys/car-purchase.json'));
const policy = parseContactPolicy(read('../examples/journeys/car-purchase-policy.json'));
const birthday = parseJourney({
  id: 'birthday',
  anchor: { event: 'birthday' },
  leapDay: 'mar-1',
  steps: [{ id: 'card', timing: { type: 'offset', offset: 'P0D' }, channel: 'email', contentKey: 'birthday-card', priority: 60 }],
});
const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo'];
const from = new Date('2026-01-01T00:00:00Z');
const until = new Date('2027-01-01T00:00:00Z');
const DAY = 86_400_000;

function population(n: number, first = 0): { customers: Customer[]; events: PlanningEvent[]; history: HistoryContact[] } {
  const granted = { status: 'granted' as const, at: new Date('2020-01-01T00:00:00Z'), source: 'signup' };
  const customers: Customer[] = [];
  const events: PlanningEvent[] = [];
  const history: HistoryContact[] = [];
  // A deterministic spread (no Math.random): purchase in 2025, birthday any day.
  for (let i = first; i < first + n; i++) {
    const id = `c${i}`;
    const b = new Date(Date.UTC(1960 + (i % 40), 0, 1) + ((i * 7919) % 366) * DAY).toISOString().slice(0, 10);
    customers.push(
      parseCustomer({
        id,
        joinedAt: '2020-01-01T00:00:00Z',
        timeZone: zones[i % 3],
        birthDate: b,
        consents: { email: granted, post: granted, sms: granted },
      }),
    );
    const purchase = new Date(Date.UTC(2025, 0, 1) + ((i * 104_729) % 365) * DAY + (9 + (i % 9)) * 3_600_000);
    events.push({ customerId: id, type: 'purchase', id: `o${i}`, at: purchase });
    history.push(
      { customerId: id, channel: 'email', kind: 'marketing', at: new Date(from.getTime() - ((i % 20) + 1) * DAY) },
      { customerId: id, channel: 'post', kind: 'marketing', at: new Date(from.getTime() + ((i * 31) % 300) * DAY) },
    );
  }
  return { customers, events, history };
}

const sizes = process.argv[2] !== undefined ? [Number(process.argv[2])] : [10_000, 100_000, 1_000_000];
const BATCH = 100_000;
console.log('customers   wall s   µs/customer   CPU s (all threads, GC included)   contacts   suppressions');
for (const n of sizes) {
  let seconds = 0;
  let cpuSeconds = 0;
  let contacts = 0;
  let suppressions = 0;
  for (let offset = 0; offset < n; offset += BATCH) {
    const { customers, events, history } = population(Math.min(BATCH, n - offset), offset);
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const plan = planContacts({ customers, journeys: [carPurchase, birthday], policy, events, history, from, until, now: from });
    seconds += (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    cpuSeconds += (cpu.user + cpu.system) / 1e6;
    contacts += plan.contacts.length;
    suppressions += plan.suppressions.length;
  }
  console.log(
    `${String(n).padStart(9)} ${seconds.toFixed(2).padStart(8)} ${((seconds * 1e6) / n).toFixed(2).padStart(13)} ${cpuSeconds.toFixed(2).padStart(34)} ${String(contacts).padStart(10)} ${String(suppressions).padStart(14)}`,
  );
}
