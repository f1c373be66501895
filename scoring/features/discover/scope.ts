import type { EntityType } from '../../../core/schema/index.ts';
import { floatLiteral } from '../../sql/literals.ts';
import { DAY_MS } from '../time.ts';

/**
 * What discovery looks at for an entity type, as SQL over the canonical relations
 * (sql/relations.ts): the live entities that existed at the as-of instant, and their events
 * before it (a person's own history; an account's events and its people's).
 */

export function entityRelation(entityType: EntityType): { readonly table: string; readonly id: string } {
  return entityType === 'contact'
    ? { table: 'sb_contacts', id: 'contact_id' }
    : { table: 'sb_accounts', id: 'account_id' };
}

/** entity_id, properties of the live entities that existed before `asOfMs`. */
export function populationSql(entityType: EntityType, asOfMs: number): string {
  const { table, id } = entityRelation(entityType);
  const existed = 'COALESCE(created_ms, updated_ms)';
  return `SELECT ${id} AS entity_id, properties FROM ${table}
    WHERE active AND (${existed} IS NULL OR ${existed} < ${floatLiteral(asOfMs)})`;
}

/** name, entity_id, person, at_ms, value, properties of the population's events before `asOfMs`. */
export function eventsSql(entityType: EntityType, asOfMs: number, sinceDays?: number): string {
  const id = entityType === 'contact' ? 'e.contact_id' : 'e.account_id';
  const scope = entityType === 'contact' ? 'e.in_contact' : 'TRUE';
  const since = sinceDays === undefined ? '' : ` AND e.at_ms >= ${floatLiteral(asOfMs - sinceDays * DAY_MS)}`;
  return `SELECT e.name, ${id} AS entity_id, e.contact_id AS person, e.at_ms, e.value, e.properties
    FROM sb_events e JOIN (${populationSql(entityType, asOfMs)}) p ON p.entity_id = ${id}
    WHERE ${scope} AND e.at_ms < ${floatLiteral(asOfMs)}${since}`;
}

/** A property's value as trimmed text, NULL when missing, JSON null or blank (json_each rows `j`). */
export const PROPERTY_TEXT = `NULLIF(trim(json_extract_string(j.value, '$')), '')`;

/** The same text as a finite number, else NULL. */
export function numberOf(text: string): string {
  return `(CASE WHEN isfinite(TRY_CAST(${text} AS DOUBLE)) THEN TRY_CAST(${text} AS DOUBLE) END)`;
}

/** DuckDB returns counts as BIGINT; discovery's counts are small enough for numbers. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'bigint' ? Number(value) : Number(value);
}
