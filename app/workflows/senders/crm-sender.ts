import type { z } from 'zod';
import type { ScoreFieldMapping } from '../../../connectors/registry.ts';
import type { Clock } from '../../../core/clock.ts';
import type { DestinationConnector, TaskIntent } from '../../../core/connectors/destination.ts';
import type { SourceRef } from '../../../core/schema/index.ts';
import type { CanonicalStore } from '../../../core/store/canonical-store.ts';
import type { OutboxRow, OutboxSender } from '../../../workflows/outbox/index.ts';
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

/** Writes workflow fields (creating them on first use, like score write-back does). */
export function crmWriteSender(deps: CrmSenderDeps): OutboxSender {
  const prepared = new Set<string>();
  return async (row) => {
    const resolved = await resolveCrmRow(deps, crmWritePayloadSchema, row);
    if ('error' in resolved) return { status: 'permanent', error: resolved.error };
    const { payload, target, record } = resolved;
    const names = Object.keys(payload.fields).sort();
    const setupKey = `${payload.connector}|${record.ref.objectType}|${names.join(',')}`;
    if (!prepared.has(setupKey)) {
      await target.destination.ensureScoreFields(
        record.ref.objectType,
        names.map((name) => ({
          name,
          label: label(name),
          type: 'text' as const,
          description: `Set by the scorebridge workflow ${payload.workflow}.`,
        })),
      );
      prepared.add(setupKey);
    }
    const fields = Object.fromEntries(
      Object.entries(payload.fields).map(([name, value]) => [target.mapping.fieldName(name), value]),
    );
    const intent = {
      idempotencyKey: row.idempotencyKey,
      objectType: record.ref.objectType,
      recordId: record.ref.externalId,
      fields,
    };
    const results = await target.destination.writeFields([intent]);
    await noteCoveredChanges(deps.store, record.ref.system, [intent], results);
    return outcomeFromWriteResult(results[0]);
  };
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
