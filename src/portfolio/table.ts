import type { PortfolioClassification } from './classify.js';
import { PORTFOLIO_QUADRANTS, type PortfolioQuadrant } from './portfolio-quadrants.js';

/**
 * Display names of the quadrants, for reports and pictures.
 *
 * @example
 * ```ts
 * import { QUADRANT_LABELS } from 'fidelis';
 * QUADRANT_LABELS['question-mark']; // 'Question marks'
 * ```
 */
export const QUADRANT_LABELS: Readonly<Record<PortfolioQuadrant, string>> = {
  star: 'Stars',
  'question-mark': 'Question marks',
  profit: 'Profit customers',
  selection: 'Selection customers',
};
const LABELS = QUADRANT_LABELS;

function number(x: number, digits = 2): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/**
 * The portfolio as a plain-text table for terminals: per quadrant the customers, value and
 * potential with their shares, the budget when there is one, then the thresholds and the
 * recommended strategies. Numbers in en-US format; columns aligned with spaces.
 *
 * @example
 * ```ts
 * import { classifyPortfolio, formatPortfolioTable } from 'fidelis';
 * console.log(formatPortfolioTable(classifyPortfolio(summaries, { potential: 'rfm' })));
 * ```
 */
export function formatPortfolioTable(portfolio: PortfolioClassification): string {
  const header = ['quadrant', 'customers', '%', `value (${portfolio.measures.value})`, '% value', `potential (${portfolio.measures.potential})`, '% potential'];
  if (portfolio.budget !== undefined) header.push(`budget (${portfolio.budget.total.currency})`);
  const rows: string[][] = [header];
  let customers = 0;
  let value = 0;
  let potential = 0;
  for (const q of PORTFOLIO_QUADRANTS) {
    const s = portfolio.shares[q];
    customers += s.customers;
    value += s.value;
    potential += s.potential;
    const row = [LABELS[q], s.customers.toLocaleString('en-US'), percent(s.customerShare), number(s.value), percent(s.valueShare), number(s.potential), percent(s.potentialShare)];
    if (portfolio.budget !== undefined) row.push(portfolio.budget.byQuadrant[q].format('en-US'));
    rows.push(row);
  }
  const total = ['Total', customers.toLocaleString('en-US'), '100.0%', number(value), '', number(potential), ''];
  if (portfolio.budget !== undefined) total.push(portfolio.budget.total.format('en-US'));
  rows.push(total);
  const widths = header.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(header), rule, ...rows.slice(1, -1).map(line), rule, line(total), ''];
  out.push(
    `High value: ${portfolio.measures.value} ≥ ${number(portfolio.thresholds.value)}; high potential: ${portfolio.measures.potential} ≥ ${number(portfolio.thresholds.potential)}.`,
  );
  for (const axis of ['value', 'potential'] as const) {
    const tie = portfolio.ties[axis];
    if (tie.customers > 1) {
      out.push(
        `At the ${axis} threshold: ${tie.customers.toLocaleString('en-US')} customers share the ${axis} ${number(tie.measure)}; ties are not split, they all count as ${tie.side} (the side that keeps the split closest to the quantile).`,
      );
    }
  }
  if (portfolio.budget !== undefined) {
    out.push(`Budget split by ${portfolio.budget.basis === 'potential' ? 'weight × total potential' : 'weight × customers'} per quadrant.`);
  }
  out.push('');
  for (const q of PORTFOLIO_QUADRANTS) out.push(`${LABELS[q]}: ${portfolio.strategies[q].description}`);
  return `${out.join('\n')}\n`;
}
