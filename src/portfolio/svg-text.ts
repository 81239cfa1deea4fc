// Text in the SVG pictures of the portfolio module (internal).

/** `text` safe inside SVG text and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number for an axis or a label: three significant digits, whole numbers from 1,000 on. */
export function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(3)).toLocaleString('en-US');
}
