/** Read queries. Subjects are resolved through `identities` at read time (see fact-writers.ts). */

export const CONTACT_SELECT = `
SELECT c.*, ia.entity_id AS account_id
FROM contacts c
LEFT JOIN identities ia ON ia.identity_key = c.account_key AND ia.entity_type = 'account'`;

export const ACCOUNT_SELECT = 'SELECT a.* FROM accounts a';

export const EVENT_SELECT = `
SELECT e.id, e.source_key, e.type, e.occurred_at, e.value, e.properties,
  ic.entity_id AS contact_id,
  COALESCE(ia.entity_id, ica.entity_id) AS account_id
FROM events e
LEFT JOIN identities ic ON ic.identity_key = e.contact_key AND ic.entity_type = 'contact'
LEFT JOIN identities ia ON ia.identity_key = e.account_key AND ia.entity_type = 'account'
LEFT JOIN contacts c ON c.id = ic.entity_id
LEFT JOIN identities ica ON ica.identity_key = c.account_key AND ica.entity_type = 'account'`;

export const DEAL_SELECT = `
SELECT d.*, ic.entity_id AS contact_id, COALESCE(ia.entity_id, ica.entity_id) AS account_id
FROM deals d
LEFT JOIN identities ic ON ic.identity_key = d.contact_key AND ic.entity_type = 'contact'
LEFT JOIN identities ia ON ia.identity_key = d.account_key AND ia.entity_type = 'account'
LEFT JOIN contacts c ON c.id = ic.entity_id
LEFT JOIN identities ica ON ica.identity_key = c.account_key AND ica.entity_type = 'account'`;

/** An entity that is neither deleted everywhere nor merged into another. */
export function activeEntity(alias: string): string {
  return `${alias}.deleted_at IS NULL AND ${alias}.merged_into IS NULL`;
}
