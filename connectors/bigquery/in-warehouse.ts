import type { Dataset } from '@google-cloud/bigquery';
import type {
  FeatureTableColumn,
  FeatureTableRow,
  InWarehouseScoreRequest,
} from '../../core/warehouse/scores-table.ts';
import type { CountedBigQuery } from './client.ts';
import {
  type BigQueryField,
  historyInsertSql,
  mergeSql,
  SCORE_FIELDS,
  type ScoreTableNames,
} from './score-schema.ts';
import { StagingLoader, type StagingLoaderOptions } from './staging-loader.ts';

export interface TablePath {
  readonly projectId: string;
  readonly dataset: string;
  readonly table: string;
}

/** "table", "dataset.table" or "project.dataset.table"; missing parts come from the score tables' home. */
export function resolveTablePath(table: string, home: { projectId: string; dataset: string }): TablePath {
  const parts = table.split('.').map((part) => part.replace(/^`|`$/g, ''));
  if (parts.length > 3 || parts.some((part) => part.length === 0))
    throw new Error(`BigQuery table "${table}" must be table, dataset.table or project.dataset.table`);
  const [projectId, dataset, name] = [
    ...[home.projectId, home.dataset].slice(0, 3 - parts.length),
    ...parts,
  ] as [string, string, string];
  return { projectId, dataset, table: name };
}

export const quotedPath = (path: TablePath): string => `\`${path.projectId}.${path.dataset}.${path.table}\``;

function featureField(column: FeatureTableColumn): BigQueryField {
  const type = column.sqlType ?? (column.kind === 'numeric' ? 'FLOAT64' : 'STRING');
  return { name: column.column, type, mode: 'NULLABLE', description: `model feature (${column.kind})` };
}

/**
 * A feature value as NDJSON wants it: missing (NaN, infinities, undefined) is null. A 64-bit
 * integer (bigint) is written as its digits in a JSON string, which load jobs accept for INT64
 * columns: as a JSON number above 2^53 it would be rounded by any double-based JSON reader.
 */
export function featureValue(kind: FeatureTableColumn['kind'], value: unknown): number | string | null {
  if (typeof value === 'bigint') return value.toString();
  if (kind === 'numeric') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  return typeof value === 'string' ? value : null;
}

async function ensureDataset(dataset: Dataset, location: string): Promise<void> {
  const [exists] = await dataset.exists();
  if (!exists) await dataset.create({ location });
}

/**
 * Drops and recreates the feature table with the given schema, then fills it with gzip NDJSON load
 * jobs (WRITE_TRUNCATE alone would keep an older schema in place).
 */
export async function loadFeatureTable(
  client: CountedBigQuery,
  path: TablePath,
  location: string,
  input: {
    readonly columns: readonly FeatureTableColumn[];
    readonly idColumns: readonly string[];
    readonly rows: AsyncIterable<readonly FeatureTableRow[]>;
    readonly loader?: StagingLoaderOptions;
  },
): Promise<number> {
  const dataset = client.bigquery.dataset(path.dataset, { projectId: path.projectId, location });
  await ensureDataset(dataset, location);
  const table = dataset.table(path.table);
  await table.delete({ ignoreNotFound: true });
  const fields: BigQueryField[] = [
    ...input.idColumns.map(
      (name): BigQueryField => ({ name, type: 'STRING', mode: 'NULLABLE', description: 'entity id' }),
    ),
    ...input.columns.map(featureField),
  ];
  await dataset.createTable(path.table, {
    schema: { fields: fields.map(({ name, type, mode }) => ({ name, type, mode })) },
  });
  const loader = new StagingLoader(table, fields, input.loader);
  for await (const page of input.rows) {
    for (const row of page) {
      const line: Record<string, unknown> = {};
      for (const id of input.idColumns)
        line[id] = row[id] === undefined || row[id] === null ? null : String(row[id]);
      for (const column of input.columns) line[column.column] = featureValue(column.kind, row[column.column]);
      await loader.add(JSON.stringify(line), String(row[input.idColumns[0] ?? ''] ?? '?'));
    }
  }
  await loader.finish();
  return loader.rows;
}

/** The compiled query's rows as score rows; every value comes from the query or a parameter. */
export function scoredRowsSql(selectSql: string): string {
  return [
    'SELECT @entity_type AS entity_type, CAST(S.entity_id AS STRING) AS entity_id, @model AS model,',
    '  @kind AS kind, @model_version AS model_version, CAST(S.score AS FLOAT64) AS score,',
    "  CAST(S.probability AS FLOAT64) AS probability, S.tier AS tier, PARSE_JSON('[]') AS reasons,",
    '  CAST(NULL AS FLOAT64) AS amount, CAST(NULL AS STRING) AS action,',
    '  CAST(@scored_at AS TIMESTAMP) AS scored_at',
    `FROM (\n${selectSql}\n) AS S`,
  ].join('\n');
}

/**
 * Scores inside BigQuery: the compiled query runs once, into a per-run staging table shaped like the
 * one publishScores loads, and the publish's own MERGE and history INSERT take it from there.
 */
export async function scoreInBigQuery(
  client: CountedBigQuery,
  names: ScoreTableNames,
  location: string,
  request: InWarehouseScoreRequest,
): Promise<number> {
  const { bigquery } = client;
  const staging = bigquery.dataset(names.dataset, { location }).table(names.staging);
  await staging.delete({ ignoreNotFound: true });
  await bigquery.dataset(names.dataset, { location }).createTable(names.staging, {
    schema: { fields: SCORE_FIELDS.map(({ name, type, mode }) => ({ name, type, mode })) },
  });
  try {
    const columns = SCORE_FIELDS.map((field) => field.name).join(', ');
    // query() resolves to [rows, nextQuery, apiResponse]; its typings omit the third, which holds the DML count.
    const response = (await bigquery.query({
      query: `INSERT INTO ${quotedPath({ projectId: names.projectId, dataset: names.dataset, table: names.staging })} (${columns})\n${scoredRowsSql(request.selectSql)}`,
      location,
      params: {
        entity_type: request.entityType,
        model: request.model,
        kind: request.kind,
        model_version: request.modelVersion,
        scored_at: request.scoredAt,
      },
    })) as unknown[];
    const rows = Number(
      (response[2] as { numDmlAffectedRows?: string } | undefined)?.numDmlAffectedRows ?? 0,
    );
    if (rows > 0) {
      await bigquery.query({ query: mergeSql(names), location });
      await bigquery.query({ query: historyInsertSql(names), location });
    }
    return rows;
  } finally {
    await staging.delete({ ignoreNotFound: true });
  }
}
