import type { EntityType } from '../../../core/schema/index.ts';
import { duckDbDialect } from '../../sql/dialects.ts';
import { integerLiteral, stringLiteral } from '../../sql/literals.ts';
import type { FeatureEngine } from '../rows/feature-engine.ts';
import { PHONE_NAME_REGEX, VALUE_PATTERNS, type ValuePattern } from './heuristics.ts';
import { num, numberOf, PROPERTY_TEXT, populationSql } from './scope.ts';

/** What the store holds in one CRM property of an entity type (the JSON `properties` column). */
export interface PropertyProfile {
  readonly key: string;
  /** Entities with a value (not missing, JSON null or blank). */
  readonly present: number;
  readonly distinct: number;
  /** Values that read as finite numbers, and how many different numbers. */
  readonly numeric: number;
  readonly distinctNumbers: number;
  /** Values matching each pattern of heuristics.ts, by kind. */
  readonly patterns: Readonly<Partial<Record<ValuePattern['kind'], number>>>;
  /** The most frequent values with their counts. */
  readonly top: readonly { readonly value: string; readonly count: number }[];
}

const literal = (text: string) => stringLiteral(text, duckDbDialect);

/** Live entities of the type at the as-of instant. */
export async function populationSize(
  fe: FeatureEngine,
  entityType: EntityType,
  asOfMs: number,
): Promise<number> {
  const [row] = await fe.engine.rows<{ n: unknown }>(
    `SELECT COUNT(*) AS n FROM (${populationSql(entityType, asOfMs)}) p`,
  );
  return num(row?.n);
}

/** Every CRM property any live entity of the type has, most often present first. */
export async function profileProperties(
  fe: FeatureEngine,
  entityType: EntityType,
  asOfMs: number,
  topValues = 3,
): Promise<PropertyProfile[]> {
  const values = `SELECT p.entity_id, j.key, ${PROPERTY_TEXT} AS v
    FROM (${populationSql(entityType, asOfMs)}) p, json_each(p.properties) j`;
  const phoneName = `regexp_matches(key, ${literal(PHONE_NAME_REGEX)})`;
  const patternColumns = VALUE_PATTERNS.map(
    (pattern) =>
      `COUNT(*) FILTER (WHERE v IS NOT NULL AND ${pattern.condition('v', literal, phoneName)}) AS ${pattern.kind}`,
  );
  const rows = await fe.engine.rows<Record<string, unknown>>(
    `SELECT key, COUNT(v) AS present, COUNT(DISTINCT v) AS distinct_values,
       COUNT(${numberOf('v')}) AS numeric, COUNT(DISTINCT ${numberOf('v')}) AS distinct_numbers,
       ${patternColumns.join(',\n       ')}
     FROM (${values}) kv GROUP BY key ORDER BY present DESC, key`,
  );
  const top = await fe.engine.rows<{ key: string; v: string; n: unknown }>(
    `SELECT key, v, COUNT(*) AS n FROM (${values}) kv WHERE v IS NOT NULL GROUP BY key, v
     QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY COUNT(*) DESC, v) <= ${integerLiteral(topValues)}
     ORDER BY key, n DESC, v`,
  );
  const topByKey = new Map<string, { value: string; count: number }[]>();
  for (const row of top) {
    const list = topByKey.get(row.key) ?? [];
    list.push({ value: row.v, count: num(row.n) });
    topByKey.set(row.key, list);
  }
  return rows.map((row) => ({
    key: String(row.key),
    present: num(row.present),
    distinct: num(row.distinct_values),
    numeric: num(row.numeric),
    distinctNumbers: num(row.distinct_numbers),
    patterns: Object.fromEntries(VALUE_PATTERNS.map((p) => [p.kind, num(row[p.kind])])),
    top: topByKey.get(String(row.key)) ?? [],
  }));
}
