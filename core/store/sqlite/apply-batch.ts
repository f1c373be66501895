import type { SourceBatch } from '../../connectors/source.ts';
import type { EmailNormalization } from '../../identity/normalize.ts';
import { type SourceAccount, type SourceContact, sourceKey } from '../../schema/index.ts';
import type { BatchResult } from '../canonical-store.ts';
import { BatchLookups } from './batch-lookups.ts';
import { accountSpec, contactSpec } from './entity-specs.ts';
import { EntityWriter, type UpsertOutcome } from './entity-writer.ts';
import { EventBatchWriter } from './event-batch.ts';
import { upsertDeal, upsertEvent } from './fact-writers.ts';
import { fingerprint } from './hashing.ts';
import type { StatementCache } from './sql.ts';

export interface ApplyContext {
  readonly now: () => string;
  readonly systemPriority: readonly string[];
  readonly emailNormalization: EmailNormalization;
  /**
   * Postgres, where each statement is a round trip: events many rows per statement, and the
   * batch's stored source rows read up front.
   */
  readonly bulkEvents: boolean;
}

/**
 * Stores one batch: records, quarantined rows and the stream cursor. The caller wraps this in a
 * single transaction, which is what makes an interrupted sync resumable without loss or duplicates.
 */
/**
 * Tells the analytics replica what to copy again: entity and deal tables by revision, rewritten
 * events by the change sequence their UPDATE stamped (new events it finds by id).
 */
function bumpRevisions(
  sql: StatementCache,
  changed: { entities: boolean; deals: boolean; events: boolean },
): void {
  const bump = sql.get(
    'UPDATE store_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = ?',
  );
  if (changed.entities) bump.run('entities_revision');
  if (changed.deals) bump.run('deals_revision');
  if (changed.events) bump.run('event_change_seq');
}

/** A record stored again by this batch no longer needs the re-read a write-back asked for. */
function clearRereads(sql: StatementCache, batch: SourceBatch): void {
  if (!sql.get('SELECT EXISTS (SELECT 1 FROM sync_rereads) AS pending').get()?.pending) return;
  const clear = sql.get('DELETE FROM sync_rereads WHERE source_key = ?');
  for (const record of batch.records)
    if (record.kind === 'contact' || record.kind === 'account') clear.run(sourceKey(record.ref));
}

export function applyBatch(sql: StatementCache, batch: SourceBatch, context: ApplyContext): BatchResult {
  // Postgres: the batch's source rows in a few statements instead of one per record.
  const lookups = context.bulkEvents
    ? BatchLookups.load(
        sql,
        batch.records.flatMap((r) =>
          r.kind === 'contact' || r.kind === 'account' ? [sourceKey(r.ref)] : [],
        ),
      )
    : null;
  const contacts = new EntityWriter<SourceContact>(
    contactSpec(context.emailNormalization),
    sql,
    context.systemPriority,
    context.now,
    lookups,
  );
  const accounts = new EntityWriter<SourceAccount>(
    accountSpec(),
    sql,
    context.systemPriority,
    context.now,
    lookups,
  );
  const tally = { inserted: 0, updated: 0, unchanged: 0 };
  const changed = { entities: false, deals: false, events: false };
  const count = (outcome: UpsertOutcome, kind: 'entities' | 'deals'): void => {
    tally[outcome]++;
    if (outcome !== 'unchanged') changed[kind] = true;
  };
  // New events reach the replica by id; only rewritten ones need the change sequence.
  const countEvent = (outcome: UpsertOutcome): void => {
    tally[outcome]++;
    if (outcome === 'updated') changed.events = true;
  };
  const events = context.bulkEvents
    ? new EventBatchWriter(sql, context.emailNormalization, countEvent)
    : null;

  for (const record of batch.records) {
    switch (record.kind) {
      case 'contact':
        count(contacts.upsert(record), 'entities');
        break;
      case 'account':
        count(accounts.upsert(record), 'entities');
        break;
      case 'event':
        if (events) events.add(record);
        else countEvent(upsertEvent(sql, record, context.emailNormalization));
        break;
      case 'deal':
        count(upsertDeal(sql, record, context.emailNormalization), 'deals');
        break;
    }
  }
  events?.flush();
  clearRereads(sql, batch);
  accounts.flush();
  contacts.flush();
  bumpRevisions(sql, { ...changed, entities: changed.entities || contacts.merges + accounts.merges > 0 });

  const now = context.now();
  // Re-reading a file quarantines its bad rows again; the same row at the same place is kept once.
  const quarantine = sql.get(
    `INSERT INTO quarantine (stream, file, line, column_name, record_id, reason, raw, fingerprint, quarantined_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stream, fingerprint) DO NOTHING`,
  );
  for (const rejected of batch.rejected) {
    const { location } = rejected;
    quarantine.run(
      batch.stream,
      location.file ?? null,
      location.line ?? null,
      location.column ?? null,
      location.recordId ?? null,
      rejected.reason,
      rejected.raw,
      fingerprint(`${location.file ?? ''}|${location.line ?? ''}|${rejected.raw}`),
      now,
    );
  }

  sql
    .get(
      'INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
    )
    .run(batch.stream, JSON.stringify(batch.cursor), now);

  return { ...tally, rejected: batch.rejected.length, merges: contacts.merges + accounts.merges };
}
