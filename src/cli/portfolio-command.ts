import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FidelisError, isFidelisError } from '../core/errors.js';
import { currencyExponent } from '../core/currency.js';
import { Decimal } from '../core/decimal.js';
import { commandFailed, flagError, parseFlags } from './command-errors.js';
import {
  classifyPortfolio,
  type CustomerSummary,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  formatPortfolioTable,
  type LifetimeValueSettings,
  type PortfolioClassification,
  type PortfolioOptions,
  renderPortfolioSvg,
  formatHoldoutCheck,
  holdoutCheck,
  readTransactionsCsv,
  renderConditionalExpectationSvg,
  renderTrackingSvg,
  repeatPurchaseTimes,
  summarizeTransactionsCsv,
  type CsvProgress,
  TRANSACTION_DATE_FORMATS,
  type TransactionDateFormat,
  type TransactionModel,
} from '../portfolio/index.js';
import { segmentTarget, storeSegments } from './portfolio-segments.js';
import type { CliIo } from './run.js';
import { endDate } from './flag-dates.js';

/** One line of the `fidelis` usage list. */
export const PORTFOLIO_USAGE_LINE = '  portfolio <transactions.csv> --observation-end <date>   classify customers into stars, question marks, profit and selection customers';

const HELP = `Usage: fidelis portfolio <transactions.csv> --observation-end YYYY-MM-DD [options]

Reads a transaction log (CSV, or whitespace-separated like CDNOW), summarises each customer,
fits a purchase model and places every customer on customer value × profit potential.

File:
  --customer-column <name>   customer id column (default customer_id)
  --date-column <name>       date column (default date)
  --amount-column <name>     amount column (default amount)
  --margin-column <name>     margin column (optional; enables --value margin)
  --columns <a,b,c>          column names of a file without a header line
  --delimiter <c>            one character, "tab", "whitespace", or auto (default: , ; tab | else whitespace)
  --decimal <c>              . or , between whole and fraction of amounts (default .; "12,50" with --decimal ,)
  --date-format <f>          ${TRANSACTION_DATE_FORMATS.join(' | ')} (default auto: ISO or yyyymmdd;
                             day-first and month-first dates are never guessed); any case (DD.MM.YYYY)
                             A UTF-8 byte-order mark is skipped; quoted fields may hold the delimiter.
  --time-zone <zone>         IANA zone of dates without an offset, and of "a day" (default UTC)
  --sorted                   each customer's rows are in time order (by time or by customer): read once,
                             a row out of order is an error (without it, such a file is read a second
                             time for the customers whose rows are out of order)

Summary:
  --observation-end <date>   last day of the data to use (required; YYYY-MM-DD or the --date-format)
  --calibration-end <date>   fit on data up to this day; later purchases are holdout figures
  --holdout-end <date>       check the fit on the holdout (after --calibration-end up to this day; it is
                             then the observation end, and --observation-end may be left out): prints
                             holdout purchases by calibration frequency, the period-transactions table,
                             MAE/RMSE, the aggregate error and P(alive) calibration
  --plots <dir>              with --holdout-end: write tracking.svg and conditional-expectation.svg there
  --period <p>               day | week | month: purchases in one period merge (default day)
  --time-unit <u>            day | week: unit of recency and T (default week)

Portfolio:
  --model <m>                bgnbd | paretonbd (default bgnbd)
  --value <m>                revenue | margin | rfm (default revenue)
  --potential <m>            clv | expected-purchases | rfm (default clv)
  --horizon-months <n>       horizon of clv and expected purchases (default 12)
  --discount-rate <r>        monthly discount rate of clv (default 0.01)
  --threshold <t>            median | a quantile such as 0.75 (default median); customers with equal
                             measures are never split: a block at the threshold goes to the side that
                             keeps the split closest to the quantile (the table says how many)
  --budget <amount>          marketing budget to split across the quadrants
  --currency <code>          currency of the budget (default EUR)

Output:
  --svg <file>               write the portfolio matrix as SVG
  --out <file.csv|file.json> write every customer's value, potential and quadrant; money (revenue, margin,
                             clv) rounded to the --currency's decimals (EUR: 2), expected purchases to 4
                             decimals (half up)
  --store-segments           store each customer's quadrant, CLV, RFM segment and P(alive) as their
                             segment, dated at the end of --observation-end (rules, promotions and
                             journeys read them as customer.segment.*; a later date replaces them)
  --pglite <dir>             … in the embedded PGlite database kept in <dir> (created and migrated)
  --url <postgres-url>       … or in a PostgreSQL server (migrate it first: fidelis db migrate)
  --progress                 report progress on stderr (default: only when stderr is a terminal)
  -h, --help                 this help

Potential "clv": expected purchases over the horizon (BG/NBD or Pareto/NBD) × expected purchase
value (Gamma-Gamma on repeat buyers), discounted monthly. If Gamma-Gamma cannot be fitted, the
mean observed purchase value is used; if the purchase model cannot be fitted, the RFM score.
`;

const OPTIONS = {
  'customer-column': { type: 'string' },
  'date-column': { type: 'string' },
  'amount-column': { type: 'string' },
  'margin-column': { type: 'string' },
  columns: { type: 'string' },
  delimiter: { type: 'string' },
  decimal: { type: 'string' },
  'date-format': { type: 'string' },
  'time-zone': { type: 'string' },
  sorted: { type: 'boolean' },
  'observation-end': { type: 'string' },
  'calibration-end': { type: 'string' },
  'holdout-end': { type: 'string' },
  plots: { type: 'string' },
  period: { type: 'string' },
  'time-unit': { type: 'string' },
  model: { type: 'string' },
  value: { type: 'string' },
  potential: { type: 'string' },
  'horizon-months': { type: 'string' },
  'discount-rate': { type: 'string' },
  threshold: { type: 'string' },
  budget: { type: 'string' },
  currency: { type: 'string' },
  svg: { type: 'string' },
  out: { type: 'string' },
  'store-segments': { type: 'boolean' },
  pglite: { type: 'string' },
  url: { type: 'string' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw flagError(flag, `"${value}" is not one of ${allowed.join(', ')}`);
}

function positiveNumber(flag: string, value: string | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw flagError(flag, `"${value}" is not a ${integer ? 'whole ' : ''}number ≥ 0`);
  }
  return n;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** How the potential is measured, from the flags (checked before the file is read). */
interface PotentialChoice {
  readonly potential: 'clv' | 'expected-purchases' | 'rfm';
  readonly modelName: 'bgnbd' | 'paretonbd';
  readonly horizonMonths: number;
  readonly monthlyDiscountRate: number;
  readonly timeUnit: 'day' | 'week';
}

function potentialChoice(v: Values, timeUnit: 'day' | 'week'): PotentialChoice {
  const horizonMonths = positiveNumber('horizon-months', v['horizon-months'], 12, true);
  if (horizonMonths < 1) throw flagError('horizon-months', 'must be at least 1');
  return {
    potential: oneOf('potential', v.potential, ['clv', 'expected-purchases', 'rfm'] as const, 'clv'),
    modelName: oneOf('model', v.model, ['bgnbd', 'paretonbd'] as const, 'bgnbd'),
    horizonMonths,
    monthlyDiscountRate: positiveNumber('discount-rate', v['discount-rate'], 0.01),
    timeUnit,
  };
}

/** The potential measure, fitting the models it needs; falls back as the help text says. */
function potentialOptions(
  summaries: readonly CustomerSummary[],
  choice: PotentialChoice,
  note: (line: string) => void,
): Pick<PortfolioOptions, 'potential' | 'lifetimeValue' | 'transactionModel' | 'horizon'> & { readonly fitted?: TransactionModel } {
  const { potential, modelName, horizonMonths, monthlyDiscountRate, timeUnit } = choice;
  if (potential === 'rfm') return { potential: 'rfm' };
  let transactionModel: TransactionModel;
  try {
    const fit = modelName === 'bgnbd' ? fitBgNbd(summaries) : fitParetoNbd(summaries);
    const params = Object.entries(fit.params)
      .map(([k, x]) => `${k} = ${(x as number).toPrecision(4)}`)
      .join(', ');
    note(`${fit.model} fit: ${params} (log-likelihood ${fit.logLikelihood.toFixed(1)}, ${fit.converged ? 'converged' : 'NOT converged'} in ${fit.iterations} iterations)`);
    transactionModel = fit;
  } catch (error) {
    if (!isFidelisError(error)) throw error;
    note(`The purchase model cannot be fitted (${error.message}); potential = RFM score instead.`);
    return { potential: 'rfm' };
  }
  if (potential === 'expected-purchases') {
    const month = timeUnit === 'week' ? 4.345 : 30;
    return { potential: 'expected-purchases', transactionModel, horizon: horizonMonths * month, fitted: transactionModel };
  }
  let spendModel: LifetimeValueSettings['spendModel'];
  try {
    const spend = fitGammaGamma(summaries.filter((s) => s.frequency > 0 && s.monetaryValue > 0));
    note(`Gamma-Gamma fit: p = ${spend.params.p.toPrecision(4)}, q = ${spend.params.q.toPrecision(4)}, gamma = ${spend.params.gamma.toPrecision(4)}`);
    spendModel = spend;
  } catch (error) {
    if (!isFidelisError(error)) throw error;
    let total = 0;
    let count = 0;
    for (const s of summaries) {
      total += s.totalValue;
      count += s.purchaseCount;
    }
    spendModel = count > 0 ? total / count : 0;
    note(`The spend model cannot be fitted (${error.message}); expected purchase value = mean observed value ${spendModel.toFixed(2)}.`);
  }
  return { potential: 'clv', lifetimeValue: { transactionModel, spendModel, horizonMonths, monthlyDiscountRate, timeUnit }, fitted: transactionModel };
}

/** Decimals written by --out for money measures come from the currency; other measures get this many. */
const MEASURE_DECIMALS = 4;

/** Decimals of a measure in --out: the currency's for money (revenue, margin, clv), whole numbers for rfm, else MEASURE_DECIMALS. */
function decimalsOf(measure: string, currency: string): number {
  if (measure === 'revenue' || measure === 'margin' || measure === 'clv') return currencyExponent(currency);
  return measure === 'rfm' ? 0 : MEASURE_DECIMALS;
}

/** The customers with value and potential rounded for --out (half away from zero at the decimals). */
function roundedCustomers(p: PortfolioClassification, currency: string): { customerId: string; value: number; potential: number; quadrant: string }[] {
  const dv = decimalsOf(p.measures.value, currency);
  const dp = decimalsOf(p.measures.potential, currency);
  const round = (x: number, d: number): number => Number(new Decimal(x).toDecimalPlaces(d, Decimal.ROUND_HALF_UP).toFixed(d));
  return p.customers.map((c) => ({ customerId: c.customerId, value: round(c.value, dv), potential: round(c.potential, dp), quadrant: c.quadrant }));
}

function customersCsv(customers: ReturnType<typeof roundedCustomers>): string {
  const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['customer_id,value,potential,quadrant'];
  for (const c of customers) lines.push(`${quote(c.customerId)},${c.value},${c.potential},${c.quadrant}`);
  return `${lines.join('\n')}\n`;
}

/** Days from the last purchase in the summaries to the end they were taken at (T − recency, smallest). */
function daysSinceLastPurchase(summaries: readonly CustomerSummary[], unitDays: number): number {
  let gap = Number.POSITIVE_INFINITY;
  for (const s of summaries) gap = Math.min(gap, s.T - s.recency);
  return Math.round(gap * unitDays);
}

/** An observation (or calibration) end more than this many days after the last purchase is warned about. */
const END_GAP_WARNING_DAYS = 90;

/**
 * `fidelis portfolio <transactions.csv>`: summarise, fit, classify, print the quadrant table,
 * optionally write an SVG and the per-customer result. Returns the exit code (0 ok, 2 bad
 * input or options).
 *
 * @example
 * ```ts
 * // what `fidelis portfolio orders.csv --observation-end 2026-06-30` runs:
 * await portfolioCommand(['orders.csv', '--observation-end', '2026-06-30'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function portfolioCommand(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseFlags(() => parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true }));
    const v = parsed.values;
    if (v.help === true) {
      io.stdout.write(HELP);
      return 0;
    }
    const [file, ...extra] = parsed.positionals;
    if (file === undefined) throw new FidelisError('VALIDATION_FAILED', 'a transactions file is needed: fidelis portfolio <transactions.csv> --observation-end YYYY-MM-DD', {});
    if (extra.length > 0) throw new FidelisError('VALIDATION_FAILED', `one file only (also got ${extra.join(' ')})`, {});
    const observationEndText = v['observation-end'] ?? v['holdout-end'];
    if (observationEndText === undefined) throw flagError('observation-end', 'is required (the last day of the data to use, YYYY-MM-DD)');
    if (v.plots !== undefined && v['holdout-end'] === undefined) throw flagError('plots', 'needs --holdout-end (the plots show the holdout check)');
    if (v['holdout-end'] !== undefined && v['calibration-end'] === undefined) throw flagError('holdout-end', 'needs --calibration-end (the holdout starts after it)');
    if (v.out !== undefined && !/\.(csv|json)$/i.test(v.out)) throw flagError('out', `"${v.out}" must end in .csv or .json`);
    if (v.currency !== undefined) currencyExponent(v.currency);
    const segments = segmentTarget(v);
    const timeUnit = oneOf('time-unit', v['time-unit'], ['day', 'week'] as const, 'week');
    const choice = potentialChoice(v, timeUnit);
    if (v.budget !== undefined) positiveNumber('budget', v.budget, 0);
    const period = oneOf('period', v.period, ['day', 'week', 'month'] as const, 'day');
    if (v['holdout-end'] !== undefined && period !== 'day') throw flagError('holdout-end', `the check counts purchase days: leave --period ${period} out`);
    const dateFormat = oneOf<TransactionDateFormat>('date-format', v['date-format']?.toLowerCase(), TRANSACTION_DATE_FORMATS, 'auto');
    const decimal = oneOf('decimal', v.decimal, ['.', ','] as const, '.');
    const observationEnd = endDate('observation-end', observationEndText, dateFormat);
    const calibrationEnd = v['calibration-end'] === undefined ? undefined : endDate('calibration-end', v['calibration-end'], dateFormat);
    const holdoutEnd = v['holdout-end'] === undefined ? undefined : endDate('holdout-end', v['holdout-end'], dateFormat);
    if (holdoutEnd !== undefined && v['observation-end'] !== undefined && observationEnd !== holdoutEnd) {
      throw flagError('holdout-end', `${holdoutEnd} differs from --observation-end ${observationEnd}: the holdout end is the observation end; give one of them`);
    }
    const holdoutDays = holdoutEnd === undefined || calibrationEnd === undefined ? 0 : (Date.parse(holdoutEnd) - Date.parse(calibrationEnd)) / 86_400_000;
    if (holdoutEnd !== undefined && !(holdoutDays > 0)) throw flagError('holdout-end', `${holdoutEnd} is not after --calibration-end ${calibrationEnd ?? ''}`);
    const valueMeasure = oneOf('value', v.value, ['revenue', 'margin', 'rfm'] as const, 'revenue');
    const thresholdText = v.threshold ?? 'median';
    const q = Number(thresholdText);
    if (thresholdText !== 'median' && !(thresholdText.trim() !== '' && q >= 0 && q <= 1)) throw flagError('threshold', `"${thresholdText}" is not "median" or a quantile between 0 and 1`);
    const threshold = thresholdText === 'median' ? ('median' as const) : { quantile: q };
    const delimiter = v.delimiter === 'tab' ? '\t' : v.delimiter;
    const showProgress = v.progress === true || (io.stderr as { isTTY?: boolean }).isTTY === true;
    const csv = {
      ...(v['customer-column'] === undefined ? {} : { customerColumn: v['customer-column'] }),
      ...(v['date-column'] === undefined ? {} : { dateColumn: v['date-column'] }),
      ...(v['amount-column'] === undefined ? {} : { amountColumn: v['amount-column'] }),
      ...(v['margin-column'] === undefined ? {} : { marginColumn: v['margin-column'] }),
      ...(v.columns === undefined ? {} : { columns: v.columns.split(',').map((c) => c.trim()) }),
      ...(delimiter === undefined ? {} : { delimiter }),
      decimal,
      dateFormat,
    };
    const started = performance.now();
    const { summaries, stats } = await summarizeTransactionsCsv(() => createReadStream(file), {
      observationEnd,
      ...(calibrationEnd === undefined ? {} : { calibrationEnd }),
      ...(v['time-zone'] === undefined ? {} : { timeZone: v['time-zone'] }),
      period,
      timeUnit,
      order: v.sorted === true ? 'chronological' : 'any',
      csv,
      progressEvery: 500_000,
      ...(showProgress
        ? {
            onProgress: (p: CsvProgress) =>
              void io.stderr.write(`  ${p.rows.toLocaleString('en-US')} rows read${p.pass === 2 ? ' again (customers with rows out of time order)' : ''}…\n`),
          }
        : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    const out = io.stdout;
    out.write(
      `${file}: ${stats.rows.toLocaleString('en-US')} transactions, ${stats.customers.toLocaleString('en-US')} customers summarised in ${seconds.toFixed(1)} s` +
        `${stats.afterObservationEnd > 0 ? ` (${stats.afterObservationEnd.toLocaleString('en-US')} after --observation-end ignored)` : ''}` +
        `${stats.notInCalibration > 0 ? ` (${stats.notInCalibration.toLocaleString('en-US')} customers first bought after --calibration-end, left out)` : ''}\n`,
    );
    const gapDays = summaries.length === 0 ? 0 : daysSinceLastPurchase(summaries, timeUnit === 'week' ? 7 : 1);
    if (gapDays > END_GAP_WARNING_DAYS) {
      const flag = calibrationEnd === undefined ? 'observation-end' : 'calibration-end';
      io.stderr.write(
        `fidelis portfolio: warning: the last purchase is ${gapDays.toLocaleString('en-US')} days before --${flag} ${calibrationEnd ?? observationEnd}: every customer looks long gone, so P(alive), expected purchases and CLV come out near zero; end the period at the data's end\n`,
      );
    }
    const { fitted, ...potential } = potentialOptions(summaries, choice, (line) => out.write(`${line}\n`));
    const portfolio = classifyPortfolio(summaries, {
      value: valueMeasure,
      ...potential,
      thresholds: threshold,
      ...(v.budget === undefined ? {} : { budget: { amount: v.budget, currency: v.currency ?? 'EUR' } }),
    });
    out.write(`\n${formatPortfolioTable(portfolio)}`);
    if (holdoutEnd !== undefined && calibrationEnd !== undefined) {
      const model = fitted ?? (choice.modelName === 'bgnbd' ? fitBgNbd(summaries) : fitParetoNbd(summaries));
      const zone = v['time-zone'] ?? 'UTC';
      const repeatTimes = await repeatPurchaseTimes(readTransactionsCsv(createReadStream(file), { ...csv, timeZone: zone }), { calibrationEnd, holdoutEnd, timeUnit, timeZone: zone });
      const check = holdoutCheck(model, summaries, { holdoutLength: holdoutDays / (timeUnit === 'week' ? 7 : 1), repeatTimes });
      out.write(`\n${formatHoldoutCheck(check)}`);
      if (v.plots !== undefined) {
        await mkdir(v.plots, { recursive: true });
        const tracking = join(v.plots, 'tracking.svg');
        const conditional = join(v.plots, 'conditional-expectation.svg');
        await writeFile(tracking, renderTrackingSvg(check, { title: `Repeat transactions: ${basename(file)}` }));
        await writeFile(conditional, renderConditionalExpectationSvg(check, { title: `Holdout purchases by calibration frequency: ${basename(file)}` }));
        out.write(`\nPlots written to ${tracking} and ${conditional}\n`);
      }
    }
    if (v.svg !== undefined) {
      await writeFile(v.svg, renderPortfolioSvg(portfolio, { title: `Customer portfolio: ${file}` }));
      out.write(`\nSVG written to ${v.svg}\n`);
    }
    if (v.out !== undefined) {
      const customers = roundedCustomers(portfolio, v.currency ?? 'EUR');
      const body = /\.json$/i.test(v.out)
        ? `${JSON.stringify({ thresholds: portfolio.thresholds, ties: portfolio.ties, measures: portfolio.measures, counts: portfolio.counts, shares: portfolio.shares, budget: portfolio.budget, customers }, null, 1)}\n`
        : customersCsv(customers);
      await writeFile(v.out, body);
      out.write(`Customers written to ${v.out}\n`);
    }
    if (segments !== undefined) {
      const stored = await storeSegments(segments, portfolio, summaries, fitted, { observationEnd, timeZone: v['time-zone'] ?? 'UTC', currency: v.currency ?? 'EUR' });
      out.write(`Segments of ${stored.customers.toLocaleString('en-US')} customers stored as of ${stored.asOf.toISOString()} in ${stored.label} (${stored.saved.toLocaleString('en-US')} written; an earlier or equal date changes nothing)\n`);
    }
    return 0;
  } catch (error) {
    return commandFailed('portfolio', error, io);
  }
}
