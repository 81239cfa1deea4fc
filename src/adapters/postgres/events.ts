import type { DomainEvent, EventPage, EventReadQuery, EventStore, StoredEvent } from '../../storage/event-store.js';
import { eventPageLimit, eventPosition, requireConsumer } from '../../storage/event-cursor.js';
import type { PostgresScope } from './postgres-store.js';
import type { SqlQueryable } from './sql-client.js';
import { statementName } from './statement-name.js';

/** Events numbered per sequencing step at most (a reader far behind numbers the backlog in steps). */
const SEQUENCE_BATCH = 5000;

/**
 * The sub-statement that stores a write's events, for the data-modifying CTE of that write:
 * one row per element of the JSON array parameter `param`, inserted only for each row of `gate`
 * (the write's compare-and-set: no gate row, no event), in the array's order, ids already stored
 * skipped. Name it in the CTE list as `ev AS (…)`.
 *
 * @example
 * ```ts
 * const cte = `ev AS (${insertEventsSql('"fidelis"', 'g', '$12')})`;
 * ```
 */
export function insertEventsSql(s: string, gate: string, param: string): string {
  return `INSERT INTO ${s}.events (id, type, version, customer_id, at, payload)
        SELECT t.e->>'id', t.e->>'type', (t.e->>'version')::int, t.e->>'customerId', (t.e->>'at')::timestamptz, t.e->'payload'
          FROM ${gate}, jsonb_array_elements(${param}::text::jsonb) WITH ORDINALITY AS t(e, n)
         ORDER BY t.n
        ON CONFLICT (id) DO NOTHING`;
}

/**
 * The parameter {@link insertEventsSql} reads: the events as one JSON array.
 *
 * @example
 * ```ts
 * eventsParam(undefined); // '[]'
 * ```
 */
export function eventsParam(events: readonly DomainEvent[] | undefined): string {
  return JSON.stringify(events ?? []);
}

/**
 * Store events inside a caller's transaction (a write of several statements that decided to
 * report something); ids already stored are skipped. Returns how many were new.
 *
 * @example
 * ```ts
 * await insertEvents(tx, '"fidelis"', [event]);
 * ```
 */
export async function insertEvents(q: SqlQueryable, s: string, events: readonly DomainEvent[] | undefined): Promise<number> {
  if (events === undefined || events.length === 0) return 0;
  const text = `WITH one AS (SELECT 1), ev AS (${insertEventsSql(s, 'one', '$1')} RETURNING 1) SELECT count(*) AS added FROM ev`;
  const { rows } = await q.query<{ added: string | number }>(text, [eventsParam(events)], statementName(text));
  return Number(rows[0]?.added ?? 0);
}

interface EventRow {
  id: string;
  type: string;
  version: number;
  customer_id: string | null;
  at: Date | string;
  payload: unknown;
  position: string | number;
}

function storedEvent(r: EventRow): StoredEvent {
  const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : (r.payload as Record<string, unknown>);
  return { id: r.id, type: r.type, version: Number(r.version), customerId: r.customer_id, at: new Date(r.at).toISOString(), payload, cursor: String(r.position) };
}

/**
 * Number the committed events that have no position yet (see migration 9): lock the sequencer
 * row, then — a fresh statement, so a fresh snapshot that sees what the previous holder of the
 * lock numbered — give the next positions in `written` order, and move the sequencer on. Three
 * statements in one transaction, only when something waits (one cheap probe otherwise).
 */
async function sequence(scope: PostgresScope): Promise<void> {
  const { sql, schema: s } = scope;
  const probe = `SELECT EXISTS (SELECT 1 FROM ${s}.events WHERE position IS NULL) AS waiting`;
  const { rows } = await sql.query<{ waiting: boolean }>(probe, [], statementName(probe));
  if (rows[0]?.waiting !== true) return;
  await sql.transaction(async (tx) => {
    const locked = await tx.query<{ last: string | number }>(`SELECT last FROM ${s}.event_sequencer WHERE id = 1 FOR UPDATE`);
    const last = Number(locked.rows[0]?.last ?? 0);
    const numbered = await tx.query<{ position: string | number }>(
      `WITH p AS (SELECT id, row_number() OVER (ORDER BY written) AS rn FROM ${s}.events WHERE position IS NULL ORDER BY written LIMIT ${SEQUENCE_BATCH})
       UPDATE ${s}.events e SET position = $1::bigint + p.rn FROM p WHERE e.id = p.id RETURNING e.position`,
      [last],
    );
    const count = numbered.rows.length;
    if (count > 0) await tx.query(`UPDATE ${s}.event_sequencer SET last = $1::bigint WHERE id = 1`, [last + count]);
  });
}

/**
 * The outbox port on PostgreSQL (tables of migration 9). Writes come with the other ports'
 * statements (see {@link insertEventsSql}); `readEvents` first numbers what committed since the
 * last read, then reads by position: one total order without gaps.
 *
 * @example
 * ```ts
 * const events = createPgEventStore({ sql, schema: '"fidelis"' });
 * const page = await events.readEvents({ limit: 100 });
 * ```
 */
export function createPgEventStore(scope: PostgresScope): EventStore {
  const { sql, schema: s } = scope;
  const columns = 'id, type, version, customer_id, at, payload, position';
  return {
    readEvents: async (query: EventReadQuery): Promise<EventPage> => {
      const after = eventPosition(query.after, 'after');
      const limit = eventPageLimit(query.limit);
      await sequence(scope);
      const text =
        query.customerId === undefined
          ? `SELECT ${columns} FROM ${s}.events WHERE position > $1::bigint ORDER BY position LIMIT $2::bigint`
          : `SELECT ${columns} FROM ${s}.events WHERE position > $1::bigint AND customer_id = $3::text ORDER BY position LIMIT $2::bigint`;
      const params = query.customerId === undefined ? [after, limit] : [after, limit, query.customerId];
      const { rows } = await sql.query<EventRow>(text, params, statementName(text));
      const events = rows.map(storedEvent);
      return { events, cursor: events[events.length - 1]?.cursor ?? String(after) };
    },

    appendEvents: (events: readonly DomainEvent[]) => insertEvents(sql, s, events),

    ackEvents: async (consumer: string, cursor: string): Promise<void> => {
      requireConsumer(consumer);
      const position = eventPosition(cursor, 'cursor');
      await sql.query(
        `INSERT INTO ${s}.event_consumers AS c (consumer, position) VALUES ($1, $2::bigint)
         ON CONFLICT (consumer) DO UPDATE SET position = GREATEST(c.position, EXCLUDED.position), acked_at = now()`,
        [consumer, position],
      );
    },

    consumerCursor: async (consumer: string): Promise<string | undefined> => {
      requireConsumer(consumer);
      const { rows } = await sql.query<{ position: string | number }>(`SELECT position FROM ${s}.event_consumers WHERE consumer = $1`, [consumer]);
      const first = rows[0];
      return first === undefined ? undefined : String(first.position);
    },

    eraseEventsCustomer: async (customerId: string, anonymousId: string): Promise<number> => {
      if (customerId === anonymousId) return 0;
      // the id as a JSON string value (jsonb's text form escapes strings as JSON.stringify does)
      const { rows } = await sql.query<{ id: string }>(
        `UPDATE ${s}.events SET customer_id = $2, payload = replace(payload::text, $3, $4)::jsonb WHERE customer_id = $1 RETURNING id`,
        [customerId, anonymousId, JSON.stringify(customerId), JSON.stringify(anonymousId)],
      );
      return rows.length;
    },
  };
}
