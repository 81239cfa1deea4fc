// `fidelis backtest --promotion … --carts …`: draft promotions replayed over a cart history (CLI layer).
import { writeFile } from 'node:fs/promises';
import { FidelisError } from '../core/errors.js';
import { assertTimeZone } from '../core/time.js';
import { type PromotionBacktestReport, backtestPromotion } from '../coupons/backtest-promotion.js';
import { readCartsCsv } from './backtest-csv.js';
import { dayFlag, readJson } from './backtest-flags.js';
import { flagError } from './command-errors.js';
import type { CliIo } from './run.js';

/** The flags of a promotion backtest, as parsed. */
export interface PromotionBacktestFlags {
  readonly promotion: string;
  readonly carts: string | undefined;
  readonly currency: string | undefined;
  readonly 'time-zone': string | undefined;
  readonly from: string | undefined;
  readonly until: string | undefined;
  readonly out: string | undefined;
}

const money = (amounts: Readonly<Record<string, string>>): string =>
  Object.keys(amounts).length === 0 ? '0' : Object.entries(amounts).map(([currency, amount]) => `${amount} ${currency}`).join(' + ');

function summary(r: PromotionBacktestReport): string {
  const lines = [
    `${r.carts.toLocaleString('en-US')} carts replayed, ${r.cartsAffected.toLocaleString('en-US')} affected by a promotion; discount ${money(r.discount)}`,
    '',
    ...r.promotions.map((p) => {
      const budget = Object.keys(p.budget).length === 0 ? 'no budget' : `budget ${money(p.budget)}${p.budgetExhaustedAt === null ? ', not exhausted' : `, exhausted at ${p.budgetExhaustedAt.toISOString()}`}`;
      const voucher = Object.values(p.voucher).some((v) => !/^0(\.0+)?$/.test(v)) ? `, paid from vouchers ${money(p.voucher)}` : '';
      return `  ${p.promotionId.padEnd(20)} ${String(p.carts).padStart(7)} carts, discount ${money(p.discount)}${voucher}; ${budget}; refused ${p.refusedForBudget} for the budget, ${p.refusedForLimit} for a limit`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Run a promotion backtest from parsed flags: read the promotions (one definition or a list) and
 * the carts, replay them with `backtestPromotion`, print the summary and optionally write the
 * report as JSON. Bad flags and files throw `FidelisError` naming the flag, or the file, line and column.
 *
 * @example
 * ```ts
 * await promotionBacktest({ promotion: 'spring.json', carts: 'carts.csv', currency: 'EUR', 'time-zone': 'Europe/Paris',
 *   from: undefined, until: undefined, out: undefined }, { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function promotionBacktest(v: PromotionBacktestFlags, io: CliIo): Promise<void> {
  if (v.carts === undefined) throw flagError('carts', 'is required with --promotion (the cart history as CSV, e.g. the orders file)');
  if (v.currency === undefined) throw flagError('currency', 'is required with --promotion (the carts\' currency, e.g. EUR)');
  if (!/^[A-Z]{3}$/.test(v.currency)) throw flagError('currency', `"${v.currency}" is not an ISO 4217 code (EUR, JPY…)`);
  if (v['time-zone'] === undefined) throw flagError('time-zone', 'is required with --promotion (the shop\'s IANA zone, e.g. Europe/Paris)');
  let zone: string;
  try {
    zone = assertTimeZone(v['time-zone']);
  } catch {
    throw flagError('time-zone', `"${v['time-zone']}" is not an IANA time zone (Europe/Paris, UTC…)`);
  }
  if (v.out !== undefined && !/\.json$/i.test(v.out)) throw flagError('out', `"${v.out}" must end in .json`);
  const raw = await readJson('promotion', v.promotion);
  const promotions = Array.isArray(raw) ? raw : [raw];
  const from = v.from === undefined ? undefined : dayFlag('from', v.from, zone, false);
  const until = v.until === undefined ? undefined : dayFlag('until', v.until, zone, true);
  const carts = await readCartsCsv(v.carts, v.currency, zone);
  if (carts.length === 0) throw new FidelisError('VALIDATION_FAILED', `--carts ${v.carts}: no carts in the file`, {});
  let report: PromotionBacktestReport;
  try {
    report = backtestPromotion({ promotions, carts, timeZone: zone, ...(from === undefined ? {} : { from }), ...(until === undefined ? {} : { until }) });
  } catch (error) {
    if (error instanceof FidelisError && error.code === 'VALIDATION_FAILED') {
      throw new FidelisError('VALIDATION_FAILED', `--promotion ${v.promotion}: ${error.message}`, { issues: error.issues });
    }
    throw error;
  }
  io.stdout.write(summary(report));
  if (v.out !== undefined) {
    await writeFile(v.out, `${JSON.stringify(report, null, 1)}\n`);
    io.stdout.write(`Report written to ${v.out}\n`);
  }
}
