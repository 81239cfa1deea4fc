// Demo section "Portfolio: which customers deserve which effort?" — a simulated shop's purchase
// log (two years, 5,000 customers acquired over the first eighteen months), summarised, BG/NBD + Gamma-Gamma fitted on the first year,
// every customer placed on customer value × profit potential, the marketing budget split, the
// matrix written as SVG, and the movements between this year's portfolio and last year's.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DemoContext } from '../demo.js';
import {
  classifyPortfolio,
  comparePortfolios,
  fitBgNbd,
  fitGammaGamma,
  formatPortfolioTable,
  QUADRANT_LABELS,
  renderPortfolioSvg,
  rfmScores,
  simulateTransactions,
  summarizeTransactions,
  type CustomerSummary,
  type PortfolioClassification,
} from '../../src/index.js';

function portfolioOf(summaries: CustomerSummary[], budget: string): PortfolioClassification {
  const transactionModel = fitBgNbd(summaries);
  const spendModel = fitGammaGamma(summaries.filter((s) => s.frequency > 0 && s.monetaryValue > 0));
  return classifyPortfolio(summaries, {
    value: 'revenue',
    potential: 'clv',
    lifetimeValue: { transactionModel, spendModel, timeUnit: 'week', horizonMonths: 12, monthlyDiscountRate: 0.01, margin: 0.3 },
    budget: { amount: budget, currency: 'EUR' },
  });
}

/** Run the section: print the portfolio and write portfolio.svg into `ctx.outDir`. */
export async function run(ctx: DemoContext): Promise<void> {
  // A shop's log: purchases follow BG/NBD with CDNOW-like parameters (per week), amounts Gamma-Gamma.
  const { transactions } = simulateTransactions({
    params: { r: 0.25, alpha: 4.5, a: 0.8, b: 2.4 },
    spend: { p: 6, q: 4, gamma: 40 },
    customers: 5_000,
    start: new Date('2024-07-01T00:00:00Z'),
    end: new Date('2026-07-01T00:00:00Z'),
    acquisitionEnd: new Date('2026-01-01T00:00:00Z'),
    seed: 2026,
  });
  console.log(`A simulated shop: ${transactions.length.toLocaleString('en-US')} purchases by 5,000 customers, July 2024 – June 2026.`);

  const lastYear = summarizeTransactions(transactions, { observationEnd: '2025-06-30', timeUnit: 'week' });
  const thisYear = summarizeTransactions(transactions, { observationEnd: '2026-06-30', timeUnit: 'week' });
  const fit = fitBgNbd(thisYear);
  console.log(
    `BG/NBD fitted on ${fit.customers.toLocaleString('en-US')} customers: r = ${fit.params.r.toFixed(3)}, α = ${fit.params.alpha.toFixed(2)}, ` +
      `a = ${fit.params.a.toFixed(3)}, b = ${fit.params.b.toFixed(3)} (simulated with 0.25, 4.5, 0.8, 2.4).`,
  );

  const portfolio = portfolioOf(thisYear, '50000.00');
  console.log('\nCustomer value = revenue so far; profit potential = 12-month CLV at a 30 % margin.\n');
  console.log(formatPortfolioTable(portfolio));

  const segments = new Map<string, number>();
  for (const s of rfmScores(thisYear)) segments.set(s.segment, (segments.get(s.segment) ?? 0) + 1);
  console.log(`RFM segments: ${[...segments].map(([k, n]) => `${k} ${n}`).join(', ')}.`);

  const moves = comparePortfolios(portfolioOf(lastYear, '50000.00'), portfolio);
  const risen = moves.matrix['question-mark'].star;
  const fallen = moves.matrix.star.profit + moves.matrix.star.selection;
  console.log(
    `\nSince last year: ${risen} question marks became stars, ${fallen} stars lost their potential, ` +
      `${moves.entered.length.toLocaleString('en-US')} new customers arrived (${moves.entered.filter((c) => c.quadrant === 'star').length} already stars).`,
  );

  await mkdir(ctx.outDir, { recursive: true });
  const file = join(ctx.outDir, 'portfolio.svg');
  await writeFile(file, renderPortfolioSvg(portfolio, { title: 'Customer portfolio — simulated shop, June 2026' }));
  console.log(`\nThe portfolio matrix is in ${resolve(file)} (${QUADRANT_LABELS.star.toLowerCase()} top right).`);
}
