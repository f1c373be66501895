import { eventTimeMs } from '../../schema/event-time.ts';
import type { EventType, ResolvedEvent, SourceRef } from '../../schema/index.ts';
import { parseSourceKey } from '../../schema/source-ref.ts';
import {
  dialectOf,
  type SqlDatabase,
  type SqlDialect,
  type SqlStatement,
  type SqlValue,
} from '../sql/sql-database.ts';
import { indexedBy, integersOfJsonArray, orderedJoin } from './dialect-sql.ts';

const DAY_MS = 86_400_000;

/**
 * An account's events as `eventsFor('account', [id], { before })` returns them (the account's own
 * events plus those of its people that name no account, oldest first), read from the columns
 * the events_account index holds (see deferred-indexes.ts) so no event row is visited. The two
 * parts are disjoint, as in entity-events.ts. The second part goes from the account to its people
 * to their account-less events (CROSS JOIN fixes that order and the partial index
 * events_without_account, never deferred, serves it), so it never scans every account-less event
 * of the store (Postgres picks that partial index by its predicate; see dialect-sql.ts). Rows come
 * back as arrays: an object per row costs more than the read itself.
 */
export function accountActivitySql(dialect: SqlDialect): string {
  const join = orderedJoin(dialect);
  return `
SELECT id, type, occurred_at, value, contact_key FROM (
  SELECT e.id, e.type, e.occurred_at, e.value, e.contact_key
  FROM identities i JOIN events e ON e.account_key = i.identity_key
  WHERE i.entity_type = 'account' AND i.entity_id = :account AND e.deleted = 0 AND e.occurred_at < :before
  UNION ALL
  SELECT e.id, e.type, e.occurred_at, e.value, e.contact_key
  FROM identities ia
  ${join} contacts c ON c.account_key = ia.identity_key
  ${join} identities ic ON ic.entity_type = 'contact' AND ic.entity_id = c.id
  ${join} events e ${indexedBy(dialect, 'events_without_account')} ON e.contact_key = ic.identity_key
  WHERE ia.entity_type = 'account' AND ia.entity_id = :account AND e.account_key IS NULL
    AND e.deleted = 0 AND e.occurred_at < :before
) AS activity ORDER BY occurred_at, id`;
}

const CONTACT_OF_KEY = "SELECT entity_id FROM identities WHERE identity_key = ? AND entity_type = 'contact'";
const EVENT_DETAILS = 'SELECT source_key, properties FROM events WHERE id = ?';
/** Details of many events in one statement: ids as a JSON array, one rowid lookup each. */
const eventsDetailsSql = (dialect: SqlDialect) =>
  `SELECT id, source_key, properties FROM events WHERE id IN (${integersOfJsonArray(dialect)})`;

type Properties = ResolvedEvent['properties'];

interface EventDetails {
  readonly source: SourceRef;
  readonly properties: Properties;
}

/**
 * A stored event whose properties were read only when the caller said it would look at them;
 * the rest (and its source, which never changes for an id) are read on first use.
 */
class ActivityEvent implements ResolvedEvent {
  readonly id: number;
  readonly type: EventType;
  readonly occurredAt: string;
  readonly occurredMs: number;
  readonly contactId: string | null;
  readonly accountId: string;
  readonly value: number | null;
  readonly #details: (id: number) => EventDetails;
  #known: EventDetails | null;

  constructor(
    row: readonly SqlValue[],
    contactId: string | null,
    accountId: string,
    details: (id: number) => EventDetails,
    known: EventDetails | null,
  ) {
    // Columns as the statement types them: id INTEGER, type and occurred_at TEXT NOT NULL.
    this.id = row[0] as number;
    this.type = row[1] as EventType;
    this.occurredAt = row[2] as string;
    this.occurredMs = eventTimeMs(this.occurredAt);
    this.value = row[3] === null ? null : Number(row[3]);
    this.contactId = contactId;
    this.accountId = accountId;
    this.#details = details;
    this.#known = known;
  }

  get properties(): Properties {
    this.#known ??= this.#details(this.id);
    return this.#known.properties;
  }

  get source(): SourceRef {
    this.#known ??= this.#details(this.id);
    return this.#known.source;
  }
}

export class AccountActivityReader {
  readonly #activity: SqlStatement;
  readonly #contactOfKey: SqlStatement;
  readonly #details: SqlStatement;
  readonly #manyDetails: SqlStatement;

  constructor(db: SqlDatabase) {
    const dialect = dialectOf(db);
    this.#activity = db.prepare(accountActivitySql(dialect));
    this.#activity.setReturnArrays(true);
    this.#contactOfKey = db.prepare(CONTACT_OF_KEY);
    this.#details = db.prepare(EVENT_DETAILS);
    this.#manyDetails = db.prepare(eventsDetailsSql(dialect));
  }

  /**
   * The account's events before `before`. Properties of events named in `withProperties` and at
   * most that many days old are read now, in the same synchronous stretch as the events; others
   * only if asked for.
   */
  read(accountId: string, before: string, withProperties: ReadonlyMap<string, number>): ResolvedEvent[] {
    const rows = this.#activity.all({ account: accountId, before }) as unknown as SqlValue[][];
    const contacts = new Map<string, string | null>();
    const details = (id: number) => this.#eventDetails(id);
    const cutoffMs = Date.parse(before);
    const wanted: number[] = [];
    for (const row of rows) {
      const days = withProperties.size === 0 ? undefined : withProperties.get(row[1] as string);
      if (days !== undefined && (cutoffMs - eventTimeMs(row[2] as string)) / DAY_MS <= days)
        wanted.push(Number(row[0]));
    }
    const known = wanted.length === 0 ? null : this.#manyEventDetails(wanted);
    const out: ResolvedEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const key = row[4] as string | null;
      let contactId: string | null = null;
      if (key !== null) {
        // undefined: not looked up yet; null: the key names no contact.
        const seen = contacts.get(key);
        if (seen === undefined) {
          const found = this.#contactOfKey.get(key) as { entity_id: string } | undefined;
          contactId = found ? String(found.entity_id) : null;
          contacts.set(key, contactId);
        } else contactId = seen;
      }
      out[i] = new ActivityEvent(row, contactId, accountId, details, known?.get(Number(row[0])) ?? null);
    }
    return out;
  }

  #manyEventDetails(ids: readonly number[]): Map<number, EventDetails> {
    const out = new Map<number, EventDetails>();
    if (ids.length === 0) return out;
    const rows = this.#manyDetails.all(JSON.stringify(ids)) as {
      id: number;
      source_key: string;
      properties: string | null;
    }[];
    for (const row of rows) out.set(Number(row.id), toDetails(row));
    return out;
  }

  #eventDetails(id: number): EventDetails {
    const row = this.#details.get(id) as { source_key: string; properties: string | null } | undefined;
    if (!row) throw new Error(`event ${id} is no longer in the store`);
    return toDetails(row);
  }
}

function toDetails(row: { source_key: string; properties: string | null }): EventDetails {
  return {
    source: parseSourceKey(String(row.source_key)),
    properties: row.properties ? (JSON.parse(String(row.properties)) as Properties) : {},
  };
}
