import type {
  FeatureTableColumn,
  FeatureTableRow,
  InWarehouseScoreRequest,
} from '../../../core/warehouse/scores-table.ts';
import { SCORE_COLUMNS } from '../../../core/warehouse/scores-table.ts';
import { quoteName, type SnowflakeClient, SnowflakeQueryError } from '../client.ts';
import { createScoreTableSql, historyInsertSql, mergeSql, type ScoreObjects } from './score-sql.ts';
import { MAX_BATCH_BYTES, MAX_BIND_VALUES } from './staging-batcher.ts';

type BindValue = string | number | null;

/** A config name (`T`, `S.T`, `D.S.T`) as Snowflake resolves it: unquoted parts upper-cased, quoted kept. */
export function resolveObjectPath(name: string, schema: string): string[] {
  const parts = name.split('.').map((part) => (/^".*"$/.test(part) ? part.slice(1, -1) : part.toUpperCase()));
  if (parts.length > 3 || parts.some((part) => part.length === 0))
    throw new Error(`Snowflake table "${name}" must be TABLE, SCHEMA.TABLE or DATABASE.SCHEMA.TABLE`);
  return parts.length === 1 ? [schema.toUpperCase(), ...parts] : parts;
}

export const quotedPath = (parts: readonly string[]): string => parts.map(quoteName).join('.');

/** Column names of a table or view, or null when Snowflake says it does not exist. */
export async function describeColumns(
  client: SnowflakeClient,
  parts: readonly string[],
): Promise<string[] | null> {
  try {
    const rows = await client.execute(`DESCRIBE TABLE ${quotedPath(parts)}`);
    return rows.map((row) => String(row.name));
  } catch (error) {
    // 002003: "Object does not exist or not authorized".
    if (error instanceof SnowflakeQueryError && /^0*2003$/.test(error.code ?? '')) return null;
    throw error;
  }
}

function bindValue(kind: FeatureTableColumn['kind'], value: unknown): BindValue {
  if (kind === 'numeric') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  return typeof value === 'string' ? value : null;
}

/**
 * Recreates the feature table and fills it with array-bound INSERTs of at most 100,000 values
 * (rows × columns) and the request payload budget; batches above the server's stage threshold go
 * through the driver's stage upload. Returns the rows loaded.
 */
export async function loadSnowflakeFeatureTable(
  client: SnowflakeClient,
  table: readonly string[],
  input: {
    readonly columns: readonly FeatureTableColumn[];
    readonly idColumns: readonly string[];
    readonly rows: AsyncIterable<readonly FeatureTableRow[]>;
  },
): Promise<number> {
  const { columns, idColumns } = input;
  const definitions = [
    ...idColumns.map((id) => `${quoteName(id)} VARCHAR`),
    ...columns.map(
      (c) => `${quoteName(c.column)} ${c.sqlType ?? (c.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR')}`,
    ),
  ];
  await client.execute(`CREATE OR REPLACE TABLE ${quotedPath(table)} (${definitions.join(', ')})`);
  const names = [...idColumns, ...columns.map((c) => c.column)];
  const insert = `INSERT INTO ${quotedPath(table)} (${names.map(quoteName).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  const maxRows = Math.max(1, Math.floor(MAX_BIND_VALUES / names.length));
  let batch: BindValue[][] = [];
  let bytes = 0;
  let loaded = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await client.execute(insert, batch);
    loaded += batch.length;
    batch = [];
    bytes = 0;
  };
  for await (const page of input.rows) {
    for (const row of page) {
      const values: BindValue[] = [
        ...idColumns.map((id) => (row[id] === undefined || row[id] === null ? null : String(row[id]))),
        ...columns.map((c) => bindValue(c.kind, row[c.column])),
      ];
      const size = values.reduce<number>((sum, v) => sum + (v === null ? 4 : String(v).length + 8), 0);
      if (batch.length >= maxRows || bytes + size > MAX_BATCH_BYTES) await flush();
      batch.push(values);
      bytes += size;
    }
  }
  await flush();
  return loaded;
}

const upperColumns = SCORE_COLUMNS.map((column) => column.name.toUpperCase());

/** The compiled query's rows as score rows; model, kind, version and time are bind values. */
export function scoredRowsSql(selectSql: string): string {
  return [
    'SELECT ?, CAST(S.ENTITY_ID AS VARCHAR), ?, ?, ?, CAST(S.SCORE AS FLOAT), CAST(S.PROBABILITY AS FLOAT),',
    "  S.TIER, PARSE_JSON('[]'), CAST(NULL AS FLOAT), CAST(NULL AS VARCHAR), CAST(? AS TIMESTAMP_NTZ)",
    `FROM (\n${selectSql}\n) S`,
  ].join('\n');
}

/**
 * Scores inside Snowflake: the compiled query runs once, into a session-temporary table of typed
 * score rows, which the publish's own MERGE and history INSERT then read.
 */
export async function scoreInSnowflake(
  client: SnowflakeClient,
  objects: ScoreObjects,
  scoredTable: string,
  request: InWarehouseScoreRequest,
): Promise<number> {
  await client.execute(createScoreTableSql(scoredTable, 'CREATE OR REPLACE TEMPORARY TABLE'));
  const [inserted] = await client.execute(
    `INSERT INTO ${scoredTable} (${upperColumns.join(', ')})\n${scoredRowsSql(request.selectSql)}`,
    [request.entityType, request.model, request.kind, request.modelVersion, request.scoredAt],
  );
  const rows = Number(inserted?.['number of rows inserted'] ?? 0);
  if (rows > 0) {
    const source = `SELECT * FROM ${scoredTable}`;
    await client.execute(mergeSql(objects, source));
    await client.execute(historyInsertSql(objects, source));
  }
  return rows;
}
