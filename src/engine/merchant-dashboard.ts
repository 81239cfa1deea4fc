import { localDateString } from '../core/time.js';
import { escapeXml, fmt, svgHeader } from '../portfolio/svg-text.js';
import type { MerchantStatistics } from './merchant-statistics.js';

const SERIES = [
  { key: 'issued', label: 'Issued', color: '#2e7d32', value: (m: MerchantStatistics['months'][number]) => m.issued.total },
  { key: 'burned', label: 'Burned', color: '#1565c0', value: (m: MerchantStatistics['months'][number]) => m.burned },
  { key: 'expired', label: 'Expired', color: '#ef6c00', value: (m: MerchantStatistics['months'][number]) => m.expired },
] as const;

const TIER_COLORS = ['#6a1b9a', '#c62828', '#00838f', '#f9a825', '#4e342e', '#283593'];
const UNTIERED = '#bdbdbd';

/** Round ticks from `lo` to `hi` (steps of 1, 2 or 5 × a power of ten, about five of them; whole steps for counts). */
function linearTicks(lo: number, hi: number): number[] {
  const raw = Math.max(1, (hi - lo) / 5);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step / 1e9; t += step) out.push(Math.round(t / step) * step);
  return out;
}

/** A panel's frame: its box, a title above it, and a value axis with grid lines from `lo` to `hi`. */
function valueAxis(out: string[], box: { x: number; y: number; w: number; h: number }, title: string, axisLabel: string, lo: number, hi: number): (v: number) => number {
  const py = (v: number): number => box.y + box.h - ((v - lo) / (hi - lo)) * box.h;
  out.push(`<text x="${box.x}" y="${box.y - 12}" font-size="14" font-weight="600" fill="#222">${escapeXml(title)}</text>`, '<g class="axes" fill="#555" stroke="none">');
  for (const t of linearTicks(lo, hi)) {
    out.push(`<line x1="${box.x}" y1="${py(t).toFixed(1)}" x2="${box.x + box.w}" y2="${py(t).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${box.x - 8}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(
    `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="#999"/>`,
    `<text class="axis-label" transform="translate(${box.x - 56} ${box.y + box.h / 2}) rotate(-90)" text-anchor="middle" font-size="13" fill="#222">${escapeXml(axisLabel)}</text>`,
    '</g>',
  );
  return py;
}

/** Month labels under a panel: every slot's, or every k-th when `slot` is narrower than a label. */
function monthLabels(out: string[], months: readonly string[], x: (i: number) => number, y: number, slot: number): void {
  const every = Math.max(1, Math.ceil(60 / slot));
  out.push('<g class="months" fill="#555" text-anchor="middle">');
  months.forEach((m, i) => {
    if (i % every === 0) out.push(`<text x="${x(i).toFixed(1)}" y="${y}">${escapeXml(m)}</text>`);
  });
  out.push('</g>');
}

/** A legend row of coloured squares. */
function legend(out: string[], items: readonly { label: string; color: string }[], x: number, y: number): void {
  out.push('<g class="legend" fill="#333">');
  items.forEach((item, i) => out.push(`<rect x="${x + i * 110}" y="${y - 10}" width="12" height="12" fill="${item.color}"/>`, `<text x="${x + i * 110 + 18}" y="${y}">${escapeXml(item.label)}</text>`));
  out.push('</g>');
}

/**
 * Draw a one-page SVG dashboard of merchant statistics: points issued, burned and expired per
 * month (grouped bars), customers per tier at each month's end (stacked bars), and the period's
 * members, breakage and redemption rates, stamp cards and coupon redemption as text. Uses the
 * frame and text helpers of the portfolio picture.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('dashboard.svg', merchantDashboardSvg(await engine.merchantStatistics({ from, until })));
 * ```
 */
export function merchantDashboardSvg(statistics: MerchantStatistics, options: { readonly title?: string } = {}): string {
  const width = 960;
  const height = 760;
  const months = statistics.months.map((m) => m.month);
  const n = Math.max(1, months.length);
  const { members } = statistics;
  const out = svgHeader(
    width,
    height,
    options.title ?? 'Merchant statistics',
    `${localDateString(statistics.from, statistics.timeZone)} to ${localDateString(new Date(statistics.until.getTime() - 1), statistics.timeZone)} (${statistics.timeZone}) · ${members.total.toLocaleString('en-US')} members, ${members.active.toLocaleString('en-US')} active, ${members.new.toLocaleString('en-US')} new`,
    'merchant-dashboard',
  );
  // Points per month: one group per series.
  const points = { x: 90, y: 96, w: width - 114, h: 260 };
  const values = statistics.months.flatMap((m) => SERIES.map((s) => s.value(m)));
  const lo = Math.min(0, ...values);
  const hi = Math.max(1, ...values);
  const py = valueAxis(out, points, 'Points per month', 'Points', lo, hi);
  const slot = points.w / n;
  const barW = (slot * 0.8) / SERIES.length;
  const slotX = (i: number): number => points.x + slot * (i + 0.5);
  SERIES.forEach((s, k) => {
    out.push(`<g class="series ${s.key}" fill="${s.color}">`);
    statistics.months.forEach((m, i) => {
      const v = s.value(m);
      const x = points.x + slot * i + slot * 0.1 + k * barW;
      out.push(`<rect x="${x.toFixed(1)}" y="${Math.min(py(v), py(0)).toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.abs(py(0) - py(v)).toFixed(1)}"><title>${escapeXml(`${m.month} ${s.label.toLowerCase()}: ${v}`)}</title></rect>`);
    });
    out.push('</g>');
  });
  monthLabels(out, months, slotX, points.y + points.h + 16, slot);
  legend(out, SERIES, points.x, points.y + points.h + 40);
  // Tiers at each month's end: stacked bars.
  const tierIds = [...new Set(statistics.tiers.flatMap((t) => Object.keys(t.tiers)))].sort();
  const stacks = [...tierIds.map((id, i) => ({ key: id, label: id, color: TIER_COLORS[i % TIER_COLORS.length] as string })), { key: 'untiered', label: 'no tier', color: UNTIERED }];
  const tiers = { x: 90, y: 450, w: 480, h: 230 };
  const most = Math.max(1, ...statistics.tiers.map((t) => Object.values(t.tiers).reduce((a, b) => a + b, t.untiered)));
  const ty = valueAxis(out, tiers, 'Customers per tier at month end', 'Customers', 0, most);
  const tslot = tiers.w / n;
  const base = statistics.tiers.map(() => 0);
  for (const s of stacks) {
    out.push(`<g class="tier ${escapeXml(s.key)}" fill="${s.color}">`);
    statistics.tiers.forEach((t, i) => {
      const v = s.key === 'untiered' ? t.untiered : (t.tiers[s.key] ?? 0);
      const b = base[i] as number;
      out.push(`<rect x="${(tiers.x + tslot * i + tslot * 0.2).toFixed(1)}" y="${ty(b + v).toFixed(1)}" width="${(tslot * 0.6).toFixed(1)}" height="${(ty(b) - ty(b + v)).toFixed(1)}"><title>${escapeXml(`${t.month} ${s.label}: ${v}`)}</title></rect>`);
      base[i] = b + v;
    });
    out.push('</g>');
  }
  monthLabels(out, months, (i) => tiers.x + tslot * (i + 0.5), tiers.y + tiers.h + 16, tslot);
  legend(out, stacks, tiers.x, tiers.y + tiers.h + 40);
  // The period in figures.
  const rate = (r: { value: string | null; numerator: number; denominator: number }): string =>
    r.value === null ? 'n/a' : `${(Number(r.value) * 100).toFixed(2)} % (${fmt(r.numerator)} / ${fmt(r.denominator)})`;
  const t = statistics.totals;
  const lines: [string, string][] = [
    ['Issued', `${fmt(t.issued.total)} (orders ${fmt(t.issued.orders)}, bonuses ${fmt(t.issued.bonuses)}, partners ${fmt(t.issued.partners)})`],
    ['Burned · expired', `${fmt(t.burned)} · ${fmt(t.expired)}`],
    ['Reversed · adjusted', `${fmt(t.reversed)} · ${fmt(t.adjusted)}`],
    ['Redemption rate', rate(statistics.redemption)],
    ['Breakage rate', rate(statistics.breakage)],
    ...statistics.stampCards.map((c): [string, string] => [`Card ${c.ruleId}`, `${fmt(c.completed)} filled, median ${c.medianDays ?? 'n/a'} days`]),
    ...statistics.coupons.map((c): [string, string] => [`Coupons ${c.campaign}`, `${fmt(c.issued + c.sharedCodes)} codes, ${fmt(c.redeemers)} redeemers, ${fmt(c.redeemed)} uses`]),
  ];
  out.push(`<g class="figures" fill="#222"><text x="610" y="${tiers.y - 12}" font-size="14" font-weight="600">The period</text>`);
  lines.slice(0, 8).forEach(([k, v], i) => {
    const y = tiers.y + 8 + i * 34;
    out.push(`<text class="figure" x="610" y="${y}" fill="#555">${escapeXml(k)}</text>`, `<text x="610" y="${y + 15}">${escapeXml(v)}</text>`);
  });
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}
