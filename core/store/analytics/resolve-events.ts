import type { DuckDbEngine } from './duckdb-engine.ts';

/**
 * Each person's company as the replica knows it now (contacts.account_key resolved through
 * identities), kept as a table so a refresh can tell which people changed company.
 */
const CONTACT_ACCOUNTS = `SELECT c.id AS contact_id, ia.entity_id AS account_id
  FROM contacts c
  LEFT JOIN identities ia ON ia.identity_key = c.account_key AND ia.entity_type = 'account'`;

/**
 * The subject of raw events (`source`, with contact_key / account_key) resolved as the store's
 * reads resolve it: the contact through its identity key; the company the event names, else its
 * person's; `in_contact` when the event belongs to the person's own history (no company, or their
 * company). The same rules as the store's eventsFor (core/store/sqlite/entity-events.ts).
 */
export function resolvedEventsSql(source: string): string {
  return `SELECT s.*, ic.entity_id AS contact_id,
    CASE WHEN s.account_key IS NULL THEN ca.account_id ELSE ia.entity_id END AS account_id,
    ic.entity_id IS NOT NULL AND (ca.account_id IS NULL OR s.account_key IS NULL OR ia.entity_id = ca.account_id) AS in_contact
  FROM ${source} s
  LEFT JOIN identities ic ON ic.identity_key = s.contact_key AND ic.entity_type = 'contact'
  LEFT JOIN identities ia ON ia.identity_key = s.account_key AND ia.entity_type = 'account'
  LEFT JOIN contact_accounts ca ON ca.contact_id = ic.entity_id`;
}

/** Keeps the previous identities and companies, to compare with after a new copy. */
export async function keepPreviousIdentities(engine: DuckDbEngine): Promise<void> {
  await engine.exec('CREATE OR REPLACE TEMP TABLE identities_prev AS SELECT * FROM identities');
  await engine.exec('CREATE OR REPLACE TEMP TABLE contact_accounts_prev AS SELECT * FROM contact_accounts');
}

/**
 * After identities and people were copied again: rebuilds contact_accounts and re-resolves only
 * the events whose subject may have moved: events naming an identity key that now points elsewhere
 * (or is new, or gone), and events of people whose company changed. Returns how many were updated.
 */
export async function reresolveChangedSubjects(
  engine: DuckDbEngine,
  /** Records the subjects events had and have now (null on a new replica: nothing scored yet). */
  record: ((relation: string) => Promise<void>) | null,
): Promise<number> {
  await engine.exec(`CREATE OR REPLACE TABLE contact_accounts AS ${CONTACT_ACCOUNTS}`);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE changed_keys AS
    SELECT COALESCE(n.identity_key, o.identity_key) AS k
    FROM identities n FULL OUTER JOIN identities_prev o ON o.identity_key = n.identity_key
    WHERE n.entity_id IS DISTINCT FROM o.entity_id OR n.entity_type IS DISTINCT FROM o.entity_type
    UNION
    SELECT i.identity_key FROM identities i JOIN (
      SELECT COALESCE(n.contact_id, o.contact_id) AS contact_id
      FROM contact_accounts n FULL OUTER JOIN contact_accounts_prev o ON o.contact_id = n.contact_id
      WHERE n.account_id IS DISTINCT FROM o.account_id
    ) x ON i.entity_id = x.contact_id AND i.entity_type = 'contact'`);
  const [changed] = await engine.rows<{ n: bigint | number }>('SELECT COUNT(*) AS n FROM changed_keys');
  let updated = 0;
  if (Number(changed?.n ?? 0) > 0) {
    await engine.exec(
      `CREATE OR REPLACE TEMP TABLE moved AS ${resolvedEventsSql(
        `(SELECT id, contact_key, account_key FROM events
        WHERE contact_key IN (SELECT k FROM changed_keys) OR account_key IN (SELECT k FROM changed_keys))`,
      )}`,
    );
    const [count] = await engine.rows<{ n: bigint | number }>('SELECT COUNT(*) AS n FROM moved');
    updated = Number(count?.n ?? 0);
    if (updated > 0 && record)
      await record('(SELECT contact_id, account_id FROM events WHERE id IN (SELECT id FROM moved))');
    if (updated > 0)
      await engine.exec(`UPDATE events SET contact_id = m.contact_id, account_id = m.account_id, in_contact = m.in_contact
        FROM moved m WHERE events.id = m.id`);
    if (updated > 0 && record) await record('moved');
    await engine.exec('DROP TABLE moved');
  }
  await engine.exec('DROP TABLE changed_keys');
  await engine.exec('DROP TABLE identities_prev');
  await engine.exec('DROP TABLE contact_accounts_prev');
  return updated;
}

/** Creates the company-of-each-person table on a new replica. */
export async function createContactAccounts(engine: DuckDbEngine): Promise<void> {
  await engine.exec(`CREATE TABLE IF NOT EXISTS contact_accounts AS ${CONTACT_ACCOUNTS}`);
}
