import pg from 'pg';
import { numericTypes } from '../../core/store/postgres/pool.ts';
import { QueryError, type QueryResult } from './read-only-query.ts';
import { lineColumn, prepareText } from './statement-text.ts';

export interface PostgresQueryRequest {
  readonly url: string;
  readonly sql: string;
  readonly params: Record<string, string>;
  readonly limit: number;
  /** 0: no limit. */
  readonly timeoutMs: number;
  readonly connectionTimeoutMs: number;
}

const EXCERPT_CHARS = 60;
const ROW_QUERY = /^\s*(\(|select\b|with\b|values\b|table\b)/i;
// Dates, times and JSON come back as the text they are stored as, as they do from SQLite.
const AS_TEXT = new Set([114, 1082, 1083, 1114, 1184, 1266, 3802]);
const types = {
  getTypeParser(oid: number, format?: string) {
    if (AS_TEXT.has(oid)) return (value: string) => value;
    return numericTypes.getTypeParser(oid, format);
  },
};
const CURSOR = 'DECLARE scorebridge_query NO SCROLL CURSOR FOR ';

function excerptAt(sql: string, offset: number): string {
  const text = sql.slice(offset).replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/**
 * Runs one query on a Postgres store inside a READ ONLY transaction, so Postgres itself refuses any
 * write whatever the statement says, with statement_timeout as the time limit. Values are bound as
 * parameters (`:name` in the SQL), never pasted into it. Rows are read through a cursor, so a query
 * matching millions of rows sends only `limit + 1` of them.
 */
export async function runPostgresReadOnlyQuery(request: PostgresQueryRequest): Promise<QueryResult> {
  const prepared = prepareText(request.sql);
  if (prepared.secondAt !== undefined) {
    const { line, column } = lineColumn(request.sql, prepared.secondAt);
    throw new QueryError(
      `only one statement is run, and there is another after the first ";" (line ${line}, column ${column}: ${excerptAt(request.sql, prepared.secondAt)}); run each statement on its own`,
    );
  }
  if (!ROW_QUERY.test(prepared.text.replace(/^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, '')))
    throw new QueryError('only queries that return rows (SELECT, WITH) are allowed');
  const values = prepared.names.map((name) => request.params[name] ?? null);
  const client = new pg.Client({
    connectionString: request.url,
    connectionTimeoutMillis: request.connectionTimeoutMs,
    application_name: 'scorebridge sql',
    types,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(0, Math.round(request.timeoutMs))}`);
    try {
      await client.query(CURSOR + prepared.text, values);
      const fetched = await client.query({ text: `FETCH ${request.limit + 1} FROM scorebridge_query` });
      const columns = fetched.fields.map((field) => field.name);
      const rows = fetched.rows as Array<Record<string, unknown>>;
      const truncated = rows.length > request.limit;
      return { columns, rows: truncated ? rows.slice(0, request.limit) : rows, truncated };
    } catch (error) {
      throw explain(error, request, prepared.origin);
    }
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

function explain(error: unknown, request: PostgresQueryRequest, origin: readonly number[]): Error {
  if (!(error instanceof pg.DatabaseError)) return error as Error;
  if (error.code === '57014') {
    const seconds = request.timeoutMs / 1000;
    return new QueryError(
      `the query was stopped after running for ${seconds} s (--timeout ${seconds}); narrow it with WHERE or LIMIT, or allow more time with --timeout <seconds> (0 for no limit)`,
    );
  }
  if (error.code === '25006')
    return new QueryError(
      `SQL error: ${error.message}; only queries that return rows (SELECT, WITH) are allowed`,
    );
  // Postgres counts characters from 1 in the text it was sent, which starts with the cursor.
  const sent = Number(error.position) - 1 - CURSOR.length;
  if (!Number.isInteger(sent) || sent < 0) return new QueryError(`SQL error: ${error.message}`);
  const offset = origin[sent] ?? request.sql.length;
  const { line, column } = lineColumn(request.sql, offset);
  return new QueryError(
    `SQL error: ${error.message} (line ${line}, column ${column}: ${excerptAt(request.sql, offset) || 'end of the query'})`,
  );
}
