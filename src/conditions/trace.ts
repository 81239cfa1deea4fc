import type { LineMeasure, Operator } from './condition.js';

/**
 * The trace of one fact comparison: what was compared, the actual value and the outcome.
 *
 * @example
 * ```ts
 * const t: FactTrace = { kind: 'fact', path: 'conditions.all[0]', fact: 'order.subtotal', operator: 'greaterThanInclusive',
 *   expected: '50.00 EUR', actual: '49.99 EUR', passed: false,
 *   sentence: 'order.subtotal is 49.99 EUR, which is not at least 50.00 EUR' };
 * ```
 */
export interface FactTrace {
  /** Discriminant. */
  readonly kind: 'fact';
  /** Path of the condition in its definition. */
  readonly path: string;
  /** Fact name. */
  readonly fact: string;
  /** Operator. */
  readonly operator: Operator;
  /** Expected value, for people. */
  readonly expected: string;
  /** Actual value, for people (money as `49.99 EUR`). */
  readonly actual: string;
  /** Whether the comparison held. */
  readonly passed: boolean;
  /** The comparison in one sentence. */
  readonly sentence: string;
  /** The line the comparison was made on, inside line conditions. */
  readonly lineId?: string;
}

/**
 * The trace of an `all` / `any` / `not` node.
 *
 * @example
 * ```ts
 * const t: GroupTrace = { kind: 'all', path: 'conditions', passed: true, children: [], sentence: 'all of 0 conditions hold' };
 * ```
 */
export interface GroupTrace {
  /** Discriminant. */
  readonly kind: 'all' | 'any' | 'not';
  /** Path of the node. */
  readonly path: string;
  /** Whether the node held. */
  readonly passed: boolean;
  /** The children's traces (every child, evaluated without short-circuit). */
  readonly children: readonly ConditionTrace[];
  /** Summary sentence. */
  readonly sentence: string;
  /** The line, inside line conditions. */
  readonly lineId?: string;
}

/**
 * The trace of an `anyLine` / `allLines` quantifier: each line's outcome.
 *
 * @example
 * ```ts
 * const t: LinesQuantifierTrace = { kind: 'anyLine', path: 'conditions', passed: false, lines: [], sentence: 'no line matches' };
 * ```
 */
export interface LinesQuantifierTrace {
  /** Discriminant. */
  readonly kind: 'anyLine' | 'allLines';
  /** Path of the node. */
  readonly path: string;
  /** Whether the quantifier held. */
  readonly passed: boolean;
  /** Every line's trace. */
  readonly lines: readonly { readonly lineId: string; readonly passed: boolean; readonly trace: ConditionTrace }[];
  /** Summary sentence. */
  readonly sentence: string;
}

/**
 * The trace of a `lines` aggregate.
 *
 * @example
 * ```ts
 * const t: LinesAggregateTrace = { kind: 'lines', path: 'conditions', measure: 'quantity', operator: 'greaterThanInclusive',
 *   expected: '3', actual: '2', matchedLines: ['l1'], passed: false, sentence: 'quantity of matching lines is 2, which is not at least 3' };
 * ```
 */
export interface LinesAggregateTrace {
  /** Discriminant. */
  readonly kind: 'lines';
  /** Path of the node. */
  readonly path: string;
  /** What was aggregated. */
  readonly measure: LineMeasure;
  /** Operator. */
  readonly operator: Operator;
  /** Expected value, for people. */
  readonly expected: string;
  /** Aggregate, for people. */
  readonly actual: string;
  /** Ids of the lines that matched `where`. */
  readonly matchedLines: readonly string[];
  /** Whether the comparison held. */
  readonly passed: boolean;
  /** Summary sentence. */
  readonly sentence: string;
}

/**
 * The trace of any condition node.
 *
 * @example
 * ```ts
 * function passed(t: ConditionTrace): boolean { return t.passed; }
 * ```
 */
export type ConditionTrace = FactTrace | GroupTrace | LinesQuantifierTrace | LinesAggregateTrace;

/**
 * The comparisons that made a failed condition fail (for an `any`, every failed branch; for a
 * `not`, the child that held). Empty when the trace passed.
 *
 * @example
 * ```ts
 * const why = failedComparisons(compiled.explain(subject));
 * why[0]?.sentence; // 'order.subtotal is 49.99 EUR, which is not at least 50.00 EUR'
 * ```
 */
export function failedComparisons(trace: ConditionTrace): (FactTrace | LinesAggregateTrace)[] {
  if (trace.passed) return [];
  return collect(trace, false);
}

function collect(trace: ConditionTrace, wantPassed: boolean): (FactTrace | LinesAggregateTrace)[] {
  switch (trace.kind) {
    case 'fact':
    case 'lines':
      return trace.passed === wantPassed ? [trace] : [];
    case 'not':
      return trace.children.flatMap((c) => collect(c, !wantPassed));
    case 'all':
    case 'any':
      return trace.children.filter((c) => c.passed === wantPassed).flatMap((c) => collect(c, wantPassed));
    case 'anyLine':
    case 'allLines':
      return trace.lines.filter((l) => l.passed === wantPassed).flatMap((l) => collect(l.trace, wantPassed));
  }
}
