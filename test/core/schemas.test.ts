import { describe, expect, it } from 'vitest';
import { FidelisError, parseCustomer, parseOrder, parseReturn } from '../../src/index.js';

const order = {
  id: 'o1',
  customerId: 'c1',
  placedAt: '2026-03-01T10:00:00+01:00',
  currency: 'EUR',
  lines: [
    { id: 'l1', sku: 'TEA-1', quantity: 2, unitPrice: '4.50', categories: ['tea'] },
    { id: 'l2', sku: 'POT-1', quantity: 1, unitPrice: 30 },
  ],
};

function issuesOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FidelisError);
    expect((e as FidelisError).code).toBe('VALIDATION_FAILED');
    return [...(e as FidelisError).issues];
  }
  throw new Error('expected a VALIDATION_FAILED error');
}

describe('parseOrder', () => {
  it('returns a typed order with defaults', () => {
    const o = parseOrder(order);
    expect(o.placedAt.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(o.channel).toBe('web');
    expect(o.taxInclusive).toBe(true);
    expect(o.lines[1]?.unitPrice).toBe('30');
    expect(o.lines[1]?.categories).toEqual([]);
  });
  it('reports a negative quantity, an unknown currency, too many decimals and a missing id, all at once', () => {
    const issues = issuesOf(() =>
      parseOrder({
        ...order,
        id: undefined,
        currency: 'EUX',
        lines: [{ ...order.lines[0], quantity: -1 }, { ...order.lines[1], unitPrice: '1.005' }],
      }),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'currency', 'lines[0].quantity']));
    // With an unknown currency the precision cannot be judged; with a known one it is reported too.
    const precision = issuesOf(() =>
      parseOrder({ ...order, id: undefined, lines: [{ ...order.lines[0], quantity: -1 }, { ...order.lines[1], unitPrice: '1.005' }] }),
    );
    expect(precision.map((i) => i.path)).toEqual(expect.arrayContaining(['id', 'lines[0].quantity', 'lines[1].unitPrice']));
    expect(precision.find((i) => i.path === 'lines[1].unitPrice')?.message).toBe('1.005 has more than 2 decimals for EUR');
  });
  it('names the field in the error message', () => {
    expect(() => parseOrder({ ...order, currency: 'JPY' })).toThrowError(
      /Invalid order: lines\[0\]\.unitPrice: 4.50 has more than 0 decimals for JPY/,
    );
    expect(() => parseOrder({ ...order, placedAt: '2026-03-01 10:00' })).toThrowError(/placedAt/);
    expect(() => parseOrder({ ...order, lines: [] })).toThrowError(/lines: an order needs at least one line/);
  });
  it('accepts KWD with three decimals and JPY without', () => {
    expect(parseOrder({ ...order, currency: 'KWD', lines: [{ ...order.lines[0], unitPrice: '1.250' }] }).currency).toBe('KWD');
    expect(parseOrder({ ...order, currency: 'JPY', lines: [{ ...order.lines[0], unitPrice: '1200' }] }).lines[0]?.unitPrice).toBe('1200');
  });
});

describe('parseCustomer and parseReturn', () => {
  it('parses consents with timestamp and source', () => {
    const c = parseCustomer({
      id: 'c1',
      joinedAt: '2025-05-01T10:00:00Z',
      birthDate: '1990-02-28',
      timeZone: 'Europe/Paris',
      consents: { email: { status: 'granted', at: '2025-05-01T10:00:00Z', source: 'signup' } },
    });
    expect(c.consents.email?.status).toBe('granted');
    expect(c.consents.email?.at.toISOString()).toBe('2025-05-01T10:00:00.000Z');
  });
  it('reports every customer problem with its path', () => {
    const paths = issuesOf(() =>
      parseCustomer({ joinedAt: 'yesterday', timeZone: 'Europe/Parys', birthDate: '1990-02-30', consents: { fax: {} } }),
    ).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'joinedAt', 'timeZone', 'birthDate']));
  });
  it('parses a return and rejects a zero quantity', () => {
    expect(parseReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }).lines).toHaveLength(1);
    expect(issuesOf(() => parseReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l1', quantity: 0 }] })).map((i) => i.path)).toEqual(['lines[0].quantity']);
  });
});
