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

const EXCERPT_CHARS = 60;

/**
 * Where a statement after the first begins, if the text has one. SQLite compiles only the first
 * statement of a text and the rest would be dropped without a word; SQLite's own parser (preparing
 * the rest, never running it) tells a second statement from trailing comments and semicolons.
 */
function nextStatement(
  db: DatabaseSync,
  sql: string,
  firstSql: string,
): { line: number; column: number; excerpt: string } | undefined {
  if (!sql.startsWith(firstSql)) return undefined;
  const rest = sql.slice(firstSql.length);
  if (rest.trim() === '') return undefined;
  try {
    db.prepare(rest);
  } catch (error) {
    // Only comments and semicolons left: node:sqlite says there is no statement in the text.
    if ((error as { code?: unknown }).code === 'ERR_INVALID_ARG_VALUE') return undefined;
  }
  const offset = firstSql.length + rest.search(/[^\s;]/);
  const before = sql.slice(0, offset).split('\n');
  const text = sql.slice(offset).replace(/\s+/g, ' ').trim();
  return {
    line: before.length,
    column: before.at(-1)!.length + 1,
    excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text,
  };
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
    const second = nextStatement(db, sql, statement.sourceSQL);
    if (second !== undefined)
      throw new QueryError(
        `only one statement is run, and there is another after the first ";" (line ${second.line}, column ${second.column}: ${second.excerpt}); run each statement on its own`,
      );
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
