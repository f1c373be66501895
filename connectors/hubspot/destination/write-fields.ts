import type { FieldWriteIntent, WriteResult } from '../../../core/connectors/destination.ts';
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

/**
 * Writes field values with batch update, 100 records per call, sending only values that changed.
 *
 * "Changed" is judged against a fingerprint of what scorebridge last wrote (WrittenValues), not by
 * reading HubSpot first. A batch read before every batch update would double the API calls of
 * every write-back (two calls per 100 records instead of at most one) and spend the account's
 * shared daily quota on confirming nothing changed. The score properties belong to scorebridge's
 * own group, so the last value we wrote is what HubSpot holds unless someone edits a score by
 * hand; an unknown record (first run, lost state) is simply written, which costs no more than the
 * read would have. Records that no longer exist are forgotten, so they are not skipped forever.
 */
export async function writeFields(
  api: HubspotApi,
  written: WrittenValues,
  intents: readonly FieldWriteIntent[],
  now: () => string,
): Promise<WriteResult[]> {
  const results = new Map<FieldWriteIntent, WriteResult>();
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
  const toSend = new Map<string, PendingRecord[]>();
  for (const record of records.values()) {
    const last = written.get(record.objectType, record.recordId);
    for (const [name, value] of Object.entries(record.fields))
      if (last?.get(name) !== value) record.changed[name] = value;
    if (Object.keys(record.changed).length === 0) {
      for (const intent of record.intents)
        results.set(
          intent,
          toWriteResult(intent.idempotencyKey, { status: 'ok', providerId: record.recordId }, true),
        );
      continue;
    }
    const list = toSend.get(record.objectType) ?? [];
    list.push(record);
    toSend.set(record.objectType, list);
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
        for (const intent of record.intents)
          results.set(intent, toWriteResult(intent.idempotencyKey, outcome));
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
