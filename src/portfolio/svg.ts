import type { PortfolioClassification, PortfolioCustomer } from './classify.js';
import { PORTFOLIO_QUADRANTS, type PortfolioQuadrant } from './portfolio-quadrants.js';
import { QUADRANT_LABELS } from './table.js';
import { escapeXml, fmt, plotFrame, svgHeader } from './svg-text.js';

/**
 * Options of {@link renderPortfolioSvg}.
 *
 * @example
 * ```ts
 * import type { PortfolioSvgOptions } from 'fidelis';
 * const o: PortfolioSvgOptions = { title: 'Customer portfolio, 2026', width: 960, height: 720 };
 * ```
 */
export interface PortfolioSvgOptions {
  /** Title above the chart (default 'Customer portfolio'). */
  readonly title?: string;
  /** Width in pixels (default 900). */
  readonly width?: number;
  /** Height in pixels (default 680). */
  readonly height?: number;
  /** Largest number of points drawn; beyond it a deterministic sample is drawn (default 5000). */
  readonly maxPoints?: number;
}

const COLORS: Record<PortfolioQuadrant, { point: string; area: string }> = {
  star: { point: '#c98a00', area: '#fff6dc' },
  'question-mark': { point: '#2f6fb3', area: '#e8f1fb' },
  profit: { point: '#2e8b57', area: '#e6f4ec' },
  selection: { point: '#7a7a7a', area: '#f2f2f2' },
};

/** Signed log scale: log(1 + |x|) with the sign of x, so 0 sits at 0 and margins may be negative. */
function scale(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}


/** FNV-1a hash of a string: the sample depends on the ids only, not on the order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The customers to draw: all of them, or the `max` with the smallest id hashes. */
function sample(customers: readonly PortfolioCustomer[], max: number): readonly PortfolioCustomer[] {
  if (customers.length <= max) return customers;
  const hashes = new Uint32Array(customers.length);
  for (let i = 0; i < customers.length; i++) hashes[i] = hash((customers[i] as PortfolioCustomer).customerId);
  const cutoff = Uint32Array.from(hashes).sort()[max - 1] as number;
  const out: PortfolioCustomer[] = [];
  for (let i = 0; i < customers.length && out.length < max; i++) if ((hashes[i] as number) <= cutoff) out.push(customers[i] as PortfolioCustomer);
  return out;
}

/** Tick values of a signed log axis within [lo, hi] (in scaled units): 0, ±1, ±10, ±100, … */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let p = 0; p <= 15; p++) {
    const v = 10 ** p;
    for (const t of p === 0 ? [0, 1, -1] : [v, -v]) if (scale(t) >= lo && scale(t) <= hi) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

/** Drop ticks closer than `gap` pixels to the previous one kept (0 and 1 crowd on a log1p scale). */
function spaced(values: number[], at: (v: number) => number, gap: number): number[] {
  const kept: number[] = [];
  for (const v of values) if (kept.length === 0 || Math.abs(at(v) - at(kept[kept.length - 1] as number)) >= gap) kept.push(v);
  return kept;
}

function extent(values: number[], threshold: number): [number, number] {
  let lo = scale(threshold);
  let hi = lo;
  for (const v of values) {
    const s = scale(v);
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/**
 * The portfolio matrix as an SVG document (a string; nothing is written): each customer a dot
 * at (value, potential) on signed log scales (log(1 + x), so zeros are drawn), the two
 * threshold lines dashed, and each quadrant shaded and labelled with its name, customer count
 * and shares of value and potential. Beyond `maxPoints` customers a deterministic sample
 * (by a hash of the id) is drawn and the subtitle says so; labels and lines always use all
 * customers.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { classifyPortfolio, renderPortfolioSvg } from 'fidelis';
 * writeFileSync('portfolio.svg', renderPortfolioSvg(classifyPortfolio(summaries, { potential: 'rfm' })));
 * ```
 */
export function renderPortfolioSvg(portfolio: PortfolioClassification, options: PortfolioSvgOptions = {}): string {
  const width = options.width ?? 900;
  const height = options.height ?? 680;
  const maxPoints = Math.max(1, Math.floor(options.maxPoints ?? 5000));
  const { left, top, plotW, plotH } = plotFrame(width, height);
  const all = portfolio.customers;
  const [x0, x1] = extent(all.map((c) => c.value), portfolio.thresholds.value);
  const [y0, y1] = extent(all.map((c) => c.potential), portfolio.thresholds.potential);
  const px = (v: number): number => left + ((scale(v) - x0) / (x1 - x0)) * plotW;
  const py = (v: number): number => top + plotH - ((scale(v) - y0) / (y1 - y0)) * plotH;
  const r1 = (v: number): string => v.toFixed(1);
  const tx = px(portfolio.thresholds.value);
  const ty = py(portfolio.thresholds.potential);
  const shown = sample(all, maxPoints);
  const out = svgHeader(
    width,
    height,
    options.title ?? 'Customer portfolio',
    `${all.length.toLocaleString('en-US')} customers${shown.length < all.length ? ` (showing a fixed sample of ${shown.length.toLocaleString('en-US')})` : ''}; log scales`,
  );
  // Quadrant areas.
  const areas: Record<PortfolioQuadrant, [number, number, number, number]> = {
    'question-mark': [left, top, tx - left, ty - top],
    star: [tx, top, left + plotW - tx, ty - top],
    selection: [left, ty, tx - left, top + plotH - ty],
    profit: [tx, ty, left + plotW - tx, top + plotH - ty],
  };
  for (const q of PORTFOLIO_QUADRANTS) {
    const [x, y, w, h] = areas[q];
    out.push(`<rect class="quadrant ${q}" x="${r1(x)}" y="${r1(y)}" width="${r1(Math.max(0, w))}" height="${r1(Math.max(0, h))}" fill="${COLORS[q].area}"/>`);
  }
  // Ticks and grid.
  out.push('<g class="axes" fill="#555" stroke="none">');
  for (const t of spaced(ticks(x0, x1), px, 36)) {
    out.push(`<line x1="${r1(px(t))}" y1="${top}" x2="${r1(px(t))}" y2="${top + plotH}" stroke="#ddd"/>`);
    out.push(`<text x="${r1(px(t))}" y="${top + plotH + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of spaced(ticks(y0, y1), py, 18)) {
    out.push(`<line x1="${left}" y1="${r1(py(t))}" x2="${left + plotW}" y2="${r1(py(t))}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 8}" y="${r1(py(t) + 4)}" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${left + plotW / 2}" y="${height - 18}" text-anchor="middle" font-size="13" fill="#222">Customer value (${escapeXml(portfolio.measures.value)}) →</text>`,
    `<text transform="translate(20 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13" fill="#222">Profit potential (${escapeXml(portfolio.measures.potential)}) →</text>`,
    '</g>',
  );
  // Points, one group per quadrant.
  for (const q of PORTFOLIO_QUADRANTS) {
    out.push(`<g class="points ${q}" fill="${COLORS[q].point}" fill-opacity="0.55">`);
    for (const c of shown) if (c.quadrant === q) out.push(`<circle cx="${r1(px(c.value))}" cy="${r1(py(c.potential))}" r="2.2"/>`);
    out.push('</g>');
  }
  // Threshold lines.
  out.push(
    `<line class="threshold value" x1="${r1(tx)}" y1="${top}" x2="${r1(tx)}" y2="${top + plotH}" stroke="#333" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    `<line class="threshold potential" x1="${left}" y1="${r1(ty)}" x2="${left + plotW}" y2="${r1(ty)}" stroke="#333" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    `<text x="${r1(tx + 4)}" y="${top + plotH - 6}" fill="#333">value ≥ ${fmt(portfolio.thresholds.value)}</text>`,
    `<text x="${left + plotW - 4}" y="${r1(ty - 6)}" text-anchor="end" fill="#333">potential ≥ ${fmt(portfolio.thresholds.potential)}</text>`,
  );
  // Quadrant labels in the outer corners.
  const corner: Record<PortfolioQuadrant, [number, number, 'start' | 'end']> = {
    'question-mark': [left + 10, top + 20, 'start'],
    star: [left + plotW - 10, top + 20, 'end'],
    selection: [left + 10, top + plotH - 40, 'start'],
    profit: [left + plotW - 10, top + plotH - 40, 'end'],
  };
  for (const q of PORTFOLIO_QUADRANTS) {
    const [x, y, anchor] = corner[q];
    const s = portfolio.shares[q];
    out.push(
      `<g class="label ${q}" text-anchor="${anchor}" stroke="#ffffff" stroke-width="3" stroke-opacity="0.8" paint-order="stroke">`,
      `<text x="${x}" y="${y}" font-size="15" font-weight="600" fill="${COLORS[q].point}">${QUADRANT_LABELS[q]}: ${s.customers.toLocaleString('en-US')} (${(s.customerShare * 100).toFixed(1)}%)</text>`,
      `<text x="${x}" y="${y + 16}" fill="#333">${(s.valueShare * 100).toFixed(1)}% of value · ${(s.potentialShare * 100).toFixed(1)}% of potential</text>`,
      '</g>',
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
