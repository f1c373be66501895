import {
  DuckDBBlobValue,
  DuckDBListValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

/** A cell as jobs.query returns it: `{v: string | null}`, arrays as `{v: [{v}, ...]}`. */
export type WireCell = { v: string | null | WireCell[] };
export type WireRow = { f: WireCell[] };

/**
 * Formats a DuckDB value the way BigQuery's REST API does. TIMESTAMPs are int64 microseconds
 * since the epoch: @google-cloud/bigquery v9 always asks for `useInt64Timestamp` and reads the
 * value with BigInt(), so the float-seconds legacy form would make it throw.
 */
export function wireCell(value: DuckDBValue): WireCell {
  if (value === null || value === undefined) return { v: null };
  if (value instanceof DuckDBListValue) return { v: value.items.map(wireCell) };
  return { v: wireScalar(value) };
}

function wireScalar(value: DuckDBValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (value instanceof DuckDBTimestampTZValue) return value.micros.toString();
  // DATETIME has no zone: BigQuery prints it as ISO text without an offset.
  if (value instanceof DuckDBTimestampValue) return value.toString().replace(' ', 'T');
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('base64');
  return String(value);
}

export function wireRow(values: readonly DuckDBValue[]): WireRow {
  return { f: values.map(wireCell) };
}

/** Rough JSON size of a row, to cut result pages near BigQuery's 10 MB response budget. */
export function wireRowBytes(row: WireRow): number {
  let bytes = 8;
  for (const cell of row.f)
    bytes += 8 + (typeof cell.v === 'string' ? cell.v.length : cell.v === null ? 4 : 32 * cell.v.length);
  return bytes;
}
