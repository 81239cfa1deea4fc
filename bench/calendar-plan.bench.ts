// Plan one year of contacts for 10,000 / 100,000 / 1,000,000 customers: the 6-step reference
// journey (anchored on a purchase in the year before), a birthday journey, the reference
// policy's caps (1 a day, 2 a week rolling, 1 SMS a month), quiet hours, a blackout date and
// two contacts of history each, customers spread over three zones (bench/fixtures).
// Two forms: `whole` is planContacts (the plan as two arrays, all kept), in ONE call when the
// heap can hold the input and plan (about 4 KB a customer with this input), otherwise in batches
// of 100,000 customers; `streamed` is planContactsByCustomer (each customer's plan handed on
// and dropped, as a nightly job does), in pages of 100,000 customers' input. Sizes up to 100,000
// run 5 times (median and best printed: the machine is shared).
// Run: npm run bench calendar-plan                                        (all sizes)
//      node --import tsx --expose-gc bench/calendar-plan.bench.ts 100000  (one size)
import { execSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { type PlanInput, planContacts, planContactsByCustomer } from '../src/calendar/index.js';
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
console.log('form        customers   calls  runs  wall s median  wall s best  CPU s median   µs/customer (CPU)   contacts   suppressions');

interface Row {
  readonly n: number;
  readonly cpuPerCustomer: number;
}

/**
 * Time `plan` over `n` customers in calls of `batch`, `repeat` times (the machine is shared and
 * noisy: the median and the best run are printed); returns CPU µs per customer of the median run.
 */
function measure(form: string, n: number, batch: number, repeat: number, plan: (input: PlanInput) => { contacts: number; suppressions: number }): Row {
  const runs: Array<{ wall: number; cpu: number }> = [];
  let contacts = 0;
  let suppressions = 0;
  let calls = 0;
  for (let r = 0; r < repeat; r++) {
    let wall = 0;
    let cpu = 0;
    contacts = 0;
    suppressions = 0;
    calls = 0;
    for (let offset = 0; offset < n; offset += batch) {
      const input = planningInput(Math.min(batch, n - offset), offset);
      gc?.();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const counted = plan(input);
      wall += (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu0);
      cpu += (used.user + used.system) / 1e6;
      contacts += counted.contacts;
      suppressions += counted.suppressions;
      calls += 1;
    }
    runs.push({ wall, cpu });
  }
  runs.sort((a, b) => a.wall - b.wall);
  const median = runs[Math.floor((runs.length - 1) / 2)] as { wall: number; cpu: number };
  const best = runs[0] as { wall: number; cpu: number };
  console.log(
    `${form.padEnd(10)} ${String(n).padStart(9)} ${String(calls).padStart(7)} ${String(repeat).padStart(5)} ${median.wall.toFixed(2).padStart(13)} ${best.wall.toFixed(2).padStart(11)} ${median.cpu.toFixed(2).padStart(12)} ${((median.cpu * 1e6) / n).toFixed(1).padStart(19)} ${String(contacts).padStart(10)} ${String(suppressions).padStart(14)}`,
  );
  return { n, cpuPerCustomer: (median.cpu * 1e6) / n };
}

// planContacts: the whole plan as two arrays (kept until the next call).
const whole = (input: PlanInput): { contacts: number; suppressions: number } => {
  const plan = planContacts(input);
  return { contacts: plan.contacts.length, suppressions: plan.suppressions.length };
};
// planContactsByCustomer: each customer's plan handed on (here: counted) and dropped.
const streamed = (input: PlanInput): { contacts: number; suppressions: number } => {
  let contacts = 0;
  let suppressions = 0;
  for (const part of planContactsByCustomer(input)) {
    contacts += part.contacts.length;
    suppressions += part.suppressions.length;
  }
  return { contacts, suppressions };
};

const growth = (rows: readonly Row[]): string => {
  const first = rows[0];
  if (first === undefined || rows.length < 2) return '';
  return rows.map((r) => `${r.n}: ×${(r.cpuPerCustomer / first.cpuPerCustomer).toFixed(2)}`).join(', ');
};
const wholeRows: Row[] = [];
const streamedRows: Row[] = [];
for (const n of sizes) {
  const repeat = n <= 100_000 ? 5 : 1;
  // Streaming keeps only the input: one call while the heap holds a page of 100,000 customers'
  // input comfortably; a job over a million reads its customers in such pages anyway.
  streamedRows.push(measure('streamed', n, Math.min(n, BATCH), repeat, streamed));
  wholeRows.push(measure('whole', n, n * BYTES_PER_CUSTOMER <= heapLimit * 0.8 ? n : BATCH, repeat, whole));
}
if (sizes.length > 1) {
  console.log(`CPU per customer relative to ${sizes[0]} customers (1.00 = linear): whole ${growth(wholeRows)}; streamed ${growth(streamedRows)}`);
}
console.log(`CPU time is process.cpuUsage (all threads, GC included); target: < 2 s for 100,000 customers. ${load()}`);
