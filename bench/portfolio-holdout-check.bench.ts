// The holdout check (conditional expectation, period transactions, weekly tracking, errors,
// P(alive) calibration) on CDNOW (when ../shared/data/cdnow is there) and on 1,000,000
// simulated customers with T on whole days over 13 weeks of acquisition.
// Usage: npm run bench portfolio-holdout-check      (BENCH_CUSTOMERS=200000 for a quicker run)
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  bgNbdModel,
  type CustomerSummary,
  holdoutCheck,
  paretoNbdModel,
  readTransactionsCsv,
  repeatPurchaseTimes,
  simulateBgNbdSummaries,
  summarizeTransactionsCsv,
} from '../src/index.js';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 1_000_000);
const bg = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
const pareto = paretoNbdModel({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 });

function time(label: string, run: () => unknown): void {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const c = process.cpuUsage(c0);
  console.log(`${label.padEnd(58)} ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU`);
}

const CDNOW = fileURLToPath(new URL('../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));
if (existsSync(CDNOW)) {
  const csv = { columns: ['master_id', 'customer_id', 'date', 'cds', 'amount'] };
  const { summaries } = await summarizeTransactionsCsv(() => createReadStream(CDNOW), { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week', csv });
  const t0 = performance.now();
  const repeatTimes = await repeatPurchaseTimes(readTransactionsCsv(createReadStream(CDNOW), csv), { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', timeUnit: 'week' });
  console.log(`CDNOW repeat purchase times (second read of the file)          ${((performance.now() - t0) / 1000).toFixed(2)} s wall`);
  time('CDNOW 2,357 customers, BG/NBD, 79 weekly steps', () => holdoutCheck(bg, summaries, { holdoutLength: 39, repeatTimes }));
  time('CDNOW 2,357 customers, Pareto/NBD, 79 weekly steps', () => holdoutCheck(pareto, summaries, { holdoutLength: 39, repeatTimes }));
} else console.log('CDNOW not found: skipped');

// T on whole days (a daily cohort over 13 weeks), as summaries of real files have.
const ages = Array.from({ length: 91 }, (_, d) => 26 + d / 7);
const simulated: CustomerSummary[] = simulateBgNbdSummaries({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: CUSTOMERS, T: ages, seed: 3 }).map((s, i) => ({
  ...s,
  holdoutFrequency: i % 3, // the holdout figures only feed sums: their values do not change the cost
}));
time(`${CUSTOMERS.toLocaleString('en-US')} simulated customers, BG/NBD, weekly steps`, () => holdoutCheck(bg, simulated, { holdoutLength: 39 }));
time(`${CUSTOMERS.toLocaleString('en-US')} simulated customers, Pareto/NBD, weekly steps`, () => holdoutCheck(pareto, simulated, { holdoutLength: 39 }));
