import { z } from 'zod';

/**
 * The comparison operators of the condition language (json-rules-engine's names). Which
 * operators a fact accepts depends on its type; see `docs/rules.md`.
 *
 * @example
 * ```ts
 * const op: Operator = 'greaterThanInclusive';
 * ```
 */
export type Operator =
  | 'equal'
  | 'notEqual'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'doesNotContain'
  | 'lessThan'
  | 'lessThanInclusive'
  | 'greaterThan'
  | 'greaterThanInclusive'
  | 'between';

/**
 * Every operator, in documentation order.
 *
 * @example
 * ```ts
 * OPERATORS.includes('between'); // true
 * ```
 */
export const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'between',
] as const satisfies readonly Operator[];

/**
 * A JSON value a condition compares a fact with.
 *
 * @example
 * ```ts
 * const v: ConditionValue = ['6', 7];
 * ```
 */
export type ConditionValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

/**
 * A leaf: compare one fact with a value, e.g. `{ fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '50.00' }`.
 *
 * @example
 * ```ts
 * const c: FactCondition = { fact: 'order.weekday', operator: 'in', value: [6, 7] };
 * ```
 */
export interface FactCondition {
  /** The fact's name from the catalogue, e.g. `order.subtotal`, `line.categories`, `customer.attributes.segment`. */
  readonly fact: string;
  /** How to compare. */
  readonly operator: Operator;
  /** What to compare with (money as a decimal string in the program currency). */
  readonly value: ConditionValue;
}

/**
 * Every child must hold.
 *
 * @example
 * ```ts
 * const c: AllCondition = { all: [{ fact: 'order.channel', operator: 'equal', value: 'web' }] };
 * ```
 */
export interface AllCondition {
  /** The children, all of which must hold (an empty list holds). */
  readonly all: readonly Condition[];
}

/**
 * At least one child must hold.
 *
 * @example
 * ```ts
 * const c: AnyCondition = { any: [{ fact: 'order.store', operator: 'equal', value: 'paris-1' }] };
 * ```
 */
export interface AnyCondition {
  /** The children, one of which must hold (an empty list fails). */
  readonly any: readonly Condition[];
}

/**
 * The child must not hold.
 *
 * @example
 * ```ts
 * const c: NotCondition = { not: { fact: 'customer.tier', operator: 'equal', value: 'gold' } };
 * ```
 */
export interface NotCondition {
  /** The negated child. */
  readonly not: Condition;
}

/**
 * At least one order line satisfies the line condition (which may use `line.*` facts).
 *
 * @example
 * ```ts
 * const c: AnyLineCondition = { anyLine: { fact: 'line.categories', operator: 'contains', value: 'tea' } };
 * ```
 */
export interface AnyLineCondition {
  /** The condition a line must satisfy. */
  readonly anyLine: Condition;
}

/**
 * Every order line satisfies the line condition.
 *
 * @example
 * ```ts
 * const c: AllLinesCondition = { allLines: { fact: 'line.brand', operator: 'equal', value: 'Acme' } };
 * ```
 */
export interface AllLinesCondition {
  /** The condition every line must satisfy. */
  readonly allLines: Condition;
}

/**
 * Aggregate the lines that satisfy `where` (all lines when absent) and compare the aggregate:
 * `quantity` (sum of quantities), `count` (number of lines) or `total` (sum of line totals,
 * money, net of line discounts).
 *
 * @example
 * ```ts
 * // at least 3 items of category tea
 * const c: LinesCondition = {
 *   lines: { where: { fact: 'line.categories', operator: 'contains', value: 'tea' }, measure: 'quantity' },
 *   operator: 'greaterThanInclusive', value: 3,
 * };
 * ```
 */
export interface LinesCondition {
  /** Which lines and what to measure. */
  readonly lines: { readonly where?: Condition; readonly measure: LineMeasure };
  /** How to compare the aggregate. */
  readonly operator: Operator;
  /** What to compare the aggregate with (a decimal string for `total`). */
  readonly value: ConditionValue;
}

/**
 * What a {@link LinesCondition} aggregates.
 *
 * @example
 * ```ts
 * const m: LineMeasure = 'quantity';
 * ```
 */
export type LineMeasure = 'quantity' | 'count' | 'total';

/**
 * A node of the condition language: `all` / `any` / `not` over fact comparisons, plus line
 * quantifiers (`anyLine`, `allLines`, `lines` aggregates).
 *
 * @example
 * ```ts
 * const weekendTea: Condition = {
 *   all: [
 *     { fact: 'order.weekday', operator: 'in', value: [6, 7] },
 *     { anyLine: { fact: 'line.categories', operator: 'contains', value: 'tea' } },
 *   ],
 * };
 * ```
 */
export type Condition =
  | FactCondition
  | AllCondition
  | AnyCondition
  | NotCondition
  | AnyLineCondition
  | AllLinesCondition
  | LinesCondition;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Value = z.union([Scalar, z.array(Scalar)]).describe('a string, number, boolean, null, or a list of them');
const OperatorSchema = z.enum(OPERATORS);

const FactConditionSchema = z
  .object({ fact: z.string().min(1).describe('fact name, e.g. order.subtotal'), operator: OperatorSchema, value: Value })
  .strict();

/**
 * The zod schema of a {@link Condition}, used for typing and JSON Schema publication. Parsing
 * with messages that name the exact path (unknown fact, operator not valid for the fact's type,
 * money value too precise…) is done by `parseCondition` / `conditionIssues`, which know the
 * fact catalogue.
 *
 * @example
 * ```ts
 * ConditionSchema.safeParse({ all: [{ fact: 'order.channel', operator: 'equal', value: 'web' }] }).success; // true
 * ```
 */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    FactConditionSchema,
    z.object({ all: z.array(ConditionSchema) }).strict(),
    z.object({ any: z.array(ConditionSchema) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
    z.object({ anyLine: ConditionSchema }).strict(),
    z.object({ allLines: ConditionSchema }).strict(),
    z
      .object({
        lines: z.object({ where: ConditionSchema.optional(), measure: z.enum(['quantity', 'count', 'total']) }).strict(),
        operator: OperatorSchema,
        value: Value,
      })
      .strict(),
  ]),
) as z.ZodType<Condition>;
