import type { FieldPreview, FieldWriteIntent, WriteResult } from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import { toWriteResult } from './batch-outcomes.ts';
import { readCurrent, sameReadValue } from './current-values.ts';
import { type PropertyDefinitions, valueProblem } from './property-rules.ts';
import { toHubspotValue } from './score-fields.ts';
import { sendBatch } from './send-batch.ts';
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

/** Splits records into those to send (per object type), repairs and those already as wanted. */
function decide(
  records: readonly PendingRecord[],
  written: WrittenValues,
  current: Map<string, ReadonlyMap<string, string>> | null,
): Omit<Planned, 'results'> {
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
  return { toSend, repaired, unchanged };
}

/**
 * Intents that would send a value the property's definition refuses, with why (field names and
 * the offending value only). Definitions are read only for object types that have something to send.
 */
async function invalidIntents(
  definitions: PropertyDefinitions,
  toSend: ReadonlyMap<string, readonly PendingRecord[]>,
  preview: boolean,
): Promise<Map<FieldWriteIntent, string>> {
  const invalid = new Map<FieldWriteIntent, string>();
  for (const [objectType, records] of toSend) {
    const rules = await definitions.rules(objectType);
    for (const record of records)
      for (const intent of record.intents) {
        const problems = Object.entries(intent.fields)
          // A preview runs before the score fields are created: a missing one is not a problem yet.
          .filter(([name]) => name in record.changed && (!preview || rules.has(name)))
          .map(([name, value]) => valueProblem(rules.get(name), name, toHubspotValue(value)))
          .filter((problem): problem is string => problem !== null);
        if (problems.length > 0)
          invalid.set(intent, `not sent to HubSpot ${objectType} ${record.recordId}: ${problems.join('; ')}`);
      }
  }
  return invalid;
}

/**
 * Decides, per record, which fields to send. The baseline is what scorebridge last wrote
 * (WrittenValues) or, with `verify`, what HubSpot holds now; a field that differs from HubSpot's value
 * while equal to what we last wrote was edited in HubSpot since, and is repaired. An intent with a
 * value the property definitions refuse is reported invalid and left out, so it cannot make HubSpot
 * reject the batch it would travel in.
 */
async function planRecords(
  api: HubspotApi,
  written: WrittenValues,
  intents: readonly FieldWriteIntent[],
  verify: boolean,
  definitions: PropertyDefinitions,
  preview = false,
): Promise<Planned> {
  const results = new Map<FieldWriteIntent, WriteResult>();
  const records = groupRecords(intents, results);
  const current = verify ? await readCurrent(api, records) : null;
  const planned = decide(records, written, current);
  const invalid = await invalidIntents(definitions, planned.toSend, preview);
  if (invalid.size === 0) return { results, ...planned };
  for (const [intent, error] of invalid)
    results.set(intent, { idempotencyKey: intent.idempotencyKey, status: 'failed', kind: 'invalid', error });
  const valid = groupRecords(
    intents.filter((intent) => !invalid.has(intent)),
    results,
  );
  return { results, ...decide(valid, written, current) };
}

/** What writeFields would send, without sending or remembering anything. */
export async function previewFields(
  api: HubspotApi,
  written: WrittenValues,
  intents: readonly FieldWriteIntent[],
  verify: boolean,
  definitions: PropertyDefinitions,
): Promise<FieldPreview[]> {
  const planned = await planRecords(api, written, intents, verify, definitions, true);
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
  definitions: PropertyDefinitions,
  verify = false,
): Promise<WriteResult[]> {
  const { results, toSend, repaired, unchanged } = await planRecords(
    api,
    written,
    intents,
    verify,
    definitions,
  );
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
      const objectType = batch[0]!.objectType;
      const outcomes = await sendBatch(
        api,
        objectType,
        batch.map((record) => ({ recordId: record.recordId, properties: record.changed })),
        () => definitions.forget(objectType),
      );
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
