import type { SqlDialect } from '../sql/sql-database.ts';

/**
 * The few SQL fragments the canonical store must write differently per dialect. Everything else
 * in core/store/sqlite is SQL both SQLite and Postgres accept with the same meaning.
 */

/**
 * A join whose order the statement fixes. SQLite's planner keeps the tables of a CROSS JOIN in the
 * order written (how the account reads reach an account's people before their events); Postgres
 * has no ON clause on CROSS JOIN and plans an inner join from its statistics.
 */
export function orderedJoin(dialect: SqlDialect): string {
  return dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN';
}

/** SQLite's index hint; Postgres has none (its planner picks the partial index by its predicate). */
export function indexedBy(dialect: SqlDialect, index: string): string {
  return dialect === 'sqlite' ? `INDEXED BY ${index}` : '';
}

/** A subquery of the integers in one parameter holding a JSON array of them. */
export function integersOfJsonArray(dialect: SqlDialect): string {
  return dialect === 'sqlite'
    ? 'SELECT value FROM json_each(?)'
    : 'SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS BIGINT)';
}

/**
 * An ISO-8601 instant kept as text, as epoch milliseconds (NULL stays NULL). Postgres reads the
 * text as timestamptz; its connections run in UTC (see postgres/open.ts), as SQLite's julianday
 * reads a date without an offset.
 */
export function epochMs(dialect: SqlDialect, column: string): string {
  return dialect === 'sqlite'
    ? `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000.0) AS INTEGER)`
    : `CAST(ROUND(EXTRACT(EPOCH FROM CAST(${column} AS timestamptz)) * 1000) AS BIGINT)`;
}
