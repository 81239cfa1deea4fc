// Orders and returns for `fidelis backtest` from CSV files (CLI layer: reads files).
import { createReadStream } from 'node:fs';
import { currencyExponent } from '../core/currency.js';
import { FidelisError } from '../core/errors.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import type { Order, OrderLine, Return } from '../core/schemas.js';
import type { PromotionBacktestCart } from '../coupons/backtest-promotion.js';
import { startOfLocalDate } from '../core/time.js';
import { fileRecords } from '../portfolio/csv-records.js';

/** Columns of an orders file: one row per order line; rows with the same `order_id` are one order. */
export const ORDER_COLUMNS = { required: ['order_id', 'customer_id', 'placed_at'], optional: ['amount', 'unit_price', 'quantity', 'line_id', 'sku', 'category', 'discount', 'codes'] } as const;
/** Columns of a returns file: one row per returned line; rows with the same `return_id` are one return. */
export const RETURN_COLUMNS = { required: ['return_id', 'order_id', 'returned_at'], optional: ['line_id', 'quantity'] } as const;

function cellError(file: string, line: number, column: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `${file} line ${line}, column ${column}: ${message}`, { line, column, issues: [{ path: `${file}:${line}:${column}`, message }] });
}

/** A cell that must not be empty. */
function required(path: string, row: { readonly get: (c: string) => string | undefined; readonly line: number }, column: string): string {
  const v = row.get(column);
  if (v === undefined) throw cellError(path, row.line, column, 'is empty');
  return v;
}

/** An instant with an offset (`2026-03-01T10:00:00+01:00`, `…Z`), or a date: the start of that local day in `zone`. */
function instantOf(text: string, zone: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    try {
      return startOfLocalDate(text, zone);
    } catch {
      return undefined;
    }
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The rows of a CSV file as header name → value, with their line numbers; the header must name the required columns. */
async function* rows(path: string, columns: { readonly required: readonly string[]; readonly optional: readonly string[] }): AsyncGenerator<{ get: (c: string) => string | undefined; line: number }> {
  let index: Map<string, number> | undefined;
  for await (const batch of fileRecords(createReadStream(path), 'auto')) {
    for (const record of batch) {
      if (index === undefined) {
        index = new Map(record.fields.map((f, i) => [f.trim().toLowerCase(), i]));
        const missing = columns.required.filter((c) => !index?.has(c));
        if (missing.length > 0) {
          throw new FidelisError('PARSE_FAILED', `${path} line ${record.line}: the header lacks column(s) ${missing.join(', ')} (columns: ${[...columns.required, ...columns.optional].join(', ')})`, { line: record.line });
        }
        continue;
      }
      const fields = record.fields;
      const at = index;
      yield {
        get: (c) => {
          const i = at.get(c);
          const v = i === undefined ? undefined : fields[i]?.trim();
          return v === '' ? undefined : v;
        },
        line: record.line,
      };
    }
  }
}

/** The orders of a file in file order, each with the codes its rows name. */
async function orderEntries(path: string, currency: string, zone: string): Promise<{ readonly order: Order; readonly codes: readonly string[] }[]> {
  const exponent = currencyExponent(currency);
  const orders = new Map<string, { order: Order & { lines: OrderLine[] }; line: number; codes: string[] }>();
  for await (const row of rows(path, ORDER_COLUMNS)) {
    const need = (c: string): string => required(path, row, c);
    const id = need('order_id');
    const customerId = need('customer_id');
    const placedText = need('placed_at');
    const placedAt = instantOf(placedText, zone);
    if (placedAt === undefined) throw cellError(path, row.line, 'placed_at', `"${placedText}" is not a date (YYYY-MM-DD) or an instant with an offset (2026-03-01T10:00:00+01:00)`);
    const quantityText = row.get('quantity') ?? '1';
    const quantity = Number(quantityText);
    if (!/^\d+$/.test(quantityText) || quantity < 1) throw cellError(path, row.line, 'quantity', `"${quantityText}" is not a whole number ≥ 1`);
    const money = (c: string, text: string): number => {
      const minor = /^\d+(\.\d+)?$/.test(text) ? decimalToMinorUnits(text, exponent) : undefined;
      if (minor === undefined) throw cellError(path, row.line, c, `"${text}" is not an amount ≥ 0 in ${currency} (at most ${exponent} decimals, a point for decimals)`);
      return minor;
    };
    let unitMinor: number;
    const unitPrice = row.get('unit_price');
    if (unitPrice !== undefined) unitMinor = money('unit_price', unitPrice);
    else {
      const amount = row.get('amount');
      if (amount === undefined) throw cellError(path, row.line, 'amount', 'is empty (give amount or unit_price)');
      const total = money('amount', amount);
      if (total % quantity !== 0) throw cellError(path, row.line, 'amount', `${amount} does not split into ${quantity} equal unit prices in ${currency}; give unit_price`);
      unitMinor = total / quantity;
    }
    const discount = row.get('discount');
    const entry = orders.get(id) ?? { order: { id, customerId, placedAt, currency, channel: 'web', taxInclusive: true, lines: [], attributes: {} }, line: row.line, codes: [] };
    if (entry.order.customerId !== customerId) throw cellError(path, row.line, 'customer_id', `order ${id} is customer ${entry.order.customerId}'s (line ${entry.line})`);
    const lineId = row.get('line_id') ?? `l${entry.order.lines.length + 1}`;
    if (entry.order.lines.some((l) => l.id === lineId)) throw cellError(path, row.line, 'line_id', `order ${id} already has a line "${lineId}"`);
    entry.order.lines.push({
      id: lineId,
      sku: row.get('sku') ?? 'item',
      categories: row.get('category')?.split('|').map((c) => c.trim()) ?? [],
      quantity,
      unitPrice: minorUnitsToDecimal(unitMinor, exponent),
      ...(discount !== undefined ? { discount: minorUnitsToDecimal(money('discount', discount), exponent) } : {}),
      attributes: {},
    });
    for (const code of row.get('codes')?.split('|') ?? []) if (code.trim() !== '' && !entry.codes.includes(code.trim())) entry.codes.push(code.trim());
    orders.set(id, entry);
  }
  return [...orders.values()];
}

/**
 * Read an orders file: one row per line (`order_id`, `customer_id`, `placed_at`, and `amount`
 * (the line's total) or `unit_price`, with optional `quantity` (default 1), `line_id` (default
 * l1, l2… in file order), `sku`, `category` (several separated by `|`) and `discount`). Amounts
 * are in `currency`; dates without a time are the start of that day in `zone`. Bad cells are
 * `VALIDATION_FAILED` naming the file, line and column.
 */
export async function readOrdersCsv(path: string, currency: string, zone: string): Promise<Order[]> {
  return (await orderEntries(path, currency, zone)).map((e) => e.order);
}

/**
 * Read a cart history for a promotion backtest: an orders file (see {@link readOrdersCsv}), each
 * order one cart checked out at `placed_at` with the codes of its `codes` column (several
 * separated by `|`). The customer joined at their first cart in the file, and each cart knows
 * how many of theirs came before it (first-order conditions).
 */
export async function readCartsCsv(path: string, currency: string, zone: string): Promise<PromotionBacktestCart[]> {
  const entries = await orderEntries(path, currency, zone);
  const byTime = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.order.placedAt.getTime() - b.e.order.placedAt.getTime() || a.i - b.i);
  const seen = new Map<string, { first: Date; count: number }>();
  return byTime.map(({ e: { order, codes } }) => {
    const before = seen.get(order.customerId);
    seen.set(order.customerId, { first: before?.first ?? order.placedAt, count: (before?.count ?? 0) + 1 });
    const stats = before === undefined ? { orderCount: 0 } : { orderCount: before.count, firstOrderAt: before.first };
    return {
      at: order.placedAt,
      cart: { id: order.id, currency, channel: order.channel, lines: order.lines, attributes: {} },
      customer: { id: order.customerId, joinedAt: before?.first ?? order.placedAt, stats },
      ...(codes.length === 0 ? {} : { codes }),
    };
  });
}

/**
 * Read a returns file: one row per returned line (`return_id`, `order_id`, `returned_at`, and
 * optional `line_id` and `quantity`; without `line_id` the whole order comes back, without
 * `quantity` every unit of the line). `orders` resolves the defaults.
 */
export async function readReturnsCsv(path: string, zone: string, orders: readonly Order[]): Promise<Return[]> {
  const byId = new Map(orders.map((o) => [o.id, o]));
  const returns = new Map<string, { id: string; orderId: string; at: Date; lines: { lineId: string; quantity: number }[] }>();
  for await (const row of rows(path, RETURN_COLUMNS)) {
    const need = (c: string): string => required(path, row, c);
    const id = need('return_id');
    const orderId = need('order_id');
    const atText = need('returned_at');
    const at = instantOf(atText, zone);
    if (at === undefined) throw cellError(path, row.line, 'returned_at', `"${atText}" is not a date (YYYY-MM-DD) or an instant with an offset`);
    const order = byId.get(orderId);
    if (order === undefined) throw cellError(path, row.line, 'order_id', `order "${orderId}" is not in the orders file`);
    const lineId = row.get('line_id');
    const lines = lineId === undefined ? order.lines : order.lines.filter((l) => l.id === lineId);
    if (lines.length === 0) throw cellError(path, row.line, 'line_id', `order ${orderId} has no line "${lineId ?? ''}"`);
    const quantityText = row.get('quantity');
    if (quantityText !== undefined && (lineId === undefined || !/^\d+$/.test(quantityText) || Number(quantityText) < 1)) {
      throw cellError(path, row.line, 'quantity', lineId === undefined ? 'needs a line_id' : `"${quantityText}" is not a whole number ≥ 1`);
    }
    const entry = returns.get(id) ?? { id, orderId, at, lines: [] };
    if (entry.orderId !== orderId) throw cellError(path, row.line, 'order_id', `return ${id} is of order ${entry.orderId}`);
    for (const l of lines) entry.lines.push({ lineId: l.id, quantity: quantityText === undefined ? l.quantity : Number(quantityText) });
    returns.set(id, entry);
  }
  return [...returns.values()];
}
