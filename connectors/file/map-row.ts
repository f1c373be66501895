import { hash } from 'node:crypto';
import { type SourceRecord, sourceRecordSchema } from '../../core/schema/index.ts';
import type { CellReaders } from './cell-readers.ts';
import { describe, INVALID } from './cell-readers.ts';
import { type FieldPlan, REQUIRED_FIELDS, type StreamPlan } from './stream-plan.ts';

export type MapOutcome =
  | { readonly ok: true; readonly record: SourceRecord }
  | { readonly ok: false; readonly reason: string; readonly column?: string; readonly recordId?: string };

/** Everything mapping needs besides the row: built once per stream, shared by every row. */
export interface RowMapper {
  readonly plan: StreamPlan;
  readonly cells: CellReaders;
  /** Source label -> stored event name (mapped, a loosely written well-known name, or kept as is). */
  readonly resolveEventType: (label: string) => string;
  /** updatedAt for rows that have neither updatedAt nor createdAt: the file's modification time. */
  readonly snapshotTime: string;
}

const DEAL_STATUS_ALIASES: ReadonlyMap<string, string> = new Map([
  ['closedwon', 'won'],
  ['closed won', 'won'],
  ['closed_won', 'won'],
  ['closedlost', 'lost'],
  ['closed lost', 'lost'],
  ['closed_lost', 'lost'],
]);

/** Maps one row (values in header order) to a validated canonical record, or says which cell is wrong. */
export function mapRow(mapper: RowMapper, values: readonly unknown[]): MapOutcome {
  const { plan, cells } = mapper;
  const { settings } = plan;
  const idCell = plan.idIndex >= 0 ? cells.present(values[plan.idIndex]) : null;
  let externalId: string;
  if (idCell !== null) {
    const text = cells.text(idCell);
    if (text === INVALID) return reject(plan.idColumn, cells.problem);
    externalId = text;
  } else if (settings.kind === 'event' && plan.idIndex === -1 && settings.idColumn === null) {
    externalId = contentHash(plan, values);
  } else {
    return reject(plan.idColumn, `the record id is empty (ids come from column '${plan.idColumn}')`);
  }

  const record: Record<string, unknown> = {
    kind: settings.kind,
    ref: { system: settings.system, objectType: settings.objectType, externalId },
  };
  for (const field of plan.fields) {
    let cell = field.index >= 0 ? cells.present(values[field.index]) : null;
    if (cell === null && field.fallback !== undefined) cell = field.fallback;
    if (cell === null) {
      if (REQUIRED_FIELDS[settings.kind].includes(field.spec.name)) {
        return reject(field.column ?? field.spec.name, 'a value is required here', externalId);
      }
      // An empty cell clears the field; a column the file does not have leaves it unknown.
      if (field.index >= 0 && field.spec.name !== 'deleted') record[field.spec.name] = null;
      continue;
    }
    const value = convert(mapper, field, cell);
    if (value === INVALID) return reject(field.column ?? field.spec.name, cells.problem, externalId);
    record[field.spec.name] = value;
  }
  if (settings.kind !== 'event' && (record.updatedAt === undefined || record.updatedAt === null)) {
    record.updatedAt = record.createdAt ?? mapper.snapshotTime;
  }
  const properties: Record<string, string | number | boolean | null> = {};
  for (const property of plan.properties)
    properties[property.name] = cells.property(cells.present(values[property.index]));
  record.properties = properties;

  const parsed = sourceRecordSchema.safeParse(record);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = typeof issue.path[0] === 'string' ? plan.fieldByName.get(issue.path[0]) : undefined;
  const column = issue.path[0] === 'ref' ? plan.idColumn : (field?.column ?? String(issue.path[0] ?? 'row'));
  const got = field && field.index >= 0 ? `, got ${describe(values[field.index])}` : '';
  return reject(column, `${lowerFirst(issue.message)}${got}`, externalId);
}

function convert(mapper: RowMapper, field: FieldPlan, cell: unknown): unknown {
  const { cells } = mapper;
  switch (field.spec.type) {
    case 'number':
      return cells.number(cell);
    case 'integer':
      return cells.integer(cell);
    case 'boolean':
      return cells.boolean(cell);
    case 'timestamp':
      return cells.timestamp(cell);
    case 'eventType': {
      const label = cells.text(cell);
      if (label === INVALID) return INVALID;
      return mapper.resolveEventType(field.valueMap?.get(label) ?? label);
    }
    case 'ref': {
      const externalId = cells.text(cell);
      if (externalId === INVALID) return INVALID;
      return { system: mapper.plan.settings.system, objectType: field.refObjectType, externalId };
    }
    case 'text': {
      const text = cells.text(cell);
      if (text === INVALID) return INVALID;
      const mapped = field.valueMap?.get(text) ?? text;
      if (field.spec.name !== 'status') return mapped;
      const status = mapped.toLowerCase();
      return mapper.plan.settings.kind === 'deal' ? (DEAL_STATUS_ALIASES.get(status) ?? status) : status;
    }
  }
}

/**
 * Id of an event row that has no id column: a hash of every cell under its column name, in name
 * order, so re-importing the same rows (even with columns reordered) yields the same ids. Two
 * byte-identical rows are one event.
 */
function contentHash(plan: StreamPlan, values: readonly unknown[]): string {
  let content = '';
  for (const index of plan.hashOrder) {
    const value = values[index];
    const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
    content += `${plan.header[index]}\u001f${text}\u001e`;
  }
  return hash('sha256', content, 'base64url').slice(0, 32);
}

function reject(column: string, problem: string, recordId?: string): MapOutcome {
  return { ok: false, reason: `column '${column}': ${problem}`, column, recordId };
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}
