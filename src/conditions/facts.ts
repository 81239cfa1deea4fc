import type { FactSubject, LineFacts } from './subject.js';

/**
 * The type of a fact, which decides the operators it accepts and how values are read:
 * - `money`: integer minor units at run time; values are decimal strings in the program currency
 * - `integer`: whole numbers (quantities, counts, days)
 * - `number`: any finite number (a probability such as `customer.segment.pAlive`)
 * - `string`, `strings` (a list, e.g. categories), `boolean`
 * - `date` (`YYYY-MM-DD`), `monthDay` (`MM-DD`), `time` (`HH:MM`), `weekday` (1 = Monday … 7 = Sunday), `hour` (0–23)
 * - `attribute`: a free attribute (string, number, boolean or null), compared by its run-time type
 *
 * @example
 * ```ts
 * const t: FactType = 'money';
 * ```
 */
export type FactType =
  | 'money'
  | 'integer'
  | 'number'
  | 'string'
  | 'strings'
  | 'boolean'
  | 'date'
  | 'monthDay'
  | 'time'
  | 'weekday'
  | 'hour'
  | 'attribute';

/**
 * Where a fact comes from. `line` facts are only available inside a line condition
 * (`anyLine`, `allLines`, `lines.where`, a rule's `eligibleLines`).
 *
 * @example
 * ```ts
 * const s: FactScope = 'line';
 * ```
 */
export type FactScope = 'order' | 'line' | 'customer' | 'context';

/**
 * One fact of the catalogue.
 *
 * @example
 * ```ts
 * const subtotal: FactDefinition | undefined = FACTS.resolve('order.subtotal');
 * ```
 */
export interface FactDefinition {
  /** Full name, e.g. `order.subtotal`. */
  readonly name: string;
  /** Where it comes from. */
  readonly scope: FactScope;
  /** Its type. */
  readonly type: FactType;
  /** What it means, for the docs and for trace sentences. */
  readonly description: string;
  /** Read the fact (amounts in minor units); `line` is set inside line conditions. */
  readonly get: (subject: FactSubject, line: LineFacts | undefined) => unknown;
  /**
   * True when the fact may be undefined (the `customer.segment.*` facts of a customer without a
   * stored segment): every comparison on an undefined value is false, `notEqual` and `notIn`
   * included (a `not` around it is true).
   */
  readonly optional?: boolean;
}

/**
 * The set of facts a condition may name. Rules and coupons share {@link FACTS}.
 *
 * @example
 * ```ts
 * FACTS.resolve('customer.attributes.segment')?.type; // 'attribute'
 * FACTS.resolve('order.colour'); // undefined
 * ```
 */
export interface FactCatalogue {
  /** The definition of a fact name, or `undefined` when the name is unknown. */
  resolve(name: string): FactDefinition | undefined;
  /** The fixed facts (attribute families appear once as `….attributes.<key>`). */
  list(): readonly FactDefinition[];
}

const fixed: FactDefinition[] = [];
const def = (
  name: string,
  scope: FactScope,
  type: FactType,
  description: string,
  get: (s: FactSubject, l: LineFacts | undefined) => unknown,
): void => {
  fixed.push({ name, scope, type, description, get });
};
const L = (l: LineFacts | undefined): LineFacts => l as LineFacts;
const optional = (name: string, type: FactType, description: string, get: (s: FactSubject) => unknown): void => {
  fixed.push({ name, scope: 'customer', type, description, get, optional: true });
};

def('order.subtotal', 'order', 'money', 'sum of line totals, net of line discounts', (s) => s.subtotal);
def('order.grossSubtotal', 'order', 'money', 'sum of quantity × unit price, before discounts', (s) => s.grossSubtotal);
def('order.discountTotal', 'order', 'money', 'sum of line discounts', (s) => s.discountTotal);
def('order.itemCount', 'order', 'integer', 'number of items (sum of quantities)', (s) => s.itemCount);
def('order.lineCount', 'order', 'integer', 'number of lines', (s) => s.lines.length);
def('order.channel', 'order', 'string', 'sales channel (web when not given)', (s) => s.channel);
def('order.store', 'order', 'string', 'store code (empty when none)', (s) => s.store);
def('order.currency', 'order', 'string', 'ISO 4217 currency code', (s) => s.currency);
def('order.date', 'order', 'date', 'local date of placedAt in the program zone', (s) => s.orderLocal.date);
def('order.weekday', 'order', 'weekday', 'local ISO weekday of placedAt (1 = Monday … 7 = Sunday)', (s) => s.orderLocal.weekday);
def('order.hour', 'order', 'hour', 'local hour of placedAt (0–23)', (s) => s.orderLocal.hour);
def('order.time', 'order', 'time', 'local time of placedAt, HH:MM', (s) => s.orderLocal.time);
def('order.month', 'order', 'integer', 'local month of placedAt (1–12)', (s) => s.orderLocal.month);
def('order.monthDay', 'order', 'monthDay', 'local month and day of placedAt, MM-DD', (s) => s.orderLocal.monthDay);
def('line.sku', 'line', 'string', 'the line SKU', (_s, l) => L(l).sku);
def('line.categories', 'line', 'strings', 'the line categories', (_s, l) => L(l).categories);
def('line.brand', 'line', 'string', 'the line brand (empty when none)', (_s, l) => L(l).brand);
def('line.quantity', 'line', 'integer', 'units on the line', (_s, l) => L(l).quantity);
def('line.unitPrice', 'line', 'money', 'price of one unit', (_s, l) => L(l).unitPrice);
def('line.lineTotal', 'line', 'money', 'quantity × unit price − line discount', (_s, l) => L(l).lineTotal);
def('line.grossTotal', 'line', 'money', 'quantity × unit price', (_s, l) => L(l).grossTotal);
def('line.discount', 'line', 'money', 'discount on the line', (_s, l) => L(l).discount);
def('customer.id', 'customer', 'string', 'customer id (empty for a guest)', (s) => s.customer?.id ?? '');
def('customer.tier', 'customer', 'string', 'current tier id (empty when none)', (s) => s.customer?.tier ?? '');
def('customer.segment', 'customer', 'attribute', 'shorthand for customer.attributes.segment', (s) => s.customer?.attributes?.['segment'] ?? null);
optional('customer.segment.quadrant', 'string', 'portfolio quadrant of the stored segment: star, question-mark, profit, selection (undefined without a segment)', (s) => s.customer?.segment?.quadrant);
optional('customer.segment.rfm', 'string', 'RFM segment of the stored segment, e.g. champions, at-risk (undefined without one)', (s) => s.customer?.segment?.rfm);
optional('customer.segment.clv', 'money', 'customer lifetime value of the stored segment, rounded half-up to the currency (undefined without one)', (s) => s.segmentClv);
optional('customer.segment.pAlive', 'number', 'probability 0–1 that the customer is still active, from the stored segment (undefined without one)', (s) => s.customer?.segment?.pAlive);
optional('customer.segment.labels', 'strings', 'labels of the stored segment (undefined without one)', (s) => s.customer?.segment?.labels);
def('customer.birthdayToday', 'customer', 'boolean', 'birthday is the order day (customer zone)', (s) => s.birthdayIn('day'));
def('customer.birthdayThisWeek', 'customer', 'boolean', 'birthday falls in the ISO week of the order (customer zone)', (s) => s.birthdayIn('week'));
def('customer.birthdayThisMonth', 'customer', 'boolean', 'birthday falls in the month of the order (customer zone)', (s) => s.birthdayIn('month'));
def('customer.daysSinceJoining', 'customer', 'integer', 'local days from joining to the order', (s) => s.daysSinceJoining);
def('customer.isFirstOrder', 'customer', 'boolean', 'the customer has no earlier order', (s) => s.orderCount === 0);
def('customer.orderCount', 'customer', 'integer', 'orders before this one', (s) => s.orderCount);
def('context.date', 'context', 'date', 'local date of the evaluation instant in the program zone', (s) => s.nowLocal.date);
def('context.weekday', 'context', 'weekday', 'local ISO weekday of the evaluation instant', (s) => s.nowLocal.weekday);
def('context.hour', 'context', 'hour', 'local hour of the evaluation instant', (s) => s.nowLocal.hour);

const ATTRIBUTE_FAMILIES: ReadonlyArray<readonly [string, FactScope, (key: string) => FactDefinition['get']]> = [
  ['order.attributes.', 'order', (k) => (s) => s.order.attributes?.[k] ?? null],
  ['line.attributes.', 'line', (k) => (_s, l) => L(l).attributes[k] ?? null],
  ['customer.attributes.', 'customer', (k) => (s) => s.customer?.attributes?.[k] ?? null],
  ['context.attributes.', 'context', (k) => (s) => s.contextAttributes[k] ?? null],
];

function attributeFamilies(): FactDefinition[] {
  return ATTRIBUTE_FAMILIES.map(([prefix, scope]) => ({
    name: `${prefix}<key>`,
    scope,
    type: 'attribute' as const,
    description: `free ${scope} attribute <key> (null when absent)`,
    get: () => null,
  }));
}

/**
 * A catalogue of the built-in facts plus `extra` ones (a shop's own computed facts). Extra
 * names must not shadow built-in ones.
 *
 * @example
 * ```ts
 * const catalogue = createFactCatalogue([
 *   { name: 'context.basketScore', scope: 'context', type: 'integer', description: 'model score',
 *     get: (s) => s.contextAttributes['basketScore'] ?? 0 },
 * ]);
 * catalogue.resolve('context.basketScore')?.type; // 'integer'
 * ```
 */
export function createFactCatalogue(extra: readonly FactDefinition[] = []): FactCatalogue {
  const byName = new Map<string, FactDefinition>();
  for (const f of [...fixed, ...extra]) {
    if (byName.has(f.name)) throw new Error(`fact ${f.name} is defined twice`);
    byName.set(f.name, f);
  }
  const attributes = new Map<string, FactDefinition>();
  const all = [...byName.values(), ...attributeFamilies()];
  return {
    resolve(name: string): FactDefinition | undefined {
      const known = byName.get(name) ?? attributes.get(name);
      if (known !== undefined) return known;
      for (const [prefix, scope, getter] of ATTRIBUTE_FAMILIES) {
        if (name.startsWith(prefix) && name.length > prefix.length) {
          const key = name.slice(prefix.length);
          const f: FactDefinition = { name, scope, type: 'attribute', description: `${scope} attribute ${key}`, get: getter(key) };
          attributes.set(name, f);
          return f;
        }
      }
      return undefined;
    },
    list: () => all,
  };
}

/**
 * The shared fact catalogue of rules and coupons: order, line, customer and context facts
 * (see the table in `docs/rules.md`).
 *
 * @example
 * ```ts
 * FACTS.resolve('order.weekday')?.type; // 'weekday'
 * FACTS.list().map((f) => f.name).includes('line.categories'); // true
 * ```
 */
export const FACTS: FactCatalogue = createFactCatalogue();
