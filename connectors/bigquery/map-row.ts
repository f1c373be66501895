import { createEventNameResolver } from '../../core/connectors/event-names.ts';
import type { RejectedRecord } from '../../core/connectors/source.ts';
import { type RecordKind, type SourceRecord, sourceRecordSchema } from '../../core/schema/index.ts';
import { canonicalFields, type FieldSpec } from './fields.ts';

/** Everything row mapping needs from the stream config, resolved once per read. */
export interface RowPlan {
  readonly system: string;
  readonly stream: string;
  readonly kind: RecordKind;
  readonly objectType: string;
  readonly idColumn: string;
  readonly updatedAtColumn: string;
  readonly columns: Readonly<Record<string, string>>;
  readonly properties: readonly string[];
  /** Object types of referenced contacts and accounts (their streams' objectType). */
  readonly refObjectTypes: Readonly<Record<'contact' | 'account', string>>;
}

/** Event names keep the source's own; a well-known name written loosely ("Page View") becomes it. */
const eventName = createEventNameResolver();

export type MappedRow = { ok: true; record: SourceRecord } | { ok: false; rejected: RejectedRecord };

/**
 * `wrapIntegers` for every query the connector reads rows from. By default @google-cloud/bigquery
 * turns INT64 cells into Number, which silently rounds ids and counts above 2^53 (the API sends
 * INT64 as exact decimal strings); with this cast they stay numbers while exact and keep their
 * digits beyond that.
 */
export const EXACT_INTEGERS = {
  integerTypeCastFunction: (digits: string): number | string => {
    const number = Number(digits);
    return Number.isSafeInteger(number) ? number : digits;
  },
};

/**
 * Plain JS value of a cell as @google-cloud/bigquery returns it: TIMESTAMP/DATE/DATETIME come as
 * wrapper objects with `.value`, NUMERIC as big.js (which prints itself), BYTES as Buffer.
 */
export function plainValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'object' && 'value' in value) return plainValue((value as { value: unknown }).value);
  if (typeof value === 'object' && value.constructor?.name === 'Big') return Number(String(value));
  return JSON.stringify(value);
}

export function mapBigQueryRow(plan: RowPlan, row: Record<string, unknown>): MappedRow {
  const id = plainValue(row[plan.idColumn]);
  const raw = safeJson(row);
  if (id === null || id === '') {
    return reject(
      plan,
      undefined,
      plan.idColumn,
      `the record id is empty (ids come from column '${plan.idColumn}')`,
      raw,
    );
  }
  const externalId = String(id);
  const record: Record<string, unknown> = {
    kind: plan.kind,
    ref: { system: plan.system, objectType: plan.objectType, externalId },
  };
  const time = plainValue(row[plan.updatedAtColumn]);
  record[plan.kind === 'event' ? 'occurredAt' : 'updatedAt'] = time;
  const used = new Set([plan.idColumn, plan.updatedAtColumn]);
  for (const field of canonicalFields[plan.kind]) {
    const column = plan.columns[field.name] ?? field.column;
    if (!(column in row)) continue;
    used.add(column);
    const value = plainValue(row[column]);
    if (value === null) {
      if (field.name !== 'deleted') record[field.name] = null;
      continue;
    }
    record[field.name] = convert(plan, field, value);
  }
  const properties: Record<string, string | number | boolean | null> = {};
  const keepAll = plan.properties.includes('*');
  for (const column of keepAll ? Object.keys(row) : plan.properties) {
    if (keepAll && used.has(column)) continue;
    if (column in row) properties[column] = plainValue(row[column]);
  }
  record.properties = properties;
  const parsed = sourceRecordSchema.safeParse(record);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0]!;
  const fieldName = String(issue.path[0] ?? 'row');
  const column = columnOf(plan, fieldName);
  return reject(
    plan,
    externalId,
    column,
    `${issue.message}, got ${JSON.stringify(plainValue(row[column]) ?? null)}`,
    raw,
  );
}

function convert(plan: RowPlan, field: FieldSpec, value: string | number | boolean): unknown {
  switch (field.kind) {
    case 'ref': {
      const objectType =
        field.target === 'self' || !field.target ? plan.objectType : plan.refObjectTypes[field.target];
      return { system: plan.system, objectType, externalId: String(value) };
    }
    case 'text':
      if (field.name === 'type' && plan.kind === 'event') return eventName(String(value));
      return field.name === 'status' ? String(value).toLowerCase() : String(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value).toLowerCase() === 'true';
    default:
      return value;
  }
}

function columnOf(plan: RowPlan, fieldName: string): string {
  if (fieldName === 'ref') return plan.idColumn;
  if (fieldName === 'updatedAt' || fieldName === 'occurredAt') return plan.updatedAtColumn;
  const spec = canonicalFields[plan.kind].find((field) => field.name === fieldName);
  return plan.columns[fieldName] ?? spec?.column ?? fieldName;
}

function reject(
  plan: RowPlan,
  recordId: string | undefined,
  column: string,
  problem: string,
  raw: string,
): MappedRow {
  const where = recordId === undefined ? '' : ` (record ${recordId})`;
  return {
    ok: false,
    rejected: {
      location: { column, ...(recordId === undefined ? {} : { recordId }) },
      reason: `stream ${plan.stream}${where}, column '${column}': ${problem}`,
      raw,
    },
  };
}

function safeJson(row: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plainValue(value)])),
  );
}
