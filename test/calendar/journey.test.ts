import { describe, expect, it } from 'vitest';
import { FidelisError } from '../../src/core/index.js';
import { parseJourney } from '../../src/calendar/index.js';
import { carPurchase } from './fixtures.js';

function issues(json: unknown): string[] {
  try {
    parseJourney(json);
  } catch (e) {
    expect(e).toBeInstanceOf(FidelisError);
    expect((e as FidelisError).code).toBe('VALIDATION_FAILED');
    return (e as FidelisError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a validation error');
}

describe('parseJourney', () => {
  it('reads the reference journey with its defaults', () => {
    expect(carPurchase.steps.map((s) => s.id)).toEqual(['gift', 'spring-check', 'customer-day', 'questionnaire', 'new-model-offer', 'new-model-reminder']);
    expect(carPurchase.leapDay).toBe('feb-28');
    expect(carPurchase.steps[0]).toMatchObject({ kind: 'marketing', conditions: [], whenBlocked: { action: 'skip' } });
    expect(carPurchase.steps[5]?.timing).toEqual({ type: 'offset', offset: 'P2Y3M' });
  });

  it('reports every problem with its path', () => {
    const found = issues({
      id: 'j',
      anchor: { event: 'custom' },
      sendWindow: { weekdays: [0], from: '18:00', to: '09:00' },
      steps: [
        { id: 'a', timing: { type: 'offset', offset: '8 months' }, channel: 'fax', contentKey: 'k' },
        { id: 'a', timing: { type: 'nth-weekday', weekday: 8, nth: 6 }, channel: 'email', contentKey: 'k', time: '07:00' },
        { id: 'b', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'k', whenBlocked: { action: 'defer' } },
      ],
    });
    const paths = found.map((f) => f.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'anchor.name',
        'sendWindow.weekdays[0]',
        'sendWindow.to',
        'steps[0].timing.offset',
        'steps[0].channel',
        'steps[1].timing.weekday',
        'steps[1].timing.nth',
        'steps[2].whenBlocked.maxDelay',
      ]),
    );
    expect(found.find((f) => f.startsWith('steps[0].timing.offset'))).toContain('ISO 8601 duration');
  });

  it('rejects duplicate step ids and a time outside the window', () => {
    const found = issues({
      id: 'j',
      anchor: { event: 'purchase' },
      sendWindow: { from: '09:00', to: '18:00' },
      steps: [
        { id: 'a', timing: { type: 'offset', offset: 'P1D' }, channel: 'email', contentKey: 'k', time: '20:00' },
        { id: 'a', timing: { type: 'offset', offset: 'P2D' }, channel: 'email', contentKey: 'k' },
      ],
    });
    expect(found).toEqual(expect.arrayContaining(['steps[1].id: duplicate step id "a"', "steps[0].time: `time` must lie inside the journey's send window"]));
  });
});
