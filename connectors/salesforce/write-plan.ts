import type { FieldWriteIntent, WriteResult } from '../../core/connectors/destination.ts';
import { instant } from './mapping/values.ts';

export type FieldValue = string | number | boolean | null;

export interface FieldMeta {
  readonly name: string;
  readonly type: string;
  readonly scale: number;
  readonly updateable: boolean;
}

/** One record to write: the values that differ from what Salesforce holds, and the intents they serve. */
export interface RecordWrite {
  readonly recordId: string;
  readonly fields: Record<string, FieldValue>;
  readonly intents: readonly number[];
  /**
   * The org still holds the score computation scorebridge wrote (its "updated" stamp is unchanged),
   * yet another field differs: someone edited it in Salesforce, and this write repairs it.
   */
  readonly repair: boolean;
}

/** Score fields stamped with the score's computation time: `<Model>_Updated__c`. */
const STAMP = /_updated__c$/i;

export const ID_FORMAT = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const NUMERIC = new Set(['double', 'currency', 'percent', 'int', 'long']);

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** Whether Salesforce already holds `desired` (numbers compared after the field's rounding). */
export function sameValue(meta: FieldMeta, current: unknown, desired: FieldValue): boolean {
  if (isEmpty(current) || isEmpty(desired)) return isEmpty(current) && isEmpty(desired);
  if (NUMERIC.has(meta.type)) {
    const scale = meta.type === 'int' ? 0 : meta.scale;
    const factor = 10 ** scale;
    return Math.round(Number(current) * factor) === Math.round(Number(desired) * factor);
  }
  if (meta.type === 'datetime') return instant(String(current)) === instant(String(desired));
  if (meta.type === 'boolean') return current === desired || String(current) === String(desired);
  return String(current) === String(desired);
}

/** Intents of one object, merged per record (later intents win on the same field), in first-seen order. */
export function groupByRecord(intents: readonly FieldWriteIntent[], indexes: readonly number[]) {
  const records = new Map<string, { fields: Record<string, FieldValue>; intents: number[] }>();
  for (const index of indexes) {
    const intent = intents[index]!;
    const id = intent.recordId;
    const entry = records.get(id) ?? { fields: {}, intents: [] };
    Object.assign(entry.fields, intent.fields);
    entry.intents.push(index);
    records.set(id, entry);
  }
  return records;
}

/** Why an intent cannot be written at all (bad id, unknown or read-only field), or null. */
export function intentProblem(
  intent: FieldWriteIntent,
  fields: ReadonlyMap<string, FieldMeta>,
): string | null {
  if (!ID_FORMAT.test(intent.recordId)) return `"${intent.recordId}" is not a Salesforce record id`;
  for (const name of Object.keys(intent.fields)) {
    const meta = fields.get(name.toLowerCase());
    if (!meta) {
      return `${intent.objectType}.${name} does not exist or is not visible to the integration user (create it with ensureScoreFields or \`scorebridge salesforce fields\`)`;
    }
    if (!meta.updateable) return `${intent.objectType}.${name} is read-only for the integration user`;
  }
  return null;
}

/**
 * Compares wanted values with the current ones: unchanged intents are answered at once
 * (skipped), the rest become record writes carrying only the changed fields.
 */
export function planWrites(
  intents: readonly FieldWriteIntent[],
  indexes: readonly number[],
  fields: ReadonlyMap<string, FieldMeta>,
  current: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  results: WriteResult[],
): RecordWrite[] {
  const writes: RecordWrite[] = [];
  for (const [recordId, entry] of groupByRecord(intents, indexes)) {
    const row = current.get(recordId.slice(0, 15));
    if (!row) {
      for (const index of entry.intents) {
        results[index] = {
          idempotencyKey: intents[index]!.idempotencyKey,
          status: 'failed',
          kind: 'permanent',
          error: `${intents[index]!.objectType} ${recordId} does not exist or was deleted in Salesforce`,
        };
      }
      continue;
    }
    const changed: Record<string, FieldValue> = {};
    for (const [name, value] of Object.entries(entry.fields)) {
      const meta = fields.get(name.toLowerCase())!;
      if (!sameValue(meta, row[meta.name], value)) changed[meta.name] = value;
    }
    const needing: number[] = [];
    for (const index of entry.intents) {
      const touches = Object.keys(intents[index]!.fields).some(
        (name) => fields.get(name.toLowerCase())!.name in changed,
      );
      if (touches) needing.push(index);
      else
        results[index] = {
          idempotencyKey: intents[index]!.idempotencyKey,
          status: 'ok',
          providerId: String(row.Id),
          skipped: 'unchanged',
        };
    }
    const stamps = Object.keys(entry.fields)
      .filter((name) => STAMP.test(name))
      .map((name) => fields.get(name.toLowerCase())!.name);
    const repair = stamps.length > 0 && stamps.every((name) => !(name in changed));
    if (needing.length > 0)
      writes.push({ recordId: String(row.Id), fields: changed, intents: needing, repair });
  }
  return writes;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
