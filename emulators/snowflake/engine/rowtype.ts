import { DuckDBTypeId, type DuckDBValue } from '@duckdb/node-api';

/** One column of a JSON result's `rowtype`, as snowflake-sdk reads it (result/column.js). */
export interface RowTypeColumn {
  name: string;
  type: string;
  nullable: boolean;
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  database: string;
  schema: string;
  table: string;
}

/** Turns one DuckDB value into the string snowflake-sdk expects in `rowset`. */
export type CellEncoder = (value: DuckDBValue) => string | null;

export interface ColumnCodec {
  readonly column: RowTypeColumn;
  readonly encode: CellEncoder;
}

const MICROS_PER_SECOND = 1_000_000n;

/** Epoch seconds with nine fraction digits (scale 9), the form TIMESTAMP_* cells take on the wire. */
function epochSeconds(micros: bigint): string {
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  let seconds = magnitude / MICROS_PER_SECOND;
  let fraction = magnitude % MICROS_PER_SECOND;
  if (negative && fraction > 0n) {
    seconds += 1n;
    fraction = MICROS_PER_SECOND - fraction;
  }
  return `${negative ? '-' : ''}${seconds}.${fraction.toString().padStart(6, '0')}000`;
}

const textOf = (value: DuckDBValue): string => (typeof value === 'string' ? value : String(value));

/** Lists, structs and maps leave as JSON text, like Snowflake's ARRAY and OBJECT. */
function toJson(value: DuckDBValue): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if ('items' in value && Array.isArray(value.items))
    return value.items.map((item) => toJson(item as DuckDBValue));
  if ('entries' in value && typeof value.entries === 'object' && value.entries !== null) {
    const entries = value.entries as
      | Record<string, DuckDBValue>
      | Array<{ key: DuckDBValue; value: DuckDBValue }>;
    if (Array.isArray(entries))
      return Object.fromEntries(entries.map((e) => [String(e.key), toJson(e.value)]));
    return Object.fromEntries(Object.entries(entries).map(([key, item]) => [key, toJson(item)]));
  }
  return String(value);
}

function base(name: string, type: string): RowTypeColumn {
  return {
    name,
    type,
    nullable: true,
    precision: null,
    scale: null,
    length: null,
    byteLength: null,
    database: '',
    schema: '',
    table: '',
  };
}

const nullable =
  (encode: (value: NonNullable<DuckDBValue>) => string): CellEncoder =>
  (value) =>
    value === null ? null : encode(value);

/**
 * Maps a DuckDB result column onto Snowflake's JSON rowtype and cell encoding (the same mapping
 * fakesnow uses: integers and decimals are FIXED, DOUBLE is REAL, TIMESTAMP is TIMESTAMP_NTZ,
 * JSON is VARIANT).
 */
export function columnCodec(
  name: string,
  typeId: DuckDBTypeId,
  typeText: string,
  alias: string | undefined,
): ColumnCodec {
  if (alias === 'JSON') return { column: { ...base(name, 'variant') }, encode: nullable(textOf) };
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { column: base(name, 'boolean'), encode: nullable((v) => (v === true ? '1' : '0')) };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return { column: { ...base(name, 'fixed'), precision: 38, scale: 0 }, encode: nullable(textOf) };
    case DuckDBTypeId.DECIMAL: {
      const match = /DECIMAL\((\d+),(\d+)\)/.exec(typeText);
      const column = {
        ...base(name, 'fixed'),
        precision: Number(match?.[1] ?? 38),
        scale: Number(match?.[2] ?? 0),
      };
      return { column, encode: nullable(textOf) };
    }
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return { column: base(name, 'real'), encode: nullable(textOf) };
    case DuckDBTypeId.DATE:
      return { column: base(name, 'date'), encode: nullable((v) => String((v as { days: number }).days)) };
    case DuckDBTypeId.TIME:
      return {
        column: { ...base(name, 'time'), scale: 9 },
        encode: nullable((v) => epochSeconds((v as { micros: bigint }).micros)),
      };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return {
        column: { ...base(name, 'timestamp_ntz'), scale: 9, precision: 0 },
        encode: nullable((v) => epochSeconds(timestampMicros(v))),
      };
    case DuckDBTypeId.TIMESTAMP_TZ:
      // Version-1 TIMESTAMP_TZ cells carry "<epoch> <offset minutes + 1440>"; values are kept in UTC.
      return {
        column: { ...base(name, 'timestamp_tz'), scale: 9, precision: 0 },
        encode: nullable((v) => `${epochSeconds((v as { micros: bigint }).micros)} 1440`),
      };
    case DuckDBTypeId.BLOB:
      return {
        column: base(name, 'binary'),
        encode: nullable((v) =>
          Buffer.from((v as { bytes: Uint8Array }).bytes)
            .toString('hex')
            .toUpperCase(),
        ),
      };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { column: base(name, 'array'), encode: nullable((v) => JSON.stringify(toJson(v))) };
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return { column: base(name, 'object'), encode: nullable((v) => JSON.stringify(toJson(v))) };
    default:
      return {
        column: { ...base(name, 'text'), length: 16_777_216, byteLength: 16_777_216 },
        encode: nullable(textOf),
      };
  }
}

/** TIMESTAMP values of every precision, in microseconds since the epoch. */
function timestampMicros(value: NonNullable<DuckDBValue>): bigint {
  const parts = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
  if (typeof parts.micros === 'bigint') return parts.micros;
  if (typeof parts.millis === 'bigint') return parts.millis * 1000n;
  if (typeof parts.seconds === 'bigint') return parts.seconds * MICROS_PER_SECOND;
  if (typeof parts.nanos === 'bigint') return parts.nanos / 1000n;
  return 0n;
}
