import type { z } from 'zod';
import type { ScoreFieldMapping } from '../../../connectors/registry.ts';
import type { Clock } from '../../../core/clock.ts';
import type {
  DestinationConnector,
  FieldWriteIntent,
  TaskIntent,
  WriteResult,
} from '../../../core/connectors/destination.ts';
import type { SourceRef } from '../../../core/schema/index.ts';
import type { CanonicalStore } from '../../../core/store/canonical-store.ts';
import type {
  DeliveryOutcome,
  OutboxBatchTransport,
  OutboxRow,
  OutboxSender,
} from '../../../workflows/outbox/index.ts';
import { addDelay, deliveryPolicySchema } from '../../../workflows/policy/index.ts';
import { noteCoveredChanges } from '../../writeback/covered-changes.ts';
import { crmRecordOf } from './crm-record.ts';
import { crmWritePayloadSchema, parsePayload, taskPayloadSchema } from './payloads.ts';
import { taskBody } from './task-body.ts';
import { outcomeFromWriteResult } from './write-outcome.ts';

export interface CrmTarget {
  readonly destination: DestinationConnector;
  readonly mapping: ScoreFieldMapping;
}

export interface CrmSenderDeps {
  readonly store: CanonicalStore;
  readonly clock: Clock;
  readonly targets: ReadonlyMap<string, CrmTarget>;
}

const TASK_PRIORITY = { low: 'low', normal: 'medium', high: 'high' } as const;
const DEFAULT_POLICY = deliveryPolicySchema.parse({});

function label(name: string): string {
  return name.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** The row's payload, its CRM and the entity's record there, or why the row cannot be performed. */
async function resolveCrmRow<
  T extends { connector: string; entity: { type: 'contact' | 'account'; id: string } },
>(
  deps: CrmSenderDeps,
  schema: z.ZodType<T>,
  row: OutboxRow,
): Promise<{ payload: T; target: CrmTarget; record: { ref: SourceRef } } | { error: string }> {
  const payload = parsePayload(schema, row.payload, row.id);
  if (typeof payload === 'string') return { error: payload };
  const target = deps.targets.get(payload.connector);
  if (!target) return { error: `connector ${payload.connector} is not a configured CRM` };
  const record = await crmRecordOf(deps.store, payload.entity, payload.connector, target.mapping);
  if ('problem' in record) return { error: record.problem };
  return { payload, target, record };
}

/** Most workflow CRM writes claimed for one batch: the destinations split them into API batches. */
export const CRM_WRITE_BATCH_ROWS = 500;

/**
 * Writes the workflow fields of many outbox rows at once (creating the fields on first use, like
 * score write-back does): one writeFields call per CRM, which sends them through its batch API
 * (HubSpot batch update, 100 records per call; Salesforce sObject Collections, 200). One outcome
 * per row, in order, so each step's result is still recorded on its own row.
 */
export function crmWriteBatchSender(deps: CrmSenderDeps): OutboxBatchTransport {
  const prepared = new Set<string>();
  const send = async (rows: readonly OutboxRow[]): Promise<DeliveryOutcome[]> => {
    const outcomes: DeliveryOutcome[] = rows.map(() => ({
      status: 'unknown',
      error: 'the CRM write was not attempted',
    }));
    const byTarget = new Map<
      CrmTarget,
      { index: number; system: string; intent: FieldWriteIntent; setupKey: string }[]
    >();
    const setups = new Map<string, () => Promise<unknown>>();
    for (const [index, row] of rows.entries()) {
      const resolved = await resolveCrmRow(deps, crmWritePayloadSchema, row);
      if ('error' in resolved) {
        outcomes[index] = { status: 'permanent', error: resolved.error };
        continue;
      }
      const { payload, target, record } = resolved;
      const names = Object.keys(payload.fields).sort();
      const setupKey = `${payload.connector}|${record.ref.objectType}|${names.join(',')}`;
      if (!prepared.has(setupKey) && !setups.has(setupKey))
        setups.set(setupKey, () =>
          target.destination.ensureScoreFields(
            record.ref.objectType,
            names.map((name) => ({
              name,
              label: label(name),
              type: 'text' as const,
              description: `Set by the scorebridge workflow ${payload.workflow}.`,
            })),
          ),
        );
      const fields = Object.fromEntries(
        Object.entries(payload.fields).map(([name, value]) => [target.mapping.fieldName(name), value]),
      );
      const list = byTarget.get(target) ?? [];
      list.push({
        index,
        system: record.ref.system,
        setupKey,
        intent: {
          idempotencyKey: row.idempotencyKey,
          objectType: record.ref.objectType,
          recordId: record.ref.externalId,
          fields,
        },
      });
      byTarget.set(target, list);
    }
    const failedSetups = new Map<string, string>();
    for (const [setupKey, setup] of setups) {
      try {
        await setup();
        prepared.add(setupKey);
      } catch (error) {
        failedSetups.set(setupKey, `could not create the fields: ${(error as Error).message}`);
      }
    }
    await Promise.all(
      [...byTarget].map(async ([target, entries]) => {
        const ready = entries.filter((entry) => {
          const problem = failedSetups.get(entry.setupKey);
          // The fields may exist by the next attempt (an admin grants the scope): retried, not failed.
          if (problem) outcomes[entry.index] = { status: 'retry', error: problem };
          return !problem;
        });
        if (ready.length === 0) return;
        let results: readonly WriteResult[];
        try {
          results = await target.destination.writeFields(ready.map((entry) => entry.intent));
          ready.forEach((entry, at) => {
            outcomes[entry.index] = outcomeFromWriteResult(results[at]);
          });
        } catch (error) {
          for (const entry of ready)
            outcomes[entry.index] = {
              status: 'unknown',
              error: `CRM write threw: ${(error as Error).message}`,
            };
          return;
        }
        // Outside the try: the writes happened, so a store error here must not mark them unknown.
        // One target is one connector, so one source system for every entry it holds.
        await noteCoveredChanges(
          deps.store,
          ready[0]!.system,
          ready.map((entry) => entry.intent),
          results,
        );
      }),
    );
    return outcomes;
  };
  return { send, maxRows: CRM_WRITE_BATCH_ROWS };
}

/** One workflow CRM write on its own (rows the relay does not batch). */
export function crmWriteSender(deps: CrmSenderDeps): OutboxSender {
  const batch = crmWriteBatchSender(deps);
  return async (row) => (await batch.send([row]))[0]!;
}

/** Creates the owner's (or CSM's) task on the entity's CRM record, with the score's reasons in the body. */
export function taskSender(deps: CrmSenderDeps): OutboxSender {
  return async (row) => {
    const resolved = await resolveCrmRow(deps, taskPayloadSchema, row);
    if ('error' in resolved) return { status: 'permanent', error: resolved.error };
    const { payload, target, record } = resolved;
    const now = deps.clock.now();
    const dueIn = {
      amount: payload.dueIn.amount,
      unit: payload.dueIn.unit as 'days' | 'business_days' | 'hours',
    };
    const task: TaskIntent = {
      idempotencyKey: row.idempotencyKey,
      objectType: record.ref.objectType,
      recordId: record.ref.externalId,
      ...(payload.ownerId ? { ownerId: payload.ownerId } : {}),
      subject: payload.subject,
      body: taskBody(
        payload.workflow,
        await deps.store.currentScores(payload.entity.type, payload.entity.id),
      ),
      dueAt: addDelay(now, dueIn, DEFAULT_POLICY, null).toISOString(),
      priority: TASK_PRIORITY[payload.priority],
      type: /\bcall\b/i.test(payload.subject) ? 'call' : 'task',
    };
    const [result] = await target.destination.createTasks([task]);
    return outcomeFromWriteResult(result);
  };
}
