// CSV dialects: the same transactions written in the default dialect (`,`, ISO dates, `.`) and
// as a European spreadsheet export (BOM, `;`, dd.mm.yyyy, decimal commas), summarised from
// /tmp; the dialect must keep the default's throughput. Also: a 50 MB first line without a
// line break is refused after 64 Ki characters (linear; it was quadratic).
// Usage: npm run bench portfolio-csv-dialect      (BENCH_TX=500000 for a quicker run)
import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatedTransactions, summarizeTransactionsCsv, type TransactionCsvOptions } from '../src/index.js';

const TOTAL = Number(process.env['BENCH_TX'] ?? 2_000_000);
const dialects: { label: string; file: string; write: (id: string, at: Date, amount: string) => string; csv: TransactionCsvOptions }[] = [
  { label: 'default  , ISO .', file: 'default', write: (id, at, amount) => `${id},${at.toISOString().slice(0, 10)},${amount}\n`, csv: {} },
  {
    label: 'excel    ; dd.mm.yyyy ,',
    file: 'excel',
    write: (id, at, amount) => {
      const d = at.toISOString();
      return `${id};${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)};${amount.replace('.', ',')}\n`;
    },
    csv: { delimiter: ';', decimal: ',', dateFormat: 'dd.mm.yyyy' },
  },
];

const cpu = (start: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1e6;
};

async function writeFile(path: string, header: string, write: (id: string, at: Date, amount: string) => string): Promise<void> {
  const out = createWriteStream(path);
  out.write(header);
  let n = 0;
  let buffer = '';
  for (const t of simulatedTransactions({ params: { r: 2, alpha: 10, a: 0.5, b: 5 }, customers: Math.ceil(TOTAL / 7.5), start: new Date('2024-01-01T00:00:00Z'), end: new Date('2026-01-01T00:00:00Z'), seed: 1 })) {
    if (n++ >= TOTAL) break;
    buffer += write(t.customerId, t.at, String(t.amount));
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

for (const d of dialects) {
  const path = join(tmpdir(), `fidelis-dialect-${d.file}-${process.pid}.csv`);
  await writeFile(path, d.file === 'excel' ? '\ufeffcustomer_id;date;amount\n' : 'customer_id,date,amount\n', d.write);
  const best = { wall: Infinity, cpu: Infinity };
  for (let run = 0; run < 3; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { stats } = await summarizeTransactionsCsv(() => createReadStream(path), { observationEnd: '2025-12-31', timeUnit: 'week', csv: d.csv });
    if (stats.rows !== TOTAL) throw new Error(`read ${stats.rows} rows`);
    best.wall = Math.min(best.wall, (performance.now() - t0) / 1000);
    best.cpu = Math.min(best.cpu, cpu(c0));
  }
  const mb = statSync(path).size / 1e6;
  console.log(
    `${d.label.padEnd(26)} ${TOTAL.toLocaleString('en-US')} rows (${mb.toFixed(0)} MB): best of 3 ${best.wall.toFixed(2)} s wall, ${best.cpu.toFixed(2)} s CPU = ${Math.round(TOTAL / best.wall).toLocaleString('en-US')} rows/s`,
  );
  unlinkSync(path);
}

// A first line of 50 MB without a line break: refused after MAX_HEADER_LENGTH characters.
const long = join(tmpdir(), `fidelis-long-line-${process.pid}.csv`);
writeFileSync(long, 'x'.repeat(50_000_000));
const t0 = performance.now();
try {
  await summarizeTransactionsCsv(() => createReadStream(long), { observationEnd: '2025-12-31' });
} catch (e) {
  console.log(`50 MB first line without a line break: refused in ${(performance.now() - t0).toFixed(1)} ms (${(e as Error).message.length} characters of message)`);
}
unlinkSync(long);
