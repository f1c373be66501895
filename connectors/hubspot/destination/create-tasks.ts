import type { TaskIntent, WriteResult } from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import { outcomeOfBatchError, outcomeOfCallError, toWriteResult } from './batch-outcomes.ts';
import { hubspotObjectType } from './write-fields.ts';

/** Task -> record association type ids (HUBSPOT_DEFINED). */
const taskAssociation: Record<string, number> = { contacts: 204, companies: 192, deals: 216 };
const priority = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH' } as const;
// HubSpot's hs_task_type enumeration; a plain task is the value HubSpot spells "TODO".
const taskType = { call: 'CALL', email: 'EMAIL', task: 'TODO' } as const;
export const TASK_KEY_PROPERTY = 'scorebridge_task_key';
const BATCH_SIZE = 100;

type Intent = TaskIntent & { readonly hubType: string };

/**
 * Creates HubSpot tasks associated with their record and assigned to an owner (the record's own
 * owner when the intent names none). Each task carries its idempotency key in a property, and keys
 * already present are found by search first, so a replay after a crash does not duplicate tasks.
 */
export async function createTasks(
  api: HubspotApi,
  intents: readonly TaskIntent[],
  dedupe: boolean,
): Promise<WriteResult[]> {
  const results = new Map<string, WriteResult>();
  const valid: Intent[] = [];
  for (const intent of intents) {
    const hubType = hubspotObjectType(intent.objectType);
    if (taskAssociation[hubType] === undefined || !/^\d+$/.test(intent.recordId)) {
      results.set(intent.idempotencyKey, {
        idempotencyKey: intent.idempotencyKey,
        status: 'failed',
        kind: 'invalid',
        error: `tasks can be attached to HubSpot contacts, companies or deals by numeric id; got ${intent.objectType} "${intent.recordId}"`,
      });
    } else valid.push({ ...intent, hubType });
  }
  for (let index = 0; index < valid.length; index += BATCH_SIZE) {
    const chunk = valid.slice(index, index + BATCH_SIZE);
    try {
      for (const result of await createChunk(api, chunk, dedupe)) results.set(result.idempotencyKey, result);
    } catch (error) {
      const outcome = outcomeOfCallError(error);
      for (const intent of chunk)
        results.set(intent.idempotencyKey, toWriteResult(intent.idempotencyKey, outcome));
    }
  }
  return intents.map((intent) => results.get(intent.idempotencyKey)!);
}

async function createChunk(
  api: HubspotApi,
  chunk: readonly Intent[],
  dedupe: boolean,
): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const existing = dedupe
    ? await existingTasks(
        api,
        chunk.map((intent) => intent.idempotencyKey),
      )
    : new Map<string, string>();
  const owners = await recordOwners(
    api,
    chunk.filter((intent) => !intent.ownerId && !existing.has(intent.idempotencyKey)),
  );
  const inputs = [];
  for (const intent of chunk) {
    const found = existing.get(intent.idempotencyKey);
    if (found) {
      results.push(toWriteResult(intent.idempotencyKey, { status: 'ok', providerId: found }, true));
      continue;
    }
    const owner = intent.ownerId ?? owners.get(`${intent.hubType}/${intent.recordId}`);
    if (owner === null) {
      results.push({
        idempotencyKey: intent.idempotencyKey,
        status: 'failed',
        kind: 'permanent',
        error: `HubSpot ${intent.hubType} ${intent.recordId} does not exist (deleted or merged)`,
      });
      continue;
    }
    const properties: Record<string, string> = {
      hs_task_subject: intent.subject,
      hs_task_body: intent.body,
      hs_timestamp: new Date(intent.dueAt).toISOString(),
      hs_task_priority: priority[intent.priority],
      hs_task_status: 'NOT_STARTED',
      hs_task_type: taskType[intent.type ?? 'task'],
    };
    if (owner) properties.hubspot_owner_id = owner;
    if (dedupe) properties[TASK_KEY_PROPERTY] = intent.idempotencyKey;
    inputs.push({
      properties,
      associations: [
        {
          to: { id: intent.recordId },
          types: [
            { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: taskAssociation[intent.hubType] },
          ],
        },
      ],
      objectWriteTraceId: intent.idempotencyKey,
    });
  }
  if (inputs.length === 0) return results;
  const response = await api.batchCreate('tasks', inputs);
  const done = new Set<string>();
  for (const task of response.results) {
    const key = task.traceId ?? task.properties[TASK_KEY_PROPERTY];
    if (!key) continue;
    done.add(key);
    results.push(toWriteResult(key, { status: 'ok', providerId: task.id }));
  }
  for (const error of response.errors) {
    for (const key of error.context.objectWriteTraceId ?? []) {
      done.add(key);
      results.push(toWriteResult(key, outcomeOfBatchError(error)));
    }
  }
  for (const input of inputs) {
    if (!done.has(input.objectWriteTraceId)) {
      results.push({
        idempotencyKey: input.objectWriteTraceId,
        status: 'retry',
        retryAfterMs: 5_000,
        error: 'HubSpot did not report on this task',
      });
    }
  }
  return results;
}

/** Idempotency key -> task id, for keys HubSpot already has. */
async function existingTasks(api: HubspotApi, keys: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const page = await api.search('tasks', {
    filterGroups: [{ filters: [{ propertyName: TASK_KEY_PROPERTY, operator: 'IN', values: keys }] }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: [TASK_KEY_PROPERTY],
    limit: 200,
  });
  for (const task of page.results) {
    const key = task.properties[TASK_KEY_PROPERTY];
    if (key && !found.has(key)) found.set(key, task.id);
  }
  return found;
}

/** "type/id" -> owner id (undefined: no owner; null: the record does not exist). */
async function recordOwners(
  api: HubspotApi,
  intents: readonly Intent[],
): Promise<Map<string, string | undefined | null>> {
  const owners = new Map<string, string | undefined | null>();
  const byType = new Map<string, string[]>();
  for (const intent of intents)
    byType.set(intent.hubType, [...(byType.get(intent.hubType) ?? []), intent.recordId]);
  for (const [type, ids] of byType) {
    const unique = [...new Set(ids)];
    const response = await api.batchRead(type, unique, ['hubspot_owner_id']);
    for (const id of unique) owners.set(`${type}/${id}`, null);
    for (const record of response.results)
      owners.set(`${type}/${record.id}`, record.properties.hubspot_owner_id ?? undefined);
  }
  return owners;
}
