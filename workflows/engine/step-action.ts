import { createHash } from 'node:crypto';
import type { ResolvedStep, WorkflowDefinition } from '../definitions/index.ts';
import type { OutboxIntent } from '../outbox/index.ts';
import { decideDelivery } from '../policy/index.ts';
import type { EntityContext, EntityRef } from './context.ts';
import type { Csm } from './csm.ts';
import { renderNotifyText } from './notify-text.ts';
import { tierModel } from './trigger-match.ts';

export interface EnrollmentRef {
  readonly id: number;
  readonly entity: EntityRef;
  readonly tier: string | null;
}

export type StepPlan =
  | { readonly outcome: 'skipped'; readonly reason: string }
  | { readonly outcome: 'deferred'; readonly until: Date; readonly reason: string }
  | { readonly outcome: 'sent'; readonly intents: readonly OutboxIntent[]; readonly effect?: StepEffect };

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

/**
 * The instant an email's numbers are counted up to: the as-of of the score of the model the
 * enrollment tiers by (else the newest of the entity's scores). Recorded in the outbox row, so a
 * retry renders the same numbers. Null for an entity without scores.
 */
export function dataAsOf(workflow: WorkflowDefinition, context: EntityContext): string | null {
  const asOfOf = (score: EntityContext['scores'][string]) => score.asOf ?? score.scoredAt;
  const model = tierModel(workflow);
  const own = model === undefined ? undefined : context.scores[model];
  if (own !== undefined) return asOfOf(own);
  const all = Object.values(context.scores).map(asOfOf).sort();
  return all[all.length - 1] ?? null;
}

/** What a step does besides writing outbox rows: applied by step-effects.ts in the step's transaction. */
export type StepEffect =
  | { readonly kind: 'enroll'; readonly sequence: string; readonly signature: string }
  | { readonly kind: 'remove'; readonly sequence: string; readonly exitReason: string }
  | {
      readonly kind: 'assign_csm';
      /** The CRM write of the chosen CSM's email; absent when the step has no CRM target. */
      readonly crmWrite?: { readonly idempotencyKey: string; readonly payload: Record<string, unknown> };
    };

/** Facts from the store a step reads besides the entity context. */
export interface StepEnvironment {
  /** The CSM assigned to the entity, whose CRM user owns tasks with assign_to: csm. */
  readonly csmOf?: (entity: EntityRef) => Csm | undefined;
}

type Action = { readonly intents: readonly OutboxIntent[]; readonly effect?: StepEffect };

function actionFor(
  workflow: WorkflowDefinition,
  step: ResolvedStep,
  enrollment: EnrollmentRef,
  index: number,
  context: EntityContext,
  environment: StepEnvironment,
): Action | string {
  const idempotencyKey = stepIdempotencyKey(workflow.name, enrollment.entity, enrollment.id, index);
  const common = {
    workflow: workflow.name,
    entity: enrollment.entity,
    enrollmentId: enrollment.id,
    stepIndex: index,
  };
  const one = (kind: OutboxIntent['kind'], payload: Record<string, unknown>): Action => ({
    intents: [{ idempotencyKey, kind, payload: { ...common, ...payload } }],
  });
  switch (step.action) {
    case 'send_email':
      if (context.email === undefined) return 'the entity has no email address';
      return one('email', {
        to: context.email,
        templates: workflow.templates,
        template: step.template,
        category: step.category,
        tier: enrollment.tier,
        asOf: dataAsOf(workflow, context),
      });
    case 'create_task': {
      const ownerId =
        step.assign_to === 'csm' ? environment.csmOf?.(enrollment.entity)?.crmUserId : undefined;
      return one('task', {
        connector: step.to,
        subject: step.subject,
        dueIn: step.due_in,
        priority: step.priority,
        assignTo: step.assign_to,
        ...(ownerId === undefined ? {} : { ownerId }),
      });
    }
    case 'write_fields':
      return one('crm_write', { connector: step.to, fields: step.fields });
    case 'call_webhook':
      return one('webhook', { url: step.url, method: step.method, body: step.body ?? {} });
    case 'notify':
      // The Slack URL is a secret: the webhook sender reads it from the workflow at send time.
      return one('webhook', {
        notify: { workflow: workflow.name, stepIndex: index },
        text: renderNotifyText(step.text, context.record),
      });
    case 'assign_owner':
      return {
        intents: [],
        effect: {
          kind: 'assign_csm',
          ...(step.active
            ? { crmWrite: { idempotencyKey, payload: { ...common, connector: step.to } } }
            : {}),
        },
      };
    case 'enroll_in_sequence':
      return {
        intents: [],
        effect: {
          kind: 'enroll',
          sequence: step.sequence,
          signature: `step:${workflow.name}#${enrollment.id}/${index}`,
        },
      };
    case 'remove_from_sequence':
      if (step.sequence === workflow.name)
        return 'a step cannot remove the entity from its own workflow; use an exit condition';
      return {
        intents: [],
        effect: {
          kind: 'remove',
          sequence: step.sequence,
          exitReason: `removed by ${workflow.name} step ${index}`,
        },
      };
    case 'wait':
      return 'wait step: only its delay applies';
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
  environment: StepEnvironment = {},
): StepPlan {
  const step = workflow.steps[index];
  if (step === undefined) return { outcome: 'skipped', reason: `workflow has no step ${index}` };
  // Without a CRM an assign_owner still assigns the CSM; only its CRM write is left out.
  if (!step.active && step.action !== 'assign_owner')
    return { outcome: 'skipped', reason: step.skippedReason ?? 'step is inactive' };
  if (step.tiers !== undefined && (enrollment.tier === null || !step.tiers.includes(enrollment.tier)))
    return {
      outcome: 'skipped',
      reason: `step is for tiers ${step.tiers.join(', ')}; enrolled in ${enrollment.tier ?? 'no tier'}`,
    };
  const action = actionFor(workflow, step, enrollment, index, context, environment);
  if (typeof action === 'string') return { outcome: 'skipped', reason: action };
  if (step.action !== 'send_email') return { outcome: 'sent', ...action };
  const caps = workflow.frequency_caps.filter((cap) => cap.category === step.category);
  const decision = decideDelivery(now, workflow.delivery, {
    contactTimeZone: context.timeZone,
    history: context.sentMessages,
    caps,
  });
  if (decision.kind === 'skip') return { outcome: 'skipped', reason: decision.reason };
  if (decision.kind === 'defer')
    return { outcome: 'deferred', until: decision.until, reason: decision.reason };
  return { outcome: 'sent', intents: action.intents };
}
