import { SCORE_COLUMNS, SCORE_KEY, type ScoreColumnType } from '../../core/warehouse/scores-table.ts';

export interface ScoreTableNames {
  readonly projectId: string;
  readonly dataset: string;
  readonly current: string;
  readonly history: string;
  readonly staging: string;
  readonly latestView: string;
}

export interface BigQueryField {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REQUIRED';
  description: string;
}

const BIGQUERY_TYPES: Record<ScoreColumnType, string> = {
  string: 'STRING',
  float: 'FLOAT',
  json: 'JSON',
  timestamp: 'TIMESTAMP',
};

const OPTIONAL = new Set(['probability', 'reasons', 'amount', 'action']);

/** The documented score columns as a BigQuery schema (legacy type names, as BigQuery reports them). */
export const SCORE_FIELDS: readonly BigQueryField[] = SCORE_COLUMNS.map((column) => ({
  name: column.name,
  type: BIGQUERY_TYPES[column.type],
  mode: OPTIONAL.has(column.name) ? 'NULLABLE' : 'REQUIRED',
  description: column.description,
}));

const TYPE_ALIASES: Record<string, string> = { FLOAT64: 'FLOAT', INT64: 'INTEGER', BOOL: 'BOOLEAN' };

/**
 * What differs between an existing table or view and the documented columns, phrased so the
 * reader knows which object and column to fix. Extra columns are allowed (teams add their own).
 */
export function schemaDrift(object: string, found: readonly { name: string; type: string }[]): string[] {
  const byName = new Map(found.map((field) => [field.name.toLowerCase(), field]));
  const problems: string[] = [];
  for (const expected of SCORE_FIELDS) {
    const actual = byName.get(expected.name);
    if (!actual) {
      problems.push(`${object}: column ${expected.name} is missing (expected ${expected.type})`);
      continue;
    }
    const type = TYPE_ALIASES[actual.type.toUpperCase()] ?? actual.type.toUpperCase();
    if (type !== expected.type) {
      problems.push(`${object}: column ${expected.name} has type ${actual.type}, expected ${expected.type}`);
    }
  }
  return problems;
}

const path = (names: ScoreTableNames, table: string): string =>
  `\`${names.projectId}.${names.dataset}.${table}\``;
const columnList = SCORE_FIELDS.map((field) => field.name).join(', ');

export function latestViewSql(names: ScoreTableNames): string {
  return `CREATE OR REPLACE VIEW ${path(names, names.latestView)} AS\nSELECT ${columnList}\nFROM ${path(names, names.current)}`;
}

/** Staging rows, one per key: a publish that repeats a key keeps its newest score. */
function dedupedStaging(names: ScoreTableNames, partition: readonly string[]): string {
  return (
    `SELECT * FROM ${path(names, names.staging)}\nWHERE TRUE\n` +
    `QUALIFY ROW_NUMBER() OVER (PARTITION BY ${partition.join(', ')} ORDER BY scored_at DESC, score DESC, model_version DESC) = 1`
  );
}

/**
 * The one MERGE of a publish. A row is only replaced by a strictly newer score, so running the
 * same publish again matches every row and changes nothing.
 */
export function mergeSql(names: ScoreTableNames): string {
  const on = SCORE_KEY.map((column) => `T.${column} = S.${column}`).join(' AND ');
  const updates = SCORE_FIELDS.filter(
    (field) => !SCORE_KEY.includes(field.name as (typeof SCORE_KEY)[number]),
  )
    .map((field) => `${field.name} = S.${field.name}`)
    .join(', ');
  const values = SCORE_FIELDS.map((field) => `S.${field.name}`).join(', ');
  return (
    `MERGE ${path(names, names.current)} T\nUSING (\n${dedupedStaging(names, SCORE_KEY)}\n) S\nON ${on}\n` +
    `WHEN MATCHED AND S.scored_at > T.scored_at THEN UPDATE SET ${updates}\n` +
    `WHEN NOT MATCHED THEN INSERT (${columnList}) VALUES (${values})`
  );
}

/** Appends the publish to history, skipping (key, scored_at) rows already there, so a retry adds nothing. */
export function historyInsertSql(names: ScoreTableNames): string {
  const sameRow = [...SCORE_KEY, 'scored_at'].map((column) => `H.${column} = S.${column}`).join(' AND ');
  return (
    `INSERT INTO ${path(names, names.history)} (${columnList})\nSELECT ${columnList} FROM (\n` +
    `${dedupedStaging(names, [...SCORE_KEY, 'scored_at'])}\n) S\n` +
    `WHERE NOT EXISTS (SELECT 1 FROM ${path(names, names.history)} H WHERE ${sameRow})`
  );
}
