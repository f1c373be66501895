import type { DuckDbEngine } from './duckdb-engine.ts';

/**
 * Which people and companies each refresh touched: new or rewritten events (their subjects before
 * and after), events whose subject moved, changed people, companies and identities, changed deals.
 * `score --changed` re-scores what changed since the refresh it last scored through.
 */
export const CHANGES_TABLE = `CREATE TABLE IF NOT EXISTS replica_changes (
  refresh_id BIGINT, entity_type VARCHAR, entity_id VARCHAR)`;

/** The refresh a scoring run covered, per model and version. */
export const SCORED_TABLE = `CREATE TABLE IF NOT EXISTS replica_scored (
  model VARCHAR, version VARCHAR, through BIGINT)`;

/** The id this refresh records its changes under: after every earlier refresh's. */
export async function nextRefreshId(engine: DuckDbEngine): Promise<number> {
  await engine.exec(CHANGES_TABLE);
  const [row] = await engine.rows<{ id: number | bigint | null }>(
    'SELECT MAX(refresh_id) AS id FROM replica_changes',
  );
  return Number(row?.id ?? 0) + 1;
}

/** Records the subjects of the events a relation (with contact_id / account_id) holds. */
export async function recordEventSubjects(
  engine: DuckDbEngine,
  refreshId: number,
  relation: string,
): Promise<void> {
  await engine.exec(`INSERT INTO replica_changes
    SELECT DISTINCT ${refreshId}, 'contact', contact_id FROM ${relation} WHERE contact_id IS NOT NULL
    UNION SELECT DISTINCT ${refreshId}, 'account', account_id FROM ${relation} WHERE account_id IS NOT NULL`);
}

/** Keeps the entity and deal tables as they were, to tell which rows a new copy changed. */
export async function keepPrevious(engine: DuckDbEngine, tables: readonly string[]): Promise<void> {
  for (const table of tables)
    await engine.exec(`CREATE OR REPLACE TEMP TABLE ${table}_prev AS SELECT * FROM ${table}`);
}

/** Rows of `table` (keyed by `id`) added, removed or different from `${table}_prev`. */
function changedIds(table: string): string {
  return `SELECT COALESCE(n.id, o.id) AS id FROM ${table} n FULL OUTER JOIN ${table}_prev o ON o.id = n.id
    WHERE n.id IS NULL OR o.id IS NULL OR hash(n) <> hash(o)`;
}

/** Records people and companies whose copied row changed. */
export async function recordEntityChanges(engine: DuckDbEngine, refreshId: number): Promise<void> {
  await engine.exec(`INSERT INTO replica_changes
    SELECT ${refreshId}, 'contact', id FROM (${changedIds('contacts')})
    UNION ALL SELECT ${refreshId}, 'account', id FROM (${changedIds('accounts')})`);
  await engine.exec('DROP TABLE contacts_prev');
  await engine.exec('DROP TABLE accounts_prev');
}

/** Records the people and companies of deals whose copied row changed (as they resolve now). */
export async function recordDealChanges(engine: DuckDbEngine, refreshId: number): Promise<void> {
  await engine.exec(`CREATE OR REPLACE TEMP TABLE changed_deals AS
    SELECT d.* FROM sb_deals_all d WHERE d.deal_id IN (${changedIds('deals')})`);
  await recordEventSubjects(engine, refreshId, 'changed_deals');
  await engine.exec('DROP TABLE changed_deals');
  await engine.exec('DROP TABLE deals_prev');
}

/** The last refresh id recorded (0 when none). */
export async function lastRefreshId(engine: DuckDbEngine): Promise<number> {
  await engine.exec(CHANGES_TABLE);
  const [row] = await engine.rows<{ id: number | bigint | null }>(
    'SELECT MAX(refresh_id) AS id FROM replica_changes',
  );
  return Number(row?.id ?? 0);
}

/** A model version a scoring run covers. */
export interface ScoredModel {
  readonly model: string;
  readonly version: string;
}

/**
 * The refresh every one of these model versions has been scored through, or null when one of them
 * never was (a new model, a new version, a rebuilt replica): then everything must be scored.
 */
export async function scoredThrough(
  engine: DuckDbEngine,
  models: readonly ScoredModel[],
): Promise<number | null> {
  await engine.exec(SCORED_TABLE);
  const rows = await engine.rows<{ model: string; version: string; through: number | bigint }>(
    'SELECT model, version, through FROM replica_scored',
  );
  const byModel = new Map(rows.map((r) => [r.model, r]));
  let through = Number.POSITIVE_INFINITY;
  for (const { model, version } of models) {
    const row = byModel.get(model);
    if (!row || row.version !== version) return null;
    through = Math.min(through, Number(row.through));
  }
  return Number.isFinite(through) ? through : null;
}

/** Remembers that these model versions scored everything up to refresh `through`. */
export async function markScored(
  engine: DuckDbEngine,
  models: readonly ScoredModel[],
  through: number,
): Promise<void> {
  await engine.exec(SCORED_TABLE);
  for (const { model, version } of models) {
    const quoted = model.replaceAll("'", "''");
    await engine.exec(`DELETE FROM replica_scored WHERE model = '${quoted}'`);
    await engine.exec(
      `INSERT INTO replica_scored VALUES ('${quoted}', '${version.replaceAll("'", "''")}', ${through})`,
    );
  }
}

/**
 * Tables `sb_changed_contact` and `sb_changed_account` (column entity_id) of what changed after
 * refresh `since`. People of a changed company are in too: their company's activity is part of
 * their features.
 */
export async function changedEntities(
  engine: DuckDbEngine,
  since: number,
): Promise<{ readonly contacts: number; readonly accounts: number }> {
  await engine.exec(`CREATE OR REPLACE TEMP TABLE sb_changed_account AS
    SELECT DISTINCT entity_id FROM replica_changes WHERE refresh_id > ${since} AND entity_type = 'account'`);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE sb_changed_contact AS
    SELECT DISTINCT entity_id FROM replica_changes WHERE refresh_id > ${since} AND entity_type = 'contact'
    UNION SELECT contact_id FROM sb_contacts WHERE account_id IN (SELECT entity_id FROM sb_changed_account)`);
  const [counts] = await engine.rows<{ contacts: number | bigint; accounts: number | bigint }>(
    `SELECT (SELECT COUNT(*) FROM sb_changed_contact) AS contacts, (SELECT COUNT(*) FROM sb_changed_account) AS accounts`,
  );
  return { contacts: Number(counts?.contacts ?? 0), accounts: Number(counts?.accounts ?? 0) };
}
