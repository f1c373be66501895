import type { RejectedRecord } from '../../../core/connectors/source.ts';
import {
  type RecordKind,
  type SourceRecord,
  sourceFieldNames,
  sourceRecordSchema,
} from '../../../core/schema/index.ts';
import { columnKey } from '../client.ts';

/** Fields holding another record's id, turned into source refs. */
const REFERENCES = new Set(['account', 'contact']);

export interface MappingSettings {
  readonly system: string;
  readonly kind: RecordKind;
  readonly objectType: string;
  readonly accountObjectType: string;
  readonly contactObjectType: string;
  readonly idColumn: string;
  readonly updatedAtColumn: string;
  readonly columns: Readonly<Record<string, string>>;
  /** Source label -> stored event name (see createEventNameResolver). */
  readonly resolveEventType: (label: string) => string;
  readonly properties: readonly string[];
}

/** firstName -> FIRST_NAME; references read ACCOUNT_ID / CONTACT_ID. */
export function defaultColumn(field: string): string {
  const snake = field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
  return REFERENCES.has(field) ? `${snake}_ID` : snake;
}

/** Driver values as the canonical schema takes them: instants as ISO text, blank text as missing. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value;
}

export type RowOutcome =
  | { ok: true; record: SourceRecord; key: { updatedAt: string; id: string } }
  | { ok: false; rejected: RejectedRecord };

/** Maps one result row to a canonical record, or to a rejection that names the record and the field. */
export function mapRow(settings: MappingSettings, row: Record<string, unknown>): RowOutcome {
  const fieldColumn = (field: string): string => columnKey(settings.columns[field] ?? defaultColumn(field));
  const rawId = row[columnKey(settings.idColumn)];
  const id = rawId === null || rawId === undefined ? '' : String(plain(rawId));
  const cursorValue = plain(row[columnKey(settings.updatedAtColumn)]);
  const reject = (reason: string, column?: string): RowOutcome => ({
    ok: false,
    rejected: {
      location: { ...(id ? { recordId: id } : {}), ...(column ? { column } : {}) },
      reason: `${settings.objectType} ${id || '(no id)'}: ${reason}`,
      raw: JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
    },
  });
  if (!id) return reject(`column ${columnKey(settings.idColumn)} is empty`, columnKey(settings.idColumn));
  if (typeof cursorValue !== 'string')
    return reject(
      `column ${columnKey(settings.updatedAtColumn)} is empty`,
      columnKey(settings.updatedAtColumn),
    );
  const input: Record<string, unknown> = {
    kind: settings.kind,
    ref: { system: settings.system, objectType: settings.objectType, externalId: id },
    [settings.kind === 'event' ? 'occurredAt' : 'updatedAt']: cursorValue,
  };
  const used = new Set([columnKey(settings.idColumn), columnKey(settings.updatedAtColumn)]);
  for (const field of sourceFieldNames(settings.kind)) {
    const column = fieldColumn(field);
    if (!(column in row)) continue;
    used.add(column);
    const value = plain(row[column]);
    if (value === null || value === undefined) continue;
    if (REFERENCES.has(field)) {
      const objectType = field === 'account' ? settings.accountObjectType : settings.contactObjectType;
      input[field] = { system: settings.system, objectType, externalId: String(value) };
    } else if (field === 'type') input[field] = settings.resolveEventType(String(value));
    else input[field] = value;
  }
  const keepAll = settings.properties.includes('*');
  const properties: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (used.has(column) || !(keepAll || settings.properties.some((name) => columnKey(name) === column)))
      continue;
    const kept = plain(value);
    properties[column.toLowerCase()] =
      typeof kept === 'object' && kept !== null ? JSON.stringify(kept) : kept;
  }
  input.properties = properties;
  const parsed = sourceRecordSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    return reject(
      `${field ? `${field} (column ${fieldColumn(field)}): ` : ''}${issue.message}`,
      field ? fieldColumn(field) : undefined,
    );
  }
  return { ok: true, record: parsed.data, key: { updatedAt: cursorValue, id } };
}
