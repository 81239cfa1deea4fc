// Spawns worker processes (test/postgres/worker.ts) and talks to them line by line.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresStore, createPostgresStore, migrate } from '../../src/adapters/postgres/index.js';
import { freshSchemaName, openPool } from './server-store.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** One worker process. */
export interface Worker {
  readonly process: ChildProcessWithoutNullStreams;
  /** Send a command; resolves with its value, rejects with its error. */
  call<T = unknown>(cmd: Record<string, unknown>): Promise<T>;
  /** Close stdin and wait for the exit. */
  stop(): Promise<void>;
}

/** Start `n` workers on the test server with `poolSize` connections each; resolves when all answered a ping. */
export async function startWorkers(n: number, poolSize: number, schema: string): Promise<Worker[]> {
  const workers = Array.from({ length: n }, () => startWorker(poolSize));
  await Promise.all(workers.map((w) => w.call({ task: 'ping', schema })));
  return workers;
}

function startWorker(poolSize: number): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, FIDELIS_WORKER_POOL: String(poolSize) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const msg = JSON.parse(line) as { id: number; value?: unknown; error?: string };
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error !== undefined) p?.reject(new Error(msg.error));
    else p?.resolve(msg.value);
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`worker exited (${code ?? signal}) ${stderr}`));
    pending.clear();
  });
  return {
    process: child,
    call: <T>(cmd: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.stdin.write(`${JSON.stringify({ ...cmd, id })}\n`);
      }),
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** What {@link raceSchema} sets up (its fields are set before the block's tests run). */
export interface RaceSchema {
  readonly schema: string;
  pool: pg.Pool;
  store: PostgresStore;
  workers: Worker[];
}

/**
 * Register (in the calling `describe`) a fresh migrated schema `prefix_…`, a store over a pool of
 * `poolSize` connections and `processes` workers of `workerPool` connections each, all stopped
 * and dropped after the block.
 */
export function raceSchema(prefix: string, poolSize: number, processes: number, workerPool: number): RaceSchema {
  const race = { schema: freshSchemaName(prefix), workers: [] } as unknown as RaceSchema;
  beforeAll(async () => {
    race.pool = openPool(poolSize);
    race.store = createPostgresStore({ pool: race.pool, schema: race.schema });
    await migrate(race.store);
    race.workers = await startWorkers(processes, workerPool, race.schema);
  });
  afterAll(async () => {
    await Promise.all(race.workers.map((w) => w.stop()));
    await race.pool.query(`DROP SCHEMA IF EXISTS "${race.schema}" CASCADE`);
    await race.pool.end();
  });
  return race;
}
