import type { SqlDialect } from '../sql/sql-database.ts';
import { epochMs } from '../sqlite/dialect-sql.ts';
import type { LoadType } from './duckdb-engine.ts';

/**
 * The analytics replica: the store's events, identities, people, companies and deals copied into
 * DuckDB, column-wise, for feature queries. The store (SQLite or Postgres) stays the system of record; the
 * replica can be deleted at any time and is rebuilt on the next refresh. Instants are epoch
 * milliseconds (DOUBLE holds them exactly), so feature SQL compares numbers, never texts.
 */
export interface ReplicaTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: LoadType }[];
  /** The store query producing the rows, columns in the same order, in the store's dialect. */
  readonly source: (dialect: SqlDialect) => string;
}

/** ISO instant text -> epoch ms, computed by the store (exact for its normalised instants). */
const ms = epochMs;
/** A live entity as 1/0 (a comparison is a boolean on Postgres; the replica column is a number). */
const ACTIVE = 'CASE WHEN deleted_at IS NULL AND merged_into IS NULL THEN 1 ELSE 0 END';

const col = (name: string, type: LoadType) => ({ name, type });

export const EVENTS: ReplicaTable = {
  name: 'events',
  columns: [
    col('id', 'number'),
    col('contact_key', 'text'),
    col('account_key', 'text'),
    col('name', 'text'),
    col('at_ms', 'number'),
    col('value', 'number'),
    col('properties', 'text'),
    col('deleted', 'number'),
  ],
  source: (d) =>
    `SELECT id, contact_key, account_key, type, ${ms(d, 'occurred_at')}, value, properties, deleted FROM events`,
};

export const IDENTITIES: ReplicaTable = {
  name: 'identities',
  columns: [col('identity_key', 'text'), col('entity_type', 'text'), col('entity_id', 'text')],
  source: () => 'SELECT identity_key, entity_type, entity_id FROM identities',
};

export const CONTACTS: ReplicaTable = {
  name: 'contacts',
  columns: [
    col('id', 'text'),
    col('account_key', 'text'),
    col('role', 'text'),
    col('title', 'text'),
    col('country', 'text'),
    col('city', 'text'),
    col('lifecycle_stage', 'text'),
    col('properties', 'text'),
    col('created_ms', 'number'),
    col('updated_ms', 'number'),
    col('active', 'number'),
  ],
  source: (d) => `SELECT id, account_key, role, title, country, city, lifecycle_stage, properties,
    ${ms(d, 'created_at')}, ${ms(d, 'updated_at')}, ${ACTIVE} FROM contacts`,
};

export const ACCOUNTS: ReplicaTable = {
  name: 'accounts',
  columns: [
    col('id', 'text'),
    col('industry', 'text'),
    col('country', 'text'),
    col('employees', 'number'),
    col('annual_revenue', 'number'),
    col('plan', 'text'),
    col('mrr', 'number'),
    col('status', 'text'),
    col('churned_ms', 'number'),
    col('properties', 'text'),
    col('created_ms', 'number'),
    col('updated_ms', 'number'),
    col('active', 'number'),
  ],
  source: (
    d,
  ) => `SELECT id, industry, country, employees, annual_revenue, plan, mrr, status, ${ms(d, 'churned_at')},
    properties, ${ms(d, 'created_at')}, ${ms(d, 'updated_at')}, ${ACTIVE} FROM accounts`,
};

export const DEALS: ReplicaTable = {
  name: 'deals',
  columns: [
    col('id', 'number'),
    col('account_key', 'text'),
    col('contact_key', 'text'),
    col('status', 'text'),
    col('amount', 'number'),
    col('created_ms', 'number'),
    col('closed_ms', 'number'),
    col('updated_ms', 'number'),
    col('deleted', 'number'),
  ],
  source: (
    d,
  ) => `SELECT id, account_key, contact_key, status, amount, ${ms(d, 'created_at')}, ${ms(d, 'closed_at')},
    ${ms(d, 'updated_at')}, deleted FROM deals`,
};

export const REPLICA_TABLES = [EVENTS, IDENTITIES, CONTACTS, ACCOUNTS, DEALS] as const;

/**
 * Columns the replica adds to its events: the subject resolved through `identities` (see
 * resolve-events.ts), kept up to date as identities change, so feature queries never join
 * identities against every event.
 */
export const RESOLVED_COLUMNS = 'contact_id VARCHAR, account_id VARCHAR, in_contact BOOLEAN';

/** Bumped when the replica's layout changes: an older replica is rebuilt instead of misread. */
export const REPLICA_LAYOUT = 2;

export function columnsSql(table: ReplicaTable): string {
  return table.columns.map((c) => `${c.name} ${c.type === 'number' ? 'DOUBLE' : 'VARCHAR'}`).join(', ');
}

export function createTableSql(table: ReplicaTable): string {
  const extra = table === EVENTS ? `, ${RESOLVED_COLUMNS}` : '';
  return `CREATE TABLE IF NOT EXISTS ${table.name} (${columnsSql(table)}${extra})`;
}
