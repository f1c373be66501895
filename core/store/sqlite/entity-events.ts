import type { EntityType, ResolvedEvent } from '../../schema/index.ts';
import type { EntityEvents, EventQuery } from '../canonical-store.ts';
import type { SqlValue } from '../sql/sql-database.ts';

/**
 * Events for a page of entities, found through the entities' identity keys so the events index
 * (contact_key / account_key, occurred_at) does the work. An account's events are its own plus
 * those of every contact whose account resolves to it; the two parts are disjoint (the second
 * takes only events without an account), so UNION ALL needs no de-duplication.
 */
export function entityEventsQuery(
  entityType: EntityType,
  entityIds: readonly string[],
  query: Omit<EventQuery, 'batchSize'>,
): { sql: string; params: SqlValue[] } {
  const marks = entityIds.map(() => '?').join(', ');
  const filters: string[] = ['e.deleted = 0'];
  const filterParams: SqlValue[] = [];
  if (query.types && query.types.length > 0) {
    filters.push(`e.type IN (${query.types.map(() => '?').join(', ')})`);
    filterParams.push(...query.types);
  }
  if (query.from) {
    filters.push('e.occurred_at >= ?');
    filterParams.push(query.from);
  }
  if (query.before) {
    filters.push('e.occurred_at < ?');
    filterParams.push(query.before);
  }
  const where = filters.join(' AND ');
  const columns = 'e.id, e.source_key, e.type, e.occurred_at, e.value, e.properties';
  if (entityType === 'contact') {
    return {
      sql: `SELECT i.entity_id AS entity_id, ${columns}, i.entity_id AS contact_id, NULL AS account_id
            FROM identities i JOIN events e ON e.contact_key = i.identity_key
            WHERE i.entity_type = 'contact' AND i.entity_id IN (${marks}) AND ${where}
            ORDER BY entity_id, e.occurred_at, e.id`,
      params: [...entityIds, ...filterParams],
    };
  }
  return {
    sql: `SELECT entity_id, id, source_key, type, occurred_at, value, properties, contact_id, entity_id AS account_id FROM (
            SELECT i.entity_id AS entity_id, ${columns}, ic.entity_id AS contact_id
            FROM identities i JOIN events e ON e.account_key = i.identity_key
            LEFT JOIN identities ic ON ic.identity_key = e.contact_key AND ic.entity_type = 'contact'
            WHERE i.entity_type = 'account' AND i.entity_id IN (${marks}) AND ${where}
            UNION ALL
            SELECT ia.entity_id AS entity_id, ${columns}, ic.entity_id AS contact_id
            FROM identities ia
            JOIN contacts c ON c.account_key = ia.identity_key
            JOIN identities ic ON ic.entity_type = 'contact' AND ic.entity_id = c.id
            JOIN events e ON e.contact_key = ic.identity_key
            WHERE ia.entity_type = 'account' AND ia.entity_id IN (${marks}) AND e.account_key IS NULL AND ${where}
          ) AS found ORDER BY entity_id, occurred_at, id`,
    params: [...entityIds, ...filterParams, ...entityIds, ...filterParams],
  };
}

export function groupByEntity(
  entityIds: readonly string[],
  rows: readonly Record<string, SqlValue>[],
  map: (row: Record<string, unknown>) => ResolvedEvent,
): EntityEvents[] {
  const byEntity = new Map<string, ResolvedEvent[]>(entityIds.map((id) => [id, []]));
  for (const row of rows) byEntity.get(String(row.entity_id))?.push(map(row));
  return entityIds.map((entityId) => ({ entityId, events: byEntity.get(entityId) ?? [] }));
}
