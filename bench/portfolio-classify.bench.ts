// Classifying 1,000,000 customers: value = revenue, potential = CLV from a BG/NBD and a
// Gamma-Gamma model (given parameters, so only the classification is timed), and the SVG of the
// result. Usage: npm run bench portfolio-classify   (BENCH_CUSTOMERS=100000 for a quicker run)
import {
  bgNbdModel,
  classifyPortfolio,
  customerLifetimeValues,
  gammaGammaModel,
  renderPortfolioSvg,
  simulateBgNbdSummaries,
} from '../src/index.js';

const N = Number(process.env['BENCH_CUSTOMERS'] ?? 1_000_000);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const summaries = simulateBgNbdSummaries({ params, customers: N, T: 39, seed: 3 }).map((s, i) => ({
  ...s,
  monetaryValue: s.frequency > 0 ? 20 + (i % 50) : 0,
  totalValue: (s.frequency + 1) * (20 + (i % 50)),
}));
const transactionModel = bgNbdModel(params);
const spendModel = gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 });
const lifetimeValue = { transactionModel, spendModel, timeUnit: 'week' as const };

const timed = <T>(label: string, f: () => T): T => {
  const t0 = performance.now();
  const result = f();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${label}: ${seconds.toFixed(2)} s = ${fmt(N / seconds)} customers/s`);
  return result;
};

timed(`classify ${fmt(N)} customers, value revenue, potential a precomputed number (thresholds, shares, budget)`, () => {
  const clv = new Float64Array(N).map((_, i) => (i * 7919) % 1000);
  return classifyPortfolio(summaries, { potential: (_, i) => clv[i] as number, budget: { amount: '1000000.00', currency: 'EUR' } });
});
timed(`classify ${fmt(N)} customers, value rfm, potential rfm`, () => classifyPortfolio(summaries, { value: 'rfm', potential: 'rfm' }));
timed(`12-month CLV alone of ${fmt(N)} customers, customerLifetimeValues (BG/NBD + Gamma-Gamma)`, () => customerLifetimeValues(summaries, lifetimeValue));
const portfolio = timed(`classify ${fmt(N)} customers, value revenue, potential CLV (models given; CLV once per distinct tuple)`, () =>
  classifyPortfolio(summaries, { lifetimeValue, budget: { amount: '1000000.00', currency: 'EUR' } }),
);
timed(`SVG of ${fmt(N)} customers (5,000 drawn)`, () => renderPortfolioSvg(portfolio));
