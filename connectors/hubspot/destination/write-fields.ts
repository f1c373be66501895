import type { FieldPreview, FieldWriteIntent, WriteResult } from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import {
  idsNamedBy,
  outcomeOfBatchError,
  outcomeOfCallError,
  type RecordOutcome,
  toWriteResult,
} from './batch-outcomes.ts';
import { toHubspotValue } from './score-fields.ts';
import type { WrittenValues } from './written-values.ts';

const BATCH_SIZE = 100;

interface PendingRecord {
  readonly objectType: string;
  readonly recordId: string;
  /** Every field the intents ask for, later intents winning. */
  readonly fields: Record<string, string>;
  /** Only the fields whose value differs from what scorebridge last wrote. */
  readonly changed: Record<string, string>;
  readonly intents: FieldWriteIntent[];
}

const objectTypeAliases: Record<string, string> = {
  contact: 'contacts',
  company: 'companies',
  account: 'companies',
  deal: 'deals',
};

export function hubspotObjectType(objectType: string): string {
  const lower = objectType.toLowerCase();
  return objectTypeAliases[lower] ?? lower;
}

interface Planned {
  readonly results: Map<FieldWriteIntent, WriteResult>;
  /** Records with at least one changed field, per object type. */
  readonly toSend: Map<string, PendingRecord[]>;
  /** Records whose CRM value drifted from what scorebridge last wrote (only known with verify). */
  readonly repaired: Set<PendingRecord>;
  /** Records that are already as wanted. */
  readonly unchanged: PendingRecord[];
}

function groupRecords(
  intents: readonly FieldWriteIntent[],
  results: Map<FieldWriteIntent, WriteResult>,
): PendingRecord[] {
  const records = new Map<string, PendingRecord>();
  for (const intent of intents) {
    const objectType = hubspotObjectType(intent.objectType);
    if (!/^\d+$/.test(intent.recordId)) {
      results.set(intent, {
        idempotencyKey: intent.idempotencyKey,
        status: 'failed',
        kind: 'invalid',
        error: `HubSpot record ids are numeric; got "${intent.recordId}"`,
      });
      continue;
    }
    const key = `${objectType}/${intent.recordId}`;
    const record = records.get(key) ?? {
      objectType,
      recordId: intent.recordId,
      fields: {},
      changed: {},
      intents: [],
    };
    for (const [name, value] of Object.entries(intent.fields)) record.fields[name] = toHubspotValue(value);
    record.intents.push(intent);
    records.set(key, record);
  }
  return [...records.values()];
}

/** Current HubSpot values of the records' fields, by "objectType/id", read with batch read (100 per call). */
async function readCurrent(
  api: HubspotApi,
  records: readonly PendingRecord[],
): Promise<Map<string, ReadonlyMap<string, string>>> {
  const current = new Map<string, ReadonlyMap<string, string>>();
  const byType = new Map<string, PendingRecord[]>();
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
function sameReadValue(held: string, wanted: string): boolean {
  if (held === '' || wanted === '') return false;
  if (ISO_INSTANT.test(held) && ISO_INSTANT.test(wanted)) return Date.parse(held) === Date.parse(wanted);
  const a = Number(held);
  const b = Number(wanted);
  return Number.isFinite(a) && Number.isFinite(b) && a === b;
}

/**
 * Decides, per record, which fields to send. The baseline is what scorebridge last wrote
 * (WrittenValues) or, with `verify`, what HubSpot holds now; a field that differs from HubSpot's value
 * while equal to what we last wrote was edited in HubSpot since, and is repaired.
 */
async function planRecords(
  api: HubspotApi,
  written: WrittenValues,
  intents: readonly FieldWriteIntent[],
  verify: boolean,
): Promise<Planned> {
  const results = new Map<FieldWriteIntent, WriteResult>();
  const records = groupRecords(intents, results);
  const current = verify ? await readCurrent(api, records) : null;
  const toSend = new Map<string, PendingRecord[]>();
  const repaired = new Set<PendingRecord>();
  const unchanged: PendingRecord[] = [];
  for (const record of records) {
    const last = written.get(record.objectType, record.recordId);
    const baseline = current ? current.get(`${record.objectType}/${record.recordId}`) : last;
    for (const [name, value] of Object.entries(record.fields)) {
      const held = baseline?.get(name);
      if (held === value || (current && held !== undefined && sameReadValue(held, value))) continue;
      record.changed[name] = value;
      if (current && last?.get(name) === value) repaired.add(record);
    }
    if (Object.keys(record.changed).length === 0) {
      unchanged.push(record);
      continue;
    }
    const list = toSend.get(record.objectType) ?? [];
    list.push(record);
    toSend.set(record.objectType, list);
  }
  return { results, toSend, repaired, unchanged };
}

/** What writeFields would send, without sending or remembering anything. */
export async function previewFields(
  api: HubspotApi,
  written: WrittenValues,
  intents: readonly FieldWriteIntent[],
  verify: boolean,
): Promise<FieldPreview[]> {
  const planned = await planRecords(api, written, intents, verify);
  const answers = new Map<FieldWriteIntent, FieldPreview>();
  for (const [intent, result] of planned.results)
    answers.set(intent, {
      idempotencyKey: intent.idempotencyKey,
      status: 'failed',
      error: result.status === 'ok' ? '' : result.error,
    });
  for (const record of planned.unchanged)
    for (const intent of record.intents)
      answers.set(intent, { idempotencyKey: intent.idempotencyKey, status: 'unchanged' });
  for (const list of planned.toSend.values())
    for (const record of list)
      for (const intent of record.intents)
        answers.set(intent, {
          idempotencyKey: intent.idempotencyKey,
          status: 'write',
          fields: Object.keys(record.changed),
          repair: planned.repaired.has(record),
        });
  return intents.map((intent) => answers.get(intent)!);
}

/**
 * Writes field values with batch update, 100 records per call, sending only values that changed.
 *
 * "Changed" is judged against a fingerprint of what scorebridge last wrote (WrittenValues), not by
 * reading HubSpot first. A batch read before every batch update would double the API calls of
 * every write-back (two calls per 100 records instead of at most one) and spend the account's
 * shared daily quota on confirming nothing changed. The score properties belong to scorebridge's
 * own group, so the last value we wrote is what HubSpot holds unless someone edits a score by
 * hand; an unknown record (first run, lost state) is simply written, which costs no more than the
 * read would have. `verify` (write-back --full) reads first instead, to repair such hand edits.
 * Records that no longer exist are forgotten, so they are not skipped forever.
 */
export async function writeFields(
  api: HubspotApi,
  written: WrittenValues,
  intents: readonly FieldWriteIntent[],
  now: () => string,
  verify = false,
): Promise<WriteResult[]> {
  const { results, toSend, repaired, unchanged } = await planRecords(api, written, intents, verify);
  for (const record of unchanged) {
    for (const intent of record.intents)
      results.set(
        intent,
        toWriteResult(intent.idempotencyKey, { status: 'ok', providerId: record.recordId }, true),
      );
    // Read from HubSpot: remember it, so a later write-back without --full skips it too.
    if (verify)
      written.remember(
        [{ objectType: record.objectType, recordId: record.recordId, fields: record.fields }],
        now(),
      );
  }
  const batches: PendingRecord[][] = [];
  for (const list of toSend.values())
    for (let i = 0; i < list.length; i += BATCH_SIZE) batches.push(list.slice(i, i + BATCH_SIZE));
  await Promise.all(
    batches.map(async (batch) => {
      const outcomes = await sendBatch(api, batch, true);
      const succeeded = batch.filter((record) => outcomes.get(record.recordId)?.status === 'ok');
      written.remember(
        succeeded.map((record) => ({
          objectType: record.objectType,
          recordId: record.recordId,
          fields: record.changed,
        })),
        now(),
      );
      for (const record of batch) {
        const outcome = outcomes.get(record.recordId) ?? {
          status: 'retry',
          retryAfterMs: 5_000,
          error: 'HubSpot did not report on this record',
        };
        if (outcome.status === 'failed' && outcome.kind === 'permanent')
          written.forget(record.objectType, record.recordId);
        for (const intent of record.intents) {
          const result = toWriteResult(intent.idempotencyKey, outcome);
          results.set(
            intent,
            result.status === 'ok' && repaired.has(record) ? { ...result, repaired: true } : result,
          );
        }
      }
    }),
  );
  return intents.map((intent) => results.get(intent)!);
}

async function sendBatch(
  api: HubspotApi,
  batch: readonly PendingRecord[],
  mayResend: boolean,
): Promise<Map<string, RecordOutcome>> {
  const outcomes = new Map<string, RecordOutcome>();
  const objectType = batch[0]!.objectType;
  try {
    const response = await api.batchUpdate(
      objectType,
      batch.map((record) => ({ id: record.recordId, properties: record.changed })),
    );
    for (const result of response.results) outcomes.set(result.id, { status: 'ok', providerId: result.id });
    for (const error of response.errors) {
      const ids = error.context.ids ?? error.context.id ?? [];
      for (const id of ids) outcomes.set(id, outcomeOfBatchError(error));
    }
  } catch (error) {
    // A 400 naming missing ids fails the whole call; the other records deserve a second chance.
    const named = new Set(idsNamedBy(error));
    const rest = batch.filter((record) => !named.has(record.recordId));
    if (mayResend && named.size > 0 && rest.length < batch.length) {
      const message = `HubSpot ${objectType} record does not exist (deleted or merged): ${(error as Error).message}`;
      for (const id of named) outcomes.set(id, { status: 'failed', kind: 'permanent', error: message });
      if (rest.length > 0)
        for (const [id, outcome] of await sendBatch(api, rest, false)) outcomes.set(id, outcome);
      return outcomes;
    }
    const shared = outcomeOfCallError(error);
    for (const record of batch) outcomes.set(record.recordId, shared);
  }
  return outcomes;
}
