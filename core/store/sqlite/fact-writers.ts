import { type EmailNormalization, emailIdentityKey, normalizeEmail } from '../../identity/normalize.ts';
import type { SourceDeal, SourceEvent, SourceRef } from '../../schema/index.ts';
import { sourceKey } from '../../schema/index.ts';
import type { SqlValue } from '../sql/sql-database.ts';
import type { UpsertOutcome } from './entity-writer.ts';
import { fingerprint } from './hashing.ts';
import type { StatementCache } from './sql.ts';

/**
 * The identity key an event or deal points at. It is resolved to a canonical id when read, so a
 * fact that arrives before its contact, or whose contact is later merged, still lands on the right
 * entity without rewriting the fact.
 */
export function subjectKey(
  ref: SourceRef | null | undefined,
  email: string | null | undefined,
  emailOptions: EmailNormalization,
): string | null {
  if (ref) return sourceKey(ref);
  const normalized = normalizeEmail(email, emailOptions);
  return normalized ? emailIdentityKey(normalized) : null;
}

const EVENT_COLUMNS = [
  'source_key',
  'type',
  'occurred_at',
  'contact_key',
  'account_key',
  'value',
  'properties',
  'deleted',
];
const INSERT_EVENT = `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (source_key) DO NOTHING`;
// Only reached when the event already exists: rewrites it when any column differs, so an
// unchanged re-import costs no write and reports `unchanged`. A rewritten event is stamped with
// the next change sequence, which the analytics replica reads changes by (see bumpRevisions).
const UPDATE_EVENT = `UPDATE events SET ${EVENT_COLUMNS.slice(1)
  .map((column) => `${column} = ?`)
  .join(
    ', ',
  )}, changed_seq = (SELECT CAST(value AS INTEGER) + 1 FROM store_meta WHERE key = 'event_change_seq')
  WHERE source_key = ? AND (${EVENT_COLUMNS.slice(1)
    .map((column) => `${column} IS DISTINCT FROM ?`)
    .join(' OR ')})`;

/**
 * Events are the bulk of every import, so their path is lean: one INSERT that usually succeeds,
 * no hashing, SQL text prepared once.
 */
export function upsertEvent(
  sql: StatementCache,
  event: SourceEvent,
  emailOptions: EmailNormalization,
): UpsertOutcome {
  const { key, values } = eventRow(event, emailOptions);
  if (Number(sql.get(INSERT_EVENT).run(key, ...values).changes) === 1) return 'inserted';
  return rewriteEvent(sql, key, values);
}

/** An event's source key and its other column values, in EVENT_COLUMNS order. */
export function eventRow(
  event: SourceEvent,
  emailOptions: EmailNormalization,
): { readonly key: string; readonly values: readonly SqlValue[] } {
  const properties = hasKeys(event.properties) ? JSON.stringify(event.properties) : null;
  const key = sourceKey(event.ref);
  const values = [
    event.type,
    event.occurredAt,
    subjectKey(event.contact, event.contactEmail, emailOptions),
    event.account ? sourceKey(event.account) : null,
    event.value ?? null,
    properties,
    event.deleted ? 1 : 0,
  ];
  return { key, values };
}

/** The stored event with this key, rewritten when any column differs. */
export function rewriteEvent(sql: StatementCache, key: string, values: readonly SqlValue[]): UpsertOutcome {
  return Number(sql.get(UPDATE_EVENT).run(...values, key, ...values).changes) === 1 ? 'updated' : 'unchanged';
}

/**
 * The insert of many events in one statement (Postgres; see event-batch.ts): the keys it returns
 * are the events it inserted, the others existed already.
 */
export function insertEventsSql(rows: number): string {
  const row = `(${EVENT_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}
  ON CONFLICT (source_key) DO NOTHING RETURNING source_key`;
}

function hasKeys(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

const DEAL_COLUMNS = [
  'source_key',
  'name',
  'account_key',
  'contact_key',
  'stage',
  'status',
  'amount',
  'currency',
  'owner_id',
  'created_at',
  'closed_at',
  'updated_at',
  'deleted',
  'merged_into_key',
  'fingerprint',
];
const INSERT_DEAL = `INSERT INTO deals (${DEAL_COLUMNS.join(', ')}) VALUES (${DEAL_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (source_key) DO NOTHING`;
const UPDATE_DEAL = `UPDATE deals SET ${DEAL_COLUMNS.slice(1)
  .map((column) => `${column} = ?`)
  .join(', ')} WHERE source_key = ? AND fingerprint <> ?`;

export function upsertDeal(
  sql: StatementCache,
  deal: SourceDeal,
  emailOptions: EmailNormalization,
): UpsertOutcome {
  const key = sourceKey(deal.ref);
  const print = fingerprint(JSON.stringify(deal));
  const values = [
    deal.name ?? null,
    deal.account ? sourceKey(deal.account) : null,
    subjectKey(deal.contact, deal.contactEmail, emailOptions),
    deal.stage ?? null,
    deal.status,
    deal.amount ?? null,
    deal.currency ?? null,
    deal.ownerId ?? null,
    deal.createdAt ?? null,
    deal.closedAt ?? null,
    deal.updatedAt,
    deal.deleted ? 1 : 0,
    deal.mergedInto ? sourceKey(deal.mergedInto) : null,
    print,
  ] as const;
  if (Number(sql.get(INSERT_DEAL).run(key, ...values).changes) === 1) return 'inserted';
  return Number(sql.get(UPDATE_DEAL).run(...values, key, print).changes) === 1 ? 'updated' : 'unchanged';
}
