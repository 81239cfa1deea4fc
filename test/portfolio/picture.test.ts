import { describe, expect, it } from 'vitest';
import { classifyPortfolio, type CustomerSummary, formatPortfolioTable, renderPortfolioSvg } from '../../src/index.js';

function customer(customerId: string, totalValue: number): CustomerSummary {
  return { customerId, frequency: 1, recency: 10, T: 20, monetaryValue: totalValue / 2, totalValue, purchaseCount: 2 };
}

const SIX = [customer('a', 100), customer('b', 50), customer('c', 10), customer('d', 0), customer('e', 200), customer('f', 30)];
const POTENTIAL: Record<string, number> = { a: 5, b: 20, c: 1, d: 8, e: 2, f: 12 };
const portfolio = classifyPortfolio(SIX, { potential: (s) => POTENTIAL[s.customerId] ?? 0, budget: { amount: '1000.00', currency: 'EUR' } });

describe('renderPortfolioSvg', () => {
  const svg = renderPortfolioSvg(portfolio, { title: 'Shop <A&B>' });

  it('draws the threshold lines where the thresholds are on the log1p scale', () => {
    // Defaults: plot from x = 80 to 876 (width 900 − 80 − 24), y from 70 to 616.
    // x domain: log1p(0) = 0 … log1p(200), padded by 4 % of the span on both sides.
    const span = Math.log1p(200);
    const x0 = -0.04 * span;
    const x1 = span * 1.04;
    const tx = 80 + ((Math.log1p(40) - x0) / (x1 - x0)) * 796;
    expect(svg).toContain(`<line class="threshold value" x1="${tx.toFixed(1)}" y1="70" x2="${tx.toFixed(1)}" y2="616"`);
    const ySpan = Math.log1p(20) - Math.log1p(1);
    const y0 = Math.log1p(1) - 0.04 * ySpan;
    const y1 = Math.log1p(20) + 0.04 * ySpan;
    const ty = 70 + 546 - ((Math.log1p(6.5) - y0) / (y1 - y0)) * 546;
    expect(svg).toContain(`<line class="threshold potential" x1="80" y1="${ty.toFixed(1)}" x2="876" y2="${ty.toFixed(1)}"`);
    expect(svg).toContain('value ≥ 40</text>');
    expect(svg).toContain('potential ≥ 6.5</text>');
  });

  it('labels every quadrant with its count and shares, escapes the title, draws every customer', () => {
    expect(svg).toContain('>Stars: 1 (16.7%)</text>');
    expect(svg).toContain('>Question marks: 2 (33.3%)</text>');
    expect(svg).toContain('>Profit customers: 2 (33.3%)</text>');
    expect(svg).toContain('>Selection customers: 1 (16.7%)</text>');
    expect(svg).toContain(`>${((300 / 390) * 100).toFixed(1)}% of value · ${((7 / 48) * 100).toFixed(1)}% of potential</text>`);
    expect(svg).toContain('<title>Shop &#60;A&#38;B&#62;</title>');
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g[ >]/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });

  it('draws a deterministic sample beyond maxPoints, whatever the order of the customers', () => {
    const many = Array.from({ length: 12_000 }, (_, i) => customer(`c${i}`, i % 97));
    const a = classifyPortfolio(many, { potential: (s) => s.totalValue % 13 });
    const b = classifyPortfolio([...many].reverse(), { potential: (s) => s.totalValue % 13 });
    const circles = (p: typeof a): string[] => (renderPortfolioSvg(p, { maxPoints: 5000 }).match(/<circle [^>]*>/g) ?? []).sort();
    const first = circles(a);
    expect(first).toHaveLength(5000);
    expect(circles(b)).toEqual(first);
    expect(renderPortfolioSvg(a)).toContain('12,000 customers (showing a fixed sample of 5,000)');
  });

  it('negative measures (margins) and a single value still draw', () => {
    const p = classifyPortfolio([customer('x', 5), customer('y', 5)], { value: () => -20, potential: () => 0 });
    const svg2 = renderPortfolioSvg(p);
    expect(svg2).not.toContain('NaN');
    expect(svg2).toContain('class="threshold value"');
  });
});

describe('formatPortfolioTable', () => {
  it('one row per quadrant with counts, sums, shares and the budget, then the rules', () => {
    const text = formatPortfolioTable(portfolio);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^quadrant\s+customers\s+%\s+value \(revenue\)\s+% value\s+potential \(custom\)\s+% potential\s+budget \(EUR\)$/);
    expect(lines[2]).toMatch(/^Stars\s+1\s+16\.7%\s+50\.00\s+12\.8%\s+20\.00\s+41\.7%\s+€457\.14$/);
    expect(lines[3]).toMatch(/^Question marks\s+2\s+33\.3%\s+30\.00\s+7\.7%\s+20\.00\s+41\.7%\s+€457\.14$/);
    expect(lines[4]).toMatch(/^Profit customers\s+2\s+33\.3%\s+300\.00\s+76\.9%\s+7\.00\s+14\.6%\s+€80\.00$/);
    expect(lines[5]).toMatch(/^Selection customers\s+1\s+16\.7%\s+10\.00\s+2\.6%\s+1\.00\s+2\.1%\s+€5\.72$/);
    expect(lines[7]).toMatch(/^Total\s+6\s+100\.0%\s+390\.00\s+48\.00\s+€1,000\.00$/);
    expect(text).toContain('High value: revenue ≥ 40.00; high potential: custom ≥ 6.50.');
    expect(text).toContain('Stars: Invest and develop');
  });
});
