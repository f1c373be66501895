import { type ModelSpec, specsFromConfig } from '../../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { loadWorkflowSetup, type WorkflowSetup } from '../../workflows/load-setup.ts';
import type { ServerDeps } from '../server-deps.ts';
import { CrmLinks } from './crm-links.ts';
import { FacetCache } from './facet-cache.ts';
import type { ListEntity, ListModels } from './list-query.ts';
import { type ModelMeaning, modelMeanings } from './model-meaning.ts';
import { OwnerNames } from './owner-names.ts';

/** What every dashboard page is built from: the server's deps plus names, colours and caches. */
export interface DashboardContext {
  readonly deps: ServerDeps;
  readonly specs: readonly ModelSpec[];
  readonly models: ReadonlyMap<string, ModelMeaning>;
  readonly owners: OwnerNames;
  readonly links: CrmLinks;
  readonly facets: FacetCache;
  registry(): ModelRegistry;
  /** The configured workflows, loaded once; null when they cannot be loaded (the log says why). */
  workflows(): Promise<WorkflowSetup | null>;
  /** The models that score this entity type, and the one its list is sorted by first. */
  modelsFor(entity: ListEntity): ListModels;
  /** The newest scoring time: "this week" and trend ranges end there, not at the wall clock. */
  asOf(): string;
}

export function dashboardContext(deps: ServerDeps): DashboardContext {
  const specs = specsFromConfig(deps.loaded.config.scoring.models);
  const tiers = deps.loaded.config.scoring.tiers.map((band) => band.name);
  const models = modelMeanings(specs, tiers);
  const known = new Map(deps.loaded.config.email?.csms?.map((csm) => [csm.id, csm.name]) ?? []);
  let registry: ModelRegistry | undefined;
  let workflows: Promise<WorkflowSetup | null> | undefined;
  const newest = deps.store.database.prepare('SELECT MAX(computed_at) AS at FROM score_history');
  return {
    deps,
    specs,
    models,
    owners: new OwnerNames(known),
    links: new CrmLinks(deps.loaded),
    facets: new FacetCache(deps.store.database, deps.clock),
    // Created on first use: a store without the registry tables still serves the other pages.
    registry: () => {
      registry ??= ModelRegistry.of(deps.store, deps.clock);
      return registry;
    },
    workflows: () => {
      workflows ??= loadWorkflowSetup(deps.loaded, deps.env).catch((error: unknown) => {
        deps.logger.warn(
          { err: error },
          'dashboard: workflows could not be loaded; steps are shown by number',
        );
        return null;
      });
      return workflows;
    },
    modelsFor: (entity) => {
      const all = [...models.values()].filter((m) => m.entity === entity);
      const primary = all.find((m) => m.kind === (entity === 'account' ? 'churn' : 'lead')) ?? all[0];
      return { all, primary };
    },
    asOf: () => {
      const row = newest.get() as { at: string | null } | undefined;
      return row?.at ?? deps.clock.now().toISOString();
    },
  };
}
