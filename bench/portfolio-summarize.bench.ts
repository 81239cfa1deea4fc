// Summarising transactions: from memory (target ≥ 2,000,000 transactions/s) and streaming from
// a CSV file written to /tmp (peak RSS compared with the file's size).
// Usage: npm run bench portfolio-summarize   (BENCH_TX=1000000 for a quicker run)
import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { once } from 'node:events';
import { summarizeTransactions, summarizeTransactionsCsv, type Transaction } from '../src/index.js';

const TOTAL = Number(process.env['BENCH_TX'] ?? 10_000_000);
const PER_CUSTOMER = 10; // mean transactions per customer
const START = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const SPAN_DAYS = 730;

/** A seeded xorshift32 stream in [0, 1): the log is the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

/**
 * A simulated shop log: customers buy at exponential gaps (mean 60 days) from a random first
 * day, a fifth of the purchases on the same day as the previous one, amounts log-normal-ish.
 * Calls `emit` in time order per customer.
 */
function simulate(total: number, emit: (customerId: string, ms: number, amount: number) => void): number {
  const random = rng(42);
  let n = 0;
  let customer = 0;
  while (n < total) {
    const id = `c${customer++}`;
    const count = 1 + Math.floor(-Math.log(1 - random()) * (PER_CUSTOMER - 1));
    let day = Math.floor(random() * SPAN_DAYS * 0.5);
    for (let k = 0; k < count && n < total && day < SPAN_DAYS; k++, n++) {
      const amount = Math.round(Math.exp(3 + random()) * 100) / 100;
      emit(id, START + day * DAY + Math.floor(random() * DAY), amount);
      if (random() >= 0.2) day += 1 + Math.floor(-Math.log(1 - random()) * 60);
    }
  }
  return customer;
}

const options = { observationEnd: new Date(START + SPAN_DAYS * DAY), calibrationEnd: new Date(START + 500 * DAY) } as const;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

// 1. Streaming from a CSV file (first, so the RSS figures are not inflated by the in-memory log).
{
  const file = join(tmpdir(), `fidelis-bench-${process.pid}.csv`);
  const out = createWriteStream(file);
  let buffer = 'customer_id,date,amount\n';
  simulate(TOTAL, (customerId, ms, amount) => {
    buffer += `${customerId},${new Date(ms).toISOString().slice(0, 10)},${amount}\n`;
    if (buffer.length > 1 << 20) {
      out.write(buffer);
      buffer = '';
    }
  });
  out.end(buffer);
  await once(out, 'finish');
  global.gc?.();
  const size = statSync(file).size;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const t0 = performance.now();
  const { stats } = await summarizeTransactionsCsv(createReadStream(file, { highWaterMark: 1 << 20 }), {
    ...options,
    order: 'chronological',
    onProgress: () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    },
    progressEvery: 200_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const maxRss = resourceUsage().maxRSS * 1024;
  console.log(
    `summarize CSV file (${(size / 1e6).toFixed(0)} MB, ${fmt(stats.rows)} rows, ${fmt(stats.customers)} customers): ${seconds.toFixed(2)} s = ${fmt(stats.rows / seconds)} transactions/s`,
  );
  console.log(
    `  RSS during the read: ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(peakRss / 1e6).toFixed(0)} MB (+${((peakRss - rssBefore) / 1e6).toFixed(0)} MB) vs file ${(size / 1e6).toFixed(0)} MB; process maxRSS ${(maxRss / 1e6).toFixed(0)} MB`,
  );
  unlinkSync(file);
}
global.gc?.();

// 2. From memory.
{
  const log: Transaction[] = [];
  const customers = simulate(TOTAL, (customerId, ms, amount) => log.push({ customerId, at: new Date(ms), amount }));
  global.gc?.();
  // One warm-up pass on a tenth, then the timed pass.
  summarizeTransactions(log.slice(0, Math.floor(log.length / 10)), options);
  const t0 = performance.now();
  const summaries = summarizeTransactions(log, options);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `summarize from memory: ${fmt(log.length)} transactions, ${fmt(customers)} customers (${fmt(summaries.length)} in calibration) in ${seconds.toFixed(2)} s = ${fmt(log.length / seconds)} transactions/s (target ≥ 2,000,000/s)`,
  );
  const t1 = performance.now();
  summarizeTransactions(log, { ...options, order: 'chronological' });
  const s1 = (performance.now() - t1) / 1000;
  console.log(`  same, order 'chronological' (memory O(customers)): ${s1.toFixed(2)} s = ${fmt(log.length / s1)} transactions/s`);
  const t2 = performance.now();
  summarizeTransactions(log, { ...options, timeZone: 'Europe/Paris' });
  const s2 = (performance.now() - t2) / 1000;
  console.log(`  same, timeZone 'Europe/Paris' (cached offsets): ${s2.toFixed(2)} s = ${fmt(log.length / s2)} transactions/s`);
}
