/**
 * The canonical relations feature SQL reads (documented in scoring/features/sql/relations.ts),
 * defined over the replica's copies of the store tables. Subjects are resolved through
 * `identities`, as the store resolves them at read time (for events, ahead of time: see
 * resolve-events.ts), so an event that arrived before its contact, or whose contact was merged,
 * lands on the surviving entity.
 *
 * - sb_contacts / sb_accounts: every entity (deleted and merged ones too, with `active` false):
 *   events of a deleted person still count for their company.
 * - sb_events: `account_id` is the event's company, else its person's; `in_contact` says the
 *   event belongs to its person's own history (no company, or the person's company).
 * - sb_deals: live deals; `account_id` is the deal's company, else its person's.
 */
export const REPLICA_VIEWS: readonly string[] = [
  `CREATE OR REPLACE VIEW sb_contacts AS
   SELECT c.id AS contact_id, ia.entity_id AS account_id, c.created_ms, c.updated_ms, c.role, c.title,
     c.country, c.city, c.lifecycle_stage, c.properties, c.active = 1 AS active
   FROM contacts c
   LEFT JOIN identities ia ON ia.identity_key = c.account_key AND ia.entity_type = 'account'`,
  `CREATE OR REPLACE VIEW sb_accounts AS
   SELECT id AS account_id, created_ms, updated_ms, industry, country, employees, annual_revenue, plan, mrr,
     status, churned_ms, properties, active = 1 AS active
   FROM accounts`,
  `CREATE OR REPLACE VIEW sb_events AS
   SELECT id AS event_id, contact_id, account_id, in_contact, name, at_ms, value, properties
   FROM events WHERE deleted = 0`,
  `CREATE OR REPLACE VIEW sb_deals AS
   SELECT d.id AS deal_id, COALESCE(ia.entity_id, c.account_id) AS account_id, ic.entity_id AS contact_id,
     d.status, d.amount, d.created_ms, d.closed_ms, d.updated_ms
   FROM deals d
   LEFT JOIN identities ic ON ic.identity_key = d.contact_key AND ic.entity_type = 'contact'
   LEFT JOIN identities ia ON ia.identity_key = d.account_key AND ia.entity_type = 'account'
   LEFT JOIN sb_contacts c ON c.contact_id = ic.entity_id
   WHERE d.deleted = 0`,
  // Every deal, deleted ones too: what changed since a refresh, whether or not it is live now.
  `CREATE OR REPLACE VIEW sb_deals_all AS
   SELECT d.id AS deal_id, COALESCE(ia.entity_id, c.account_id) AS account_id, ic.entity_id AS contact_id
   FROM deals d
   LEFT JOIN identities ic ON ic.identity_key = d.contact_key AND ic.entity_type = 'contact'
   LEFT JOIN identities ia ON ia.identity_key = d.account_key AND ia.entity_type = 'account'
   LEFT JOIN sb_contacts c ON c.contact_id = ic.entity_id`,
];
