// 480 concurrent redeemPoints of 7 points on ONE balance of 1,000, from 12 worker processes
// (40 each, 4 connections each), all released at once: the balance guard grants exactly
// floor(1000 / 7) = 142 and refuses the other 338, leaving 6. Only when FIDELIS_TEST_PG_URL is set.
// No timing here: the benchmark (npm run bench postgres) prints the wall time of the same race.
import { describe, expect, it } from 'vitest';
import { burnRace } from './burn-race.js';
import { serverLabel, serverUrl } from './server-store.js';
import { raceSchema } from './workers.js';

const PROCESSES = 12;
const POOL_PER_PROCESS = 4;
const PER_PROCESS = 40;

if (serverUrl === undefined) {
  describe('Contention on one balance across processes: PostgreSQL server', () => {
    it.skip('not run: set FIDELIS_TEST_PG_URL (e.g. eval "$(bash scripts/pg-server.sh start)")', () => {});
  });
} else {
  describe(`Contention on one balance, ${PROCESSES} processes × ${POOL_PER_PROCESS} connections: PostgreSQL server ${serverLabel()}`, () => {
    const race = raceSchema('fidelis_contention', 4, PROCESSES, POOL_PER_PROCESS);
    const { schema } = race;

    it('480 redeemPoints of 7 on a balance of 1,000 from 12 processes: exactly 142 granted, 338 refused, 6 left, 142 burn entries', async () => {
      const r = await burnRace(race.store, race.workers, 'contended', { balance: 1000, points: 7, perWorker: PER_PROCESS });
      expect(r.granted).toBe(142); // 142 × 7 = 994 ≤ 1,000 < 143 × 7
      expect(r.insufficient).toBe(PROCESSES * PER_PROCESS - 142);
      expect(r.insufficient).toBe(338);
      expect(r.burnEntries).toBe(142);
      expect(r.left).toBe(6);
      expect(r.leftByEngine).toBe(6);
      expect(r.neverNegative).toBe(true);
      const { rows } = await race.pool.query<{ active: string }>(`SELECT active FROM "${schema}".ledgers WHERE customer_id = 'contended'`);
      expect(Number(rows[0]?.active)).toBe(6); // the balance guard's own figure
    });
  });
}
