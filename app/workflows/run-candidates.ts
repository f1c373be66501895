import type { EventType } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { WorkflowDefinition } from '../../workflows/definitions/index.ts';
import { type EntityRef, entityKey, type Occurrence, tierModel } from '../../workflows/engine/index.ts';

export type ModelEntities = Readonly<Record<string, { readonly entity: EntityRef['type'] }>>;

/** What a workflow enrolls: the entity its tier model scores; contacts when it has no model. */
export function workflowEntityType(workflow: WorkflowDefinition, models: ModelEntities): EntityRef['type'] {
  const model = tierModel(workflow);
  return (model === undefined ? undefined : models[model]?.entity) ?? 'contact';
}

/** Event names `on: event` triggers name, as stored (any name, not only the well-known ones). */
export function triggerEventTypes(workflows: readonly WorkflowDefinition[]): EventType[] {
  return [
    ...new Set(workflows.flatMap((w) => w.entry.triggers.flatMap((t) => (t.on === 'event' ? [t.type] : [])))),
  ];
}

function firedBy(workflow: WorkflowDefinition, occurrences: readonly Occurrence[]): boolean {
  return workflow.entry.triggers.some((trigger) =>
    occurrences.some(
      (o) =>
        (trigger.on === 'schedule' && o.on === 'schedule' && o.cron === trigger.cron) ||
        (trigger.on === 'after_sync' &&
          o.on === 'after_sync' &&
          (trigger.connector === undefined || trigger.connector === o.connector)),
    ),
  );
}

function liveIds(db: SqlDatabase, type: EntityRef['type']): EntityRef[] {
  const table = type === 'account' ? 'accounts' : 'contacts';
  const rows = db
    .prepare(`SELECT id FROM ${table} WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY id`)
    .all() as Array<{ id: string }>;
  return rows.map((row) => ({ type, id: row.id }));
}

/**
 * Entities a run checks for entry besides the freshly scored ones: everyone of a workflow's kind when
 * its schedule or after_sync trigger fired (the audience decides), and the subjects of new events
 * that an event trigger names.
 */
export async function extraCandidates(options: {
  readonly db: SqlDatabase;
  readonly store: CanonicalStore;
  readonly workflows: readonly WorkflowDefinition[];
  readonly models: ModelEntities;
  readonly occurrences: readonly Occurrence[];
  readonly eventsFrom: string | null;
  readonly now: Date;
}): Promise<EntityRef[]> {
  const out = new Map<string, EntityRef>();
  const add = (entity: EntityRef) => out.set(entityKey(entity), entity);
  const types = new Set(
    options.workflows
      .filter((workflow) => workflow.enabled && firedBy(workflow, options.occurrences))
      .map((workflow) => workflowEntityType(workflow, options.models)),
  );
  for (const type of types) for (const entity of liveIds(options.db, type)) add(entity);
  const eventTypes = triggerEventTypes(options.workflows);
  if (eventTypes.length > 0)
    for await (const page of options.store.iterateEvents({
      types: eventTypes,
      ...(options.eventsFrom ? { from: options.eventsFrom } : {}),
      before: options.now.toISOString(),
    }))
      for (const event of page) {
        if (event.contactId !== null) add({ type: 'contact', id: event.contactId });
        else if (event.accountId !== null) add({ type: 'account', id: event.accountId });
      }
  for (const occurrence of options.occurrences) if (occurrence.on === 'webhook') add(occurrence.entity);
  return [...out.values()];
}
