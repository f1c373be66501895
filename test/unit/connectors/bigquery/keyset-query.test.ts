import { describe, expect, it } from 'vitest';
import { bigqueryConnectorConfigSchema } from '../../../../connectors/bigquery/config.ts';
import { keysetPageQuery, parseKeysetCursor } from '../../../../connectors/bigquery/keyset-query.ts';
import { historyInsertSql, mergeSql, schemaDrift } from '../../../../connectors/bigquery/score-schema.ts';

const source = { table: 'p.d.people', idColumn: 'id', updatedAtColumn: 'updated_at' };
const cursor = { updatedAt: "2026-01-01T00:00:00.000001Z'; DROP TABLE x; --", id: "o'brien" };

describe('BigQuery keyset queries', () => {
  it('never puts cursor values into the SQL text', () => {
    for (const position of [
      { kind: 'after' as const, cursor },
      { kind: 'lookback' as const, cursor, minutes: 10 },
    ]) {
      const page = keysetPageQuery(source, position, 500);
      expect(page.query).not.toContain('DROP');
      expect(page.query).not.toContain('brien');
      expect(page.params.cursor_ts).toBe(cursor.updatedAt);
      expect(page.types).toMatchObject({ cursor_ts: 'TIMESTAMP', page_size: 'INT64' });
    }
  });

  it('orders by (updated_at, id as text) and continues strictly after the cursor', () => {
    const page = keysetPageQuery(source, { kind: 'after', cursor }, 100);
    expect(page.query).toContain('ORDER BY `updated_at`, CAST(`id` AS STRING)');
    expect(page.query).toContain(
      '(`updated_at` > @cursor_ts OR (`updated_at` = @cursor_ts AND CAST(`id` AS STRING) > @cursor_id))',
    );
  });

  it('rejects a cursor written by another connector', () => {
    expect(parseKeysetCursor(null, 's')).toBeNull();
    expect(() => parseKeysetCursor({ offset: 3 }, 'contacts')).toThrow(/stream contacts/);
  });
});

describe('BigQuery score SQL and config', () => {
  const names = {
    projectId: 'p',
    dataset: 'd',
    current: 'cur',
    history: 'hist',
    staging: 'stg_1',
    latestView: 'v',
  };

  it('only replaces a current row with a strictly newer score, and dedupes staging', () => {
    const sql = mergeSql(names);
    expect(sql).toContain('WHEN MATCHED AND S.scored_at > T.scored_at THEN UPDATE');
    expect(sql).toContain(
      'QUALIFY ROW_NUMBER() OVER (PARTITION BY entity_type, entity_id, model ORDER BY scored_at DESC',
    );
    expect(historyInsertSql(names)).toContain('WHERE NOT EXISTS');
  });

  it('reports drift per column, accepting standard type aliases and extra columns', () => {
    const fields = [
      { name: 'entity_type', type: 'STRING' },
      { name: 'score', type: 'FLOAT64' },
      { name: 'scored_at', type: 'DATETIME' },
      { name: 'team_note', type: 'STRING' },
    ];
    const problems = schemaDrift('p.d.cur', fields);
    expect(problems).toContain('p.d.cur: column scored_at has type DATETIME, expected TIMESTAMP');
    expect(problems).toContain('p.d.cur: column entity_id is missing (expected STRING)');
    expect(problems.some((problem) => problem.includes('column score '))).toBe(false);
  });

  it('requires credentials unless an emulator endpoint is given, and one of table or sql per stream', () => {
    const base = { type: 'bigquery', projectId: 'my-project', dataset: 'crm' };
    expect(bigqueryConnectorConfigSchema.safeParse(base).success).toBe(false);
    const both = bigqueryConnectorConfigSchema.safeParse({
      ...base,
      apiEndpoint: 'http://127.0.0.1:9050',
      streams: { c: { kind: 'contact', table: 't', sql: 'SELECT 1' } },
    });
    expect(both.success).toBe(false);
    const ok = bigqueryConnectorConfigSchema.parse({
      ...base,
      apiEndpoint: 'http://127.0.0.1:9050',
      streams: { c: { kind: 'contact', table: 't' } },
    });
    expect(ok.scores.current).toBe('scorebridge_scores');
    expect(ok.streams.c?.lookbackMinutes).toBe(10);
  });
});
