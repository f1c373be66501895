import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBTimestampTZValue,
  type DuckDBValue,
  dateValue,
  listValue,
} from '@duckdb/node-api';
import type { TableRef } from './catalog.ts';
import { exactIntegerText } from './exact-json.ts';
import type { TableField } from './field-types.ts';
import { legacyTypeName } from './field-types.ts';

/** A JSON row checked against a table schema, ready for the appender; or why it does not fit. */
export type EncodedRow = { ok: true; values: DuckDBValue[] } | { ok: false; field: string; message: string };

const TIMESTAMP_TEXT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** BigQuery's accepted TIMESTAMP inputs (ISO text with an optional zone, or epoch seconds) as µs. */
export function timestampMicros(value: unknown): bigint | null {
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.round(value * 1_000_000));
  if (typeof value !== 'string') return null;
  const match = TIMESTAMP_TEXT.exec(value.trim());
  if (!match) return null;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  const offset = /^(Z|UTC)$/i.test(zone)
    ? 'Z'
    : zone.length === 3
      ? `${zone}:00`
      : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const millis = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${offset}`);
  if (Number.isNaN(millis)) return null;
  return BigInt(millis) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}

export function encodeRow(
  fields: readonly TableField[],
  json: unknown,
  ignoreUnknownValues: boolean,
): EncodedRow {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, field: '', message: 'a row must be a JSON object' };
  }
  const row = json as Record<string, unknown>;
  const byName = new Map(fields.map((field) => [field.name.toLowerCase(), field]));
  if (!ignoreUnknownValues) {
    for (const name of Object.keys(row)) {
      if (!byName.has(name.toLowerCase()))
        return { ok: false, field: name, message: `no such field: ${name}.` };
    }
  }
  const lowered = new Map(Object.entries(row).map(([name, value]) => [name.toLowerCase(), value]));
  const values: DuckDBValue[] = [];
  for (const field of fields) {
    const raw = lowered.get(field.name.toLowerCase());
    if (raw === null || raw === undefined) {
      if (field.mode === 'REQUIRED')
        return { ok: false, field: field.name, message: `Missing required field: ${field.name}.` };
      values.push(field.mode === 'REPEATED' ? listValue([]) : null);
      continue;
    }
    if (field.mode === 'REPEATED') {
      if (!Array.isArray(raw))
        return {
          ok: false,
          field: field.name,
          message: `Array specified for non-repeated field: ${field.name}.`,
        };
      const items = raw.map((item) => scalar(field, item));
      const bad = items.indexOf(INVALID);
      if (bad >= 0) return { ok: false, field: field.name, message: invalidMessage(field, raw[bad]) };
      values.push(listValue(items as DuckDBValue[]));
      continue;
    }
    const value = scalar(field, raw);
    if (value === INVALID) return { ok: false, field: field.name, message: invalidMessage(field, raw) };
    values.push(value);
  }
  return { ok: true, values };
}

const INVALID = Symbol('invalid');

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function scalar(field: TableField, given: unknown): DuckDBValue | typeof INVALID {
  const type = legacyTypeName(field.type);
  if (type === 'JSON') return JSON.stringify(given);
  // An integer beyond 2^53 read exactly from the request (exact-json.ts) is handled as its digits.
  const raw = exactIntegerText(given) ?? given;
  switch (type) {
    case 'STRING':
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : INVALID;
    case 'INTEGER': {
      // JSON numbers and strings of digits are both accepted for INT64; out of range is invalid.
      const text = typeof raw === 'number' ? (Number.isInteger(raw) ? String(raw) : '') : String(raw);
      if (!/^-?\d+$/.test(text)) return INVALID;
      const value = BigInt(text);
      return value < INT64_MIN || value > INT64_MAX ? INVALID : value;
    }
    case 'FLOAT':
    case 'NUMERIC': {
      const number =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : Number.NaN;
      return Number.isNaN(number) ? INVALID : number;
    }
    case 'BOOLEAN':
      if (typeof raw === 'boolean') return raw;
      return raw === 'true' || raw === 'false' ? raw === 'true' : INVALID;
    case 'TIMESTAMP': {
      const micros = timestampMicros(raw);
      return micros === null ? INVALID : new DuckDBTimestampTZValue(micros);
    }
    case 'DATE': {
      const days =
        typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw)
          ? Date.parse(`${raw}T00:00:00Z`) / 86_400_000
          : Number.NaN;
      return Number.isNaN(days) ? INVALID : dateValue(days);
    }
    default:
      return typeof raw === 'string' ? raw : INVALID;
  }
}

function invalidMessage(field: TableField, raw: unknown): string {
  const shown = JSON.stringify(raw);
  return `Cannot convert value to ${legacyTypeName(field.type).toLowerCase()}: ${shown && shown.length > 60 ? `${shown.slice(0, 57)}...` : shown} (field ${field.name}).`;
}

/** Appends encoded rows in one appender session; DuckDB's appender is far faster than INSERTs. */
export async function appendRows(
  db: DuckDBConnection,
  ref: TableRef,
  fields: readonly TableField[],
  rows: readonly DuckDBValue[][],
) {
  if (rows.length === 0) return;
  const appender = await db.createAppender(ref.tableId, ref.datasetId, ref.projectId);
  try {
    for (const row of rows) {
      for (let index = 0; index < fields.length; index++)
        appendValue(appender, fields[index]!, row[index] ?? null);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendValue(appender: DuckDBAppender, field: TableField, value: DuckDBValue): void {
  if (value === null) appender.appendNull();
  else if (field.mode === 'REPEATED') appender.appendList(value as ReturnType<typeof listValue>);
  else if (typeof value === 'string') appender.appendVarchar(value);
  else if (typeof value === 'bigint') appender.appendBigInt(value);
  else if (typeof value === 'boolean') appender.appendBoolean(value);
  else if (typeof value === 'number') appender.appendDouble(value);
  else if (value instanceof DuckDBTimestampTZValue) appender.appendTimestampTZ(value);
  else appender.appendDate(value as ReturnType<typeof dateValue>);
}
