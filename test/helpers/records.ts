import type { SourceBatch } from '../../core/connectors/source.ts';
import {
  type SourceAccountInput,
  type SourceContactInput,
  type SourceEventInput,
  type SourceRecord,
  sourceRecordSchema,
} from '../../core/schema/index.ts';

/** Builders for valid source records; tests override only what they are about. */
export function contact(system: string, id: string, fields: Partial<SourceContactInput> = {}): SourceRecord {
  return sourceRecordSchema.parse({
    kind: 'contact',
    ref: { system, objectType: 'contacts', externalId: id },
    updatedAt: '2026-01-01T00:00:00Z',
    ...fields,
  });
}

export function account(system: string, id: string, fields: Partial<SourceAccountInput> = {}): SourceRecord {
  return sourceRecordSchema.parse({
    kind: 'account',
    ref: { system, objectType: 'accounts', externalId: id },
    updatedAt: '2026-01-01T00:00:00Z',
    ...fields,
  });
}

export function event(system: string, id: string, fields: Partial<SourceEventInput> = {}): SourceRecord {
  return sourceRecordSchema.parse({
    kind: 'event',
    ref: { system, objectType: 'events', externalId: id },
    type: 'login',
    occurredAt: '2026-01-01T00:00:00Z',
    ...fields,
  });
}

export function batch(
  stream: string,
  records: SourceRecord[],
  cursor: SourceBatch['cursor'] = null,
): SourceBatch {
  return { stream, records, rejected: [], cursor };
}
