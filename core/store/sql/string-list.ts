import { dialectOf, type SqlDatabase } from './sql-database.ts';

/** The aggregate that joins `expression` over a group with `separator` (group_concat / string_agg). */
export function stringList(db: SqlDatabase, expression: string, separator = ','): string {
  const quoted = `'${separator.replaceAll("'", "''")}'`;
  return dialectOf(db) === 'postgres'
    ? `string_agg((${expression})::text, ${quoted})`
    : `group_concat(${expression}, ${quoted})`;
}
