import type { FieldDef } from '../field-defs.ts';
import type { SObjectTable, SortKey } from '../table.ts';
import { type FieldValue, parseDateTime, type Row } from '../values.ts';
import { SoqlError } from './lexer.ts';
import type { Condition, Literal, SoqlQuery } from './parser.ts';

export interface QueryPlan {
  readonly table: SObjectTable;
  readonly fields: readonly FieldDef[];
  readonly count: boolean;
  readonly rows: readonly Row[];
}

type Predicate = (row: Row) => boolean;

function noSuchColumn(name: string, object: string): SoqlError {
  if (name.includes('.')) {
    return new SoqlError(
      'INVALID_FIELD',
      `Didn't understand relationship '${name.split('.')[0]}' in field path.`,
    );
  }
  return new SoqlError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to ` +
      `append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

function resolveField(table: SObjectTable, name: string): FieldDef {
  const def = table.field(name);
  if (!def) throw noSuchColumn(name, table.name);
  return def;
}

/** Converts a literal to the stored representation of `def`, enforcing SOQL's typing rules. */
function literalValue(def: FieldDef, literal: Literal): FieldValue {
  if (literal.kind === 'null') return null;
  const wrongType = (expected: string, hint = '') =>
    new SoqlError(
      'INVALID_FIELD',
      `value of filter criterion for field '${def.name}' must be of type ${expected}${hint}`,
    );
  switch (def.type) {
    case 'datetime':
      if (literal.kind !== 'datetime') throw wrongType('dateTime', ' and should not be enclosed in quotes');
      return parseDateTime(literal.text);
    case 'date':
      if (literal.kind !== 'date') throw wrongType('date', ' and should not be enclosed in quotes');
      return literal.text;
    case 'boolean':
      if (literal.kind !== 'boolean') throw wrongType('boolean', ' and should not be enclosed in quotes');
      return literal.value;
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (literal.kind !== 'number') throw wrongType('double', ' and should not be enclosed in quotes');
      return literal.value;
    default:
      if (literal.kind !== 'string') throw wrongType('string', ' and should be enclosed in quotes');
      return literal.value;
  }
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
const isText = (def: FieldDef) => TEXT_TYPES.has(def.type);

/** Text compares case-insensitively in SOQL; ids compare on their 15-character form for equality. */
function comparable(def: FieldDef, value: FieldValue): FieldValue {
  if (typeof value !== 'string') return value;
  return isText(def) ? value.toLowerCase() : value;
}

function equalValues(def: FieldDef, stored: FieldValue, wanted: FieldValue): boolean {
  if (stored === null || wanted === null) return stored === wanted;
  if (
    (def.type === 'id' || def.type === 'reference') &&
    typeof stored === 'string' &&
    typeof wanted === 'string'
  ) {
    return stored.slice(0, 15) === wanted.slice(0, 15);
  }
  return comparable(def, stored) === comparable(def, wanted);
}

function compile(table: SObjectTable, condition: Condition): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.items.map((item) => compile(table, item));
      return (row) => parts.every((part) => part(row));
    }
    case 'or': {
      const parts = condition.items.map((item) => compile(table, item));
      return (row) => parts.some((part) => part(row));
    }
    case 'not': {
      const inner = compile(table, condition.item);
      return (row) => !inner(row);
    }
    case 'in': {
      const def = resolveField(table, condition.field);
      const values = condition.values.map((literal) => literalValue(def, literal));
      return (row) => {
        const stored = row[def.name] ?? null;
        const found = values.some((value) => equalValues(def, stored, value));
        return condition.negated ? !found : found;
      };
    }
    case 'like': {
      const def = resolveField(table, condition.field);
      const pattern = condition.pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.');
      const regex = new RegExp(`^${pattern}$`, 'is');
      return (row) => {
        const stored = row[def.name];
        return typeof stored === 'string' && regex.test(stored);
      };
    }
    case 'compare': {
      const def = resolveField(table, condition.field);
      const wanted = literalValue(def, condition.value);
      const { op } = condition;
      if (op === '=') return (row) => equalValues(def, row[def.name] ?? null, wanted);
      if (op === '!=') return (row) => !equalValues(def, row[def.name] ?? null, wanted);
      const target = comparable(def, wanted);
      return (row) => {
        const stored = comparable(def, row[def.name] ?? null);
        if (stored === null || target === null) return false;
        if (op === '<') return stored < target;
        if (op === '<=') return stored <= target;
        if (op === '>') return stored > target;
        return stored >= target;
      };
    }
  }
}

/**
 * Resolves a parsed query against a table: validates every field, filters in ORDER BY order and
 * applies OFFSET/LIMIT. `includeDeleted` is queryAll: recycle-bin rows (IsDeleted) are kept.
 */
export function planQuery(
  tables: (name: string) => SObjectTable | undefined,
  query: SoqlQuery,
  includeDeleted: boolean,
): QueryPlan {
  const table = tables(query.object);
  if (!table) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${query.object}' is not supported. If you are attempting to use a custom object, be sure ` +
        `to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const fields = query.fields.map((name) => resolveField(table, name));
  const orderBy: SortKey[] = query.orderBy.map((key) => ({
    ...key,
    field: resolveField(table, key.field).name,
  }));
  const predicate = query.where ? compile(table, query.where) : () => true;
  const matches: Row[] = [];
  const skip = query.offset ?? 0;
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  let skipped = 0;
  for (const row of table.sorted(orderBy)) {
    if (!includeDeleted && row.IsDeleted === true) continue;
    if (!predicate(row)) continue;
    if (skipped < skip) {
      skipped++;
      continue;
    }
    matches.push(row);
    if (matches.length >= limit) break;
  }
  return { table, fields, count: query.count, rows: matches };
}
