import { describe, expect, it } from 'vitest';
import { FidelisError } from '../../src/core/index.js';
import { parseProgram, programIssues } from '../../src/rules/index.js';

describe('parseProgram', () => {
  it('applies defaults to a valid program', () => {
    const p = parseProgram({ id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', earnRules: [{ id: 'b', kind: 'points-per-unit', rate: '1' }] });
    expect(p.rounding).toBe('down');
    expect(p.expiry).toBe('never');
    expect(p.earnRules[0]).toMatchObject({ priority: 0, base: 'net' });
  });

  it('reports every problem with its path and applies nothing', () => {
    const raw = {
      id: 'p',
      currency: 'EUR',
      timeZone: 'Europe/Pariss',
      pending: '14 days',
      groups: [{ id: 'g', mode: 'exclusive' }],
      earnRules: [
        { id: 'b', kind: 'points-per-unit', rate: '-1' },
        { id: 'b', kind: 'fixed-bonus', points: 1.5, group: 'nope' },
        {
          id: 'c',
          kind: 'fixed-bonus',
          points: 5,
          conditions: { all: [{ fact: 'order.subtotal', operator: 'greaterThen', value: '50.00' }, { fact: 'order.colour', operator: 'equal', value: 'red' }] },
        },
        { id: 'd', kind: 'threshold-bonus', steps: [{ minAmount: '100.00', points: 5 }, { minAmount: '50.001', points: 9 }] },
        { id: 'e', kind: 'teleport' },
        { id: 'f', kind: 'multiplier', factor: '2', appliesTo: ['c'], eligibleLines: { fact: 'line.sku', operator: 'lessThan', value: 'A' } },
      ],
      rewards: [{ id: 'r', cost: 10, effect: { type: 'discount', amount: '5.005' } }],
      pointsPayment: { valuePerPoint: '0.01', minShare: '0.8', maxShare: '0.5' },
    };
    let error: unknown;
    try {
      parseProgram(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FidelisError);
    const issues = (error as FidelisError).issues;
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual(
      [
        'timeZone',
        'pending',
        'earnRules[0].rate',
        'earnRules[1].id',
        'earnRules[1].points',
        'earnRules[1].group',
        'earnRules[2].conditions.all[0].operator',
        'earnRules[2].conditions.all[1].fact',
        'earnRules[3].steps[1].minAmount',
        'earnRules[3].steps[1].minAmount',
        'earnRules[4].kind',
        'earnRules[5].appliesTo[0]',
        'earnRules[5].eligibleLines.operator',
        'rewards[0].effect.amount',
        'pointsPayment.minShare',
      ].sort(),
    );
    expect((error as FidelisError).code).toBe('VALIDATION_FAILED');
    expect((error as FidelisError).message).toContain('earnRules[2].conditions.all[0].operator');
    const steps = issues.filter((i) => i.path === 'earnRules[3].steps[1].minAmount').map((i) => i.message).sort();
    expect(steps).toEqual(['50.001 has more than 2 decimals for EUR', 'steps must be in increasing order of minAmount']);
  });

  it('checks tiers: unique ids, increasing thresholds, whole points', () => {
    const issues = programIssues({
      id: 'p',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      tiers: { basis: 'points', window: { rolling: 'P12M' }, levels: [{ id: 'a', threshold: '0' }, { id: 'a', threshold: '10.5' }, { id: 'c', threshold: '5' }] },
    });
    expect(issues.map((i) => `${i.path}: ${i.message}`).sort()).toEqual([
      'tiers.levels[1].id: duplicate tier id "a"',
      'tiers.levels[1].threshold: 10.5 is not a whole number of points',
      'tiers.levels[2].threshold: levels must be listed lowest first, with increasing thresholds',
    ]);
  });
});
