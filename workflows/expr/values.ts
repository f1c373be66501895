/**
 * The values an expression computes with. Context data is converted on read, so nothing but plain
 * data (no getters, prototypes, functions or class instances) ever reaches the evaluator.
 */
export type Value = null | boolean | number | string | Date | readonly Value[] | ValueRecord;

/** A nested object reached by a path prefix; only its own plain data properties are visible. */
export interface ValueRecord {
  readonly record: Readonly<Record<string, unknown>>;
}

/** Names that lead to JS internals rather than data; a path through them is always null. */
const BLOCKED_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date)
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Converts one piece of caller data; anything that is not plain data becomes null. */
export function toValue(data: unknown): Value {
  if (data === null || data === undefined) return null;
  if (typeof data === 'boolean' || typeof data === 'string') return data;
  if (typeof data === 'number') return Number.isFinite(data) ? data : null;
  if (data instanceof Date) return Number.isNaN(data.getTime()) ? null : data;
  if (Array.isArray(data)) return data.map(toValue);
  if (isPlainRecord(data)) return { record: data };
  return null;
}

/** Own data property only: no prototype chain, no getters run, no internals. */
function ownData(container: unknown, key: string): unknown {
  if (BLOCKED_SEGMENTS.has(key) || !isPlainRecord(container)) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

/** Follows a dotted path; a missing or blocked step anywhere makes the whole path null. */
export function resolvePath(context: unknown, segments: readonly string[]): Value {
  let current: unknown = context;
  for (const segment of segments) {
    current = ownData(current, segment);
    if (current === undefined) return null;
  }
  return toValue(current);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds of a Date, an ISO-8601 string or an epoch-milliseconds number; null otherwise. */
export function toInstant(value: Value): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && ISO_DATE.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

export function isList(value: Value): value is readonly Value[] {
  return Array.isArray(value);
}

/** Structural equality without coercion: 1 never equals "1". Records are never equal to anything. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (isList(a) || isList(b)) {
    return isList(a) && isList(b) && a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]!));
  }
  if (typeof a === 'object' && a !== null) return false;
  return a === b;
}

/** Sign of a - b for two numbers, two strings or two dates; null when they cannot be ordered. */
export function compareOrder(a: Value, b: Value): number | null {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  return null;
}

/** Short rendering for explain output: strings quoted, missing values named as such. */
export function describeValue(value: Value): string {
  if (value === null) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (isList(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
