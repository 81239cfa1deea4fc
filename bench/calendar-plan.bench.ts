// Plan one year of contacts for 10,000 / 100,000 / 1,000,000 customers: the 6-step reference
// journey (anchored on a purchase in the year before), a birthday journey, the reference
// policy's caps (1 a day, 2 a week rolling, 1 SMS a month), quiet hours, a blackout date and
// two contacts of history each, customers spread over three zones (bench/fixtures).
// Each size is planned in ONE planContacts call when the heap can hold its input and plan
// (about 4 KB a customer with this input); otherwise in batches of 100,000 customers, as a
// nightly job would (plan a batch, hand its contacts to the sender, drop it), and says so.
// Run: npm run bench calendar-plan                                        (all sizes)
//      node --import tsx --expose-gc bench/calendar-plan.bench.ts 100000  (one size)
import { execSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { planContacts } from '../src/calendar/index.js';
import { planningInput } from './fixtures/calendar-population.js';

const BATCH = 100_000;
/** Bytes a customer takes while planned: its input (~1.1 KB) and its plan (~2.6 KB), with room. */
const BYTES_PER_CUSTOMER = 5_000;
const sizes = process.argv[2] !== undefined ? [Number(process.argv[2])] : [10_000, 100_000, 1_000_000];
const gc = (globalThis as { gc?: () => void }).gc;
const heapLimit = getHeapStatistics().heap_size_limit;

const load = (): string => {
  try {
    return execSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load average/, 'load average');
  } catch {
    return 'load average unknown';
  }
};

console.log(`calendar-plan on ${process.version}, heap limit ${(heapLimit / 2 ** 30).toFixed(1)} GiB, ${load()}`);
console.log('customers   calls   wall s   CPU s   µs/customer (CPU)   µs/customer (wall)   contacts   suppressions');
const rows: Array<{ n: number; cpuPerCustomer: number }> = [];
for (const n of sizes) {
  const batch = n * BYTES_PER_CUSTOMER <= heapLimit * 0.8 ? n : BATCH;
  let wall = 0;
  let cpu = 0;
  let contacts = 0;
  let suppressions = 0;
  let calls = 0;
  for (let offset = 0; offset < n; offset += batch) {
    const input = planningInput(Math.min(batch, n - offset), offset);
    gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const plan = planContacts(input);
    wall += (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    cpu += (used.user + used.system) / 1e6;
    contacts += plan.contacts.length;
    suppressions += plan.suppressions.length;
    calls += 1;
  }
  rows.push({ n, cpuPerCustomer: (cpu * 1e6) / n });
  console.log(
    `${String(n).padStart(9)} ${String(calls).padStart(7)} ${wall.toFixed(2).padStart(8)} ${cpu.toFixed(2).padStart(7)} ${((cpu * 1e6) / n).toFixed(1).padStart(19)} ${((wall * 1e6) / n).toFixed(1).padStart(20)} ${String(contacts).padStart(10)} ${String(suppressions).padStart(14)}`,
  );
}
const first = rows[0];
if (first !== undefined && rows.length > 1) {
  const growth = rows.map((r) => `${r.n}: ×${(r.cpuPerCustomer / first.cpuPerCustomer).toFixed(2)}`).join(', ');
  console.log(`CPU per customer relative to ${first.n} customers (1.00 = linear): ${growth}`);
}
console.log(`CPU time is process.cpuUsage (all threads, GC included); target: < 2 s CPU for 100,000 customers. ${load()}`);
