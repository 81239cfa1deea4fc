import { isCurrency } from '../core/currency.js';
import { type ValidationIssue, validationError } from '../core/errors.js';
import { amountPrecisionIssues, formatPath, zodIssues } from '../core/validation.js';
import { conditionIssues } from '../conditions/compile.js';
import { type Program, ProgramDefinition } from './program.js';

/** Fields of an earn rule that hold conditions, with the scope they are evaluated in. */
const CONDITION_FIELDS = { conditions: 'order', eligibleLines: 'line' } as const;

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const at = (path: readonly PropertyKey[], message: string): ValidationIssue => ({ path: formatPath(path), message });
const isDecimal = (v: unknown): v is string | number =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v.trim()));

function duplicates(items: unknown[], field: string, path: string, what: string): ValidationIssue[] {
  const seen = new Set<unknown>();
  const issues: ValidationIssue[] = [];
  items.forEach((item, i) => {
    if (!isObject(item) || typeof item[field] !== 'string') return;
    if (seen.has(item[field])) issues.push(at([path, i, field], `duplicate ${what} id "${String(item[field])}"`));
    seen.add(item[field]);
  });
  return issues;
}

function ruleIssues(raw: Raw, currency: string | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const rules = list(raw['earnRules']);
  const groups = new Set(list(raw['groups']).flatMap((g) => (isObject(g) && typeof g['id'] === 'string' ? [g['id']] : [])));
  const rewards = new Set(list(raw['rewards']).flatMap((r) => (isObject(r) && typeof r['id'] === 'string' ? [r['id']] : [])));
  const baseRules = new Set(rules.flatMap((r) => (isObject(r) && r['kind'] === 'points-per-unit' ? [r['id']] : [])));
  const amounts: Array<readonly [readonly PropertyKey[], unknown]> = [];
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    if (currency !== undefined) {
      for (const [field, scope] of Object.entries(CONDITION_FIELDS)) {
        if (rule[field] !== undefined) issues.push(...conditionIssues(rule[field], { currency, scope, path: formatPath(['earnRules', i, field]) }));
      }
    }
    if (typeof rule['group'] === 'string' && !groups.has(rule['group'])) {
      issues.push(at(['earnRules', i, 'group'], `unknown group "${rule['group']}"; declare it in groups`));
    }
    if (rule['kind'] === 'multiplier') {
      list(rule['appliesTo']).forEach((id, j) => {
        if (!baseRules.has(id)) issues.push(at(['earnRules', i, 'appliesTo', j], `"${String(id)}" is not a points-per-unit rule of this program`));
      });
    }
    if (rule['kind'] === 'stamp-card' && isObject(rule['reward']) && typeof rule['reward']['rewardId'] === 'string' && !rewards.has(rule['reward']['rewardId'])) {
      issues.push(at(['earnRules', i, 'reward', 'rewardId'], `unknown reward "${rule['reward']['rewardId']}"; declare it in rewards`));
    }
    if (rule['kind'] === 'threshold-bonus') {
      const steps = list(rule['steps']);
      steps.forEach((step, j) => {
        if (!isObject(step)) return;
        amounts.push([['earnRules', i, 'steps', j, 'minAmount'], step['minAmount']]);
        const prev = steps[j - 1];
        if (j > 0 && isObject(prev) && isDecimal(prev['minAmount']) && isDecimal(step['minAmount']) && !(Number(step['minAmount']) > Number(prev['minAmount']))) {
          issues.push(at(['earnRules', i, 'steps', j, 'minAmount'], 'steps must be in increasing order of minAmount'));
        }
      });
    }
    if (rule['kind'] === 'referral') amounts.push([['earnRules', i, 'minOrderAmount'], rule['minOrderAmount']]);
  });
  list(raw['rewards']).forEach((r, i) => {
    if (isObject(r) && isObject(r['effect'])) amounts.push([['rewards', i, 'effect', 'amount'], r['effect']['amount']]);
  });
  issues.push(...amountPrecisionIssues(currency, amounts));
  return issues;
}

function tierIssues(raw: Raw, currency: string | undefined): ValidationIssue[] {
  const tiers = raw['tiers'];
  if (!isObject(tiers)) return [];
  const levels = list(tiers['levels']);
  const issues = duplicates(levels, 'id', 'tiers.levels', 'tier');
  const amounts: Array<readonly [readonly PropertyKey[], unknown]> = [];
  levels.forEach((level, j) => {
    if (!isObject(level) || !isDecimal(level['threshold'])) return;
    const threshold = level['threshold'];
    if (tiers['basis'] === 'points' && !Number.isInteger(Number(threshold))) {
      issues.push(at(['tiers', 'levels', j, 'threshold'], `${String(threshold)} is not a whole number of points`));
    }
    if (tiers['basis'] === 'spend') amounts.push([['tiers', 'levels', j, 'threshold'], threshold]);
    const prev = levels[j - 1];
    if (j > 0 && isObject(prev) && isDecimal(prev['threshold']) && !(Number(threshold) > Number(prev['threshold']))) {
      issues.push(at(['tiers', 'levels', j, 'threshold'], 'levels must be listed lowest first, with increasing thresholds'));
    }
  });
  return [...issues, ...amountPrecisionIssues(currency, amounts)];
}

function paymentIssues(raw: Raw): ValidationIssue[] {
  const p = raw['pointsPayment'];
  if (!isObject(p)) return [];
  const issues: ValidationIssue[] = [];
  for (const field of ['minShare', 'maxShare']) {
    if (isDecimal(p[field]) && Number(p[field]) > 1) issues.push(at(['pointsPayment', field], 'a share is between 0 and 1'));
  }
  if (isDecimal(p['minShare']) && isDecimal(p['maxShare']) && Number(p['minShare']) > Number(p['maxShare'])) {
    issues.push(at(['pointsPayment', 'minShare'], 'minShare is above maxShare'));
  }
  return issues;
}

/**
 * Every problem of a raw program definition, each with its path; empty when it is valid.
 * Schema problems, condition problems (unknown facts, operators, values — with full paths such
 * as `earnRules[2].conditions.all[0].operator`), duplicate ids, unknown group, reward and rule
 * references, unordered thresholds and tiers, amounts too precise for the currency.
 *
 * @example
 * ```ts
 * programIssues({ id: 'p', currency: 'EUR', timeZone: 'Mars/Base', earnRules: [] });
 * // [{ path: 'timeZone', message: 'is not an IANA time zone' }]
 * ```
 */
export function programIssues(input: unknown): ValidationIssue[] {
  const result = ProgramDefinition.safeParse(input);
  const inCondition = (path: string): boolean => /^earnRules\[\d+\]\.(conditions|eligibleLines)(\.|\[|$)/.test(path);
  const issues = result.success ? [] : zodIssues(result.error).filter((i) => !inCondition(i.path));
  if (!isObject(input)) return issues;
  const currency = typeof input['currency'] === 'string' && isCurrency(input['currency']) ? input['currency'] : undefined;
  const extra = [
    ...duplicates(list(input['earnRules']), 'id', 'earnRules', 'rule'),
    ...duplicates(list(input['groups']), 'id', 'groups', 'group'),
    ...duplicates(list(input['rewards']), 'id', 'rewards', 'reward'),
    ...duplicates(list(input['partners']), 'id', 'partners', 'partner'),
    ...ruleIssues(input, currency),
    ...tierIssues(input, currency),
    ...paymentIssues(input),
  ];
  for (const issue of extra) {
    if (!issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
  }
  return issues;
}

/**
 * Validate a program definition from outside. Throws one `VALIDATION_FAILED` error listing
 * EVERY problem with its path (see {@link programIssues}); nothing is returned or applied
 * unless the whole program is valid.
 *
 * @example
 * ```ts
 * const program = parseProgram({
 *   id: 'tea-club', currency: 'EUR', timeZone: 'Europe/Paris',
 *   earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }],
 * });
 * program.rounding; // 'down'
 * ```
 */
export function parseProgram(input: unknown): Program {
  const issues = programIssues(input);
  const result = ProgramDefinition.safeParse(input);
  if (!result.success && issues.length === 0) throw validationError('program', zodIssues(result.error));
  if (issues.length > 0 || !result.success) throw validationError('program', issues);
  return result.data;
}
