/** Where a stream's read resumes: the last (updated_at, id) stored, as BigQuery printed them. */
export interface KeysetCursor {
  /** TIMESTAMP as ISO text with microseconds, so no row sharing the second is skipped or re-read. */
  readonly updatedAt: string;
  readonly id: string;
}

export interface KeysetSource {
  /** `project.dataset.table`, already validated identifiers. */
  readonly table?: string;
  readonly sql?: string;
  readonly idColumn: string;
  readonly updatedAtColumn: string;
}

export type KeysetPosition =
  | { readonly kind: 'start' }
  | { readonly kind: 'lookback'; readonly cursor: KeysetCursor; readonly minutes: number }
  | { readonly kind: 'after'; readonly cursor: KeysetCursor };

export interface KeysetQuery {
  readonly query: string;
  readonly params: Record<string, string | number>;
  readonly types: Record<string, string>;
}

/**
 * One page of a keyset read, ordered by (updated_at, id). Values travel only as query
 * parameters; the SQL text holds identifiers from validated config and nothing else. The id is
 * compared as STRING so integer and text ids page the same way.
 */
export function keysetPageQuery(source: KeysetSource, position: KeysetPosition, limit: number): KeysetQuery {
  const from = source.table ? `\`${source.table}\`` : `(\n${source.sql}\n) AS src`;
  const ts = `\`${source.updatedAtColumn}\``;
  const id = `CAST(\`${source.idColumn}\` AS STRING)`;
  const params: Record<string, string | number> = { page_size: limit };
  const types: Record<string, string> = { page_size: 'INT64' };
  let where = `${ts} IS NOT NULL`;
  if (position.kind === 'lookback') {
    where += ` AND ${ts} >= TIMESTAMP_SUB(@cursor_ts, INTERVAL @lookback_minutes MINUTE)`;
    Object.assign(params, { cursor_ts: position.cursor.updatedAt, lookback_minutes: position.minutes });
    Object.assign(types, { cursor_ts: 'TIMESTAMP', lookback_minutes: 'INT64' });
  } else if (position.kind === 'after') {
    where += ` AND (${ts} > @cursor_ts OR (${ts} = @cursor_ts AND ${id} > @cursor_id))`;
    Object.assign(params, { cursor_ts: position.cursor.updatedAt, cursor_id: position.cursor.id });
    Object.assign(types, { cursor_ts: 'TIMESTAMP', cursor_id: 'STRING' });
  }
  const query = `SELECT * FROM ${from}\nWHERE ${where}\nORDER BY ${ts}, ${id}\nLIMIT @page_size`;
  return { query, params, types };
}

/** Counts rows the cursor can never reach (no updated_at), so the sync can warn about them. */
export function nullCursorCountQuery(source: KeysetSource): string {
  const from = source.table ? `\`${source.table}\`` : `(\n${source.sql}\n) AS src`;
  return `SELECT COUNT(*) AS n FROM ${from} WHERE \`${source.updatedAtColumn}\` IS NULL`;
}

export function parseKeysetCursor(value: unknown, stream: string): KeysetCursor | null {
  if (value === null || value === undefined) return null;
  const cursor = value as Partial<KeysetCursor>;
  if (typeof cursor.updatedAt === 'string' && typeof cursor.id === 'string')
    return { updatedAt: cursor.updatedAt, id: cursor.id };
  throw new Error(
    `stream ${stream}: stored cursor ${JSON.stringify(value)} is not a BigQuery keyset cursor; reset the stream to re-read it`,
  );
}
