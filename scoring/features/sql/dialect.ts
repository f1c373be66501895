import type { SqlDialect } from '../../sql/dialects.ts';

/**
 * What feature SQL needs beyond the shared SQL the model compiler uses. Each warehouse is one
 * small file (dialects/*.ts); the compiler writes everything else in SQL every dialect shares.
 */
export interface FeatureDialect {
  readonly sql: SqlDialect;
  /**
   * A property of a JSON object column as text: strings unquoted, numbers and booleans as their
   * JSON text, NULL when missing or JSON null (the in-process evaluator reads them the same way).
   */
  jsonText(column: string, name: string): string;
  /** An instant in a JSON property (ISO text or epoch milliseconds) as epoch ms, else NULL. */
  jsonInstant(column: string, name: string): string;
  /** Text -> DOUBLE when it reads as a finite number (surrounding spaces allowed), else NULL. */
  toNumber(text: string): string;
  /** Whether `haystack` contains `needle` (both already lower-cased); NULL when haystack is NULL. */
  contains(haystack: string, needle: string): string;
  /** `fn(value)` over the rows where `condition` holds. */
  aggregateIf(fn: string, value: string, condition: string): string;
  /** COUNT(DISTINCT value) over the rows where `condition` holds. */
  countDistinctIf(value: string, condition: string): string;
  /**
   * The value of the latest row (by `at`, then `id`) where `condition` holds and the value is not
   * NULL. `type` says what the value is, for engines whose ordered aggregates return a variant.
   */
  latestIf(value: string, at: string, id: string, condition: string, type: 'number' | 'text'): string;
  /** A number in [0, 1) from a text, stable across runs: samples training rows. */
  unitHash(text: string): string;
}
