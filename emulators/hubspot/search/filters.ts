import { validationError } from '../errors.ts';
import type { CrmState } from '../state/crm-state.ts';
import { readValue } from '../state/object-json.ts';
import type { StoredObject } from '../state/object-table.ts';
import type { ObjectType } from '../state/object-types.ts';
import { numericValue, parseInstant } from '../state/property-values.ts';

export const filterOperators = [
  'BETWEEN',
  'CONTAINS_TOKEN',
  'EQ',
  'GT',
  'GTE',
  'HAS_PROPERTY',
  'IN',
  'LT',
  'LTE',
  'NEQ',
  'NOT_CONTAINS_TOKEN',
  'NOT_HAS_PROPERTY',
  'NOT_IN',
] as const;

export type Predicate = (object: StoredObject) => boolean;

/** Turns one search filter into a predicate; numbers and date-times compare numerically. */
export function compileFilter(state: CrmState, type: ObjectType, raw: unknown): Predicate {
  const filter = (raw ?? {}) as Record<string, unknown>;
  const name = String(filter.propertyName ?? '');
  const operator = String(filter.operator ?? 'EQ');
  const property = state.properties.get(type, name);
  if (!property)
    throw validationError(
      `There was a problem with the request: property ${JSON.stringify(name)} does not exist on ${type}.`,
    );
  if (!(filterOperators as readonly string[]).includes(operator)) {
    throw validationError(`Unknown filter operator ${operator}; use one of ${filterOperators.join(', ')}.`);
  }
  const numeric = property.type === 'number' || property.type === 'datetime' || property.type === 'date';
  const toNumber = (value: unknown): number => {
    const text = String(value);
    const number = property.type === 'number' ? Number(text) : (parseInstant(text) ?? Number.NaN);
    if (Number.isNaN(number))
      throw validationError(`Filter value ${JSON.stringify(value)} is not valid for ${name}.`);
    return number;
  };
  const key = (value: unknown): string | number => (numeric ? toNumber(value) : String(value).toLowerCase());
  const read = (object: StoredObject): string | number | undefined => {
    const value = readValue(type, object, name);
    if (value === undefined) return undefined;
    return numeric ? (numericValue(property, value) ?? undefined) : value.toLowerCase();
  };
  const compare = (test: (actual: string | number, expected: string | number) => boolean): Predicate => {
    const expected = key(filter.value);
    return (object) => {
      const actual = read(object);
      return actual !== undefined && test(actual, expected);
    };
  };
  switch (operator) {
    case 'EQ':
      return compare((a, b) => a === b);
    case 'NEQ': {
      const expected = key(filter.value);
      return (object) => read(object) !== expected;
    }
    case 'LT':
      return compare((a, b) => a < b);
    case 'LTE':
      return compare((a, b) => a <= b);
    case 'GT':
      return compare((a, b) => a > b);
    case 'GTE':
      return compare((a, b) => a >= b);
    case 'BETWEEN': {
      const low = key(filter.value);
      const high = key(filter.highValue);
      return (object) => {
        const actual = read(object);
        return actual !== undefined && actual >= low && actual <= high;
      };
    }
    case 'IN':
    case 'NOT_IN': {
      if (!Array.isArray(filter.values))
        throw validationError(`${operator} needs "values": [...] on ${name}.`);
      const set = new Set(filter.values.map(key));
      const inside = operator === 'IN';
      return (object) => {
        const actual = read(object);
        return actual !== undefined ? set.has(actual) === inside : !inside;
      };
    }
    case 'HAS_PROPERTY':
      return (object) => readValue(type, object, name) !== undefined;
    case 'NOT_HAS_PROPERTY':
      return (object) => readValue(type, object, name) === undefined;
    default: {
      const token = String(filter.value ?? '').toLowerCase();
      const pattern = new RegExp(`(^|\\W)${token.split('*').map(escapePattern).join('\\S*')}($|\\W)`);
      const contains = operator === 'CONTAINS_TOKEN';
      return (object) => {
        const value = readValue(type, object, name);
        return value !== undefined && pattern.test(value.toLowerCase()) === contains;
      };
    }
  }
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
