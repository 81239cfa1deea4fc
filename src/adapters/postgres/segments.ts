import type { SegmentAssignment } from '../../core/segment.js';
import { latestPerCustomer } from '../../storage/latest-segments.js';
import type { SegmentStore } from '../../storage/segment-store.js';
import type { PostgresScope } from './postgres-store.js';

interface SegmentRow {
  customer_id: string;
  as_of: Date | string;
  quadrant: string | null;
  rfm: string | null;
  clv: string | null;
  p_alive: number | string | null;
  labels: string[] | string | null;
}

const COLUMNS = 'customer_id, as_of, quadrant, rfm, clv, p_alive, labels';

function toAssignment(row: SegmentRow): SegmentAssignment {
  const labels = typeof row.labels === 'string' ? (JSON.parse(row.labels) as string[]) : row.labels;
  return {
    customerId: row.customer_id,
    asOf: new Date(row.as_of),
    ...(row.quadrant === null ? {} : { quadrant: row.quadrant }),
    ...(row.rfm === null ? {} : { rfm: row.rfm }),
    ...(row.clv === null ? {} : { clv: row.clv }),
    ...(row.p_alive === null ? {} : { pAlive: Number(row.p_alive) }),
    ...(labels === null ? {} : { labels }),
  };
}

/**
 * The segment operations of the Store on PostgreSQL: a batch is one
 * `INSERT … SELECT … FROM jsonb_array_elements ON CONFLICT (customer_id) DO UPDATE … WHERE as_of <`
 * (the later classification wins, whatever order concurrent saves arrive in); reads are one
 * `SELECT`, erasure one `DELETE`.
 *
 * @example
 * ```ts
 * const part = createPgSegmentStore({ sql, schema: '"fidelis"' });
 * ```
 */
export function createPgSegmentStore(scope: PostgresScope): SegmentStore {
  const { sql, schema: s } = scope;
  return {
    async saveSegments(assignments) {
      const rows = latestPerCustomer(assignments).map((a) => ({
        customerId: a.customerId,
        asOf: a.asOf.toISOString(),
        quadrant: a.quadrant ?? null,
        rfm: a.rfm ?? null,
        clv: a.clv ?? null,
        pAlive: a.pAlive ?? null,
        labels: a.labels ?? null,
      }));
      if (rows.length === 0) return { saved: 0 };
      const { rowCount } = await sql.query(
        `INSERT INTO ${s}.customer_segments (${COLUMNS})
         SELECT t.e->>'customerId', (t.e->>'asOf')::timestamptz, t.e->>'quadrant', t.e->>'rfm', t.e->>'clv',
                (t.e->>'pAlive')::double precision, CASE WHEN jsonb_typeof(t.e->'labels') = 'array' THEN t.e->'labels' END
           FROM jsonb_array_elements($1::text::jsonb) AS t(e)
         ON CONFLICT (customer_id) DO UPDATE
           SET as_of = EXCLUDED.as_of, quadrant = EXCLUDED.quadrant, rfm = EXCLUDED.rfm, clv = EXCLUDED.clv,
               p_alive = EXCLUDED.p_alive, labels = EXCLUDED.labels
         WHERE ${s}.customer_segments.as_of < EXCLUDED.as_of`,
        [JSON.stringify(rows)],
      );
      return { saved: rowCount };
    },

    async segmentOf(customerId) {
      const { rows } = await sql.query<SegmentRow>(`SELECT ${COLUMNS} FROM ${s}.customer_segments WHERE customer_id = $1`, [customerId]);
      const row = rows[0];
      return row === undefined ? undefined : toAssignment(row);
    },

    async segmentsOf(customerIds) {
      const out = new Map<string, SegmentAssignment>();
      if (customerIds.length === 0) return out;
      const { rows } = await sql.query<SegmentRow>(
        `SELECT ${COLUMNS} FROM ${s}.customer_segments WHERE customer_id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`,
        [JSON.stringify(customerIds)],
      );
      for (const row of rows) out.set(row.customer_id, toAssignment(row));
      return out;
    },

    async eraseSegment(customerId) {
      const { rowCount } = await sql.query(`DELETE FROM ${s}.customer_segments WHERE customer_id = $1`, [customerId]);
      return { erased: rowCount };
    },
  };
}
