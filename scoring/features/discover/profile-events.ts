import type { EntityType } from '../../../core/schema/index.ts';
import { duckDbDialect } from '../../sql/dialects.ts';
import { floatLiteral, integerLiteral, stringLiteral } from '../../sql/literals.ts';
import type { FeatureEngine } from '../rows/feature-engine.ts';
import { DAY_MS } from '../time.ts';
import { eventsSql, num, numberOf, PROPERTY_TEXT } from './scope.ts';

/** How often one event name happens for an entity type, before the as-of instant. */
export interface EventProfile {
  readonly name: string;
  readonly rows: number;
  /** Entities with at least one. */
  readonly entities: number;
  readonly rows30d: number;
  readonly rows90d: number;
  readonly entities90d: number;
  /** Rows that name a person, and (entity, person) pairs: how many people per account do it. */
  readonly withPerson: number;
  readonly entityPeople: number;
  readonly firstMs: number;
  readonly lastMs: number;
}

/** One property of one event name, over the last year of those events. */
export interface EventPropertyProfile {
  readonly event: string;
  readonly key: string;
  /** Events of this name in the profiled year, and those carrying the property. */
  readonly eventRows: number;
  readonly present: number;
  /** Entities with at least one such event carrying the property. */
  readonly entities: number;
  readonly distinct: number;
  readonly numeric: number;
  readonly distinctNumbers: number;
  /** Most frequent values: events and entities with each. */
  readonly top: readonly { readonly value: string; readonly count: number; readonly entities: number }[];
}

/** Event properties are profiled over this many days before the as-of instant. */
export const PROPERTY_PROFILE_DAYS = 365;

const literal = (text: string) => stringLiteral(text, duckDbDialect);

/** Every event name of the entity type's population, most rows first. */
export async function profileEvents(
  fe: FeatureEngine,
  entityType: EntityType,
  asOfMs: number,
): Promise<EventProfile[]> {
  const since = (days: number) => `at_ms >= ${floatLiteral(asOfMs - days * DAY_MS)}`;
  const rows = await fe.engine.rows<Record<string, unknown>>(
    `SELECT name, COUNT(*) AS n, COUNT(DISTINCT entity_id) AS entities,
       COUNT(*) FILTER (WHERE ${since(30)}) AS rows_30d,
       COUNT(*) FILTER (WHERE ${since(90)}) AS rows_90d,
       COUNT(DISTINCT entity_id) FILTER (WHERE ${since(90)}) AS entities_90d,
       COUNT(person) AS with_person,
       COUNT(DISTINCT CASE WHEN person IS NOT NULL THEN entity_id || '|' || person END) AS entity_people,
       MIN(at_ms) AS first_ms, MAX(at_ms) AS last_ms
     FROM (${eventsSql(entityType, asOfMs)}) ev
     WHERE name IS NOT NULL GROUP BY name ORDER BY n DESC, name`,
  );
  return rows.map((row) => ({
    name: String(row.name),
    rows: num(row.n),
    entities: num(row.entities),
    rows30d: num(row.rows_30d),
    rows90d: num(row.rows_90d),
    entities90d: num(row.entities_90d),
    withPerson: num(row.with_person),
    entityPeople: num(row.entity_people),
    firstMs: num(row.first_ms),
    lastMs: num(row.last_ms),
  }));
}

/** The properties of these event names (over the last year), with their most frequent values. */
export async function profileEventProperties(
  fe: FeatureEngine,
  entityType: EntityType,
  asOfMs: number,
  names: readonly string[],
  topValues: number,
): Promise<EventPropertyProfile[]> {
  if (names.length === 0) return [];
  const events = `SELECT * FROM (${eventsSql(entityType, asOfMs, PROPERTY_PROFILE_DAYS)}) e
    WHERE name IN (${names.map(literal).join(', ')})`;
  const values = `SELECT ev.name, ev.entity_id, j.key, ${PROPERTY_TEXT} AS v FROM (${events}) ev, json_each(ev.properties) j`;
  const stats = await fe.engine.rows<Record<string, unknown>>(
    `SELECT kv.name, kv.key, MAX(t.n) AS event_rows, COUNT(v) AS present, COUNT(DISTINCT v) AS distinct_values,
       COUNT(DISTINCT kv.entity_id) FILTER (WHERE v IS NOT NULL) AS entities,
       COUNT(${numberOf('v')}) AS numeric, COUNT(DISTINCT ${numberOf('v')}) AS distinct_numbers
     FROM (${values}) kv JOIN (SELECT name, COUNT(*) AS n FROM (${events}) x GROUP BY name) t ON t.name = kv.name
     GROUP BY kv.name, kv.key HAVING COUNT(v) > 0 ORDER BY kv.name, present DESC, kv.key`,
  );
  const top = await fe.engine.rows<Record<string, unknown>>(
    `SELECT name, key, v, COUNT(*) AS n, COUNT(DISTINCT entity_id) AS entities
     FROM (${values}) kv WHERE v IS NOT NULL GROUP BY name, key, v
     QUALIFY ROW_NUMBER() OVER (PARTITION BY name, key ORDER BY COUNT(*) DESC, v) <= ${integerLiteral(topValues)}
     ORDER BY name, key, n DESC, v`,
  );
  const topOf = new Map<string, { value: string; count: number; entities: number }[]>();
  for (const row of top) {
    const id = `${row.name}\u0000${row.key}`;
    const list = topOf.get(id) ?? [];
    list.push({ value: String(row.v), count: num(row.n), entities: num(row.entities) });
    topOf.set(id, list);
  }
  return stats.map((row) => ({
    event: String(row.name),
    key: String(row.key),
    eventRows: num(row.event_rows),
    present: num(row.present),
    entities: num(row.entities),
    distinct: num(row.distinct_values),
    numeric: num(row.numeric),
    distinctNumbers: num(row.distinct_numbers),
    top: topOf.get(`${row.name}\u0000${row.key}`) ?? [],
  }));
}
