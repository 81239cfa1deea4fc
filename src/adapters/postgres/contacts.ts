import { eventsParam, insertEventsSql } from './events.js';
import type { ContactChannel } from '../../core/schemas.js';
import { FidelisError } from '../../core/errors.js';
import type { ContactRecord, ContactRecordInput, ContactStore } from '../../storage/contact-store.js';
import type { PostgresScope } from './postgres-store.js';

interface ContactRow {
  idempotency_key: string;
  id: string;
  customer_id: string;
  channel: string;
  kind: string;
  at: Date | string;
  journey_id: string | null;
  step_id: string | null;
  content_key: string | null;
}

const COLUMNS = 'idempotency_key, id, customer_id, channel, kind, at, journey_id, step_id, content_key';

function toRecord(row: ContactRow): ContactRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel as ContactChannel,
    kind: row.kind as ContactRecord['kind'],
    at: new Date(row.at),
    ...(row.journey_id === null ? {} : { journeyId: row.journey_id }),
    ...(row.step_id === null ? {} : { stepId: row.step_id }),
    ...(row.content_key === null ? {} : { contentKey: row.content_key }),
    idempotencyKey: row.idempotency_key,
  };
}

const sameContact = (a: ContactRecord, b: ContactRecordInput): boolean =>
  a.id === b.id && a.customerId === b.customerId && a.channel === b.channel && a.kind === b.kind && a.at.getTime() === b.at.getTime();

/**
 * The contact-history operations of the Store on PostgreSQL: `recordContact` is one
 * `INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING`, the existing row read only when
 * nothing was inserted; erasure is one `DELETE`.
 *
 * @example
 * ```ts
 * const part = createPgContactStore({ sql, schema: '"fidelis"' });
 * ```
 */
export function createPgContactStore(scope: PostgresScope): ContactStore {
  const { sql, schema: s } = scope;
  return {
    async recordContact(contact, { idempotencyKey, events }) {
      const inserted = await sql.query<ContactRow>(
        `WITH c AS (INSERT INTO ${s}.contacts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7, $8, $9)
           ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}),
         ev AS (${insertEventsSql(s, 'c', '$10')})
         SELECT ${COLUMNS} FROM c`,
        [
          idempotencyKey,
          contact.id,
          contact.customerId,
          contact.channel,
          contact.kind,
          contact.at.toISOString(),
          contact.journeyId ?? null,
          contact.stepId ?? null,
          contact.contentKey ?? null,
          eventsParam(events),
        ],
      );
      const fresh = inserted.rows[0];
      if (fresh !== undefined) return { record: toRecord(fresh), replayed: false };
      const { rows } = await sql.query<ContactRow>(`SELECT ${COLUMNS} FROM ${s}.contacts WHERE idempotency_key = $1`, [idempotencyKey]);
      const row = rows[0];
      if (row === undefined) throw new FidelisError('STORE_FAILURE', `idempotencyKey: "${idempotencyKey}" vanished while being read`);
      const existing = toRecord(row);
      if (!sameContact(existing, contact)) {
        throw new FidelisError('CONFLICT', `idempotencyKey: "${idempotencyKey}" was already used for another contact (${existing.id})`, {
          idempotencyKey,
          existingId: existing.id,
        });
      }
      return { record: existing, replayed: true };
    },

    async listContacts(customerId, range = {}) {
      const { rows } = await sql.query<ContactRow>(
        `SELECT ${COLUMNS} FROM ${s}.contacts
          WHERE customer_id = $1
            AND ($2::timestamptz IS NULL OR at >= $2::timestamptz)
            AND ($3::timestamptz IS NULL OR at < $3::timestamptz)
          ORDER BY at, id`,
        [customerId, range.since?.toISOString() ?? null, range.until?.toISOString() ?? null],
      );
      return rows.map(toRecord);
    },

    async eraseContacts(customerId) {
      const { rowCount } = await sql.query(`DELETE FROM ${s}.contacts WHERE customer_id = $1`, [customerId]);
      return { erased: rowCount };
    },
  };
}
