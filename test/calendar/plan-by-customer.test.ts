import { describe, expect, it } from 'vitest';
import { FidelisError } from '../../src/core/index.js';
import { type PlanInput, type PlanningEvent, planContacts, planContactsByCustomer } from '../../src/calendar/index.js';
import { carPurchase, customer, referencePolicy } from './fixtures.js';

const purchase = (customerId: string, id: string, iso: string): PlanningEvent => ({ customerId, type: 'purchase', id, at: new Date(iso) });

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  customers: [customer('paris', 'Europe/Paris'), customer('tokyo', 'Asia/Tokyo')],
  journeys: [carPurchase],
  policy: referencePolicy,
  events: [purchase('paris', 'o-1', '2007-07-01T08:00:00Z'), purchase('tokyo', 'o-2', '2007-07-01T01:00:00Z')],
  from: new Date('2007-07-01T00:00:00Z'),
  until: new Date('2010-01-01T00:00:00Z'),
  now: new Date('2007-07-01T00:00:00Z'),
  ...over,
});

describe('planning one customer at a time', () => {
  it('yields every customer in input order, also one with nothing to plan', () => {
    const parts = [...planContactsByCustomer(input({ customers: [customer('paris', 'Europe/Paris'), customer('idle', 'Europe/Paris'), customer('tokyo', 'Asia/Tokyo')] }))];
    expect(parts.map((p) => [p.customerId, p.contacts.length])).toEqual([
      ['paris', 5], // six steps; the offer rides with the questionnaire
      ['idle', 0],
      ['tokyo', 5],
    ]);
    expect(parts[1]?.suppressions).toEqual([]);
  });

  it('ignores events of customers not being planned', () => {
    const base = planContacts(input());
    const withStranger = planContacts(input({ events: [purchase('stranger', 'o-9', '2007-08-01T08:00:00Z'), ...(input().events ?? [])] }));
    expect(withStranger).toEqual(base);
  });

  it('rejects a customer listed twice before planning anyone, naming both positions', () => {
    const twice = input({ customers: [customer('paris', 'Europe/Paris'), customer('tokyo', 'Asia/Tokyo'), customer('paris', 'Europe/Paris')] });
    const call = (): unknown => planContactsByCustomer(twice);
    expect(call).toThrow(FidelisError);
    expect(call).toThrow('customers[2].id "paris" repeats customers[0].id');
    try {
      call();
    } catch (e) {
      expect((e as FidelisError).code).toBe('VALIDATION_FAILED');
      expect((e as FidelisError).issues.map((i) => i.path)).toEqual(['customers[2].id']);
    }
    expect(() => planContacts(twice)).toThrow(FidelisError);
  });
});
