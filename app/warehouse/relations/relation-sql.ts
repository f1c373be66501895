import type { WarehouseColumn } from '../../../core/warehouse/scores-table.ts';
import type { FeatureDialect } from '../../../scoring/features/sql/dialect.ts';
import { bigQueryFeatures } from '../../../scoring/features/sql/dialects/bigquery.ts';
import { snowflakeFeatures } from '../../../scoring/features/sql/dialects/snowflake.ts';
import { stringLiteral } from '../../../scoring/sql/literals.ts';
import type { WarehouseDialect } from '../in-warehouse-models.ts';

/** A column of a stream's relation, as the generated SQL reads it (`src.<quoted name>`). */
export interface SourceColumn {
  readonly name: string;
  readonly type: WarehouseColumn['type'];
}

export type SqlType = 'text' | 'number' | 'bool';

/**
 * How one warehouse reads a connector's raw values the way its source connector maps them into
 * canonical records (connectors/bigquery/map-row.ts, connectors/snowflake/source/row-mapping.ts).
 */
export interface RelationSql {
  readonly name: WarehouseDialect;
  readonly features: FeatureDialect;
  /** `src.<column>`, quoted exactly as the warehouse reported it. */
  column(column: SourceColumn): string;
  /** A text field: trimmed, blank is NULL. */
  text(column: SourceColumn): string;
  /** A record id or reference as the connector prints it into a source ref. */
  idText(column: SourceColumn): string;
  /** A number field as the float type (NULL when not a number). */
  number(column: SourceColumn): string;
  /** An instant as epoch milliseconds (float type), truncated to the millisecond as the store keeps it. */
  epochMs(column: SourceColumn): string;
  /**
   * A text ordering events as the store numbers them on a first sync: by the cursor instant at full
   * precision, then by id as text (the connector's keyset order).
   */
  eventKey(instant: SourceColumn, idText: string): string;
  /** A flag column: true when its text is "true". */
  flag(column: SourceColumn): string;
  /** Lower-case hex SHA-256 of a text's UTF-8 bytes. */
  sha256Hex(text: string): string;
  /** A JSON object's text from (key, value SQL) pairs. */
  jsonObject(entries: readonly { readonly key: string; readonly value: string }[]): string;
  /** A column's value as a property: text trimmed as the connector keeps it, numbers and flags as such. */
  propertyValue(column: SourceColumn): string;
  nullOf(type: SqlType): string;
  literal(text: string): string;
  /** Lower case without anything but letters and digits: "Page View" -> pageview (event-names.ts looseLabel). */
  looseKey(text: string): string;
}

const typeNames = (text: string, number: string, bool: string) => ({ text, number, bool });

/**
 * BigQuery: map-row.ts keeps values as the client returns them (String() for text fields, which
 * the schema trims), lower-cases status, and reads a flag as true or the text "true".
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions#sha256 (SHA256 + TO_HEX),
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/timestamp_functions#unix_millis
 * (truncates to the millisecond), https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#json_object.
 */
export const bigQueryRelations: RelationSql = (() => {
  const types = typeNames('STRING', 'FLOAT64', 'BOOL');
  const column = (c: SourceColumn) => `src.\`${c.name}\``;
  const instant = (c: SourceColumn) => `SAFE_CAST(${column(c)} AS TIMESTAMP)`;
  return {
    name: 'bigquery',
    features: bigQueryFeatures,
    column,
    text: (c) => `NULLIF(TRIM(CAST(${column(c)} AS STRING)), '')`,
    idText: (c) => `CAST(${column(c)} AS STRING)`,
    number: (c) =>
      c.type === 'number'
        ? `CAST(${column(c)} AS FLOAT64)`
        : c.type === 'text'
          ? `SAFE_CAST(${column(c)} AS FLOAT64)`
          : 'CAST(NULL AS FLOAT64)',
    epochMs: (c) => `CAST(UNIX_MILLIS(${instant(c)}) AS FLOAT64)`,
    eventKey: (c, id) => `LPAD(CAST(UNIX_MICROS(${instant(c)}) AS STRING), 20, '0') || '/' || ${id}`,
    flag: (c) => `COALESCE(LOWER(CAST(${column(c)} AS STRING)) = 'true', FALSE)`,
    sha256Hex: (text) => `TO_HEX(SHA256(${text}))`,
    jsonObject: (entries) =>
      `TO_JSON_STRING(JSON_OBJECT(${entries.map((e) => `${stringLiteral(e.key, { name: 'bigquery' })}, ${e.value}`).join(', ')}))`,
    // Numbers keep their type: an INT64 12 is the JSON 12 the client's number gives, not 12.0.
    propertyValue: (c) =>
      c.type === 'text' || c.type === 'boolean' || c.type === 'number'
        ? column(c)
        : `CAST(${column(c)} AS STRING)`,
    nullOf: (type) => `CAST(NULL AS ${types[type]})`,
    literal: (text) => stringLiteral(text, { name: 'bigquery' }),
    looseKey: (text) => `REGEXP_REPLACE(LOWER(${text}), '[^a-z0-9]', '')`,
  };
})();

/**
 * Snowflake: row-mapping.ts trims every text and treats a blank one as missing, lower-cases
 * property names, and keeps status and event types as given (mapped through eventTypes).
 * https://docs.snowflake.com/en/sql-reference/functions/sha2 (lower-case hex),
 * https://docs.snowflake.com/en/sql-reference/functions/date_part (EPOCH_MILLISECOND of an NTZ
 * timestamp reads it as UTC), https://docs.snowflake.com/en/sql-reference/functions/object_construct.
 */
export const snowflakeRelations: RelationSql = (() => {
  const types = typeNames('VARCHAR', 'DOUBLE', 'BOOLEAN');
  const column = (c: SourceColumn) => `src."${c.name.replaceAll('"', '""')}"`;
  const instant = (c: SourceColumn) =>
    c.type === 'timestamp' ? column(c) : `TRY_TO_TIMESTAMP_TZ(CAST(${column(c)} AS VARCHAR))`;
  const text = (c: SourceColumn) => `NULLIF(TRIM(CAST(${column(c)} AS VARCHAR)), '')`;
  return {
    name: 'snowflake',
    features: snowflakeFeatures,
    column,
    text,
    idText: (c) => `TRIM(CAST(${column(c)} AS VARCHAR))`,
    number: (c) =>
      c.type === 'number'
        ? `CAST(${column(c)} AS DOUBLE)`
        : c.type === 'text'
          ? `TRY_TO_DOUBLE(${column(c)})`
          : 'CAST(NULL AS DOUBLE)',
    epochMs: (c) => `CAST(DATE_PART(EPOCH_MILLISECOND, ${instant(c)}) AS DOUBLE)`,
    eventKey: (c, id) =>
      `LPAD(CAST(DATE_PART(EPOCH_NANOSECOND, ${instant(c)}) AS VARCHAR), 20, '0') || '/' || ${id}`,
    flag: (c) => `COALESCE(LOWER(CAST(${column(c)} AS VARCHAR)) = 'true', FALSE)`,
    sha256Hex: (value) => `SHA2(${value}, 256)`,
    jsonObject: (entries) =>
      `TO_JSON(OBJECT_CONSTRUCT(${entries.map((e) => `${stringLiteral(e.key, { name: 'snowflake' })}, ${e.value}`).join(', ')}))`,
    propertyValue: (c) =>
      c.type === 'text' ? text(c) : c.type === 'number' || c.type === 'boolean' ? column(c) : text(c),
    nullOf: (type) => `CAST(NULL AS ${types[type]})`,
    literal: (value) => stringLiteral(value, { name: 'snowflake' }),
    looseKey: (text) => `REGEXP_REPLACE(LOWER(${text}), '[^a-z0-9]', '')`,
  };
})();

export function relationSql(dialect: WarehouseDialect): RelationSql {
  return dialect === 'bigquery' ? bigQueryRelations : snowflakeRelations;
}
