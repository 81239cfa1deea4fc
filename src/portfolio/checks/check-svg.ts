// The tracking and conditional-expectation plots of a holdout check, in the style of the
// portfolio picture (same fonts, greys and layout).
import { escapeXml, fmt, plotFrame, svgHeader } from '../svg-text.js';
import type { HoldoutCheck } from './holdout-check.js';

/**
 * Options of {@link renderTrackingSvg} and {@link renderConditionalExpectationSvg}.
 *
 * @example
 * ```ts
 * import type { CheckSvgOptions } from 'fidelis';
 * const o: CheckSvgOptions = { title: 'CDNOW: weekly repeat transactions', width: 900, height: 480 };
 * ```
 */
export interface CheckSvgOptions {
  /** Title above the chart. */
  readonly title?: string;
  /** Width in pixels (default 900). */
  readonly width?: number;
  /** Height in pixels (default 480). */
  readonly height?: number;
}

interface Series {
  readonly name: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly points: readonly (readonly [number, number])[];
}

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10ⁿ, about six of them. */
function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A line chart: series as polylines, an optional dashed vertical marker with its label. */
function lineChart(title: string, subtitle: string, xLabel: string, yLabel: string, series: readonly Series[], marker: { x: number; label: string } | undefined, options: CheckSvgOptions, kind: string): string {
  const width = options.width ?? 900;
  const height = options.height ?? 480;
  const { left, top, plotW, plotH } = plotFrame(width, height);
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y1 = Math.max(1e-9, ...ys) * 1.05;
  const px = (v: number): number => left + ((v - x0) / (x1 - x0 || 1)) * plotW;
  const py = (v: number): number => top + plotH - (v / y1) * plotH;
  const r1 = (v: number): string => v.toFixed(1);
  const out = [...svgHeader(width, height, title, subtitle, kind), '<g class="axes" fill="#555" stroke="none">'];
  for (const t of niceTicks(x0, x1)) {
    out.push(`<line x1="${r1(px(t))}" y1="${top}" x2="${r1(px(t))}" y2="${top + plotH}" stroke="#eee"/>`, `<text class="x-tick" x="${r1(px(t))}" y="${top + plotH + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of niceTicks(0, y1)) {
    out.push(`<line x1="${left}" y1="${r1(py(t))}" x2="${left + plotW}" y2="${r1(py(t))}" stroke="#ddd"/>`, `<text class="y-tick" x="${left - 8}" y="${r1(py(t) + 4)}" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${left + plotW / 2}" y="${height - 18}" text-anchor="middle" font-size="13" fill="#222">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(20 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13" fill="#222">${escapeXml(yLabel)}</text>`,
    '</g>',
  );
  if (marker !== undefined) {
    out.push(
      `<line class="marker" x1="${r1(px(marker.x))}" y1="${top}" x2="${r1(px(marker.x))}" y2="${top + plotH}" stroke="#333" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${r1(px(marker.x) + 4)}" y="${top + 14}" fill="#333">${escapeXml(marker.label)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p[1])).map((p) => `${r1(px(p[0]))},${r1(py(p[1]))}`);
    out.push(`<polyline class="series" data-name="${escapeXml(s.name)}" points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    const ly = top + 16 + i * 18;
    out.push(
      `<line x1="${left + plotW - 190}" y1="${ly - 4}" x2="${left + plotW - 166}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text class="legend" x="${left + plotW - 160}" y="${ly}" fill="#333">${escapeXml(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const ACTUAL = '#222222';
const MODEL = '#c98a00';

/**
 * The tracking plot of a {@link HoldoutCheck}: cumulative repeat transactions of the cohort,
 * actual (black) and expected (gold, dashed), step by step from the first purchase to the
 * holdout end, the calibration end marked by a dashed vertical line (FHL 2005, figure 3). An
 * SVG document as a string; nothing is written.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { renderTrackingSvg } from 'fidelis';
 * writeFileSync('tracking.svg', renderTrackingSvg(check, { title: 'CDNOW: cumulative repeat transactions' }));
 * ```
 */
export function renderTrackingSvg(check: HoldoutCheck, options: CheckSvgOptions = {}): string {
  const series: Series[] = [{ name: `${check.model} expected`, color: MODEL, dashed: true, points: check.tracking.map((p) => [p.time, p.expectedCumulative] as const) }];
  if (check.tracking.some((p) => Number.isFinite(p.actualCumulative))) series.unshift({ name: 'actual', color: ACTUAL, dashed: false, points: check.tracking.map((p) => [p.time, p.actualCumulative] as const) });
  return lineChart(
    options.title ?? 'Cumulative repeat transactions',
    `${check.customers.toLocaleString('en-US')} customers; aggregate holdout error ${check.errors.errorPercent.toFixed(1)} %`,
    'Time since the calibration end (time units) →',
    'Cumulative repeat transactions →',
    series,
    { x: 0, label: 'calibration end' },
    options,
    'tracking',
  );
}

/**
 * The conditional-expectation plot of a {@link HoldoutCheck}: mean holdout purchases by the
 * number of repeat purchases in calibration (0 … 7+), actual (black) and predicted (gold,
 * dashed) (FHL 2005, figure 4). An SVG document as a string; nothing is written.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { renderConditionalExpectationSvg } from 'fidelis';
 * writeFileSync('conditional.svg', renderConditionalExpectationSvg(check));
 * ```
 */
export function renderConditionalExpectationSvg(check: HoldoutCheck, options: CheckSvgOptions = {}): string {
  const b = check.conditionalExpectation;
  return lineChart(
    options.title ?? 'Holdout purchases by calibration frequency',
    `${check.customers.toLocaleString('en-US')} customers; holdout ${fmt(check.holdoutLength)} time units; last bucket ${b[b.length - 1]?.label ?? ''}`,
    'Repeat purchases in calibration →',
    'Mean purchases in the holdout →',
    [
      { name: 'actual', color: ACTUAL, dashed: false, points: b.map((x) => [x.frequency, x.actual] as const) },
      { name: `${check.model} predicted`, color: MODEL, dashed: true, points: b.map((x) => [x.frequency, x.predicted] as const) },
    ],
    undefined,
    options,
    'conditional-expectation',
  );
}
