import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FidelisError, isFidelisError } from '../core/errors.js';
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
  summarizeTransactionsCsv,
  type CsvProgress,
  TRANSACTION_DATE_FORMATS,
  type TransactionDateFormat,
  type TransactionModel,
} from '../portfolio/index.js';
import type { CliIo } from './run.js';

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
  --delimiter <c>            one character, "whitespace", or auto (default: , ; tab | else whitespace)
  --date-format <f>          ${TRANSACTION_DATE_FORMATS.join(' | ')} (default auto)
  --time-zone <zone>         IANA zone of dates without an offset, and of "a day" (default UTC)
  --sorted                   each customer's rows are in time order (by time or by customer): read once,
                             a row out of order is an error (without it, such a file is read a second
                             time for the customers whose rows are out of order)

Summary:
  --observation-end <date>   last day of the data to use (required)
  --calibration-end <date>   fit on data up to this day; later purchases are holdout figures
  --period <p>               day | week | month: purchases in one period merge (default day)
  --time-unit <u>            day | week: unit of recency and T (default week)

Portfolio:
  --model <m>                bgnbd | paretonbd (default bgnbd)
  --value <m>                revenue | margin | rfm (default revenue)
  --potential <m>            clv | expected-purchases | rfm (default clv)
  --horizon-months <n>       horizon of clv and expected purchases (default 12)
  --discount-rate <r>        monthly discount rate of clv (default 0.01)
  --threshold <t>            median | a quantile such as 0.75 (default median)
  --budget <amount>          marketing budget to split across the quadrants
  --currency <code>          currency of the budget (default EUR)

Output:
  --svg <file>               write the portfolio matrix as SVG
  --out <file.csv|file.json> write every customer's value, potential and quadrant
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
  'date-format': { type: 'string' },
  'time-zone': { type: 'string' },
  sorted: { type: 'boolean' },
  'observation-end': { type: 'string' },
  'calibration-end': { type: 'string' },
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
): Pick<PortfolioOptions, 'potential' | 'lifetimeValue' | 'transactionModel' | 'horizon'> {
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
    return { potential: 'expected-purchases', transactionModel, horizon: horizonMonths * month };
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
  return { potential: 'clv', lifetimeValue: { transactionModel, spendModel, horizonMonths, monthlyDiscountRate, timeUnit } };
}

function customersCsv(p: PortfolioClassification): string {
  const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['customer_id,value,potential,quadrant'];
  for (const c of p.customers) lines.push(`${quote(c.customerId)},${c.value},${c.potential},${c.quadrant}`);
  return `${lines.join('\n')}\n`;
}

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
    const observationEnd = v['observation-end'];
    if (observationEnd === undefined) throw flagError('observation-end', 'is required (the last day of the data to use, YYYY-MM-DD)');
    if (v.out !== undefined && !/\.(csv|json)$/i.test(v.out)) throw flagError('out', `"${v.out}" must end in .csv or .json`);
    const timeUnit = oneOf('time-unit', v['time-unit'], ['day', 'week'] as const, 'week');
    const choice = potentialChoice(v, timeUnit);
    if (v.budget !== undefined) positiveNumber('budget', v.budget, 0);
    const period = oneOf('period', v.period, ['day', 'week', 'month'] as const, 'day');
    const dateFormat = oneOf<TransactionDateFormat>('date-format', v['date-format'], TRANSACTION_DATE_FORMATS, 'auto');
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
      dateFormat,
    };
    const started = performance.now();
    const { summaries, stats } = await summarizeTransactionsCsv(() => createReadStream(file), {
      observationEnd,
      ...(v['calibration-end'] === undefined ? {} : { calibrationEnd: v['calibration-end'] }),
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
    const potential = potentialOptions(summaries, choice, (line) => out.write(`${line}\n`));
    const portfolio = classifyPortfolio(summaries, {
      value: valueMeasure,
      ...potential,
      thresholds: threshold,
      ...(v.budget === undefined ? {} : { budget: { amount: v.budget, currency: v.currency ?? 'EUR' } }),
    });
    out.write(`\n${formatPortfolioTable(portfolio)}`);
    if (v.svg !== undefined) {
      await writeFile(v.svg, renderPortfolioSvg(portfolio, { title: `Customer portfolio: ${file}` }));
      out.write(`\nSVG written to ${v.svg}\n`);
    }
    if (v.out !== undefined) {
      const body = /\.json$/i.test(v.out)
        ? `${JSON.stringify({ thresholds: portfolio.thresholds, measures: portfolio.measures, counts: portfolio.counts, shares: portfolio.shares, budget: portfolio.budget, customers: portfolio.customers }, null, 1)}\n`
        : customersCsv(portfolio);
      await writeFile(v.out, body);
      out.write(`Customers written to ${v.out}\n`);
    }
    return 0;
  } catch (error) {
    return commandFailed('portfolio', error, io);
  }
}
