// evaluateOrder on a 20-line cart against a 100-rule program, and the same conditions in
// json-rules-engine (one Engine instance reused, facts as plain precomputed objects), in one run.
// Fair to json-rules-engine: its facts (subtotal, local weekday/hour, category and SKU sets) are
// computed once outside the timing, while fidelis derives its facts from the raw order (prices
// as decimal strings) inside every evaluation; and json-rules-engine only decides which rules
// fire, fidelis also computes points, caps and attribution. "line attribution" reads every
// line's points per rule, as the ledger does.
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { evaluateOrder, parseProgram } from '../src/rules/index.js';
import { benchOrder, benchProgram, jreFacts, toJre } from './fixtures/rules-program.js';
import type { Condition } from '../src/conditions/index.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? '4');
const json = benchProgram();
const program = parseProgram(json);
const order = benchOrder();
const context = {
  now: order.placedAt,
  customer: { id: 'c1', joinedAt: new Date('2025-01-01T00:00:00Z'), birthDate: '1990-03-20', tier: 'gold', stats: { orderCount: 3 } },
};

// Same conditions in json-rules-engine: a rule fires when its order conditions hold and, for
// rules with eligible lines, some line is eligible.
const engine = new Engine([], { allowUndefinedFacts: true });
for (const rule of json['earnRules'] as { id: string; conditions?: Condition; eligibleLines?: Condition }[]) {
  const parts = [rule.conditions, rule.eligibleLines === undefined ? undefined : { anyLine: rule.eligibleLines }].filter((c): c is Condition => c !== undefined);
  engine.addRule({ name: rule.id, conditions: { all: parts.map(toJre) } as unknown as TopLevelCondition, event: { type: rule.id } });
}
const facts = jreFacts(order);

// The machine may be shared: measure in interleaved slices (fidelis, json-rules-engine, …) so
// both see the same load, and report the totals over all slices.
// Wall time AND this process's CPU time are recorded: on a machine shared with other work, the
// CPU-time rate is what the code does per second of a core it actually got.
interface Meter {
  n: number;
  ms: number;
  cpuMs: number;
}
const meter = (): Meter => ({ n: 0, ms: 0, cpuMs: 0 });
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function syncSlice(m: Meter, fn: () => void, ms: number): void {
  const cpu = cpuMs();
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    m.n += 100;
    now = performance.now();
  }
  m.ms += now - start;
  m.cpuMs += cpuMs() - cpu;
}
async function asyncSlice(m: Meter, fn: () => Promise<unknown>, ms: number): Promise<void> {
  const cpu = cpuMs();
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 10; i++) await fn();
    m.n += 10;
    now = performance.now();
  }
  m.ms += now - start;
  m.cpuMs += cpuMs() - cpu;
}
const rate = (m: Meter): number => m.n / (m.ms / 1000);
const cpuRate = (m: Meter): number => m.n / (m.cpuMs / 1000);

// Line attribution as the ledger consumes it: every line's points per rule (not just `lines`).
const attributed = (r: ReturnType<typeof evaluateOrder>): number => {
  let n = 0;
  for (const l of r.lines) for (const p of l.byRule) n += p.points;
  return n;
};

const os = await import('node:os');
const loadBefore = os.loadavg()[0] ?? 0;
const check = evaluateOrder(program, order, context);
const jreCheck = await engine.run(facts);
console.log(`cart: ${order.lines.length} lines; program: ${program.earnRules.length} rules`);
console.log(`fidelis: ${check.totalPoints} points from ${check.byRule.length} rules; json-rules-engine: ${jreCheck.events.length} rules fired`);

const totals = meter();
const withLines = meter();
const withTrace = meter();
const jreMeter = meter();
const rounds = 10;
const slice = (seconds * 1000) / rounds;
for (let r = 0; r < rounds + 1; r++) {
  // the first round warms up and is discarded
  const t = r === 0 ? [meter(), meter(), meter(), meter()] : [totals, withLines, withTrace, jreMeter];
  syncSlice(t[0]!, () => void evaluateOrder(program, order, context), slice);
  syncSlice(t[1]!, () => void attributed(evaluateOrder(program, order, context)), slice);
  syncSlice(t[2]!, () => void evaluateOrder(program, order, context).trace, slice / 4);
  await asyncSlice(t[3]!, () => engine.run(facts), slice);
}
const rows: [string, Meter][] = [
  ['fidelis evaluateOrder (totals)', totals],
  ['fidelis evaluateOrder + line attribution', withLines],
  ['fidelis evaluateOrder + full trace', withTrace],
  ['json-rules-engine engine.run', jreMeter],
];
const f = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(9);
console.log(`${''.padEnd(42)} ${'wall carts/s'.padStart(13)} ${'CPU carts/s'.padStart(13)}`);
for (const [label, m] of rows) console.log(`${label.padEnd(42)} ${f(rate(m))}     ${f(cpuRate(m))}`);
const jre = rate(jreMeter);
const jreCpu = cpuRate(jreMeter);
const ratio = (m: Meter): string => `${(rate(m) / jre).toFixed(1)}× wall, ${(cpuRate(m) / jreCpu).toFixed(1)}× CPU`;
for (const [label, m] of rows.slice(0, 3)) console.log(`ratio ${label.replace('fidelis ', '')} / json-rules-engine: ${ratio(m)}`);
const verdict = (m: Meter): string =>
  `${cpuRate(m) >= 50_000 ? 'met' : 'MISSED'} ≥ 50,000/s (CPU; wall ${rate(m) >= 50_000 ? 'met' : 'missed'}), ${rate(m) / jre >= 30 ? 'met' : 'MISSED'} ≥ 30×`;
const loadAfter = os.loadavg()[0] ?? 0;
console.log('');
console.log('summary (CPU carts/s = carts per second of CPU this process got; wall = per elapsed second):');
console.log(`  fidelis totals:            ${f(cpuRate(totals))} CPU, ${f(rate(totals))} wall — ${ratio(totals)} json-rules-engine`);
console.log(`  fidelis + line attribution:${f(cpuRate(withLines))} CPU, ${f(rate(withLines))} wall — ${ratio(withLines)} json-rules-engine`);
console.log(`  json-rules-engine:         ${f(jreCpu)} CPU, ${f(jre)} wall`);
console.log(`  targets — totals: ${verdict(totals)}; with line attribution: ${verdict(withLines)}`);
console.log(`  machine: load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} CPUs${loadAfter > os.cpus().length ? ' — loaded: wall figures understate, compare CPU figures' : ''}`);
