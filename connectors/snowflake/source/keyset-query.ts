import { columnKey, qualifiedName, quoteName } from '../client.ts';

export interface StreamSource {
  readonly table?: string | undefined;
  readonly sql?: string | undefined;
  readonly idColumn: string;
  readonly updatedAtColumn: string;
}

/**
 * The incremental read of one stream, ordered by the keyset (updated_at, id as text). Cursor values
 * are bound, never spliced into the text. The id is compared as text so numeric and string ids
 * order the same way in the query and in the cursor.
 */
export function keysetQuery(
  source: StreamSource,
  from: { updatedAt: string; id: string } | null,
): { sql: string; binds: string[] } {
  const relation = source.table
    ? qualifiedName(source.table)
    : `(${source.sql!.trim().replace(/;\s*$/, '')})`;
  const updatedAt = `SRC.${quoteName(columnKey(source.updatedAtColumn))}`;
  const id = `CAST(SRC.${quoteName(columnKey(source.idColumn))} AS VARCHAR)`;
  const order = `ORDER BY ${updatedAt}, ${id}`;
  if (!from) return { sql: `SELECT * FROM ${relation} AS SRC ${order}`, binds: [] };
  const start = 'CAST(? AS TIMESTAMP_NTZ)';
  return {
    sql: `SELECT * FROM ${relation} AS SRC WHERE ${updatedAt} > ${start} OR (${updatedAt} = ${start} AND ${id} > ?) ${order}`,
    binds: [from.updatedAt, from.updatedAt, from.id],
  };
}
