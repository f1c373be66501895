import type { EventType } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { type EntityContextInput, type EntityRef, entityKey } from '../../workflows/engine/index.ts';
import { suppressionOf } from '../../workflows/suppression/index.ts';
import { buildEntityContext } from './build-context.ts';
import { loadSnapshot } from './entity-snapshot.ts';
import type { ConsentPolicy } from './recipient.ts';
import { scoreStates } from './score-state.ts';

interface ActiveEnrollment {
  workflow: string;
  tier: string | null;
  enrolled_at: string;
}

function activeEnrollments(db: SqlDatabase, entity: EntityRef): ActiveEnrollment[] {
  return db
    .prepare(
      `SELECT workflow, tier, enrolled_at FROM enrollments WHERE entity_type = ? AND entity_id = ? AND state = 'active'`,
    )
    .all(entity.type, entity.id) as unknown as ActiveEnrollment[];
}

function emailedAddresses(db: SqlDatabase, entity: EntityRef): Set<string> {
  const rows = db
    .prepare(
      `SELECT DISTINCT json_extract(payload, '$.to') AS address FROM outbox WHERE kind = 'email'
         AND json_extract(payload, '$.entity.type') = ? AND json_extract(payload, '$.entity.id') = ?`,
    )
    .all(entity.type, entity.id) as Array<{ address: string | null }>;
  return new Set(rows.flatMap((row) => (row.address ? [row.address] : [])));
}

/**
 * Reads what the engine needs about each entity before a tick (the engine itself is synchronous).
 * Entities that no longer exist get no context: their enrollments wait instead of acting on stale data.
 */
export async function loadContexts(
  store: CanonicalStore,
  db: SqlDatabase,
  entities: readonly EntityRef[],
  options: {
    now: Date;
    consent: ConsentPolicy;
    /** The model whose tier each workflow enrolls by (for the tier_changed exit). */
    tierModels: ReadonlyMap<string, string>;
    triggerTypes?: readonly EventType[];
    /** Newest score row the previous run read: tier changes are measured from the score then. */
    scoresSinceId?: number | null;
  },
): Promise<Map<string, EntityContextInput>> {
  const contexts = new Map<string, EntityContextInput>();
  for (const entity of entities) {
    const key = entityKey(entity);
    if (contexts.has(key)) continue;
    const snapshot = await loadSnapshot(store, entity, options.now, options.triggerTypes);
    if (snapshot === undefined) continue;
    const scores = scoreStates(db, entity, options.scoresSinceId ?? null);
    const active = activeEnrollments(db, entity);
    const since = active.map((row) => row.enrolled_at).sort()[0];
    const context = buildEntityContext({
      snapshot,
      scores,
      enrolledSince: since === undefined ? null : new Date(since),
      now: options.now,
      consent: options.consent,
      suppressionOf: (address) => suppressionOf(db, address),
      emailedAddresses: emailedAddresses(db, entity),
      triggerTypes: new Set(options.triggerTypes ?? []),
    });
    contexts.set(key, context);
  }
  return contexts;
}
