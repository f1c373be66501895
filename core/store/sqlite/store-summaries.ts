import type { EntityType } from '../../schema/index.ts';
import type {
  MergeRecord,
  QuarantinedRecord,
  ScoreDistributionRow,
  StoreCounts,
} from '../canonical-store.ts';
import type { SqlValue } from '../sql/sql-database.ts';
import { activeEntity } from './queries.ts';
import type { StatementCache } from './sql.ts';

/** Read-only summaries for status pages and reports: distributions, the merge log, quarantine, counts. */
export function scoreDistribution(sql: StatementCache): ScoreDistributionRow[] {
  const rows = sql
    .get(
      `SELECT model, entity_type, tier, COUNT(*) AS n, AVG(value) AS avg_value, AVG(probability) AS avg_probability
       FROM scores GROUP BY model, entity_type, tier ORDER BY model, MIN(value)`,
    )
    .all() as Record<string, SqlValue>[];
  return rows.map((row) => ({
    model: String(row.model),
    entityType: String(row.entity_type) as EntityType,
    tier: String(row.tier),
    count: Number(row.n),
    averageValue: Number(row.avg_value),
    averageProbability: row.avg_probability === null ? null : Number(row.avg_probability),
  }));
}

export function merges(sql: StatementCache, entityType?: EntityType): MergeRecord[] {
  const rows = (
    entityType
      ? sql.get('SELECT * FROM merges WHERE entity_type = ? ORDER BY id').all(entityType)
      : sql.get('SELECT * FROM merges ORDER BY id').all()
  ) as Record<string, SqlValue>[];
  return rows.map((row) => ({
    entityType: String(row.entity_type) as EntityType,
    winnerId: String(row.winner_id),
    merged: String(row.merged),
    reason: String(row.reason) as MergeRecord['reason'],
    evidence: String(row.evidence),
    mergedAt: String(row.merged_at),
  }));
}

export function quarantined(
  sql: StatementCache,
  stream: string | undefined,
  limit: number,
): QuarantinedRecord[] {
  const rows = (
    stream
      ? sql.get('SELECT * FROM quarantine WHERE stream = ? ORDER BY id LIMIT ?').all(stream, limit)
      : sql.get('SELECT * FROM quarantine ORDER BY id LIMIT ?').all(limit)
  ) as Record<string, SqlValue>[];
  return rows.map((row) => ({
    id: Number(row.id),
    stream: String(row.stream),
    location: {
      ...(row.file === null ? {} : { file: String(row.file) }),
      ...(row.line === null ? {} : { line: Number(row.line) }),
      ...(row.column_name === null ? {} : { column: String(row.column_name) }),
      ...(row.record_id === null ? {} : { recordId: String(row.record_id) }),
    },
    reason: String(row.reason),
    raw: String(row.raw),
    quarantinedAt: String(row.quarantined_at),
  }));
}

/**
 * How earlier versions worded a row rejected for an event type outside the well-known names: the
 * file connector's own message, and the closed list's zod message the warehouse sources passed on.
 */
const UNKNOWN_EVENT_TYPE_REASON = `(reason LIKE '%unknown event type ''%' OR reason LIKE '%expected one of "email_sent"|%')`;

export function counts(sql: StatementCache): StoreCounts {
  const count = (query: string): number => Number((sql.get(query).get() as { n: number }).n);
  return {
    contacts: count(`SELECT COUNT(*) AS n FROM contacts c WHERE ${activeEntity('c')}`),
    accounts: count(`SELECT COUNT(*) AS n FROM accounts a WHERE ${activeEntity('a')}`),
    events: count('SELECT COUNT(*) AS n FROM events WHERE deleted = 0'),
    deals: count('SELECT COUNT(*) AS n FROM deals WHERE deleted = 0'),
    merges: count('SELECT COUNT(*) AS n FROM merges'),
    quarantined: count('SELECT COUNT(*) AS n FROM quarantine'),
    quarantinedForEventType: count(`SELECT COUNT(*) AS n FROM quarantine WHERE ${UNKNOWN_EVENT_TYPE_REASON}`),
    scores: count('SELECT COUNT(*) AS n FROM scores'),
    deletedContacts: count('SELECT COUNT(*) AS n FROM contacts WHERE deleted_at IS NOT NULL'),
    mergedContacts: count('SELECT COUNT(*) AS n FROM contacts WHERE merged_into IS NOT NULL'),
  };
}
