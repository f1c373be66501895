/**
 * Number and string literals that mean exactly what the in-process model holds. A double is printed
 * with JavaScript's shortest round-trip digits and always with an exponent: `0.1` alone is a
 * DECIMAL in Snowflake and DuckDB, while `0.1e0` is a double in every dialect, parsed back to the
 * same bits. Negative values are parenthesised so they nest safely after any operator.
 */
export function floatLiteral(x: number): string {
  if (!Number.isFinite(x))
    throw new RangeError(`floatLiteral: ${x} has no SQL literal; the model holds a non-finite number`);
  const text = String(Object.is(x, -0) ? 0 : x).replace('e+', 'e');
  const withExponent = text.includes('e') ? text : `${text}e0`;
  return x < 0 ? `(${withExponent})` : withExponent;
}

/** A single-quoted string literal; quotes and backslashes are escaped for every dialect we emit. */
export function stringLiteral(text: string, dialect: { readonly name: string }): string {
  // BigQuery and Snowflake read backslash as an escape inside '...', DuckDB and SQLite do not;
  // BigQuery has no doubled-quote escape, the others all accept it.
  if (dialect.name === 'bigquery') return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const unquoted = dialect.name === 'snowflake' ? text.replace(/\\/g, '\\\\') : text;
  return `'${unquoted.replace(/'/g, "''")}'`;
}

export function integerLiteral(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`integerLiteral: ${n} is not a safe integer`);
  return n < 0 ? `(${n})` : String(n);
}
