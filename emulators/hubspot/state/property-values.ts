import type { PropertyDefinition } from './property-types.ts';

/**
 * The longest value a text property takes: "property values ... are limited to 65,536 characters"
 * (HubSpot developer docs, CRM properties API, "Property values" / knowledge base "Property field
 * types in HubSpot"). Longer values are refused, not cut.
 */
export const MAX_STRING_LENGTH = 65_536;

export type ValueCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly error: string; readonly message: string };

/** Parses a datetime the way HubSpot accepts it: epoch milliseconds or ISO-8601. */
export function parseInstant(raw: string): number | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Validates and normalises a written value: numbers must parse, booleans are "true"/"false",
 * datetimes are stored as ISO instants, enumeration values must be defined options. An empty
 * string clears the value (returned as "").
 */
export function normalizeValue(property: PropertyDefinition, raw: unknown): ValueCheck {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: '' };
  const text = typeof raw === 'string' ? raw : String(raw);
  const fail = (error: string, message: string): ValueCheck => ({ ok: false, error, message });
  switch (property.type) {
    case 'number': {
      const value = Number(text);
      return Number.isFinite(value)
        ? { ok: true, value: text.trim() }
        : fail('INVALID_FLOAT', `${JSON.stringify(text)} was not a valid number.`);
    }
    case 'bool': {
      const lower = text.toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { ok: true, value: lower }
        : fail('INVALID_BOOLEAN', `${JSON.stringify(text)} is not a valid boolean; use true or false.`);
    }
    case 'datetime': {
      const ms = parseInstant(text);
      return ms === null
        ? fail('INVALID_DATE', `${JSON.stringify(text)} is not a valid date-time.`)
        : { ok: true, value: new Date(ms).toISOString() };
    }
    case 'date': {
      const ms = parseInstant(text);
      return ms === null
        ? fail('INVALID_DATE', `${JSON.stringify(text)} is not a valid date.`)
        : { ok: true, value: new Date(ms).toISOString().slice(0, 10) };
    }
    case 'enumeration': {
      if (property.options.length === 0) return { ok: true, value: text };
      const allowed = new Set(property.options.map((option) => option.value));
      const bad = text.split(';').filter((value) => !allowed.has(value));
      return bad.length === 0
        ? { ok: true, value: text }
        : fail(
            'INVALID_OPTION',
            `${JSON.stringify(bad[0])} was not one of the allowed options: [${[...allowed].join(', ')}]`,
          );
    }
    default:
      return text.length > MAX_STRING_LENGTH
        ? fail(
            'INVALID_STRING_LENGTH',
            `The value is ${text.length} characters long; ${property.name} takes at most ${MAX_STRING_LENGTH}.`,
          )
        : { ok: true, value: text };
  }
}

/** A value as a comparable number for search (numbers, datetimes, booleans), else null. */
export function numericValue(property: PropertyDefinition | undefined, value: string): number | null {
  if (!property) return null;
  if (property.type === 'number') {
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }
  if (property.type === 'datetime' || property.type === 'date') return parseInstant(value);
  return null;
}
