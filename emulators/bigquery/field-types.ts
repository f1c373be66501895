import { BigQueryApiError } from './errors.ts';

/** A column as BigQuery's REST API describes it (legacy type names, as the service returns them). */
export interface TableField {
  name: string;
  type: string;
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  description?: string;
  fields?: TableField[];
}

/** BigQuery type names (standard and legacy) -> DuckDB column type. */
const TO_DUCKDB: Record<string, string> = {
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  INTEGER: 'BIGINT',
  INT64: 'BIGINT',
  FLOAT: 'DOUBLE',
  FLOAT64: 'DOUBLE',
  NUMERIC: 'DECIMAL(38,9)',
  BIGNUMERIC: 'DECIMAL(38,9)',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMPTZ',
  DATETIME: 'TIMESTAMP',
  DATE: 'DATE',
  TIME: 'TIME',
  JSON: 'JSON',
};

export function duckdbColumnType(field: TableField): string {
  const base = TO_DUCKDB[field.type.toUpperCase()];
  if (!base) {
    throw new BigQueryApiError('invalid', `Unsupported field type ${field.type} for field ${field.name}`);
  }
  return field.mode === 'REPEATED' ? `${base}[]` : base;
}

/** DuckDB type text (information_schema or a result column) -> BigQuery legacy type name. */
export function bigQueryTypeOf(duckdbType: string): { type: string; repeated: boolean } {
  const repeated = duckdbType.endsWith('[]');
  const base = (repeated ? duckdbType.slice(0, -2) : duckdbType).toUpperCase();
  if (base === 'VARCHAR') return { type: 'STRING', repeated };
  if (base === 'JSON') return { type: 'JSON', repeated };
  if (['BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'HUGEINT', 'UBIGINT', 'UINTEGER'].includes(base)) {
    return { type: 'INTEGER', repeated };
  }
  if (base === 'DOUBLE' || base === 'FLOAT') return { type: 'FLOAT', repeated };
  if (base.startsWith('DECIMAL')) return { type: 'NUMERIC', repeated };
  if (base === 'BOOLEAN') return { type: 'BOOLEAN', repeated };
  if (base === 'TIMESTAMP WITH TIME ZONE' || base === 'TIMESTAMPTZ') return { type: 'TIMESTAMP', repeated };
  if (base === 'TIMESTAMP') return { type: 'DATETIME', repeated };
  if (base === 'DATE') return { type: 'DATE', repeated };
  if (base === 'TIME') return { type: 'TIME', repeated };
  if (base === 'BLOB') return { type: 'BYTES', repeated };
  return { type: 'STRING', repeated };
}

/** The `schema.fields` entry of a result or table column. */
export function fieldFromDuckdb(name: string, duckdbType: string, nullable: boolean): TableField {
  const { type, repeated } = bigQueryTypeOf(duckdbType);
  return { name, type, mode: repeated ? 'REPEATED' : nullable ? 'NULLABLE' : 'REQUIRED' };
}

export function columnDefinition(field: TableField): string {
  const notNull = field.mode === 'REQUIRED' ? ' NOT NULL' : '';
  return `${quoteIdent(field.name)} ${duckdbColumnType(field)}${notNull}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Dataset and table ids BigQuery accepts: letters, digits, underscores (tables also allow a few more). */
export function assertValidId(kind: 'Dataset' | 'Table', id: string): void {
  const pattern = kind === 'Dataset' ? /^[A-Za-z0-9_]{1,1024}$/ : /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd} ]{1,1024}$/u;
  if (!pattern.test(id)) throw new BigQueryApiError('invalid', `Invalid ${kind.toLowerCase()} ID "${id}".`);
}

const LEGACY_NAMES: Record<string, string> = {
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  BOOL: 'BOOLEAN',
  STRUCT: 'RECORD',
};

/** The name BigQuery reports for a type written either way (INT64 is reported as INTEGER). */
export function legacyTypeName(type: string): string {
  const upper = type.toUpperCase();
  return LEGACY_NAMES[upper] ?? upper;
}
