import { createHash } from 'node:crypto';
import type { TaskIntent, WriteResult } from '../../core/connectors/destination.ts';
import type { SalesforceClient } from './client.ts';
import { classifySalesforceError } from './errors.ts';
import { objectForId } from './mapping/values.ts';
import { idList } from './soql.ts';
import { chunk, ID_FORMAT } from './write-plan.ts';
import { type RecordError, resultForCallError, resultForRecordErrors } from './write-results.ts';

const PRIORITY = { low: 'Low', medium: 'Normal', high: 'High' } as const;
const KEY_LENGTH = 80;

/** The external-id value for a task: the idempotency key itself when it fits, else a stable hash. */
export function taskKey(idempotencyKey: string): string {
  if (idempotencyKey.length <= KEY_LENGTH && /^[\x20-\x7e]+$/.test(idempotencyKey)) return idempotencyKey;
  return `sb_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 60)}`;
}

interface Target {
  readonly ownerId: string | null;
  readonly accountId: string | null;
}

/** Owners (and a contact's account) of the records tasks are about; missing or deleted records are absent. */
async function readTargets(
  client: SalesforceClient,
  intents: readonly TaskIntent[],
): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  const byObject = new Map<string, Set<string>>();
  for (const intent of intents) {
    if (!ID_FORMAT.test(intent.recordId)) continue;
    const ids = byObject.get(intent.objectType) ?? new Set<string>();
    ids.add(intent.recordId);
    byObject.set(intent.objectType, ids);
  }
  for (const [objectType, ids] of byObject) {
    const fields = objectType === 'Contact' ? 'Id, OwnerId, AccountId' : 'Id, OwnerId';
    for (const batch of chunk([...ids], 300)) {
      for await (const page of client.queryPages(
        `SELECT ${fields} FROM ${objectType} WHERE Id IN ${idList(batch)}`,
        { scanAll: false },
      )) {
        for (const row of page.records as Record<string, unknown>[]) {
          targets.set(String(row.Id).slice(0, 15), {
            ownerId: typeof row.OwnerId === 'string' ? row.OwnerId : null,
            accountId: typeof row.AccountId === 'string' ? row.AccountId : null,
          });
        }
      }
    }
  }
  return targets;
}

/** The Task a TaskIntent becomes: people are its WhoId, companies and deals its WhatId. */
export function taskRecord(intent: TaskIntent, target: Target, keyField: string): Record<string, unknown> {
  const kind = objectForId(intent.recordId) ?? intent.objectType;
  const person = kind === 'Contact' || kind === 'Lead';
  return {
    attributes: { type: 'Task' },
    [keyField]: taskKey(intent.idempotencyKey),
    Subject: intent.subject.slice(0, 255),
    Description: intent.body,
    ActivityDate: intent.dueAt.slice(0, 10),
    Priority: PRIORITY[intent.priority],
    Status: 'Not Started',
    Type: intent.type === 'call' ? 'Call' : intent.type === 'email' ? 'Email' : 'Other',
    OwnerId: intent.ownerId ?? target.ownerId,
    WhoId: person ? intent.recordId : null,
    WhatId: person ? (kind === 'Contact' ? target.accountId : null) : intent.recordId,
  };
}

/**
 * Creates tasks with an upsert on the Task external-id key field (PATCH
 * /composite/sobjects/Task/{keyField}), so a replayed intent updates the task it created instead
 * of adding a second one. The owner is the record's owner unless the intent names one.
 */
export async function upsertTasks(
  client: SalesforceClient,
  intents: readonly TaskIntent[],
  keyField: string,
  collectionSize: number,
): Promise<WriteResult[]> {
  const results: WriteResult[] = new Array(intents.length);
  let targets: Map<string, Target>;
  try {
    targets = await readTargets(client, intents);
  } catch (error) {
    const classified = classifySalesforceError(error, 'read task targets');
    return intents.map((intent) => resultForCallError(intent.idempotencyKey, classified));
  }
  const byKey = new Map<string, { record: Record<string, unknown>; indexes: number[] }>();
  intents.forEach((intent, index) => {
    const target = targets.get(intent.recordId.slice(0, 15));
    if (!target) {
      results[index] = {
        idempotencyKey: intent.idempotencyKey,
        status: 'failed',
        kind: 'permanent',
        error: `${intent.objectType} ${intent.recordId} does not exist or was deleted in Salesforce; no task created`,
      };
      return;
    }
    const key = taskKey(intent.idempotencyKey);
    const entry = byKey.get(key) ?? { record: taskRecord(intent, target, keyField), indexes: [] };
    entry.indexes.push(index);
    byKey.set(key, entry);
  });
  for (const batch of chunk([...byKey.values()], collectionSize)) {
    try {
      const saved = (await client.call('upsert Task', (conn) =>
        conn.sobject('Task').upsert(
          batch.map((entry) => entry.record),
          keyField,
          { allOrNone: false },
        ),
      )) as unknown as { id?: string; success: boolean; errors?: RecordError[] }[];
      batch.forEach((entry, position) => {
        const outcome = saved[position];
        for (const index of entry.indexes) {
          const key = intents[index]!.idempotencyKey;
          results[index] = outcome?.success
            ? { idempotencyKey: key, status: 'ok', ...(outcome.id ? { providerId: outcome.id } : {}) }
            : resultForRecordErrors(key, 'Task', String(entry.record[keyField]), outcome?.errors ?? []);
        }
      });
    } catch (error) {
      const classified = classifySalesforceError(error, 'upsert Task');
      for (const entry of batch)
        for (const index of entry.indexes)
          results[index] = resultForCallError(intents[index]!.idempotencyKey, classified);
    }
  }
  return results;
}
