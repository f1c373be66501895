import type { Condition, EventValue, PropertyRef } from '../plan/ir.ts';

type Properties = Readonly<Record<string, unknown>>;

/**
 * How a property reads as text, the same way the SQL dialects read it from JSON: the first name
 * present with a non-null value; numbers and booleans as their JSON text; an empty string is no value.
 */
export function propertyText(properties: Properties, ref: PropertyRef): string | null {
  for (const name of ref.names) {
    const value = properties[name];
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') return value.length > 0 ? value : null;
    if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
    return null;
  }
  return null;
}

/** A text as a number: trimmed, finite, else NaN (unknown). */
export function toNumber(text: string | null): number {
  if (text === null) return Number.NaN;
  const trimmed = text.trim();
  if (trimmed === '') return Number.NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

export function propertyNumber(properties: Properties, ref: PropertyRef): number {
  return toNumber(propertyText(properties, ref));
}

/** Whether an event's properties pass one condition; a missing property fails every test but not_in. */
export function passes(properties: Properties, condition: Condition): boolean {
  const { test } = condition;
  if (test.op === 'exists') return (propertyText(properties, condition.property) !== null) === test.value;
  if (test.op !== 'in' && test.op !== 'not_in' && test.op !== 'contains_any') {
    const value = propertyNumber(properties, condition.property);
    if (Number.isNaN(value)) return false;
    if (test.op === 'gt') return value > test.value;
    if (test.op === 'gte') return value >= test.value;
    if (test.op === 'lt') return value < test.value;
    return value <= test.value;
  }
  const text = propertyText(properties, condition.property)?.toLowerCase() ?? null;
  if (test.op === 'not_in') return text === null || !test.values.includes(text);
  if (text === null) return false;
  if (test.op === 'in') return test.values.includes(text);
  return test.values.some((part) => text.includes(part));
}

/** The number an aggregate reads from an event; NaN when it has none. */
export function eventNumber(
  event: { readonly value: number | null; readonly properties: Properties },
  what: EventValue,
): number {
  const { value } = event;
  // Properties are read only here below: a stored event may load them on first access.
  if (what.kind === 'value') return value === null || !Number.isFinite(value) ? Number.NaN : value;
  if (what.kind === 'property') return propertyNumber(event.properties, what.ref);
  const label = propertyText(event.properties, what.ref)?.toLowerCase();
  return label === undefined ? what.otherwise : (what.weights[label] ?? what.otherwise);
}
