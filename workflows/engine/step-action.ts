import { createHash } from 'node:crypto';
import type { ResolvedStep, WorkflowDefinition } from '../definitions/index.ts';
import type { OutboxIntent } from '../outbox/index.ts';
import { decideDelivery } from '../policy/index.ts';
import type { EntityContext, EntityRef } from './context.ts';

export interface EnrollmentRef {
  readonly id: number;
  readonly entity: EntityRef;
  readonly tier: string | null;
}

export type StepPlan =
  | { readonly outcome: 'skipped'; readonly reason: string }
  | { readonly outcome: 'deferred'; readonly until: Date; readonly reason: string }
  | { readonly outcome: 'sent'; readonly intents: readonly OutboxIntent[] };

/** Same workflow, entity, enrollment and step: same key, so a repeated tick cannot enqueue twice. */
export function stepIdempotencyKey(
  workflow: string,
  entity: EntityRef,
  enrollmentId: number,
  index: number,
): string {
  const text = `${workflow}|${entity.type}:${entity.id}|${enrollmentId}|${index}`;
  return createHash('sha256').update(text).digest('hex');
}

function intentFor(
  workflow: WorkflowDefinition,
  step: ResolvedStep,
  enrollment: EnrollmentRef,
  index: number,
  context: EntityContext,
): OutboxIntent | string {
  const idempotencyKey = stepIdempotencyKey(workflow.name, enrollment.entity, enrollment.id, index);
  const common = {
    workflow: workflow.name,
    entity: enrollment.entity,
    enrollmentId: enrollment.id,
    stepIndex: index,
  };
  switch (step.action) {
    case 'send_email':
      if (context.email === undefined) return 'the entity has no email address';
      return {
        idempotencyKey,
        kind: 'email',
        payload: {
          ...common,
          to: context.email,
          templates: workflow.templates,
          template: step.template,
          category: step.category,
          tier: enrollment.tier,
        },
      };
    case 'create_task':
      return {
        idempotencyKey,
        kind: 'task',
        payload: {
          ...common,
          connector: step.to,
          subject: step.subject,
          dueIn: step.due_in,
          priority: step.priority,
          assignTo: step.assign_to,
        },
      };
    case 'write_fields':
      return {
        idempotencyKey,
        kind: 'crm_write',
        payload: { ...common, connector: step.to, fields: step.fields },
      };
    case 'call_webhook':
      return {
        idempotencyKey,
        kind: 'webhook',
        payload: { ...common, url: step.url, method: step.method, body: step.body ?? {} },
      };
    case 'wait':
      return 'wait step: only its delay applies';
    default:
      return `action ${step.action} has no outbox kind in the engine core; it is recorded as skipped`;
  }
}

/**
 * What running step `index` means right now. Only emails go through the send window and frequency
 * caps: those rules protect the recipient's inbox, while CRM writes, tasks and webhooks land in
 * systems that accept them at any hour.
 */
export function planStep(
  workflow: WorkflowDefinition,
  index: number,
  enrollment: EnrollmentRef,
  context: EntityContext,
  now: Date,
): StepPlan {
  const step = workflow.steps[index];
  if (step === undefined) return { outcome: 'skipped', reason: `workflow has no step ${index}` };
  if (!step.active) return { outcome: 'skipped', reason: step.skippedReason ?? 'step is inactive' };
  if (step.tiers !== undefined && (enrollment.tier === null || !step.tiers.includes(enrollment.tier)))
    return {
      outcome: 'skipped',
      reason: `step is for tiers ${step.tiers.join(', ')}; enrolled in ${enrollment.tier ?? 'no tier'}`,
    };
  const intent = intentFor(workflow, step, enrollment, index, context);
  if (typeof intent === 'string') return { outcome: 'skipped', reason: intent };
  if (step.action !== 'send_email') return { outcome: 'sent', intents: [intent] };
  const caps = workflow.frequency_caps.filter((cap) => cap.category === step.category);
  const decision = decideDelivery(now, workflow.delivery, {
    contactTimeZone: context.timeZone,
    history: context.sentMessages,
    caps,
  });
  if (decision.kind === 'skip') return { outcome: 'skipped', reason: decision.reason };
  if (decision.kind === 'defer')
    return { outcome: 'deferred', until: decision.until, reason: decision.reason };
  return { outcome: 'sent', intents: [intent] };
}
