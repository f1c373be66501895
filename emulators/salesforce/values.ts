import type { FieldDef } from './field-defs.ts';
import { ID_PATTERN, toId18 } from './ids.ts';

/** A stored field value. Datetimes are epoch milliseconds, dates "YYYY-MM-DD", ids 18 characters. */
export type FieldValue = string | number | boolean | null;
export type Row = Readonly<Record<string, FieldValue>>;

export interface SfRecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

/** Salesforce's wire format for datetimes: "2024-05-01T10:00:00.000+0000". */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Audit stamps have whole-second precision on a real org, which is what makes ties common. */
export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** Parses an ISO-8601 datetime as Salesforce accepts it (Z, +hh:mm or +hhmm offsets); NaN when invalid. */
export function parseDateTime(text: string): number {
  const match = DATETIME_TEXT.exec(text);
  if (!match) return Number.NaN;
  const zone = match[8]!;
  const normalized = zone === 'Z' ? text : text.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2');
  return Date.parse(normalized);
}

export function isDateText(text: string): boolean {
  return DATE_TEXT.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** Turns a stored value into its JSON form for query results. */
export function outputValue(def: FieldDef, value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return def.type === 'boolean' ? false : null;
  if (def.type === 'datetime' && typeof value === 'number') return formatDateTime(value);
  return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Validates and converts one incoming value (JSON from REST, text from Bulk CSV) for a field,
 * with the status codes a real org reports.
 */
export function coerceValue(
  def: FieldDef,
  raw: unknown,
  source: 'json' | 'csv',
): { ok: true; value: FieldValue } | { ok: false; error: SfRecordError } {
  const fail = (statusCode: string, message: string) => ({
    ok: false as const,
    error: { statusCode, message, fields: [def.name] },
  });
  if (raw === null || raw === undefined || (source === 'csv' && (raw === '' || raw === '#N/A'))) {
    if (def.type === 'boolean') return { ok: true, value: false };
    return { ok: true, value: null };
  }
  const text = typeof raw === 'string' ? raw : null;
  switch (def.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (text !== null && /^(true|false)$/i.test(text))
        return { ok: true, value: text.toLowerCase() === 'true' };
      return fail(
        'INVALID_TYPE_ON_FIELD_IN_RECORD',
        `${def.label}: value not of required type: ${String(raw)}`,
      );
    }
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const value =
        typeof raw === 'number' ? raw : text !== null && text.trim() !== '' ? Number(text) : Number.NaN;
      if (!Number.isFinite(value) || (def.type === 'int' && !Number.isInteger(value))) {
        return fail(
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${def.label}: value not of required type: ${String(raw)}`,
        );
      }
      const integerDigits = def.precision - def.scale;
      if (def.precision > 0 && Math.abs(Math.trunc(value)).toString().length > integerDigits) {
        return fail(
          'NUMBER_OUTSIDE_VALID_RANGE',
          `${def.label}: value outside of valid range on numeric field: ${value}`,
        );
      }
      return { ok: true, value: def.scale > 0 || def.precision === 0 ? value : Math.round(value) };
    }
    case 'datetime': {
      const ms = text !== null ? parseDateTime(text) : Number.NaN;
      if (Number.isNaN(ms))
        return fail(
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${def.label}: value not of required type: ${String(raw)}`,
        );
      return { ok: true, value: ms };
    }
    case 'date': {
      if (text === null || !isDateText(text.slice(0, 10))) {
        return fail(
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${def.label}: value not of required type: ${String(raw)}`,
        );
      }
      return { ok: true, value: text.slice(0, 10) };
    }
    case 'id':
    case 'reference': {
      if (text === null || !ID_PATTERN.test(text))
        return fail('MALFORMED_ID', `${def.label}: id value of incorrect type: ${String(raw)}`);
      return { ok: true, value: toId18(text) };
    }
    default: {
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        return fail(
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${def.label}: value not of required type: ${String(raw)}`,
        );
      }
      const value = String(raw);
      if (def.length > 0 && value.length > def.length) {
        return fail(
          'STRING_TOO_LONG',
          `${def.label}: data value too large: ${value.slice(0, 40)} (max length=${def.length})`,
        );
      }
      if (def.type === 'email' && !EMAIL.test(value))
        return fail('INVALID_EMAIL_ADDRESS', `${def.label}: invalid email address: ${value}`);
      if (
        def.type === 'picklist' &&
        def.custom &&
        def.picklistValues.length > 0 &&
        !def.picklistValues.includes(value)
      ) {
        return fail(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${def.label}: bad value for restricted picklist field: ${value}`,
        );
      }
      return { ok: true, value };
    }
  }
}
