import type { TaskIntent, WriteResult } from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import { outcomeOfBatchError, outcomeOfCallError, toWriteResult } from './batch-outcomes.ts';
import { TASK_KEY_PROPERTY, type TaskKeyMode } from './task-key-property.ts';
import type { TaskKeyLog } from './task-keys.ts';
import { hubspotObjectType } from './write-fields.ts';

/** Task -> record association type ids (HUBSPOT_DEFINED). */
const taskAssociation: Record<string, number> = { contacts: 204, companies: 192, deals: 216 };
const priority = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH' } as const;
// HubSpot's hs_task_type enumeration; a plain task is the value HubSpot spells "TODO".
const taskType = { call: 'CALL', email: 'EMAIL', task: 'TODO' } as const;
const BATCH_SIZE = 100;
/**
 * How long after a write HubSpot's search may still miss it. Okta Workflows' HubSpot connector
 * documents waiting 10 seconds after a create and 60 after an update before searching.
 */
export const SEARCH_SETTLE_MS = 60_000;

/** How tasks already made are recognised (see TaskKeyMode) and where attempts are recorded. */
export interface TaskDedupe {
  readonly mode: TaskKeyMode;
  readonly log: TaskKeyLog;
  readonly now: () => number;
}

type Intent = TaskIntent & { readonly hubType: string };

/**
 * Creates HubSpot tasks associated with their record and assigned to an owner (the record's own
 * owner when the intent names none). Each task carries its idempotency key in a property; before
 * creating, keys are looked up in the local log and then in HubSpot (by the unique key property, or
 * by search with the log covering its lag), so a replay after a crash does not duplicate tasks.
 */
export async function createTasks(
  api: HubspotApi,
  intents: readonly TaskIntent[],
  dedupe: TaskDedupe,
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
  dedupe: TaskDedupe,
): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const { existing, waiting } = await knownTasks(
    api,
    chunk.map((intent) => intent.idempotencyKey),
    dedupe,
  );
  const owners = await recordOwners(
    api,
    chunk.filter(
      (intent) =>
        !intent.ownerId && !existing.has(intent.idempotencyKey) && !waiting.has(intent.idempotencyKey),
    ),
  );
  const inputs = [];
  for (const intent of chunk) {
    const found = existing.get(intent.idempotencyKey);
    if (found) {
      results.push(toWriteResult(intent.idempotencyKey, { status: 'ok', providerId: found }, true));
      continue;
    }
    const wait = waiting.get(intent.idempotencyKey);
    if (wait !== undefined) {
      results.push({
        idempotencyKey: intent.idempotencyKey,
        status: 'retry',
        retryAfterMs: wait,
        error: `a task for this step was being created ${Math.round((SEARCH_SETTLE_MS - wait) / 1000)} s ago and HubSpot's search does not show it yet; checked again before creating another`,
      });
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
    inputs.push(taskInput(intent, owner, dedupe.mode !== 'none'));
  }
  if (inputs.length === 0) return results;
  const keys = inputs.map((input) => input.objectWriteTraceId);
  // Recorded before the call: a crash after HubSpot made the task still leaves a trace here.
  if (dedupe.mode !== 'none') dedupe.log.attempted(keys, dedupe.now());
  const response = await api.batchCreate('tasks', inputs);
  const created = new Map<string, string>();
  const conflicts: string[] = [];
  const done = new Set<string>();
  for (const task of response.results) {
    const key = task.traceId ?? task.properties[TASK_KEY_PROPERTY];
    if (!key) continue;
    done.add(key);
    created.set(key, task.id);
    results.push(toWriteResult(key, { status: 'ok', providerId: task.id }));
  }
  for (const error of response.errors) {
    for (const key of error.context.objectWriteTraceId ?? []) {
      // The unique key property refused a second task with this key: the first one exists.
      if (error.category === 'CONFLICT' && dedupe.mode === 'unique') conflicts.push(key);
      else {
        done.add(key);
        results.push(toWriteResult(key, outcomeOfBatchError(error)));
      }
    }
  }
  if (conflicts.length > 0) {
    const again = await tasksByKey(api, conflicts, 'unique');
    for (const [key, id] of again) {
      done.add(key);
      created.set(key, id);
      results.push(toWriteResult(key, { status: 'ok', providerId: id }, true));
    }
  }
  if (dedupe.mode !== 'none' && created.size > 0) dedupe.log.created(created);
  for (const key of keys) {
    if (!done.has(key)) {
      results.push({
        idempotencyKey: key,
        status: 'retry',
        retryAfterMs: 5_000,
        error: 'HubSpot did not report on this task',
      });
    }
  }
  return results;
}

function taskInput(intent: Intent, owner: string | undefined, withKey: boolean) {
  const properties: Record<string, string> = {
    hs_task_subject: intent.subject,
    hs_task_body: intent.body,
    hs_timestamp: new Date(intent.dueAt).toISOString(),
    hs_task_priority: priority[intent.priority],
    hs_task_status: 'NOT_STARTED',
    hs_task_type: taskType[intent.type ?? 'task'],
  };
  if (owner) properties.hubspot_owner_id = owner;
  if (withKey) properties[TASK_KEY_PROPERTY] = intent.idempotencyKey;
  return {
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
  };
}

/**
 * Tasks already made for these keys (key -> task id), and keys to wait for: in `search` mode, a key
 * attempted less than SEARCH_SETTLE_MS ago that search does not find may be a task the index has
 * not caught up with, so it is checked again later rather than created twice.
 */
async function knownTasks(
  api: HubspotApi,
  keys: readonly string[],
  dedupe: TaskDedupe,
): Promise<{ existing: Map<string, string>; waiting: Map<string, number> }> {
  const existing = new Map<string, string>();
  const waiting = new Map<string, number>();
  if (dedupe.mode === 'none') return { existing, waiting };
  const logged = dedupe.log.lookup(keys);
  for (const [key, entry] of logged) if (entry.taskId) existing.set(key, entry.taskId);
  const unknown = keys.filter((key) => !existing.has(key));
  if (unknown.length === 0) return { existing, waiting };
  const found = await tasksByKey(api, unknown, dedupe.mode);
  if (found.size > 0) dedupe.log.created(found);
  const now = dedupe.now();
  for (const key of unknown) {
    const id = found.get(key);
    if (id) {
      existing.set(key, id);
      continue;
    }
    const attemptedAt = logged.get(key)?.attemptedAt;
    const age = attemptedAt === undefined ? Number.POSITIVE_INFINITY : now - attemptedAt;
    if (dedupe.mode === 'search' && age < SEARCH_SETTLE_MS) waiting.set(key, SEARCH_SETTLE_MS - age);
  }
  return { existing, waiting };
}

/** Idempotency key -> task id, for keys HubSpot already has. */
async function tasksByKey(
  api: HubspotApi,
  keys: readonly string[],
  mode: 'unique' | 'search',
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // Read by the unique property: as fresh as a read by id, unlike search.
  const tasks =
    mode === 'unique'
      ? (await api.batchRead('tasks', keys, [TASK_KEY_PROPERTY], TASK_KEY_PROPERTY)).results
      : (
          await api.search('tasks', {
            filterGroups: [{ filters: [{ propertyName: TASK_KEY_PROPERTY, operator: 'IN', values: keys }] }],
            sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
            properties: [TASK_KEY_PROPERTY],
            limit: 200,
          })
        ).results;
  for (const task of tasks) {
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
