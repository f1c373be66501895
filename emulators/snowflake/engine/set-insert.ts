import type { DuckDBConnection } from '@duckdb/node-api';
import { joinTokens, tokenize } from '../sql/tokens.ts';
import { type DecodedBinds, sqlTypeOfBind } from './binds.ts';

let loads = 0;

/**
 * The driver types an array-bound column from its first row only, so a REAL column whose first
 * value is whole arrives as FIXED with "7.25" further down; such a column is read as DOUBLE.
 */
function columnType(binds: DecodedBinds, index: number): string {
  const type = binds.types[index] ?? 'TEXT';
  if (type === 'FIXED' && binds.rows.some((row) => typeof row[index] === 'string')) return 'DOUBLE';
  return sqlTypeOfBind(type);
}

/**
 * Snowflake executes an array-bound `INSERT … VALUES (?, …)` as one statement over all bound rows.
 * The emulator does the same set-wise: the bound rows go through DuckDB's appender into a scratch
 * table, then a single `INSERT … SELECT` evaluates the VALUES expressions over it. Per-row
 * execution would make the emulator, not the protocol, the bottleneck of a large publish.
 */
export async function insertArrayBinds(
  connection: DuckDBConnection,
  insert: { readonly head: string; readonly tuple: string },
  binds: DecodedBinds,
): Promise<number> {
  const scratch = `__sf_array_binds_${++loads}`;
  const columns = binds.types.map((_, index) => `p${index + 1} VARCHAR`).join(', ');
  await connection.run(`CREATE TEMP TABLE ${scratch} (${columns})`);
  try {
    const appender = await connection.createAppender(scratch, 'main', 'temp');
    for (const row of binds.rows) {
      for (const value of row) {
        if (value === null) appender.appendNull();
        else appender.appendVarchar(String(value));
      }
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    const expressions = tokenize(insert.tuple).map((token) => {
      const position = token.kind === 'word' && /^\$\d+$/.test(token.text) ? Number(token.text.slice(1)) : 0;
      if (position === 0) return token;
      const type = columnType(binds, position - 1);
      return { kind: token.kind, text: `CAST(p${position} AS ${type})` };
    });
    const result = await connection.run(
      `${insert.head} SELECT ${joinTokens(expressions)} FROM temp.main.${scratch}`,
    );
    return Number(result.rowsChanged);
  } finally {
    await connection.run(`DROP TABLE IF EXISTS temp.main.${scratch}`);
  }
}
