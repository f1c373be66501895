import { readQualifiedName } from './ddl.ts';
import { identifierName, isWord, nextSignificant, type Token } from './tokens.ts';

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** INFORMATION_SCHEMA.COLUMNS.DATA_TYPE as Snowflake names it. */
const SHORT_TYPE = `CASE
  WHEN data_type = 'VARCHAR' THEN 'TEXT'
  WHEN data_type LIKE 'DECIMAL%' OR data_type IN ('BIGINT','INTEGER','HUGEINT','SMALLINT','TINYINT') THEN 'NUMBER'
  WHEN data_type IN ('DOUBLE','FLOAT') THEN 'FLOAT'
  WHEN data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ'
  WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_TZ'
  WHEN data_type = 'JSON' THEN 'VARIANT'
  WHEN data_type = 'BLOB' THEN 'BINARY'
  ELSE data_type END`;

/** DESCRIBE TABLE's `type` column, with lengths and precisions as Snowflake prints them. */
const FULL_TYPE = `CASE
  WHEN data_type = 'VARCHAR' THEN 'VARCHAR(16777216)'
  WHEN data_type LIKE 'DECIMAL%' THEN 'NUMBER(' || numeric_precision || ',' || numeric_scale || ')'
  WHEN data_type IN ('BIGINT','INTEGER','HUGEINT','SMALLINT','TINYINT') THEN 'NUMBER(38,0)'
  WHEN data_type IN ('DOUBLE','FLOAT') THEN 'FLOAT'
  WHEN data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ(9)'
  WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_TZ(9)'
  WHEN data_type = 'JSON' THEN 'VARIANT'
  WHEN data_type = 'BLOB' THEN 'BINARY(8388608)'
  ELSE data_type END`;

function columnsView(catalog: string): string {
  return `(SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME,
    column_name AS COLUMN_NAME, ordinal_position AS ORDINAL_POSITION, is_nullable AS IS_NULLABLE,
    ${SHORT_TYPE} AS DATA_TYPE, numeric_precision AS NUMERIC_PRECISION, numeric_scale AS NUMERIC_SCALE,
    column_default AS COLUMN_DEFAULT
    FROM information_schema.columns WHERE table_catalog IN (${literal(catalog)}, 'temp'))`;
}

function tablesView(catalog: string): string {
  return `(SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME,
    CASE table_type WHEN 'VIEW' THEN 'VIEW' WHEN 'LOCAL TEMPORARY' THEN 'TEMPORARY TABLE' ELSE 'BASE TABLE' END AS TABLE_TYPE
    FROM information_schema.tables WHERE table_catalog IN (${literal(catalog)}, 'temp'))`;
}

/** `[db.]INFORMATION_SCHEMA.COLUMNS|TABLES` become views over DuckDB's catalog with Snowflake's names. */
export function rewriteInformationSchema(tokens: Token[], currentDatabase: string): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind !== 'word' && token.kind !== 'quoted') {
      out.push(token);
      continue;
    }
    const { parts, end } = readQualifiedName(tokens, index);
    const names = parts.map(identifierName);
    const schemaAt = names.length - 2;
    const view = names.at(-1);
    if (
      schemaAt >= 0 &&
      names[schemaAt] === 'INFORMATION_SCHEMA' &&
      (view === 'COLUMNS' || view === 'TABLES')
    ) {
      const catalog = schemaAt === 1 ? names[0]! : currentDatabase;
      out.push({ kind: 'word', text: view === 'COLUMNS' ? columnsView(catalog) : tablesView(catalog) });
      index = end - 1;
      continue;
    }
    for (let copy = index; copy < Math.max(end, index + 1); copy++) out.push(tokens[copy]!);
    index = Math.max(end, index + 1) - 1;
  }
  return out;
}

export interface DescribeTable {
  sql: string;
  table: string;
}

/** `DESCRIBE TABLE a.b.c` as a query with the columns Snowflake's DESCRIBE returns. */
export function describeTableQuery(
  tokens: Token[],
  currentDatabase: string,
  currentSchema: string,
): DescribeTable | null {
  const first = nextSignificant(tokens, 0);
  if (!isWord(tokens[first], 'DESCRIBE', 'DESC')) return null;
  let nameAt = nextSignificant(tokens, first + 1);
  if (isWord(tokens[nameAt], 'TABLE', 'VIEW')) nameAt = nextSignificant(tokens, nameAt + 1);
  const names = readQualifiedName(tokens, nameAt).parts.map(identifierName);
  const table = names.at(-1) ?? '';
  const schema = names.at(-2) ?? currentSchema;
  const catalog = names.at(-3) ?? currentDatabase;
  const sql = `SELECT column_name AS "name", ${FULL_TYPE} AS "type", 'COLUMN' AS "kind",
    CASE is_nullable WHEN 'YES' THEN 'Y' ELSE 'N' END AS "null?", column_default AS "default"
    FROM information_schema.columns
    WHERE table_name = ${literal(table)} AND ((table_schema = ${literal(schema)} AND table_catalog = ${literal(catalog)})
      OR (table_catalog = 'temp' AND ${names.length === 1}))
    ORDER BY ordinal_position`;
  return { sql, table: names.join('.') };
}
