// Summarising transactions: streaming from a CSV file written to /tmp (peak RSS compared with
// the file's size), then from memory (target ≥ 2,000,000 transactions/s).
// Usage: npm run bench portfolio-summarize      (BENCH_TX=1000000 for a quicker run;
//        BENCH_PART=csv or BENCH_PART=memory for one part)
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resourceUsage } from 'node:process';
import { type SummarizeStats, simulatedTransactions, summarizeTransactions, summarizeTransactionsCsv, summarizeTransactionsCsvColumns, type Transaction } from '../src/index.js';

const TOTAL = Number(process.env['BENCH_TX'] ?? 10_000_000);
const period = { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2026-01-01T00:00:00Z'), seed: 1 } as const;
// Two simulated shops over two years (BG/NBD rates per week):
// a busy one, 0.2 purchases a week while active, ~7.8 purchases per customer;
// a very loyal one, 2 purchases a week, ~93 purchases per customer (same rows, 12× fewer customers).
const SHOPS = [
  { label: '~8 rows per customer', params: { r: 2, alpha: 10, a: 0.5, b: 5 }, customers: Math.ceil(TOTAL / 7.5) },
  { label: '~93 rows per customer', params: { r: 20, alpha: 10, a: 0.1, b: 20 }, customers: Math.ceil(TOTAL / 90) },
] as const;
const options = { observationEnd: '2025-12-31', calibrationEnd: '2025-06-30', timeUnit: 'week' } as const;

function* firstTransactions(shop: (typeof SHOPS)[number]): Generator<Transaction> {
  let n = 0;
  for (const t of simulatedTransactions({ ...period, params: shop.params, customers: shop.customers })) {
    if (n++ >= TOTAL) return;
    yield t;
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
/** CPU seconds of this process since `start`: on a shared machine, wall time overstates the cost. */
const cpuSeconds = (start: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1e6;
};
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

type Source = 'stream' | 'opener';

/**
 * One CSV run, in a process of its own (argv: csv-child <file> <size> <label> <order> <form>
 * <source>) so that its resident memory starts clean: RSS never shrinks back after an earlier
 * run. Source 'stream' passes the open file; 'opener' a function that opens it (read again only
 * for customers out of time order: the CLI's way).
 */
async function measureCsv(file: string, size: number, label: string, order: 'chronological' | 'any', form: 'objects' | 'columns', via: Source): Promise<void> {
  global.gc?.();
  const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const rssBefore = process.memoryUsage().rss;
  const usedBefore = used();
  let peak = rssBefore;
  let usedPeak = usedBefore;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const csvOptions = {
    ...options,
    order,
    progressEvery: 100_000,
    onProgress: ({ rows }: { rows: number }) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      // Live memory: what is still reachable after a full collection, every 1,000,000 rows.
      if (rows % 1_000_000 === 0) {
        global.gc?.();
        usedPeak = Math.max(usedPeak, used());
      }
    },
  };
  // Objects: summarizeTransactionsCsv; columns: summarizeTransactionsCsvColumns (typed arrays).
  let result: { stats: SummarizeStats; customers: number; kept: unknown };
  const source = via === 'opener' ? () => createReadStream(file) : createReadStream(file);
  if (form === 'objects') {
    const { summaries, stats } = await summarizeTransactionsCsv(source, csvOptions);
    result = { stats, customers: summaries.length, kept: summaries };
  } else {
    const { columns, stats } = await summarizeTransactionsCsvColumns(source, csvOptions);
    result = { stats, customers: columns.size, kept: columns };
  }
  const { stats } = result;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(c0);
  peak = Math.max(peak, process.memoryUsage().rss);
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the freed buffers be released
  global.gc?.();
  const live = used() - usedBefore;
  usedPeak = Math.max(usedPeak, used());
  console.log(
    `CSV ${label}: ${mb(size)}, ${fmt(stats.rows)} rows, ${fmt(stats.customers)} customers, order '${order}', ${form}, ${via === 'opener' ? 'file opener' : 'open stream'}: ${seconds.toFixed(1)} s = ${fmt(stats.rows / seconds)} transactions/s (${fmt(stats.rows / cpu)} per CPU-second)\n` +
      `  RSS ${mb(rssBefore)} before, peak ${mb(peak)} (+${mb(peak - rssBefore)} = ${((100 * (peak - rssBefore)) / size).toFixed(0)} % of the file); ` +
      `live heap + buffers peak +${mb(usedPeak - usedBefore)} (${((100 * (usedPeak - usedBefore)) / size).toFixed(0)} % of the file); ` +
      `the result holds ${mb(live)} (${fmt(live / result.customers)} bytes per customer)`,
  );
}

if (process.argv[2] === 'csv-child') {
  const [file, size, label, order, form, via] = process.argv.slice(3) as [string, string, string, 'chronological' | 'any', 'objects' | 'columns', Source];
  await measureCsv(file, Number(size), label, order, form, via);
  process.exit(0);
}

// 1. Streaming from a CSV file (first, so the RSS figures are not inflated by the in-memory log).
const part = process.env['BENCH_PART']; // 'csv' or 'memory' for one part only
for (const shop of part === 'memory' ? [] : SHOPS) {
  const file = join(tmpdir(), `fidelis-bench-${process.pid}.csv`);
  const out = createWriteStream(file);
  let buffer = 'customer_id,date,amount\n';
  for (const t of firstTransactions(shop)) {
    buffer += `${t.customerId},${t.at.toISOString().slice(0, 10)},${t.amount}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  const size = statSync(file).size;
  // The file is grouped by customer: with an opener, order 'any' reads it once (as the CLI does).
  const variants =
    shop === SHOPS[0]
      ? ([
          ['chronological', 'objects', 'stream'],
          ['any', 'objects', 'stream'],
          ['any', 'objects', 'opener'],
          ['chronological', 'columns', 'stream'],
          ['any', 'columns', 'stream'],
        ] as const)
      : ([
          ['any', 'objects', 'opener'],
          ['chronological', 'columns', 'stream'],
        ] as const);
  for (const [order, form, via] of variants) {
    spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url), 'csv-child', file, String(size), shop.label, order, form, via], { stdio: 'inherit' });
  }
  unlinkSync(file);
}
console.log(`  process maxRSS so far (writing the files included): ${mb(resourceUsage().maxRSS * 1024)}`);
global.gc?.();

// 2. From memory.
if (part !== 'csv') {
  const log: Transaction[] = [];
  for (const t of firstTransactions(SHOPS[0])) log.push(t);
  global.gc?.();
  // Three runs each (the machine is shared and its timings swing): the median and the best.
  const time = (label: string, extra: Record<string, string> = {}): void => {
    const runs: Array<{ seconds: number; cpu: number; customers: number }> = [];
    for (let r = 0; r < 3; r++) {
      global.gc?.();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const summaries = summarizeTransactions(log, { ...options, ...extra });
      runs.push({ seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(c0), customers: summaries.length });
    }
    runs.sort((a, b) => a.seconds - b.seconds);
    const median = runs[1] as { seconds: number; cpu: number; customers: number };
    const best = runs[0] as { seconds: number; cpu: number; customers: number };
    console.log(
      `from memory, ${label}: ${fmt(log.length)} transactions, ${fmt(median.customers)} customers in ${median.seconds.toFixed(2)} s (median of 3) = ${fmt(log.length / median.seconds)} transactions/s, best ${fmt(log.length / best.seconds)}/s (${fmt(log.length / median.cpu)} per CPU-second)`,
    );
  };
  summarizeTransactions(log.slice(0, 500_000), options); // warm-up
  time('grouped by customer (target ≥ 2,000,000/s)');
  time("grouped by customer, order 'chronological'", { order: 'chronological' });
  time("grouped by customer, timeZone 'Europe/Paris'", { timeZone: 'Europe/Paris' });
  // The same log in time order, the objects allocated in that order (as a reader of a file
  // sorted by time would create them): columns first, then new objects.
  const n = log.length;
  const ids = log.map((t) => t.customerId);
  const at = new Float64Array(n);
  const amount = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    at[i] = (log[i] as Transaction).at.getTime();
    amount[i] = Number((log[i] as Transaction).amount);
  }
  log.length = 0;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((x, y) => (at[x] as number) - (at[y] as number) || x - y);
  for (const i of order) log.push({ customerId: ids[i] as string, at: new Date(at[i] as number), amount: amount[i] as number });
  global.gc?.();
  time('sorted by time (customers interleaved)');
}
