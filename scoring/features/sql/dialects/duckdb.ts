import { duckDbDialect } from '../../../sql/dialects.ts';
import { stringLiteral } from '../../../sql/literals.ts';
import type { FeatureDialect } from '../dialect.ts';

const path = (name: string) => stringLiteral(`$."${name.replaceAll('"', '\\"')}"`, duckDbDialect);

/** DuckDB: the embedded engine (the analytics replica) and the warehouse emulators' engine. */
export const duckDbFeatures: FeatureDialect = {
  sql: duckDbDialect,
  jsonText: (column, name) => `json_extract_string(${column}, ${path(name)})`,
  jsonInstant: (column, name) =>
    `CASE json_type(${column}, ${path(name)})
       WHEN 'VARCHAR' THEN epoch_ms(TRY_CAST(json_extract_string(${column}, ${path(name)}) AS TIMESTAMPTZ))
       WHEN 'BIGINT' THEN CAST(json_extract(${column}, ${path(name)}) AS DOUBLE)
       WHEN 'UBIGINT' THEN CAST(json_extract(${column}, ${path(name)}) AS DOUBLE)
       WHEN 'DOUBLE' THEN CAST(json_extract(${column}, ${path(name)}) AS DOUBLE)
     END`,
  toNumber: (text) =>
    `(CASE WHEN isfinite(TRY_CAST(trim(${text}) AS DOUBLE)) THEN TRY_CAST(trim(${text}) AS DOUBLE) END)`,
  contains: (haystack, needle) => `contains(${haystack}, ${needle})`,
  aggregateIf: (fn, value, condition) => `${fn}(${value}) FILTER (WHERE ${condition})`,
  countDistinctIf: (value, condition) => `COUNT(DISTINCT ${value}) FILTER (WHERE ${condition})`,
  latestIf: (value, at, id, condition) =>
    `arg_max(${value}, [${at}, ${id}]) FILTER (WHERE ${condition} AND ${value} IS NOT NULL)`,
  unitHash: (text) => `(hash(${text}) % 1000000007) / 1000000007.0`,
};
