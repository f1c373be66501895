import { SCORE_COLUMNS, SCORE_KEY, type ScoreColumnType } from '../../../core/warehouse/scores-table.ts';

/** Snowflake column type for each documented score column type, and how INFORMATION_SCHEMA names it. */
export const SNOWFLAKE_TYPES: Record<ScoreColumnType, { ddl: string; dataType: string }> = {
  string: { ddl: 'VARCHAR', dataType: 'TEXT' },
  float: { ddl: 'FLOAT', dataType: 'FLOAT' },
  json: { ddl: 'VARIANT', dataType: 'VARIANT' },
  timestamp: { ddl: 'TIMESTAMP_NTZ', dataType: 'TIMESTAMP_NTZ' },
};

const upper = (name: string): string => name.toUpperCase();
const columnList = SCORE_COLUMNS.map((column) => upper(column.name));

export interface ScoreObjects {
  /** Fully quoted names. */
  readonly current: string;
  readonly history: string;
  readonly staging: string;
  readonly latestView: string;
}

export function createScoreTableSql(table: string, head = 'CREATE TABLE IF NOT EXISTS'): string {
  const columns = SCORE_COLUMNS.map((column) => {
    const notNull = SCORE_KEY.includes(column.name) || column.name === 'scored_at' ? ' NOT NULL' : '';
    return `  ${upper(column.name)} ${SNOWFLAKE_TYPES[column.type].ddl}${notNull}`;
  });
  return `${head} ${table} (\n${columns.join(',\n')}\n)`;
}

export function createLatestViewSql(objects: ScoreObjects): string {
  return `CREATE OR REPLACE VIEW ${objects.latestView} AS SELECT ${columnList.join(', ')} FROM ${objects.current}`;
}

/** Staged scores are one JSON document per row: one bind value per score keeps 100,000 scores per request. */
export function createStagingSql(objects: ScoreObjects): string {
  return `CREATE OR REPLACE TEMPORARY TABLE ${objects.staging} (DOC VARCHAR)`;
}

/**
 * Staging table of the file path: one typed column per score column, COPY converting each CSV
 * field as it loads (so a bad value is rejected with its file and line). JSON columns stay text
 * here and are parsed in the MERGE source, as on the bind path.
 */
export function createFileStagingSql(objects: ScoreObjects): string {
  const columns = SCORE_COLUMNS.map(
    (column) =>
      `${upper(column.name)} ${column.type === 'json' ? 'VARCHAR' : SNOWFLAKE_TYPES[column.type].ddl}`,
  );
  return `CREATE OR REPLACE TEMPORARY TABLE ${objects.staging} (${columns.join(', ')})`;
}

export const fileStagingColumns = (): readonly string[] => columnList;

/**
 * A JSON column's text as the VARIANT it encodes. PARSE_JSON, never a cast: casting text to VARIANT
 * stores a string variant, so `REASONS[0]:feature` would be NULL and TYPEOF(REASONS) 'VARCHAR'
 * (https://docs.snowflake.com/en/sql-reference/functions/parse_json,
 * https://docs.snowflake.com/en/sql-reference/functions/to_variant).
 */
const parsedJson = (text: string): string => `PARSE_JSON(${text})`;

/** Rows of the file-loaded staging table, typed exactly as typedStage types the JSON documents. */
export function typedFileStage(objects: ScoreObjects): string {
  const projections = SCORE_COLUMNS.map((column) =>
    column.type === 'json'
      ? `${parsedJson(upper(column.name))} AS ${upper(column.name)}`
      : upper(column.name),
  );
  return `SELECT ${projections.join(', ')} FROM ${objects.staging}`;
}

export function stageInsertSql(objects: ScoreObjects): string {
  return `INSERT INTO ${objects.staging} (DOC) VALUES (?)`;
}

/** Typed rows out of the staged JSON documents, whose JSON columns are JSON text (scoreRow). */
function typedStage(objects: ScoreObjects): string {
  const projections = SCORE_COLUMNS.map((column) =>
    column.type === 'json'
      ? `${parsedJson(`V:${column.name}::VARCHAR`)} AS ${upper(column.name)}`
      : `V:${column.name}::${SNOWFLAKE_TYPES[column.type].ddl} AS ${upper(column.name)}`,
  );
  return `SELECT ${projections.join(', ')} FROM (SELECT PARSE_JSON(DOC) AS V FROM ${objects.staging})`;
}

/** One row per key+partition, latest first; ties broken on the score so the pick is deterministic. */
function deduped(source: string, partition: readonly string[]): string {
  return `SELECT * FROM (${source}) QUALIFY ROW_NUMBER() OVER (PARTITION BY ${partition.join(', ')} ORDER BY SCORED_AT DESC, SCORE DESC, MODEL_VERSION DESC) = 1`;
}

const KEY = SCORE_KEY.map(upper);
const VALUE_COLUMNS = columnList.filter((name) => !KEY.includes(name));

/**
 * The one MERGE of a publish. A row is updated only when the staged score is not older than the
 * stored one and something differs, so re-running the same publish changes nothing.
 */
export function mergeSql(objects: ScoreObjects, source: string = typedStage(objects)): string {
  const on = KEY.map((name) => `T.${name} = S.${name}`).join(' AND ');
  const differs = VALUE_COLUMNS.map((name) => `S.${name} IS DISTINCT FROM T.${name}`).join(' OR ');
  const set = VALUE_COLUMNS.map((name) => `${name} = S.${name}`).join(', ');
  return [
    `MERGE INTO ${objects.current} T USING (${deduped(source, KEY)}) S ON ${on}`,
    `WHEN MATCHED AND S.SCORED_AT >= T.SCORED_AT AND (${differs}) THEN UPDATE SET ${set}`,
    `WHEN NOT MATCHED THEN INSERT (${columnList.join(', ')}) VALUES (${columnList.map((n) => `S.${n}`).join(', ')})`,
  ].join('\n');
}

/** Appends each staged (key, scored_at) once: a retried publish adds no duplicate history. */
export function historyInsertSql(objects: ScoreObjects, source: string = typedStage(objects)): string {
  const partition = [...KEY, 'SCORED_AT'];
  const seen = partition.map((name) => `H.${name} = S.${name}`).join(' AND ');
  return [
    `INSERT INTO ${objects.history} (${columnList.join(', ')})`,
    `SELECT ${columnList.map((n) => `S.${n}`).join(', ')} FROM (${deduped(source, partition)}) S`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${objects.history} H WHERE ${seen})`,
  ].join('\n');
}

export const schemaColumnsSql = (tableCount: number): string =>
  `SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${Array.from({ length: tableCount }, () => '?').join(', ')}) ORDER BY TABLE_NAME, ORDINAL_POSITION`;
