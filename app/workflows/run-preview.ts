import type { WorkflowDefinition } from '../../workflows/definitions/index.ts';
import type { TickReport } from '../../workflows/engine/index.ts';
import { type RunTotals, summarize } from './run-summary.ts';

export interface StepPreview {
  readonly stepIndex: number;
  readonly action: string;
  /** The template of an email step, the target of a CRM step. */
  readonly detail: string;
  readonly sent: number;
  readonly skipped: number;
  readonly deferred: number;
  /** Outbox rows (emails, CRM writes, tasks, webhooks) the step would write. */
  readonly intents: number;
}

export interface WorkflowRunPreview {
  readonly workflow: string;
  readonly enrolled: number;
  /** Enrollments by the tier they would enroll in ("none" for workflows without a tier model). */
  readonly enrolledByTier: Readonly<Record<string, number>>;
  readonly exited: Readonly<Record<string, number>>;
  readonly steps: readonly StepPreview[];
}

/** What a workflow run would do, per workflow and step, and which side effects it would queue. */
export interface WorkflowPreview extends RunTotals {
  readonly occurrences: readonly string[];
  readonly workflows: readonly WorkflowRunPreview[];
  /** Side effects by kind (email, crm_write, task, webhook) the run would queue. */
  readonly outbox: ReadonlyArray<{ readonly kind: string; readonly count: number }>;
  /** Side effects earlier runs queued that are due now, by kind: the real run delivers them too. */
  readonly alreadyDue: ReadonlyArray<{ readonly kind: string; readonly count: number }>;
}

function stepDetail(workflow: WorkflowDefinition, index: number): { action: string; detail: string } {
  const step = workflow.steps[index];
  if (!step) return { action: 'unknown', detail: '' };
  const detail = step.action === 'send_email' ? step.template : 'to' in step ? `to ${String(step.to)}` : '';
  return { action: step.action, detail };
}

/** Pure: the tick reports of a rolled-back run, per workflow and step. */
export function previewOf(
  workflows: readonly WorkflowDefinition[],
  candidates: number,
  reports: readonly TickReport[],
  outbox: {
    readonly queued: ReadonlyArray<{ kind: string; count: number }>;
    readonly alreadyDue: ReadonlyArray<{ kind: string; count: number }>;
  },
  occurrences: readonly string[],
): WorkflowPreview {
  const byName = new Map(workflows.map((workflow) => [workflow.name, workflow]));
  const previews = new Map<
    string,
    {
      enrolled: number;
      enrolledByTier: Record<string, number>;
      exited: Record<string, number>;
      steps: Map<number, StepPreview>;
    }
  >();
  const entry = (name: string) => {
    let found = previews.get(name);
    if (!found) {
      found = { enrolled: 0, enrolledByTier: {}, exited: {}, steps: new Map() };
      previews.set(name, found);
    }
    return found;
  };
  for (const report of reports) {
    for (const enrolled of report.enrolled) {
      const preview = entry(enrolled.workflow);
      preview.enrolled += 1;
      const tier = enrolled.tier ?? 'none';
      preview.enrolledByTier[tier] = (preview.enrolledByTier[tier] ?? 0) + 1;
    }
    for (const exit of report.exited) {
      const preview = entry(exit.workflow);
      const reason = exit.reason.split(':')[0] ?? exit.reason;
      preview.exited[reason] = (preview.exited[reason] ?? 0) + 1;
    }
    for (const step of report.steps) {
      const preview = entry(step.workflow);
      const definition = byName.get(step.workflow);
      const known = preview.steps.get(step.stepIndex) ?? {
        stepIndex: step.stepIndex,
        ...(definition ? stepDetail(definition, step.stepIndex) : { action: 'unknown', detail: '' }),
        sent: 0,
        skipped: 0,
        deferred: 0,
        intents: 0,
      };
      preview.steps.set(step.stepIndex, {
        ...known,
        [step.outcome]: known[step.outcome] + 1,
        intents: known.intents + step.enqueued,
      });
    }
  }
  return {
    ...summarize(candidates, reports),
    occurrences,
    workflows: [...previews].map(([workflow, p]) => ({
      workflow,
      enrolled: p.enrolled,
      enrolledByTier: p.enrolledByTier,
      exited: p.exited,
      steps: [...p.steps.values()].sort((a, b) => a.stepIndex - b.stepIndex),
    })),
    outbox: outbox.queued,
    alreadyDue: outbox.alreadyDue,
  };
}
