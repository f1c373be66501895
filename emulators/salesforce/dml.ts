import { OWNED_OBJECTS } from './catalog.ts';
import { derivedFields } from './derived.ts';
import type { FieldDef } from './field-defs.ts';
import { applyPermissionRow, permissionSetupDenied } from './field-security.ts';
import { ID_PATTERN, toId18 } from './ids.ts';
import type { OrgState } from './org-state.ts';
import type { SObjectTable } from './table.ts';
import { coerceValue, type FieldValue, type Row, type SfRecordError } from './values.ts';

export interface SaveResult {
  readonly id: string | null;
  readonly success: boolean;
  readonly errors: readonly SfRecordError[];
  readonly created?: boolean;
}

export type ValueSource = 'json' | 'csv';

const failure = (errors: SfRecordError[], id: string | null = null): SaveResult => ({
  id,
  success: false,
  errors,
});
const error = (statusCode: string, message: string, fields: string[] = []): SfRecordError => ({
  statusCode,
  message,
  fields,
});

/** Field names a request uses that the object does not have (or the user cannot see): a whole-request error. */
export function unknownFields(table: SObjectTable, input: Record<string, unknown>): string[] {
  return Object.keys(input).filter((key) => key !== 'attributes' && !table.field(key));
}

/** Coerces the writable values of one record; collects every field error like a real save does. */
function prepare(
  table: SObjectTable,
  input: Record<string, unknown>,
  operation: 'insert' | 'update',
  source: ValueSource,
  skip: ReadonlySet<string>,
): { values: Record<string, FieldValue>; errors: SfRecordError[] } {
  const values: Record<string, FieldValue> = {};
  const errors: SfRecordError[] = [];
  const readOnly: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'attributes' || skip.has(key.toLowerCase())) continue;
    const def = table.field(key);
    if (!def) {
      errors.push(error('INVALID_FIELD', `No such column '${key}' on sobject of type ${table.name}`, [key]));
      continue;
    }
    if (operation === 'insert' ? !def.createable : !def.updateable) {
      readOnly.push(def.name);
      continue;
    }
    const coerced = coerceValue(def, raw, source);
    if (coerced.ok) values[def.name] = coerced.value;
    else errors.push(coerced.error);
  }
  if (readOnly.length > 0) {
    errors.push(
      error(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      ),
    );
  }
  return { values, errors };
}

function checkReferences(
  state: OrgState,
  table: SObjectTable,
  row: Record<string, FieldValue>,
): SfRecordError[] {
  const errors: SfRecordError[] = [];
  for (const def of table.visibleFields()) {
    if (def.type !== 'reference' || !def.createable) continue;
    const value = row[def.name];
    if (typeof value !== 'string') continue;
    const target = state.lookup(value);
    const targetTable = state.tableForId(value);
    if (!target || !targetTable || !def.referenceTo.includes(targetTable.name)) {
      errors.push(error('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [def.name]));
    } else if (target.IsDeleted === true) {
      errors.push(error('ENTITY_IS_DELETED', `entity is deleted`, [def.name]));
    }
  }
  return errors;
}

function checkUnique(table: SObjectTable, row: Record<string, FieldValue>): SfRecordError[] {
  const errors: SfRecordError[] = [];
  for (const def of table.visibleFields()) {
    if (!def.unique || row[def.name] === null || row[def.name] === undefined) continue;
    const wanted = String(row[def.name]).toLowerCase();
    for (const other of table.rows()) {
      if (
        other.Id !== row.Id &&
        other.IsDeleted !== true &&
        String(other[def.name] ?? '').toLowerCase() === wanted
      ) {
        errors.push(
          error(
            'DUPLICATE_VALUE',
            `duplicate value found: ${def.name} duplicates value on record with id: ${other.Id}`,
            [def.name],
          ),
        );
        break;
      }
    }
  }
  return errors;
}

function missingRequired(table: SObjectTable, row: Record<string, FieldValue>): SfRecordError[] {
  const missing = table
    .visibleFields()
    .filter(
      (def: FieldDef) =>
        def.required && (row[def.name] === null || row[def.name] === undefined || row[def.name] === ''),
    );
  if (missing.length === 0) return [];
  const names = missing.map((def) => def.name);
  return [error('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names)];
}

function finishRow(
  state: OrgState,
  table: SObjectTable,
  row: Record<string, FieldValue>,
  operation: 'insert' | 'update',
): SfRecordError[] {
  Object.assign(
    row,
    derivedFields(table.name, row, (id) => state.lookup(id)),
  );
  const errors = [
    ...missingRequired(table, row),
    ...checkReferences(state, table, row),
    ...checkUnique(table, row),
  ];
  if (errors.length > 0) return errors;
  const rule = state.validate?.(table.name, row, operation);
  return rule ? [rule] : [];
}

export function createRecord(
  state: OrgState,
  table: SObjectTable,
  input: Record<string, unknown>,
  source: ValueSource,
): SaveResult {
  const denied = permissionSetupDenied(state, table);
  if (denied) return failure([denied]);
  const { values, errors } = prepare(table, input, 'insert', source, new Set(['id']));
  if (errors.length > 0) return failure(errors);
  const now = state.now();
  const row: Record<string, FieldValue> = {
    Id: state.ids.next(table.keyPrefix),
    IsDeleted: false,
    CreatedDate: now,
    CreatedById: state.apiUserId,
    LastModifiedDate: now,
    LastModifiedById: state.apiUserId,
    SystemModstamp: now,
    ...(OWNED_OBJECTS.has(table.name) ? { OwnerId: state.apiUserId } : {}),
    ...values,
  };
  const problems = finishRow(state, table, row, 'insert');
  if (problems.length > 0) return failure(problems);
  table.put(row);
  applyPermissionRow(state, table, row);
  return { id: row.Id as string, success: true, errors: [], created: true };
}

export function updateRecord(
  state: OrgState,
  table: SObjectTable,
  rawId: unknown,
  input: Record<string, unknown>,
  source: ValueSource,
): SaveResult {
  if (typeof rawId !== 'string' || !ID_PATTERN.test(rawId)) {
    return failure([error('MALFORMED_ID', `Id in record: ${String(rawId)}`, ['Id'])]);
  }
  const id = toId18(rawId);
  if (state.tableForId(id) !== table)
    return failure(
      [error('MALFORMED_ID', `${table.name} ID: id value of incorrect type: ${rawId}`, ['Id'])],
      id,
    );
  const old = table.get(id);
  if (!old) return failure([error('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [])], id);
  if (old.IsDeleted === true) return failure([error('ENTITY_IS_DELETED', 'entity is deleted', [])], id);
  if (old.IsConverted === true)
    return failure([error('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', [])], id);
  const { values, errors } = prepare(table, input, 'update', source, new Set(['id']));
  if (errors.length > 0) return failure(errors, id);
  const now = state.now();
  const row: Record<string, FieldValue> = {
    ...old,
    ...values,
    LastModifiedDate: now,
    LastModifiedById: state.apiUserId,
    SystemModstamp: now,
  };
  const problems = finishRow(state, table, row, 'update');
  if (problems.length > 0) return failure(problems, id);
  table.put(row);
  return { id, success: true, errors: [], created: false };
}

/** Upsert on an external id field: updates the record holding that value, else creates one. */
export function upsertRecord(
  state: OrgState,
  table: SObjectTable,
  externalField: FieldDef,
  input: Record<string, unknown>,
  source: ValueSource,
): SaveResult {
  const key = Object.entries(input).find(
    ([name]) => name.toLowerCase() === externalField.name.toLowerCase(),
  )?.[1];
  if (key === undefined || key === null || key === '') {
    return failure([error('MISSING_ARGUMENT', `${externalField.name} not specified`, [externalField.name])]);
  }
  const wanted = String(key).toLowerCase();
  const matches: Row[] = [];
  for (const row of table.rows()) {
    if (row.IsDeleted !== true && String(row[externalField.name] ?? '').toLowerCase() === wanted)
      matches.push(row);
  }
  if (matches.length > 1) {
    return failure([
      error(
        'DUPLICATE_EXTERNAL_ID',
        `${externalField.name}: more than one record found for external id field: ${matches.map((row) => row.Id).join(', ')}`,
        [externalField.name],
      ),
    ]);
  }
  const existing = matches[0];
  if (!existing) return createRecord(state, table, input, source);
  const rest = Object.fromEntries(
    Object.entries(input).filter(([name]) => name.toLowerCase() !== externalField.name.toLowerCase()),
  );
  const result = updateRecord(state, table, existing.Id, rest, source);
  return result.success ? { ...result, created: false } : result;
}

/** Moves a record to the recycle bin: IsDeleted, new SystemModstamp, still visible to queryAll. */
export function deleteRecord(state: OrgState, table: SObjectTable, rawId: unknown): SaveResult {
  if (typeof rawId !== 'string' || !ID_PATTERN.test(rawId))
    return failure([error('MALFORMED_ID', `malformed id ${String(rawId)}`)]);
  const id = toId18(rawId);
  const old = table.get(id);
  if (!old) return failure([error('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')], id);
  if (old.IsDeleted === true) return failure([error('ENTITY_IS_DELETED', 'entity is deleted')], id);
  state.touch(table.name, id, { IsDeleted: true }, state.apiUserId);
  return { id, success: true, errors: [] };
}
