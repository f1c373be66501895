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
  // CASE inside the aggregate, not FILTER (WHERE ...): measured 2-3x faster on DuckDB 1.5 for wide
  // aggregates (bench/scale); aggregates skip the NULLs the CASE leaves, so the result is the same.
  aggregateIf: (fn, value, condition) => `${fn}(CASE WHEN ${condition} THEN ${value} END)`,
  countDistinctIf: (value, condition) => `COUNT(DISTINCT CASE WHEN ${condition} THEN ${value} END)`,
  // arg_max skips rows whose ordering key is NULL.
  latestIf: (value, at, id, condition) =>
    `arg_max(${value}, CASE WHEN ${condition} AND ${value} IS NOT NULL THEN [${at}, ${id}] END)`,
  unitHash: (text) => `(hash(${text}) % 1000000007) / 1000000007.0`,
};
