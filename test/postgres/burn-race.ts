// The contention race the test and the benchmark run: concurrent redeemPoints on ONE balance
// from several worker processes (test/postgres/worker.ts, each with its own pg.Pool), all
// released at once, then what the ledger says happened.
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import { balanceAt } from '../../src/rules/ledger/balance.js';
import { deriveLedger } from '../../src/rules/ledger/state.js';
import type { Worker } from './workers.js';
import { AT, appendEntries, entriesOf, orderEarn, shopEngine } from './workload.js';

/** What a race found: calls granted and refused, wall time, and the ledger afterwards. */
export interface BurnRaceOutcome {
  /** From the start signal to the last worker's answer. */
  readonly wallMs: number;
  /** redeemPoints calls that burned. */
  readonly granted: number;
  /** Calls refused with INSUFFICIENT_POINTS. */
  readonly insufficient: number;
  /** Burn entries in the ledger. */
  readonly burnEntries: number;
  /** Active points left, folding every entry of the ledger. */
  readonly left: number;
  /** Active points left as the engine reads them (projection + tail). */
  readonly leftByEngine: number;
  /** No prefix of the ledger ever sums below zero. */
  readonly neverNegative: boolean;
}

/**
 * Seed `customerId` with `balance` active points, open every worker's connections, then send each
 * worker (at once: the command is the start signal) `perWorker` concurrent redeemPoints of `points`.
 */
export async function burnRace(store: PostgresStore, workers: readonly Worker[], customerId: string, o: { balance: number; points: number; perWorker: number }): Promise<BurnRaceOutcome> {
  const seeded = await appendEntries(store, { customerId, entries: [orderEarn(customerId, `${customerId}-seed`, `${customerId}-seed-order`, o.balance)], expectedVersion: 0 });
  if (seeded.status !== 'applied') throw new Error(`burnRace: seeding ${customerId}: ${seeded.status}`);
  await Promise.all(workers.map((w) => w.call({ task: 'warm', schema: store.schema })));
  const started = performance.now();
  const results = await Promise.all(
    workers.map((w, i) =>
      w.call<{ burned: number; insufficient: number }>({ task: 'burn', schema: store.schema, customerId, points: o.points, count: o.perWorker, prefix: `${customerId}-w${i}` }),
    ),
  );
  const wallMs = performance.now() - started;
  const entries = await entriesOf(store, customerId);
  let running = 0;
  let neverNegative = true;
  for (const e of entries) {
    running += e.points;
    if (running < 0) neverNegative = false;
  }
  return {
    wallMs,
    granted: results.reduce((s, r) => s + r.burned, 0),
    insufficient: results.reduce((s, r) => s + r.insufficient, 0),
    burnEntries: entries.filter((e) => e.kind === 'burn').length,
    left: balanceAt(deriveLedger(entries), AT).active,
    leftByEngine: (await shopEngine(store).balance(customerId)).active,
    neverNegative,
  };
}
