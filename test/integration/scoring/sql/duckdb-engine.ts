import { DuckDBInstance } from '@duckdb/node-api';
import type { RawFeatureValues } from '../../../../scoring/features/raw-table.ts';
import { featureTableColumns, featureTableDdl, type SqlScoringModel } from '../../../../scoring/sql/index.ts';

/** An offline in-memory DuckDB (no extension downloads), closed by `close`. */
export async function openDuckDb() {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    threads: '1',
  });
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export type DuckDb = Awaited<ReturnType<typeof openDuckDb>>;

/** One row to load: its id and its raw feature values in the model's feature order. */
export interface FeatureTableRow {
  readonly id: string;
  readonly values: RawFeatureValues;
}

/** Creates `table` with the model's DDL and appends the rows; NaN and null load as NULL. */
export async function loadFeatureTable(
  db: DuckDb,
  model: SqlScoringModel,
  table: string,
  rows: readonly FeatureTableRow[],
): Promise<void> {
  await db.connection.run(featureTableDdl(model, { dialect: 'duckdb', table, idColumns: ['entity_id'] }));
  const columns = featureTableColumns(model, { dialect: 'duckdb' });
  const appender = await db.connection.createAppender(table);
  for (const row of rows) {
    appender.appendVarchar(row.id);
    columns.forEach((column, j) => {
      const value = row.values[j];
      if (column.kind === 'categorical' && typeof value === 'string') appender.appendVarchar(value);
      else if (column.kind === 'numeric' && typeof value === 'number' && Number.isFinite(value))
        appender.appendDouble(value);
      else appender.appendNull();
    });
    appender.endRow();
  }
  appender.closeSync();
}

export interface SqlScore {
  readonly model: string;
  readonly modelVersion: string;
  readonly probability: number;
  readonly score: number;
  readonly tier: string;
}

/** Runs a compiled scoring query and returns its rows by entity id. */
export async function runScoring(db: DuckDb, sql: string): Promise<Map<string, SqlScore>> {
  const result = await db.connection.runAndReadAll(sql);
  const out = new Map<string, SqlScore>();
  for (const row of result.getRowObjectsJS()) {
    out.set(String(row.entity_id), {
      model: String(row.model),
      modelVersion: String(row.model_version),
      probability: Number(row.probability),
      score: Number(row.score),
      tier: String(row.tier),
    });
  }
  return out;
}
