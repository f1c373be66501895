import type { Properties, SourceRef } from '../../../core/schema/index.ts';

/** A record as a SOQL query returns it: field name -> JSON value, plus `attributes`. */
export type SalesforceRow = Readonly<Record<string, unknown>>;

/** Key prefixes of the objects our records reference. */
const OBJECT_BY_PREFIX: Readonly<Record<string, string>> = {
  '001': 'Account',
  '003': 'Contact',
  '00Q': 'Lead',
  '006': 'Opportunity',
  '005': 'User',
};

export function objectForId(id: string): string | undefined {
  return OBJECT_BY_PREFIX[id.slice(0, 3)];
}

/** A reference to another Salesforce record as a source ref of this connector, or null. */
export function refTo(system: string, id: unknown, expected?: readonly string[]): SourceRef | null {
  if (typeof id !== 'string' || id === '') return null;
  const objectType = objectForId(id);
  if (!objectType || (expected && !expected.includes(objectType))) return null;
  return { system, objectType, externalId: id };
}

export function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

/**
 * Salesforce datetimes ("2024-05-01T10:00:00.000+0000") and dates ("2024-05-01") as ISO
 * instants; the +hhmm offset form is rewritten because not every parser accepts it.
 */
export function instant(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T00:00:00Z`
    : value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** "https://www.Acme.com/about" -> "acme.com": the domain is the identity key of a company. */
export function domainFromWebsite(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const host = raw
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split(/[/?#:]/)[0]!
    .toLowerCase()
    .replace(/^www\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

export function mapValue(
  maps: Readonly<Record<string, Readonly<Record<string, string>>>>,
  field: string,
  raw: unknown,
): string | null {
  const value = text(raw);
  if (value === null) return null;
  const map = maps[field];
  if (!map) return value;
  return map[value] ?? null;
}

/** Keeps the listed fields as flat scalar properties (missing fields are skipped). */
export function pickProperties(row: SalesforceRow, fields: readonly string[]): Properties {
  const properties: Properties = {};
  for (const field of fields) {
    const value = row[field];
    if (value === undefined) continue;
    properties[field] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }
  return properties;
}
