import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

export interface QueryResult {
  readonly columns: string[];
  readonly rows: Array<Record<string, unknown>>;
  /** True when more rows matched than `limit`. */
  readonly truncated: boolean;
}

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/**
 * Runs one SQL statement against the store opened read-only: SQLite itself refuses any write, so
 * no statement can change the store whatever it says. Values are bound as named parameters
 * (`:name` in the SQL), never pasted into it.
 */
export function runReadOnlyQuery(
  storePath: string,
  sql: string,
  params: Record<string, SQLInputValue>,
  limit: number,
): QueryResult {
  const db = new DatabaseSync(storePath, { readOnly: true });
  try {
    let statement: ReturnType<DatabaseSync['prepare']>;
    try {
      statement = db.prepare(sql);
    } catch (error) {
      throw new QueryError(`SQL error: ${(error as Error).message}`);
    }
    const columns = statement.columns().map((column) => column.name);
    if (columns.length === 0)
      throw new QueryError('only queries that return rows (SELECT, WITH) are allowed');
    const rows: Array<Record<string, unknown>> = [];
    let truncated = false;
    try {
      for (const row of statement.iterate(params)) {
        if (rows.length === limit) {
          truncated = true;
          break;
        }
        rows.push(row as Record<string, unknown>);
      }
    } catch (error) {
      throw new QueryError(`SQL error: ${(error as Error).message}`);
    }
    return { columns, rows, truncated };
  } finally {
    db.close();
  }
}
