import { evaluateOrder, parseProgram, recordLinePoints } from './src/rules/index.js';
import { benchOrder, benchProgram } from './bench/fixtures/rules-program.js';
const json = benchProgram();
const order = benchOrder();
const context = { now: order.placedAt, customer: { id: 'c1', joinedAt: new Date('2025-01-01T00:00:00Z'), birthDate: '1990-03-20', tier: 'gold', stats: { orderCount: 3 } } };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function time(label: string, fn: () => unknown, n = 20000) {
  for (let i = 0; i < 3000; i++) fn();
  const t = cpu();
  for (let i = 0; i < n; i++) fn();
  console.log(label.padEnd(30), ((cpu() - t) / n * 1000).toFixed(2), 'us CPU');
}
const p = parseProgram(json);
time('full', () => evaluateOrder(p, order, context));
time('full + lines', () => evaluateOrder(p, order, context).lines);
time('full + split only', () => { const r = evaluateOrder(p, order, context) as any; for (const rec of r.awarded) recordLinePoints(rec); });
