import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FidelisError } from '../core/errors.js';
import { commandFailed, flagError, parseFlags } from './command-errors.js';
import { type ProgramBacktest, type ProgramBacktestReport, backtestProgram } from '../rules/backtest/index.js';
import { parseProgram } from '../rules/parse-program.js';
import { ORDER_COLUMNS, RETURN_COLUMNS, readOrdersCsv, readReturnsCsv } from './backtest-csv.js';
import { dayFlag, readJson } from './backtest-flags.js';
import { promotionBacktest } from './backtest-promotion-command.js';
import type { CliIo } from './run.js';

/** One line of the `fidelis` usage list. */
export const BACKTEST_USAGE_LINE =
  '  backtest --program <draft.json> --orders <orders.csv>   replay historical orders through a draft program: points, expiry, liability, cost\n' +
  '  backtest --promotion <draft.json> --carts <carts.csv>   replay historical carts through draft promotions: discount, carts affected, budget';

const HELP = `Usage: fidelis backtest --program draft.json --orders orders.csv [options]
       fidelis backtest --promotion draft.json --carts carts.csv --currency EUR --time-zone Europe/Paris [options]

Replays historical orders (and returns) through a draft points program, as the engine would
have recorded them, and reports by month the points issued, activated, reversed and expired,
the burnable and pending balances, the liability at the end in money, the cost per rule and per
tier and the share of orders that earned. Redemptions are not replayed.

Input:
  --program <file.json>     the draft program (a program definition, see docs/rules.md)
  --orders <file.csv>       one row per order line: ${ORDER_COLUMNS.required.join(', ')}, and amount (the line's
                            total) or unit_price; optional ${ORDER_COLUMNS.optional.filter((c) => c !== 'amount' && c !== 'unit_price').join(', ')}
  --returns <file.csv>      one row per returned line: ${RETURN_COLUMNS.required.join(', ')}; optional line_id
                            (default: the whole order), quantity (default: every unit of the line)
  --compare <file.json>     a second (current) program to replay and compare with

Window (dates YYYY-MM-DD in the program's zone, or instants with an offset):
  --from <date>             first day (default: the day of the first order); earlier orders earn
                            nothing but count as the customers' earlier orders
  --until <date>            last day, included (default: the day of the last order)

Promotions (instead of --program):
  --promotion <file.json>   a draft promotion definition, or a list of them (see docs/coupons.md)
  --carts <file.csv>        the cart history in the orders format above (an orders file works),
                            one cart per order_id checked out at placed_at; optional column codes
                            (codes entered, several separated by |)
  --currency <code>         the carts' currency (ISO 4217)
  --time-zone <zone>        the shop's IANA zone (validity windows, periods, dates of the file)
  Reports per promotion the discount it would have cost, the carts it applied to, when its
  budget ran out and how many carts a budget or a usage limit refused.

Output:
  --value-per-point <v>     money value of one point (default: the program's pointsPayment)
  --out <file.json>         write the whole report as JSON
  -h, --help                this help

Amounts are in the program's currency with a point for decimals; dates without a time are the
start of that day in the program's zone.
`;

const OPTIONS = {
  program: { type: 'string' },
  orders: { type: 'string' },
  returns: { type: 'string' },
  compare: { type: 'string' },
  from: { type: 'string' },
  until: { type: 'string' },
  'value-per-point': { type: 'string' },
  promotion: { type: 'string' },
  carts: { type: 'string' },
  currency: { type: 'string' },
  'time-zone': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags of one mode given in the other: named, so the mistake is plain. */
function misplaced(values: Readonly<Record<string, unknown>>, flags: readonly string[], mode: string): void {
  const wrong = flags.find((f) => values[f] !== undefined);
  if (wrong !== undefined) throw flagError(wrong, `does not go with ${mode}`);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function summary(r: ProgramBacktestReport): string {
  const t = r.totals;
  const lines = [
    `${r.programId}: ${fmt(t.orders)} orders replayed, ${(100 * t.earningShare).toFixed(1)} % earned points` +
      `${t.ordersBefore > 0 ? `, ${fmt(t.ordersBefore)} earlier orders counted as history` : ''}${t.ordersAfter > 0 ? `, ${fmt(t.ordersAfter)} after --until left out` : ''}` +
      `; ${fmt(t.returns)} returns${t.returnsSkipped > 0 ? ` (${fmt(t.returnsSkipped)} left out)` : ''}`,
    '',
    `${'month'.padEnd(8)} ${'orders'.padStart(9)} ${'issued'.padStart(12)} ${'activated'.padStart(12)} ${'reversed'.padStart(10)} ${'expired'.padStart(12)} ${'burnable'.padStart(12)} ${'pending'.padStart(10)}`,
    ...r.months.map(
      (m) =>
        `${m.month.padEnd(8)} ${fmt(m.orders).padStart(9)} ${fmt(m.issued).padStart(12)} ${fmt(m.activated).padStart(12)} ${fmt(m.reversed).padStart(10)} ${fmt(m.expired).padStart(12)} ${fmt(m.burnable).padStart(12)} ${fmt(m.pending).padStart(10)}`,
    ),
    `${'total'.padEnd(8)} ${fmt(t.orders).padStart(9)} ${fmt(t.issued).padStart(12)} ${fmt(t.activated).padStart(12)} ${fmt(t.reversed).padStart(10)} ${fmt(t.expired).padStart(12)}`,
    '',
    `Liability at ${r.until.toISOString()}: ${fmt(r.liability.outstanding)} points (${fmt(r.liability.active)} burnable, ${fmt(r.liability.pending)} pending)` +
      `${r.liability.value === null ? ' (no value per point: give --value-per-point)' : ` = ${r.liability.value} ${r.currency}`}${r.liability.debt > 0 ? `; debt ${fmt(r.liability.debt)} points` : ''}`,
    'Cost per rule:',
    ...r.rules.map((x) => `  ${x.ruleId.padEnd(24)} ${fmt(x.points).padStart(12)} points on ${fmt(x.orders)} orders${x.value === null ? '' : ` = ${x.value} ${r.currency}`}`),
  ];
  if (r.tiers.some((x) => x.tierId !== null)) {
    lines.push('Cost per tier (tier at the time of the order):');
    for (const x of r.tiers) lines.push(`  ${(x.tierId ?? '(none)').padEnd(24)} ${fmt(x.points).padStart(12)} points on ${fmt(x.orders)} orders, ${fmt(x.tierPoints)} from the tier multiplier`);
  }
  return `${lines.join('\n')}\n`;
}

function comparison(b: ProgramBacktest): string {
  const d = b.difference;
  if (d === undefined || b.current === undefined) return '';
  const sign = (n: number): string => (n > 0 ? `+${fmt(n)}` : fmt(n));
  return (
    `\nDraft ${b.draft.programId} − current ${b.current.programId}: issued ${sign(d.issued)}, expired ${sign(d.expired)}, burnable at the end ${sign(d.burnable)}, ` +
    `outstanding ${sign(d.outstanding)} points${d.liabilityValue === null ? '' : ` (liability ${d.liabilityValue.startsWith('-') ? '' : '+'}${d.liabilityValue} ${b.draft.currency})`}; ` +
    `orders that earned ${sign(d.earningOrders)}\n`
  );
}

/**
 * `fidelis backtest`: read a draft program, orders (and returns), replay them with
 * `backtestProgram`, print the report and optionally write it as JSON; with `--promotion`,
 * replay a cart history through draft promotions (`backtestPromotion`). Returns the exit code
 * (0 ok, 2 bad input or options; nothing is written then).
 *
 * @example
 * ```ts
 * // what `fidelis backtest --program draft.json --orders orders.csv` runs:
 * await backtestCommand(['--program', 'draft.json', '--orders', 'orders.csv'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function backtestCommand(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseFlags(() => parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true }));
    const v = parsed.values;
    if (v.help === true) {
      io.stdout.write(HELP);
      return 0;
    }
    if (v.promotion !== undefined) {
      misplaced(v, ['program', 'orders', 'returns', 'compare', 'value-per-point'], '--promotion (a promotion backtest reads --carts)');
      await promotionBacktest({ promotion: v.promotion, carts: v.carts, currency: v.currency, 'time-zone': v['time-zone'], from: v.from, until: v.until, out: v.out }, io);
      return 0;
    }
    if (v.program === undefined) throw flagError('program', 'is required (the draft program as JSON), or --promotion for draft promotions');
    misplaced(v, ['carts', 'currency', 'time-zone'], '--program (the program names its currency and zone; carts go with --promotion)');
    if (v.orders === undefined) throw flagError('orders', 'is required (the order history as CSV)');
    if (v.out !== undefined && !/\.json$/i.test(v.out)) throw flagError('out', `"${v.out}" must end in .json`);
    const rawProgram = await readJson('program', v.program);
    const program = parseProgram(rawProgram);
    const compareWith = v.compare === undefined ? undefined : await readJson('compare', v.compare);
    const orders = await readOrdersCsv(v.orders, program.currency, program.timeZone);
    const returns = v.returns === undefined ? [] : await readReturnsCsv(v.returns, program.timeZone, orders);
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const o of orders) {
      first = Math.min(first, o.placedAt.getTime());
      last = Math.max(last, o.placedAt.getTime());
    }
    if (orders.length === 0) throw new FidelisError('VALIDATION_FAILED', `--orders ${v.orders}: no orders in the file`, {});
    const day = (t: number): string => new Intl.DateTimeFormat('en-CA', { timeZone: program.timeZone }).format(new Date(t));
    const from = dayFlag('from', v.from ?? day(first), program.timeZone, false);
    const until = dayFlag('until', v.until ?? day(last), program.timeZone, true);
    const started = performance.now();
    const result = backtestProgram({
      program,
      ...(compareWith === undefined ? {} : { compareWith }),
      orders,
      returns,
      from,
      until,
      ...(v['value-per-point'] === undefined ? {} : { valuePerPoint: v['value-per-point'] }),
    });
    const seconds = (performance.now() - started) / 1000;
    io.stdout.write(`${summary(result.draft)}`);
    if (result.current !== undefined) io.stdout.write(`\n${summary(result.current)}`);
    io.stdout.write(comparison(result));
    io.stdout.write(`\nReplayed in ${seconds.toFixed(1)} s.\n`);
    if (v.out !== undefined) {
      await writeFile(v.out, `${JSON.stringify(result, null, 1)}\n`);
      io.stdout.write(`Report written to ${v.out}\n`);
    }
    return 0;
  } catch (error) {
    return commandFailed('backtest', error, io);
  }
}
