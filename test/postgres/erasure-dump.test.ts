// GDPR erasure is complete (#13): after eraseCustomer, a dump of every table of the schema holds
// none of the customer's identifiers — not in coupon reservations, code assignments, usage
// counters, claims (bonus:signup:<id>:…), a stored segment, nor in a manual adjustment's free-text reason — while
// the anonymised totals and limits stay as they were.
import { describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import { normalizeCode } from '../../src/coupons/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { manualClock } from '../../src/core/clock.js';
import { parsePromotion } from '../../src/coupons/index.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/index.js';
import { pgliteStores } from './pglite-store.js';
import { serverStores, serverUrl } from './server-store.js';

const backends: [string, () => Promise<PostgresStore>][] = [['PGlite', pgliteStores('erase')]];
if (serverUrl !== undefined) backends.push(['server', serverStores('fidelis_erase').factory]);

const ID = 'cust-ERIN-4711';
const EMAIL = 'erin.k@example.org';
const NOW = new Date('2026-03-07T10:00:00Z');

async function dump(store: PostgresStore): Promise<string> {
  const { rows } = await store.sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [store.schema],
  );
  const out: string[] = [];
  for (const { table_name } of rows) {
    const data = await store.sql.query<{ row: unknown }>(`SELECT row_to_json(t)::text AS row FROM "${store.schema}"."${table_name}" t`);
    for (const r of data.rows) out.push(`${table_name}: ${String(r.row)}`);
  }
  return out.join('\n');
}

async function scenario(store: Store) {
    const program = parseProgram({
      id: 'p', currency: 'EUR', timeZone: 'Europe/Paris', expiry: 'never',
      earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }, { id: 'welcome', kind: 'signup-bonus', points: 100 }],
    });
    const personal = parsePromotion({ id: 'personal', name: '5 € for you', effect: { type: 'amount-off', amount: { EUR: '5.00' } }, limits: { perCustomer: 1 } });
    const engine = createLoyaltyEngine({ store, programs: [program], clock: manualClock(NOW), promotions: { promotions: [personal], timeZone: 'Europe/Paris' } });
    await engine.awardBonus({ kind: 'signup', customerId: ID }, { idempotencyKey: 'signup-1' });
    await engine.recordOrder({ id: 'o-1', customerId: ID, placedAt: '2026-03-07T09:00:00Z', currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 2, unitPrice: '20.00' }] }, { idempotencyKey: 'order-1' });
    await engine.adjustPoints(ID, { points: 10, reason: `goodwill, asked by ${EMAIL}`, actor: 'agent:maria' }, { idempotencyKey: 'adj-1' });
    const [code = ''] = await engine.issueCodes({ promotionId: 'personal', count: 1, pattern: '####-####', assignedTo: ID });
    const customer = { id: ID, joinedAt: new Date('2026-01-01T00:00:00Z') };
    const evaluation = await engine.evaluateCheckout({ cart: { currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 1, unitPrice: '20.00' }] }, codes: [code], customer });
    await engine.commitCoupons(await engine.reserveCoupons({ checkoutId: 'co-1', evaluation, customerId: ID, orderId: 'o-2' }));
    await engine.recordContact({ id: 'ct1', customerId: ID, channel: 'email', kind: 'marketing', at: NOW, contentKey: 'welcome' }, { idempotencyKey: 'contact-1' });
    await engine.saveSegments([{ customerId: ID, asOf: NOW, quadrant: 'star', clv: '88.10', labels: [EMAIL] }]);
    return { engine, code };
}

describe.each(backends)('eraseCustomer leaves no identifier in any table (%s)', (_name, stores) => {
  it('dumps every table after the erasure and finds neither the id nor the e-mail', async () => {
    const store = await stores();
    const { engine } = await scenario(store);
    const before = await dump(store);
    expect(before).toContain(ID); // the check below can fail
    expect(before).toContain(EMAIL);
    const exported = await engine.exportCustomerData(ID);
    expect(exported.couponUsage.map((r) => [r.reservationId, r.status, r.discountMinor])).toEqual([['co-1:personal', 'committed', 500]]);

    const erased = await engine.eraseCustomer(ID);
    expect(erased).toMatchObject({ entriesAnonymised: 3, contactsErased: 1, segmentsErased: 1 });
    expect(erased.couponRecordsAnonymised).toBeGreaterThanOrEqual(2); // the reservation, the code's assignment (+ the counter)
    const after = await dump(store);
    expect(after).not.toContain(ID);
    expect(after).not.toContain(EMAIL);
    // totals and limits unchanged, under the anonymous id
    expect((await engine.balance(erased.anonymousId, NOW)).active).toBe(100 + 40 + 10);
    expect((await store.coupons.usageCounts({ promotionId: 'personal', customerId: erased.anonymousId, at: NOW })).customer).toBe(1);
    expect((await store.coupons.usageCounts({ promotionId: 'personal', at: NOW })).total).toBe(1);
    // replays still do not re-apply, the erased customer has nothing left
    expect(await engine.awardBonus({ kind: 'signup', customerId: ID }, { idempotencyKey: 'signup-1' })).toMatchObject({ status: 'replayed' });
    expect(await engine.exportCustomerData(ID)).toMatchObject({ entries: [], contacts: [], couponUsage: [] });
  });
});

describe('eraseCustomer on the memory store (read back through the Store port)', () => {
  it('leaves the id in no entry, claim, reservation, code assignment or counter', async () => {
    const store = createMemoryStore();
    const { engine, code } = await scenario(store);
    const erased = await engine.eraseCustomer(ID);
    const anon = erased.anonymousId;
    const entries = JSON.stringify(await store.ledger.ledgerEntries(anon));
    expect(entries).not.toContain(ID);
    expect(entries).not.toContain(EMAIL);
    expect(await store.coupons.findReservations({ customerId: ID }, NOW)).toEqual([]);
    expect((await store.coupons.findReservations({ customerId: anon }, NOW)).map((r) => r.reservationId)).toEqual(['co-1:personal']);
    expect((await store.coupons.findCode(normalizeCode(code), NOW))?.assignedTo).toBe(anon);
    expect((await store.coupons.usageCounts({ promotionId: 'personal', customerId: anon, at: NOW })).customer).toBe(1);
  });
});
