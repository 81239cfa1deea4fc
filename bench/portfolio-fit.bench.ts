// Fitting BG/NBD, Pareto/NBD and Gamma-Gamma on 1,000,000 simulated customers.
// The customers follow the CDNOW design: first purchases spread over 12 weeks (84 days),
// observed for 39 weeks, times recorded to the day (in weeks: multiples of 1/7), as
// summarizeTransactions with period 'day' and timeUnit 'week' would give. Times include
// compressing the summaries to distinct tuples.
import { compressRfm, fitBgNbd, fitGammaGamma, fitParetoNbd, simulateBgNbdSummaries, simulateParetoNbdSummaries } from '../src/index.js';

const N = Number(process.env['PORTFOLIO_FIT_CUSTOMERS'] ?? 1_000_000);
const AGES = Array.from({ length: 84 }, (_, day) => 39 - day / 7);
const seconds = (start: number): string => ((performance.now() - start) / 1000).toFixed(2);

console.log(`customers: ${N.toLocaleString('en')}`);
let start = performance.now();
const bgCustomers = simulateBgNbdSummaries({
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  customers: N,
  T: AGES,
  seed: 1,
  timeStep: 1 / 7,
  spend: { p: 6.25, q: 3.74, gamma: 15.44 },
});
console.log(`simulate BG/NBD summaries: ${seconds(start)} s`);

start = performance.now();
const tuples = compressRfm(bgCustomers);
console.log(`compress to distinct (x, t_x, T): ${seconds(start)} s — ${tuples.weight.length.toLocaleString('en')} tuples`);

start = performance.now();
const bg = fitBgNbd(bgCustomers);
console.log(
  `BG/NBD fit (compression included): ${seconds(start)} s (target < 3 s) — ${bg.distinctTuples.toLocaleString('en')} distinct tuples, ` +
    `${bg.iterations} iterations, converged ${bg.converged}, r=${bg.params.r.toFixed(4)} α=${bg.params.alpha.toFixed(3)} ` +
    `a=${bg.params.a.toFixed(4)} b=${bg.params.b.toFixed(3)}`,
);

start = performance.now();
const paretoCustomers = simulateParetoNbdSummaries({
  params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
  customers: N,
  T: AGES,
  seed: 2,
  timeStep: 1 / 7,
});
console.log(`simulate Pareto/NBD summaries: ${seconds(start)} s`);
start = performance.now();
const pareto = fitParetoNbd(paretoCustomers);
console.log(
  `Pareto/NBD fit (compression included): ${seconds(start)} s — ${pareto.distinctTuples.toLocaleString('en')} distinct tuples, ` +
    `${pareto.iterations} iterations, converged ${pareto.converged}, r=${pareto.params.r.toFixed(4)} α=${pareto.params.alpha.toFixed(3)} ` +
    `s=${pareto.params.s.toFixed(4)} β=${pareto.params.beta.toFixed(3)}`,
);

start = performance.now();
const spend = fitGammaGamma(bgCustomers);
console.log(
  `Gamma-Gamma fit: ${seconds(start)} s — ${spend.customers.toLocaleString('en')} repeat buyers, ` +
    `${spend.distinctTuples.toLocaleString('en')} distinct (x, m̄), ${spend.iterations} iterations, converged ${spend.converged}, ` +
    `p=${spend.params.p.toFixed(3)} q=${spend.params.q.toFixed(3)} γ=${spend.params.gamma.toFixed(3)}`,
);
