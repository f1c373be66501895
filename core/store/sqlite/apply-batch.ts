import type { SourceBatch } from '../../connectors/source.ts';
import type { EmailNormalization } from '../../identity/normalize.ts';
import type { SourceAccount, SourceContact } from '../../schema/index.ts';
import type { BatchResult } from '../canonical-store.ts';
import { accountSpec, contactSpec } from './entity-specs.ts';
import { EntityWriter, type UpsertOutcome } from './entity-writer.ts';
import { upsertDeal, upsertEvent } from './fact-writers.ts';
import { fingerprint } from './hashing.ts';
import type { StatementCache } from './sql.ts';

export interface ApplyContext {
  readonly now: () => string;
  readonly systemPriority: readonly string[];
  readonly emailNormalization: EmailNormalization;
}

/**
 * Stores one batch: records, quarantined rows and the stream cursor. The caller wraps this in a
 * single transaction, which is what makes an interrupted sync resumable without loss or duplicates.
 */
export function applyBatch(sql: StatementCache, batch: SourceBatch, context: ApplyContext): BatchResult {
  const contacts = new EntityWriter<SourceContact>(
    contactSpec(context.emailNormalization),
    sql,
    context.systemPriority,
    context.now,
  );
  const accounts = new EntityWriter<SourceAccount>(accountSpec(), sql, context.systemPriority, context.now);
  const tally = { inserted: 0, updated: 0, unchanged: 0 };
  const count = (outcome: UpsertOutcome): void => {
    tally[outcome]++;
  };

  for (const record of batch.records) {
    switch (record.kind) {
      case 'contact':
        count(contacts.upsert(record));
        break;
      case 'account':
        count(accounts.upsert(record));
        break;
      case 'event':
        count(upsertEvent(sql, record, context.emailNormalization));
        break;
      case 'deal':
        count(upsertDeal(sql, record, context.emailNormalization));
        break;
    }
  }
  accounts.flush();
  contacts.flush();

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
