/**
 * What differs between the warehouses a compiled model runs on. The compiler only uses constructs
 * every dialect shares (CASE, COALESCE, EXP, LN, ABS, FLOOR, CAST) and asks the dialect for the rest,
 * so the BigQuery and Snowflake texts stay within what their emulators translate to DuckDB.
 */
export const sqlDialectNames = ['bigquery', 'snowflake', 'duckdb', 'sqlite'] as const;
export type SqlDialectName = (typeof sqlDialectNames)[number];

export interface SqlDialect {
  readonly name: SqlDialectName;
  /** Quotes one identifier part, escaping the quote character. */
  quoteIdentifier(name: string): string;
  /** How an output column is named: Snowflake keeps it unquoted so it resolves upper-cased, as usual there. */
  outputName(name: string): string;
  readonly floatType: string;
  readonly stringType: string;
  readonly integerType: string;
  /** Smaller / larger of two non-null values (GREATEST/LEAST, or SQLite's scalar MIN/MAX). */
  least(a: string, b: string): string;
  greatest(a: string, b: string): string;
  /** Largest query text the warehouse accepts, in bytes (null: no documented limit). */
  readonly maxQueryBytes: number | null;
}

function quoteWith(quote: string, escaped: string): (name: string) => string {
  return (name) => {
    if (name.length === 0) throw new Error('SQL identifier must not be empty');
    return `${quote}${name.split(quote).join(escaped)}${quote}`;
  };
}

const doubleQuoted = quoteWith('"', '""');

const standardExtremes = {
  least: (a: string, b: string) => `LEAST(${a}, ${b})`,
  greatest: (a: string, b: string) => `GREATEST(${a}, ${b})`,
};

export const bigQueryDialect: SqlDialect = {
  name: 'bigquery',
  quoteIdentifier: quoteWith('`', '\\`'),
  outputName: quoteWith('`', '\\`'),
  floatType: 'FLOAT64',
  stringType: 'STRING',
  integerType: 'INT64',
  ...standardExtremes,
  // "Maximum unresolved GoogleSQL query length: 1,024 KB".
  maxQueryBytes: 1024 * 1024,
};

export const snowflakeDialect: SqlDialect = {
  name: 'snowflake',
  quoteIdentifier: doubleQuoted,
  outputName: (name) => {
    if (!/^[a-z_][a-z0-9_]*$/i.test(name)) return doubleQuoted(name);
    return name;
  },
  floatType: 'DOUBLE',
  stringType: 'VARCHAR',
  integerType: 'INTEGER',
  ...standardExtremes,
  // Snowflake rejects statements longer than 1 MB of text.
  maxQueryBytes: 1024 * 1024,
};

export const duckDbDialect: SqlDialect = {
  name: 'duckdb',
  quoteIdentifier: doubleQuoted,
  outputName: doubleQuoted,
  floatType: 'DOUBLE',
  stringType: 'VARCHAR',
  integerType: 'INTEGER',
  ...standardExtremes,
  maxQueryBytes: null,
};

/** The local store's engine: SQLite's scalar MIN/MAX stand in for LEAST/GREATEST. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  quoteIdentifier: doubleQuoted,
  outputName: doubleQuoted,
  floatType: 'REAL',
  stringType: 'TEXT',
  integerType: 'INTEGER',
  least: (a, b) => `MIN(${a}, ${b})`,
  greatest: (a, b) => `MAX(${a}, ${b})`,
  maxQueryBytes: null,
};

const dialects: Readonly<Record<SqlDialectName, SqlDialect>> = {
  bigquery: bigQueryDialect,
  snowflake: snowflakeDialect,
  duckdb: duckDbDialect,
  sqlite: sqliteDialect,
};

export function sqlDialect(name: SqlDialectName | SqlDialect): SqlDialect {
  if (typeof name !== 'string') return name;
  const dialect = dialects[name];
  if (!dialect) throw new Error(`unknown SQL dialect "${name}" (known: ${sqlDialectNames.join(', ')})`);
  return dialect;
}

/** A table path: "project.dataset.table" or its parts, each part quoted on its own. */
export function quoteTablePath(dialect: SqlDialect, table: string | readonly string[]): string {
  const parts = typeof table === 'string' ? table.split('.') : table;
  if (parts.length === 0 || parts.some((part) => part.length === 0))
    throw new Error(`feature table "${[...parts].join('.')}" has an empty name part`);
  return parts.map((part) => dialect.quoteIdentifier(part)).join('.');
}
