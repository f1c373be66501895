import { CRM_ALIAS } from './context.ts';
import type { Step } from './steps.ts';
import type { WorkflowFile } from './workflow-schema.ts';

/** A step as `scorebridge plan` shows it: `to: crm` replaced by the connector it means. */
export type ResolvedStep = Step & {
  /** False when the step targets `crm` and no CRM connector is configured; it is then skipped. */
  readonly active: boolean;
  readonly skippedReason?: string;
};

/** A loaded workflow with every default filled in. */
export type WorkflowDefinition = Omit<WorkflowFile, 'name' | 'templates' | 'steps'> & {
  readonly name: string;
  readonly templates: string;
  /** The file it came from, as shown in messages. */
  readonly file: string;
  readonly steps: readonly ResolvedStep[];
};

export function resolveStep(step: Step, crmConnectors: readonly string[]): ResolvedStep {
  if (!('to' in step) || step.to !== CRM_ALIAS) return { ...step, active: true };
  const crm = crmConnectors[0];
  if (crm === undefined)
    return { ...step, active: false, skippedReason: 'no CRM connector is configured (to: crm)' };
  return { ...step, to: crm, active: true };
}

export function resolveWorkflow(
  parsed: WorkflowFile,
  file: string,
  fallbackName: string,
  crmConnectors: readonly string[],
): WorkflowDefinition {
  const name = parsed.name ?? fallbackName;
  return {
    ...parsed,
    name,
    templates: parsed.templates ?? name,
    file,
    steps: parsed.steps.map((step) => resolveStep(step, crmConnectors)),
  };
}
