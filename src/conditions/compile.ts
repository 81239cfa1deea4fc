import { currencyExponent, isCurrency } from '../core/currency.js';
import { type ValidationIssue, validationError } from '../core/errors.js';
import { minorUnitsToDecimal } from '../core/money.js';
import { type Condition, type LineMeasure, OPERATORS, type Operator } from './condition.js';
import { FACTS, type FactCatalogue, type FactType } from './facts.js';
import { type Comparison, OPERATOR_PHRASES, compileComparison, displayValue } from './operators.js';
import type { FactSubject, LineFacts } from './subject.js';
import type { ConditionTrace } from './trace.js';

/**
 * Options of {@link compileCondition} and {@link conditionIssues}.
 *
 * @example
 * ```ts
 * const options: ConditionOptions = { currency: 'EUR', scope: 'line', path: 'earnRules[0].eligibleLines' };
 * ```
 */
export interface ConditionOptions {
  /** Currency of money values (the program's); money facts compare in its minor units. */
  readonly currency: string;
  /** `order` (default): order, customer and context facts and line quantifiers; `line`: also `line.*` facts. */
  readonly scope?: 'order' | 'line' | undefined;
  /** Path prefix for issues and traces, e.g. `earnRules[2].conditions`. */
  readonly path?: string | undefined;
  /** Fact catalogue; the shared {@link FACTS} by default. */
  readonly facts?: FactCatalogue | undefined;
}

/**
 * A condition compiled once to synchronous closures. `test` is the fast path; `explain`
 * evaluates every node (no short-circuit) and returns the full trace.
 *
 * @example
 * ```ts
 * const c = compileCondition({ fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '50.00' }, { currency: 'EUR' });
 * c.test(subject); // true or false
 * c.explain(subject).passed;
 * ```
 */
export interface CompiledCondition {
  /** The source condition. */
  readonly source: Condition;
  /** Whether the condition holds (`line` is required for line-scope conditions). */
  readonly test: (subject: FactSubject, line?: LineFacts) => boolean;
  /** The trace of every node with actual values. */
  readonly explain: (subject: FactSubject, line?: LineFacts) => ConditionTrace;
  /**
   * For line conditions the subject indexes (category `contains`/`in`, SKU `equal`/`in`): the
   * lines that pass, as a bit mask (bit i for line i), without testing each line; undefined
   * when the order is too large for a mask. Absent for other conditions.
   */
  readonly lineMask: ((subject: FactSubject) => number | undefined) | undefined;
}

type Test = (s: FactSubject, l: LineFacts | undefined) => boolean;
type Explain = (s: FactSubject, l: LineFacts | undefined) => ConditionTrace;
interface Node {
  readonly test: Test;
  readonly explain: Explain;
}

interface Walk {
  readonly facts: FactCatalogue;
  readonly currency: string;
  readonly exponent: number;
  readonly issues: ValidationIssue[];
}

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const NODE_KEYS = ['all', 'any', 'not', 'anyLine', 'allLines', 'lines', 'fact'] as const;
const ALLOWED_KEYS: Readonly<Record<(typeof NODE_KEYS)[number], readonly string[]>> = {
  all: ['all'],
  any: ['any'],
  not: ['not'],
  anyLine: ['anyLine'],
  allLines: ['allLines'],
  lines: ['lines', 'operator', 'value'],
  fact: ['fact', 'operator', 'value'],
};

function lineTag(l: LineFacts | undefined): { lineId?: string } {
  return l === undefined ? {} : { lineId: l.id };
}

function walk(raw: unknown, path: string, scope: 'order' | 'line', w: Walk): Node | undefined {
  if (!isObject(raw)) {
    w.issues.push({ path, message: 'a condition must be an object with one of all, any, not, anyLine, allLines, lines or fact' });
    return undefined;
  }
  const kind = NODE_KEYS.find((k) => k in raw);
  if (kind === undefined) {
    w.issues.push({ path, message: `a condition needs one of all, any, not, anyLine, allLines, lines or fact (got keys ${Object.keys(raw).join(', ') || 'none'})` });
    return undefined;
  }
  const extra = Object.keys(raw).filter((k) => !ALLOWED_KEYS[kind].includes(k));
  for (const k of extra) w.issues.push({ path: join(path, k), message: `unexpected key "${k}" in a ${kind} condition` });
  switch (kind) {
    case 'all':
    case 'any':
      return group(kind, raw[kind], join(path, kind), path, scope, w);
    case 'not': {
      const child = walk(raw['not'], join(path, 'not'), scope, w);
      if (child === undefined) return undefined;
      return {
        test: (s, l) => !child.test(s, l),
        explain: (s, l) => {
          const c = child.explain(s, l);
          return { kind: 'not', path, passed: !c.passed, children: [c], sentence: c.passed ? 'negated condition holds, so "not" fails' : 'negated condition fails, so "not" holds', ...lineTag(l) };
        },
      };
    }
    case 'anyLine':
    case 'allLines':
      return quantifier(kind, raw[kind], path, scope, w);
    case 'lines':
      return aggregate(raw, path, scope, w);
    case 'fact':
      return comparison(raw, path, scope, w);
  }
}

function group(kind: 'all' | 'any', raw: unknown, listPath: string, path: string, scope: 'order' | 'line', w: Walk): Node | undefined {
  if (!Array.isArray(raw)) {
    w.issues.push({ path: listPath, message: `${kind} needs a list of conditions` });
    return undefined;
  }
  const children = raw.map((c, i) => walk(c, join(listPath, i), scope, w));
  if (children.some((c) => c === undefined)) return undefined;
  const nodes = children as Node[];
  const tests = nodes.map((n) => n.test);
  const n = tests.length;
  const test: Test = groupTest(kind, tests);
  return {
    test,
    explain: (s, l) => {
      const traces = nodes.map((c) => c.explain(s, l));
      const held = traces.filter((t) => t.passed).length;
      const passed = kind === 'all' ? held === n : held > 0;
      return { kind, path, passed, children: traces, sentence: `${held} of ${n} conditions hold (${kind === 'all' ? 'all' : 'at least one'} needed)`, ...lineTag(l) };
    },
  };
}

/** `all` / `any` over child tests; groups of one or two children (the common case) without a loop. */
function groupTest(kind: 'all' | 'any', tests: readonly Test[]): Test {
  const n = tests.length;
  const [a, b] = tests;
  if (n === 1 && a !== undefined) return a;
  if (n === 2 && a !== undefined && b !== undefined) return kind === 'all' ? (s, l) => a(s, l) && b(s, l) : (s, l) => a(s, l) || b(s, l);
  return kind === 'all'
    ? (s, l) => {
        for (let i = 0; i < n; i++) if (!(tests[i] as Test)(s, l)) return false;
        return true;
      }
    : (s, l) => {
        for (let i = 0; i < n; i++) if ((tests[i] as Test)(s, l)) return true;
        return false;
      };
}

function quantifier(kind: 'anyLine' | 'allLines', raw: unknown, path: string, scope: 'order' | 'line', w: Walk): Node | undefined {
  if (scope === 'line') {
    w.issues.push({ path: join(path, kind), message: `${kind} cannot be used inside a line condition` });
    return undefined;
  }
  const inner = walk(raw, join(path, kind), 'line', w);
  if (inner === undefined) return undefined;
  const t = inner.test;
  const indexed = kind === 'anyLine' ? indexedAnyLine(raw) : undefined;
  const test: Test =
    indexed !== undefined
      ? indexed
      : kind === 'anyLine'
      ? (s) => {
          const lines = s.lines;
          for (let i = 0; i < lines.length; i++) if (t(s, lines[i])) return true;
          return false;
        }
      : (s) => {
          const lines = s.lines;
          for (let i = 0; i < lines.length; i++) if (!t(s, lines[i])) return false;
          return true;
        };
  return {
    test,
    explain: (s) => {
      const lines = s.lines.map((l) => {
        const trace = inner.explain(s, l);
        return { lineId: l.id, passed: trace.passed, trace };
      });
      const held = lines.filter((l) => l.passed).length;
      const passed = kind === 'anyLine' ? held > 0 : held === lines.length;
      return { kind, path, passed, lines, sentence: `${held} of ${lines.length} lines match (${kind === 'anyLine' ? 'at least one' : 'every line'} needed)` };
    },
  };
}

/**
 * A line condition answered from the subject's indexes: the line has one of `values` among its
 * categories (`categories`), or as its SKU (`skus`). "Some line has category X / SKU Y" is the
 * commonest line condition, and "lines of category X" the commonest eligibility.
 */
interface IndexedLineFact {
  readonly index: 'categories' | 'skus';
  readonly values: readonly string[];
}

function indexedLineFact(raw: unknown): IndexedLineFact | undefined {
  if (!isObject(raw) || Object.keys(raw).length !== 3) return undefined;
  const { fact, operator, value } = raw;
  const one = typeof value === 'string' ? [value] : undefined;
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
  if (fact === 'line.categories' && operator === 'contains' && one !== undefined) return { index: 'categories', values: one };
  if (fact === 'line.categories' && operator === 'in' && list !== undefined) return { index: 'categories', values: list };
  if (fact === 'line.sku' && operator === 'equal' && one !== undefined) return { index: 'skus', values: one };
  if (fact === 'line.sku' && operator === 'in' && list !== undefined) return { index: 'skus', values: list };
  return undefined;
}

/** `anyLine` of an indexed line fact: a lookup in the order's category or SKU set instead of a loop over lines (same result, see tests). */
function indexedAnyLine(raw: unknown): Test | undefined {
  const f = indexedLineFact(raw);
  if (f === undefined) return undefined;
  const { index, values } = f;
  const set = (s: FactSubject): ReadonlySet<string> => (index === 'categories' ? s.categories : s.skus);
  const [first] = values;
  if (values.length === 1 && first !== undefined) return (s) => set(s).has(first);
  return (s) => values.some((v) => set(s).has(v));
}

/** The matching lines of an indexed line fact as a bit mask (see `FactSubject.linesWith`). */
function indexedLineMask(raw: unknown): ((s: FactSubject) => number | undefined) | undefined {
  const f = indexedLineFact(raw);
  if (f === undefined) return undefined;
  const { index, values } = f;
  return (s) => {
    let mask = 0;
    for (let i = 0; i < values.length; i++) {
      const m = s.linesWith(index, values[i] as string);
      if (m === undefined) return undefined;
      mask |= m;
    }
    return mask;
  };
}

const MEASURE_TYPE: Readonly<Record<LineMeasure, FactType>> = { quantity: 'integer', count: 'integer', total: 'money' };

function aggregate(raw: Record<string, unknown>, path: string, scope: 'order' | 'line', w: Walk): Node | undefined {
  const spec = raw['lines'];
  const specPath = join(path, 'lines');
  if (scope === 'line') {
    w.issues.push({ path: specPath, message: 'lines cannot be used inside a line condition' });
    return undefined;
  }
  if (!isObject(spec)) {
    w.issues.push({ path: specPath, message: 'lines needs { where?, measure: quantity | count | total }' });
    return undefined;
  }
  for (const k of Object.keys(spec)) if (k !== 'where' && k !== 'measure') w.issues.push({ path: join(specPath, k), message: `unexpected key "${k}"` });
  const measure = spec['measure'];
  if (measure !== 'quantity' && measure !== 'count' && measure !== 'total') {
    w.issues.push({ path: join(specPath, 'measure'), message: `${JSON.stringify(measure)} is not one of quantity, count, total` });
  }
  const where = spec['where'] === undefined ? undefined : walk(spec['where'], join(specPath, 'where'), 'line', w);
  const cmp = operatorAndValue(raw, path, MEASURE_TYPE[measure as LineMeasure] ?? 'integer', w);
  if (cmp === undefined || (spec['where'] !== undefined && where === undefined) || !(measure === 'quantity' || measure === 'count' || measure === 'total')) {
    return undefined;
  }
  const operator = raw['operator'] as Operator;
  const wt = where?.test;
  const measureOf = (l: LineFacts): number => (measure === 'quantity' ? l.quantity : measure === 'count' ? 1 : l.lineTotal);
  const sum = (s: FactSubject): number => {
    let acc = 0;
    const lines = s.lines;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] as LineFacts;
      if (wt === undefined || wt(s, l)) acc += measureOf(l);
    }
    return acc;
  };
  return {
    test: (s) => cmp.test(sum(s)),
    explain: (s) => {
      const matched = s.lines.filter((l) => wt === undefined || wt(s, l));
      const total = matched.reduce((a, l) => a + measureOf(l), 0);
      const actual = measure === 'total' ? `${minorUnitsToDecimal(total, s.exponent)} ${s.currency}` : String(total);
      const passed = cmp.test(total);
      return {
        kind: 'lines',
        path,
        measure: measure,
        operator,
        expected: cmp.expected,
        actual,
        matchedLines: matched.map((l) => l.id),
        passed,
        sentence: `${measure} of ${where === undefined ? 'all' : 'matching'} lines is ${actual}, which is ${passed ? '' : 'not '}${OPERATOR_PHRASES[operator]} ${cmp.expected}`,
      };
    },
  };
}

function operatorAndValue(raw: Record<string, unknown>, path: string, type: FactType, w: Walk): Comparison | undefined {
  const operator = raw['operator'];
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    w.issues.push({ path: join(path, 'operator'), message: `${JSON.stringify(operator)} is not an operator; use one of ${OPERATORS.join(', ')}` });
    return undefined;
  }
  if (!('value' in raw)) {
    w.issues.push({ path: join(path, 'value'), message: 'a value is required' });
    return undefined;
  }
  const c = compileComparison(type, operator as Operator, raw['value'], w.currency, w.exponent);
  if ('field' in c) {
    w.issues.push({ path: join(path, c.field), message: c.message });
    return undefined;
  }
  return c;
}

function comparison(raw: Record<string, unknown>, path: string, scope: 'order' | 'line', w: Walk): Node | undefined {
  const name = raw['fact'];
  const fact = typeof name === 'string' ? w.facts.resolve(name) : undefined;
  if (fact === undefined) {
    w.issues.push({ path: join(path, 'fact'), message: `unknown fact ${JSON.stringify(name)}; see the fact catalogue in docs/rules.md` });
    operatorAndValue(raw, path, 'attribute', w);
    return undefined;
  }
  if (fact.scope === 'line' && scope !== 'line') {
    w.issues.push({ path: join(path, 'fact'), message: `${fact.name} is a line fact: use it inside anyLine, allLines, lines.where or a rule's eligibleLines` });
    return undefined;
  }
  const cmp = operatorAndValue(raw, path, fact.type, w);
  if (cmp === undefined) return undefined;
  const get = fact.get;
  const operator = raw['operator'] as Operator;
  // An optional fact that is undefined fails every comparison (notEqual and notIn too).
  const t = fact.optional === true ? (a: unknown): boolean => a !== undefined && cmp.test(a) : cmp.test;
  return {
    test: cmp.fuse === undefined || fact.optional === true ? (s, l) => t(get(s, l)) : cmp.fuse(get),
    explain: (s, l) => {
      const value = get(s, l);
      const passed = t(value);
      const actual = value === undefined && fact.optional === true ? 'absent' : displayValue(fact.type, value, s.currency, s.exponent);
      const subject = l === undefined ? fact.name : `${fact.name} of line ${l.id}`;
      return {
        kind: 'fact',
        path,
        fact: fact.name,
        operator,
        expected: cmp.expected,
        actual,
        passed,
        sentence: `${subject} is ${actual}, which is ${passed ? '' : 'not '}${OPERATOR_PHRASES[operator]} ${cmp.expected}`,
        ...lineTag(l),
      };
    },
  };
}

function run(raw: unknown, options: ConditionOptions): { node: Node | undefined; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const path = options.path ?? '';
  if (!isCurrency(options.currency)) {
    issues.push({ path: 'currency', message: `"${options.currency}" is not an ISO 4217 currency code` });
    return { node: undefined, issues };
  }
  const w: Walk = { facts: options.facts ?? FACTS, currency: options.currency, exponent: currencyExponent(options.currency), issues };
  const node = walk(raw, path, options.scope ?? 'order', w);
  return { node, issues };
}

/**
 * Every problem of a raw condition, each with its full path (`options.path` as the prefix):
 * structure, unknown facts, operators that do not fit the fact's type, malformed values,
 * money values too precise for the currency, line facts outside line conditions.
 *
 * @example
 * ```ts
 * conditionIssues({ all: [{ fact: 'order.total', operator: 'greaterThen', value: 5 }] },
 *   { currency: 'EUR', path: 'earnRules[2].conditions' });
 * // [{ path: 'earnRules[2].conditions.all[0].fact', message: 'unknown fact "order.total"; ...' },
 * //  { path: 'earnRules[2].conditions.all[0].operator', message: '"greaterThen" is not an operator; ...' }]
 * ```
 */
export function conditionIssues(raw: unknown, options: ConditionOptions): ValidationIssue[] {
  return run(raw, options).issues;
}

/**
 * Validate a condition and compile it once to synchronous closures. Throws `VALIDATION_FAILED`
 * listing every problem with its path.
 *
 * @example
 * ```ts
 * const weekend = compileCondition({ fact: 'order.weekday', operator: 'in', value: [6, 7] }, { currency: 'EUR' });
 * weekend.test(createFactSubject({ order, timeZone: 'Europe/Paris' })); // true on a Paris Saturday
 * ```
 */
export function compileCondition(raw: unknown, options: ConditionOptions): CompiledCondition {
  const { node, issues } = run(raw, options);
  if (node === undefined || issues.length > 0) throw validationError('condition', issues);
  const lineMask = options.scope === 'line' ? indexedLineMask(raw) : undefined;
  return { source: raw as Condition, test: node.test, explain: node.explain, lineMask };
}

/**
 * Validate a raw condition (see {@link conditionIssues}) and return it typed; throws
 * `VALIDATION_FAILED` listing every problem.
 *
 * @example
 * ```ts
 * const c: Condition = parseCondition({ fact: 'customer.tier', operator: 'in', value: ['gold', 'silver'] }, { currency: 'EUR' });
 * ```
 */
export function parseCondition(raw: unknown, options: ConditionOptions): Condition {
  const issues = conditionIssues(raw, options);
  if (issues.length > 0) throw validationError('condition', issues);
  return raw as Condition;
}
