import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { Csm } from '../../workflows/engine/csm.ts';
import { type EntityRef, entityKey, type PlanEntry, plan } from '../../workflows/engine/index.ts';
import { loadContexts } from './load-contexts.ts';
import type { WorkflowSetup } from './load-setup.ts';
import type { ConsentPolicy } from './recipient.ts';
import { triggerEventTypes } from './run-candidates.ts';
import { latestScoreId } from './run-record.ts';
import { scoredSince } from './score-state.ts';

export interface PlanRequest {
  readonly store: SqliteCanonicalStore;
  readonly setup: WorkflowSetup;
  readonly consent: ConsentPolicy;
  readonly csms: readonly Csm[];
  readonly asOf: Date;
  /** Only this entity ("account:acc_1" or a bare id). */
  readonly entity?: string;
  /** Only this workflow. */
  readonly workflow?: string;
}

function activeEntities(store: SqliteCanonicalStore): EntityRef[] {
  const rows = store.database
    .prepare(`SELECT DISTINCT entity_type, entity_id FROM enrollments WHERE state = 'active'`)
    .all() as Array<{ entity_type: EntityRef['type']; entity_id: string }>;
  return rows.map((row) => ({ type: row.entity_type, id: row.entity_id }));
}

function matches(entity: EntityRef, filter: string | undefined): boolean {
  return filter === undefined || filter === entity.id || filter === entityKey(entity);
}

/**
 * What the next run would do at `asOf` for every scored or enrolled entity, read-only: who enrolls,
 * which step runs when, and why the others do not.
 */
export async function planWorkflows(request: PlanRequest): Promise<PlanEntry[]> {
  const db = request.store.database;
  const entities = [
    ...scoredSince(db, request.setup.triggerModels, {
      afterId: null,
      afterAt: null,
      untilId: latestScoreId(db, request.setup.triggerModels),
    }),
    ...activeEntities(request.store),
  ].filter((entity) => matches(entity, request.entity));
  const contexts = await loadContexts(request.store, db, entities, {
    now: request.asOf,
    consent: request.consent,
    tierModels: request.setup.tierModels,
    triggerTypes: triggerEventTypes(request.setup.workflows),
  });
  const workflows = request.setup.workflows.filter(
    (workflow) => request.workflow === undefined || workflow.name === request.workflow,
  );
  return plan(db, { asOf: request.asOf, workflows, contexts: [...contexts.values()], csms: request.csms });
}
