import type { ConfigEnv } from '../../core/config/index.ts';
import type { Secret } from '../../core/secret.ts';
import { loadWorkflows, type WorkflowDefinition } from '../../workflows/definitions/index.ts';
import { tierModel } from '../../workflows/engine/index.ts';
import type { LoadedConfig } from '../config/index.ts';

/** Connector families that are CRMs: `to: crm` in a workflow means the first of these in the config. */
const CRM_TYPES = new Set(['hubspot', 'salesforce']);

export interface WorkflowSetup {
  readonly workflows: readonly WorkflowDefinition[];
  /** Model names any trigger or exit reads: scoring these starts the entry checks. */
  readonly triggerModels: readonly string[];
  readonly crmConnectors: readonly string[];
  /** Workflow name -> the model whose tier it enrolls by. */
  readonly tierModels: ReadonlyMap<string, string>;
  notifyUrl(workflow: string, stepIndex: number): Secret | undefined;
}

export function crmConnectorNames(loaded: LoadedConfig): string[] {
  return Object.entries(loaded.config.connectors)
    .filter(([, connector]) => CRM_TYPES.has(connector.type))
    .map(([name]) => name);
}

function modelsRead(workflows: readonly WorkflowDefinition[]): string[] {
  const models = new Set<string>();
  for (const workflow of workflows) {
    for (const trigger of workflow.entry.triggers)
      if (trigger.on === 'tier_change' || trigger.on === 'score_change') models.add(trigger.model);
    for (const exit of workflow.exit) if (exit.on === 'score_below') models.add(exit.model);
  }
  return [...models].sort();
}

/** Loads and checks every workflow against the main config; throws a located ConfigError listing all problems. */
export async function loadWorkflowSetup(loaded: LoadedConfig, env?: ConfigEnv): Promise<WorkflowSetup> {
  const { config } = loaded;
  const crmConnectors = crmConnectorNames(loaded);
  const workflows = await loadWorkflows(config.workflows.dir, {
    connectors: Object.keys(config.connectors),
    crmConnectors,
    models: Object.keys(config.scoring.models),
    tiers: config.scoring.tiers.map((band) => band.name),
    templatesDir: config.workflows.templates,
    ...(env ? { env } : {}),
  });
  const byName = new Map(workflows.map((workflow) => [workflow.name, workflow]));
  return {
    workflows,
    triggerModels: modelsRead(workflows),
    crmConnectors,
    tierModels: new Map(
      workflows.flatMap((workflow) => {
        const model = tierModel(workflow);
        return model === undefined ? [] : [[workflow.name, model] as const];
      }),
    ),
    notifyUrl(workflow, stepIndex) {
      const step = byName.get(workflow)?.steps[stepIndex];
      return step?.action === 'notify' ? step.slack_webhook : undefined;
    },
  };
}
