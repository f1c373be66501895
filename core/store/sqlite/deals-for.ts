import type { EntityType } from '../../schema/index.ts';
import type { SqlDialect, SqlValue } from '../sql/sql-database.ts';
import { orderedJoin } from './dialect-sql.ts';
import { DEAL_SELECT } from './queries.ts';

/**
 * The statement behind `dealsFor`: deals whose person (contact) or whose account (the deal's own,
 * else its person's) resolves to one of the ids, driven from the ids' identity keys through the
 * deals indexes. Same ids, same SQL text, so callers can keep it prepared.
 */
export function dealsForQuery(
  entityType: EntityType,
  entityIds: readonly string[],
  dialect: SqlDialect,
): { readonly sql: string; readonly params: SqlValue[] } {
  const join = orderedJoin(dialect);
  const marks = entityIds.map(() => '?').join(', ');
  const sql =
    entityType === 'contact'
      ? `${DEAL_SELECT} WHERE d.deleted = 0 AND ic.entity_id IN (${marks}) ORDER BY contact_id, d.created_at NULLS FIRST, d.id`
      : `SELECT * FROM (
           ${DEAL_SELECT} WHERE d.deleted = 0 AND ia.entity_id IN (${marks})
           UNION ALL
           ${DEAL_SELECT} WHERE d.deleted = 0 AND ia.entity_id IS NULL AND ica.entity_id IN (${marks})
             AND d.contact_key IN (
               SELECT pi.identity_key FROM identities ai
               ${join} contacts p ON p.account_key = ai.identity_key
               ${join} identities pi ON pi.entity_type = 'contact' AND pi.entity_id = p.id
               WHERE ai.entity_type = 'account' AND ai.entity_id IN (${marks}))
         ) AS candidates ORDER BY account_id, created_at NULLS FIRST, id`;
  const params = entityType === 'contact' ? [...entityIds] : [...entityIds, ...entityIds, ...entityIds];
  return { sql, params };
}
