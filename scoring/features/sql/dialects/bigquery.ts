import { bigQueryDialect } from '../../../sql/dialects.ts';
import { stringLiteral } from '../../../sql/literals.ts';
import type { FeatureDialect } from '../dialect.ts';

const text = (value: string) => stringLiteral(value, bigQueryDialect);
/** A JSONPath naming one member; double quotes keep dots and spaces in the name literal. */
const path = (name: string) => text(`$."${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);

/**
 * BigQuery (GoogleSQL). Properties are JSON text (STRING); every function below is GoogleSQL's own.
 *
 * - JSON_VALUE: a scalar as STRING (strings unquoted, numbers and booleans as their JSON text), NULL
 *   for JSON null, objects and arrays. https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#json_value
 * - JSON_QUERY: the JSON text of a member; a string starts with `"`, which tells an ISO instant from
 *   epoch milliseconds. https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#json_query
 * - SAFE_CAST: NULL instead of an error. https://cloud.google.com/bigquery/docs/reference/standard-sql/conversion_functions#safe_casting
 * - IS_INF / IS_NAN: SAFE_CAST accepts "inf" and "NaN", the evaluator does not.
 *   https://cloud.google.com/bigquery/docs/reference/standard-sql/mathematical_functions#is_inf
 * - COUNTIF: https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions#countif
 * - ARRAY_AGG(... IGNORE NULLS ORDER BY ... LIMIT 1)[SAFE_OFFSET(0)]: the latest non-null value;
 *   LIMIT lets BigQuery keep one element per group. https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions#array_agg
 * - FARM_FINGERPRINT: a stable INT64 hash. https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions#farm_fingerprint
 *
 * Integer division never happens: `/` on INT64 returns FLOAT64 in GoogleSQL, and the compiler casts
 * every quotient's operands to FLOAT64 anyway.
 */
export const bigQueryFeatures: FeatureDialect = {
  sql: bigQueryDialect,
  jsonText: (column, name) => `JSON_VALUE(${column}, ${path(name)})`,
  jsonInstant: (column, name) =>
    `(CASE WHEN STARTS_WITH(JSON_QUERY(${column}, ${path(name)}), '"')
       THEN UNIX_MILLIS(SAFE_CAST(JSON_VALUE(${column}, ${path(name)}) AS TIMESTAMP))
       ELSE SAFE_CAST(JSON_VALUE(${column}, ${path(name)}) AS FLOAT64) END)`,
  toNumber: (value) => {
    const number = `SAFE_CAST(TRIM(${value}) AS FLOAT64)`;
    return `(CASE WHEN IS_INF(${number}) OR IS_NAN(${number}) THEN NULL ELSE ${number} END)`;
  },
  contains: (haystack, needle) => `(STRPOS(${haystack}, ${needle}) > 0)`,
  aggregateIf: (fn, value, condition) =>
    fn === 'COUNT' && value === '1' ? `COUNTIF(${condition})` : `${fn}(IF(${condition}, ${value}, NULL))`,
  countDistinctIf: (value, condition) => `COUNT(DISTINCT IF(${condition}, ${value}, NULL))`,
  latestIf: (value, at, id, condition) =>
    `ARRAY_AGG(IF(${condition}, ${value}, NULL) IGNORE NULLS ORDER BY ${at} DESC, ${id} DESC LIMIT 1)[SAFE_OFFSET(0)]`,
  unitHash: (value) => `(ABS(MOD(FARM_FINGERPRINT(${value}), 1000000007)) / 1000000007)`,
};
