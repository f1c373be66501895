import type { HubspotApi } from '../api/client.ts';

const BATCH_SIZE = 100;

/** A record to write: its object type, id and every field the intents ask for. */
export interface RecordFields {
  readonly objectType: string;
  readonly recordId: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Current HubSpot values of the records' fields, by "objectType/id", read with batch read (100 per call). */
export async function readCurrent(
  api: HubspotApi,
  records: readonly RecordFields[],
): Promise<Map<string, ReadonlyMap<string, string>>> {
  const current = new Map<string, ReadonlyMap<string, string>>();
  const byType = new Map<string, RecordFields[]>();
  for (const record of records)
    byType.set(record.objectType, [...(byType.get(record.objectType) ?? []), record]);
  for (const [objectType, list] of byType) {
    const properties = [...new Set(list.flatMap((record) => Object.keys(record.fields)))];
    for (let i = 0; i < list.length; i += BATCH_SIZE) {
      const ids = list.slice(i, i + BATCH_SIZE).map((record) => record.recordId);
      const read = await api.batchRead(objectType, ids, properties);
      for (const object of read.results)
        current.set(
          `${objectType}/${object.id}`,
          new Map(properties.map((name) => [name, object.properties[name] ?? ''])),
        );
    }
  }
  return current;
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)$/;

/**
 * HubSpot gives values back in its own spelling ("85.0" for 85, an instant without milliseconds):
 * the same number or instant is the same value, so reading first does not rewrite every record.
 */
export function sameReadValue(held: string, wanted: string): boolean {
  if (held === '' || wanted === '') return false;
  if (ISO_INSTANT.test(held) && ISO_INSTANT.test(wanted)) return Date.parse(held) === Date.parse(wanted);
  const a = Number(held);
  const b = Number(wanted);
  return Number.isFinite(a) && Number.isFinite(b) && a === b;
}
