import type { Trigger, WorkflowDefinition } from '../definitions/index.ts';
import { type EntityContext, entityKey } from './context.ts';
import type { Occurrence } from './occurrences.ts';

/**
 * One way a trigger fires for an entity right now. The signature names that firing exactly (the
 * score, event, cron instant, sync run or delivery), so the same firing can never enroll twice.
 */
export interface TriggerMatch {
  readonly signature: string;
  /** The tier moved into, for tier_change; other kinds take the entity's current tier. */
  readonly tier?: string;
}

type Outcome = { readonly matches: readonly TriggerMatch[] } | { readonly miss: string };

function tierChange(trigger: Extract<Trigger, { on: 'tier_change' }>, context: EntityContext): Outcome {
  const score = context.scores[trigger.model];
  if (score === undefined) return { miss: `no ${trigger.model} score` };
  const moved = score.previousTier !== score.tier;
  const fromOk = trigger.from === undefined || trigger.from === score.previousTier;
  if (moved && fromOk && score.tier === trigger.to) {
    const signature = `${trigger.model}:${score.previousTier ?? 'none'}>${score.tier}@${score.scoredAt}`;
    return { matches: [{ signature, tier: score.tier }] };
  }
  return { miss: `${trigger.model} tier ${score.previousTier ?? 'none'} -> ${score.tier}` };
}

/** A first score counts as a change: the entity went from unscored to scored. */
function scoreChange(trigger: Extract<Trigger, { on: 'score_change' }>, context: EntityContext): Outcome {
  const score = context.scores[trigger.model];
  if (score === undefined) return { miss: `no ${trigger.model} score` };
  if (score.previousValue === score.value)
    return { miss: `${trigger.model} score unchanged at ${score.value}` };
  return { matches: [{ signature: `${trigger.model}@${score.scoredAt}` }] };
}

/** Newest first, so the entry admission takes the newest event not used before. */
function event(trigger: Extract<Trigger, { on: 'event' }>, context: EntityContext): Outcome {
  const events = context.events
    .filter((candidate) => candidate.type === trigger.type)
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.id.localeCompare(a.id));
  if (events.length === 0) return { miss: `no ${trigger.type} event` };
  return { matches: events.map((found) => ({ signature: `event:${trigger.type}@${found.id}` })) };
}

function fromOccurrences(trigger: Trigger, context: EntityContext, occurrences: readonly Occurrence[]) {
  const matches: TriggerMatch[] = [];
  for (const occurrence of occurrences) {
    if (trigger.on === 'schedule' && occurrence.on === 'schedule' && occurrence.cron === trigger.cron)
      matches.push({ signature: `schedule:${trigger.cron}@${occurrence.firedAt.toISOString()}` });
    if (
      trigger.on === 'after_sync' &&
      occurrence.on === 'after_sync' &&
      (trigger.connector === undefined || trigger.connector === occurrence.connector)
    )
      matches.push({ signature: `sync:${occurrence.connector}@${occurrence.runId}` });
    if (
      trigger.on === 'webhook' &&
      occurrence.on === 'webhook' &&
      occurrence.name === trigger.name &&
      entityKey(occurrence.entity) === entityKey(context.entity)
    )
      matches.push({ signature: `webhook:${trigger.name}@${occurrence.deliveryId}` });
  }
  return matches;
}

function missOf(trigger: Trigger): string {
  if (trigger.on === 'schedule') return `schedule '${trigger.cron}' did not fire this tick`;
  if (trigger.on === 'after_sync') return `no ${trigger.connector ?? 'connector'} sync ran this tick`;
  if (trigger.on === 'webhook') return `no ${trigger.name} webhook delivery for this entity`;
  return `${trigger.on} did not fire`;
}

function evaluateTrigger(
  trigger: Trigger,
  context: EntityContext,
  occurrences: readonly Occurrence[],
): Outcome {
  if (trigger.on === 'tier_change') return tierChange(trigger, context);
  if (trigger.on === 'score_change') return scoreChange(trigger, context);
  if (trigger.on === 'event') return event(trigger, context);
  const matches = fromOccurrences(trigger, context, occurrences);
  return matches.length > 0 ? { matches } : { miss: missOf(trigger) };
}

/** Every firing of the workflow's triggers, in trigger order; or why none fired. */
export function triggerMatches(
  workflow: WorkflowDefinition,
  context: EntityContext,
  occurrences: readonly Occurrence[],
): { readonly matches: readonly TriggerMatch[] } | { readonly reason: string } {
  const matches: TriggerMatch[] = [];
  const misses: string[] = [];
  for (const trigger of workflow.entry.triggers) {
    const outcome = evaluateTrigger(trigger, context, occurrences);
    if ('miss' in outcome) misses.push(outcome.miss);
    else matches.push(...outcome.matches);
  }
  if (matches.length > 0) return { matches };
  const kinds = [...new Set(workflow.entry.triggers.map((trigger) => trigger.on))].join('/');
  return { reason: `no ${kinds} trigger matched (${[...new Set(misses)].join('; ')})` };
}

/**
 * The model whose tier an enrollment records when its trigger is not a tier change: the first
 * tier_change trigger's model (the one step `tiers` filters refer to), else the first score_change's.
 */
export function tierModel(workflow: WorkflowDefinition): string | undefined {
  const triggers = workflow.entry.triggers;
  const tierTrigger = triggers.find((trigger) => trigger.on === 'tier_change');
  if (tierTrigger !== undefined) return tierTrigger.model;
  const scoreTrigger = triggers.find((trigger) => trigger.on === 'score_change');
  return scoreTrigger?.model;
}

export function currentTier(workflow: WorkflowDefinition, context: EntityContext): string | null {
  const model = tierModel(workflow);
  return model === undefined ? null : (context.scores[model]?.tier ?? null);
}
