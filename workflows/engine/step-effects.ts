import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { WorkflowDefinition } from '../definitions/index.ts';
import type { OutboxIntent } from '../outbox/index.ts';
import type { EntityContext } from './context.ts';
import type { CsmAssigner } from './csm.ts';
import { admitEntry } from './entry.ts';
import { activeEnrollment, enrollmentHistory, insertEnrollment, updateEnrollment } from './repository.ts';
import type { StepEffect } from './step-action.ts';
import { stepDueAt } from './step-delay.ts';

/** What applying a step's effect needs; `write: false` only decides (plan), `true` also stores. */
export interface EffectSession {
  readonly db: SqlDatabase;
  readonly now: Date;
  readonly workflows: ReadonlyMap<string, WorkflowDefinition>;
  readonly csm: CsmAssigner;
  readonly write: boolean;
}

export type EffectResult =
  | { readonly outcome: 'sent'; readonly intents: readonly OutboxIntent[] }
  | { readonly outcome: 'skipped'; readonly reason: string };

export const NO_CSMS_REASON =
  'no customer success managers are configured: list them under email.csms in the main config';

function enroll(
  effect: Extract<StepEffect, { kind: 'enroll' }>,
  context: EntityContext,
  session: EffectSession,
): EffectResult {
  const target = session.workflows.get(effect.sequence);
  if (target === undefined)
    return { outcome: 'skipped', reason: `workflow ${effect.sequence} is not loaded` };
  const history = enrollmentHistory(session.db, target.name, context.entity);
  const decision = admitEntry(target, context, history, session.now, [{ signature: effect.signature }]);
  if (decision.kind === 'skip') {
    const details = decision.details.length > 0 ? ` (${decision.details.join('; ')})` : '';
    return { outcome: 'skipped', reason: `not enrolled in ${target.name}: ${decision.reason}${details}` };
  }
  if (!session.write) return { outcome: 'sent', intents: [] };
  const first = target.steps[0];
  const firstStepAt = first ? stepDueAt(session.now, first, target, context.timeZone) : session.now;
  const id = insertEnrollment(
    session.db,
    {
      workflow: target.name,
      entity: context.entity,
      tier: decision.tier,
      signature: decision.signature,
      firstStepAt,
    },
    session.now,
  );
  return id === undefined
    ? {
        outcome: 'skipped',
        reason: `not enrolled in ${target.name}: already enrolled (an active enrollment exists)`,
      }
    : { outcome: 'sent', intents: [] };
}

function remove(
  effect: Extract<StepEffect, { kind: 'remove' }>,
  context: EntityContext,
  session: EffectSession,
): EffectResult {
  const active = activeEnrollment(session.db, effect.sequence, context.entity);
  if (active === undefined)
    return { outcome: 'skipped', reason: `not enrolled in ${effect.sequence} (no active enrollment)` };
  if (session.write)
    updateEnrollment(session.db, active, { state: 'exited', exitReason: effect.exitReason }, session.now);
  return { outcome: 'sent', intents: [] };
}

function assignCsm(
  effect: Extract<StepEffect, { kind: 'assign_csm' }>,
  context: EntityContext,
  session: EffectSession,
): EffectResult {
  if (!session.csm.configured) return { outcome: 'skipped', reason: NO_CSMS_REASON };
  const assigned = session.csm.assign(context.entity, session.now, session.write);
  if (assigned === undefined) return { outcome: 'skipped', reason: NO_CSMS_REASON };
  if (effect.crmWrite === undefined) return { outcome: 'sent', intents: [] };
  const payload = { ...effect.crmWrite.payload, fields: { scorebridge_csm: assigned.csm.email } };
  return {
    outcome: 'sent',
    intents: [{ idempotencyKey: effect.crmWrite.idempotencyKey, kind: 'crm_write', payload }],
  };
}

/** Applies (or, without `write`, only decides) a step's effect on other enrollments or assignments. */
export function applyEffect(
  effect: StepEffect,
  context: EntityContext,
  session: EffectSession,
): EffectResult {
  if (effect.kind === 'enroll') return enroll(effect, context, session);
  if (effect.kind === 'remove') return remove(effect, context, session);
  return assignCsm(effect, context, session);
}
