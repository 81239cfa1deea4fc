// The common frame and text of the SVG pictures of the portfolio module (internal).

/** `text` safe inside SVG text and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number for an axis or a label: three significant digits, whole numbers from 1,000 on. */
export function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(3)).toLocaleString('en-US');
}

/** The plot area of a picture `width` × `height`: margins for the title, the ticks and the axis labels. */
export function plotFrame(width: number, height: number): { left: number; top: number; plotW: number; plotH: number } {
  const left = 80;
  const right = 24;
  const top = 70;
  const bottom = 64;
  return { left, top, plotW: width - left - right, plotH: height - top - bottom };
}

/** The opening of a picture: the svg element (with `kind` as its class), its title, a white background, title and subtitle lines. */
export function svgHeader(width: number, height: number, title: string, subtitle: string, kind?: string): string[] {
  const { left } = plotFrame(width, height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg"${kind === undefined ? '' : ` class="${kind}"`} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="28" font-size="18" font-weight="600" fill="#222">${escapeXml(title)}</text>`,
    `<text x="${left}" y="48" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
}
