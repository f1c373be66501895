import type { ColumnBatch, LoadType } from './duckdb-engine.ts';

/**
 * An analytical SQL engine features run on: the embedded DuckDB replica today, Postgres or a
 * warehouse through the same calls. Results stream in column batches, so memory is bounded by a
 * batch, not by the number of rows.
 */
export interface AnalyticsEngine {
  /** The SQL dialect the engine speaks (scoring/features/sql/dialects). */
  readonly dialect: 'duckdb';
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  columns(sql: string): AsyncIterable<ColumnBatch>;
  /** Appends JS rows to an existing table (targets computed in process, say). */
  append(table: string, types: readonly LoadType[], rows: Iterable<readonly unknown[]>): Promise<number>;
}

export type { ColumnBatch, ColumnValues, LoadType } from './duckdb-engine.ts';
