import { z } from 'zod';
import type { RejectedRecord } from '../../../core/connectors/source.ts';
import { type SourceRecord, type SourceRef, sourceRecordSchema } from '../../../core/schema/index.ts';
import type { HubObject } from '../api/types.ts';

export interface MappingContext {
  /** Connector instance name: the `system` of every ref. */
  readonly system: string;
  /** Extra HubSpot properties copied into `properties`. */
  readonly extraProperties: readonly string[];
  /** The account's company currency once known (deals are read in it); null when it could not be learnt. */
  readonly companyCurrency?: { code: string | null };
}

export type Properties = HubObject['properties'];

export const ref = (system: string, objectType: string, externalId: string): SourceRef => ({
  system,
  objectType,
  externalId,
});

/** Trimmed text, or null for missing/blank values (the canonical schema rejects blank strings). */
export function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function number(value: string | null | undefined): number | null {
  const raw = text(value);
  if (raw === null) return null;
  const parsed = Number(raw);
  return Number.isFinite(parsed) ? parsed : null;
}

/** HubSpot date-times arrive as ISO strings or epoch milliseconds. */
export function instant(value: string | null | undefined): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function bool(value: string | null | undefined): boolean | null {
  const raw = text(value)?.toLowerCase();
  return raw === 'true' ? true : raw === 'false' ? false : null;
}

const emailSchema = z.email();

/** A usable e-mail address, or null; CRMs hold typos, which must not cost the whole record. */
export function email(value: string | null | undefined): string | null {
  const raw = text(value);
  return raw && emailSchema.safeParse(raw).success ? raw : null;
}

export function pickProperties(
  properties: Properties,
  names: readonly string[],
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of names) if (name in properties) out[name] = properties[name] ?? null;
  return out;
}

/** The first associated id of a type, from the `associations` of a list call. */
export function firstAssociated(object: HubObject, type: string): string | null {
  return object.associations[type]?.[0] ?? null;
}

/**
 * Validates mapped records against the canonical schema. A record that still does not fit is
 * quarantined with the HubSpot id and the reason, never dropped.
 */
export function validateRecords(
  inputs: readonly { input: unknown; object: HubObject; objectType: string }[],
): { records: SourceRecord[]; rejected: RejectedRecord[] } {
  const records: SourceRecord[] = [];
  const rejected: RejectedRecord[] = [];
  for (const { input, object, objectType } of inputs) {
    const parsed = sourceRecordSchema.safeParse(input);
    if (parsed.success) {
      records.push(parsed.data);
      continue;
    }
    const reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
      .join('; ');
    rejected.push({
      location: { recordId: `${objectType}/${object.id}` },
      reason: `HubSpot ${objectType} ${object.id} does not fit the canonical schema: ${reason}`,
      raw: JSON.stringify(object),
    });
  }
  return { records, rejected };
}
