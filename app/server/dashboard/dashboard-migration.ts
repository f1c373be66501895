import type { Migration } from '../../../core/store/sqlite/migrations.ts';

/**
 * Indexes the dashboard's lists and record pages read through, so a page costs the same on a store
 * of 100,000 contacts as on one of 1,000. Searches match the start of a name, e-mail or domain, so
 * each is a range scan over one of these (lower() on both sides: searches ignore case).
 */
export const dashboardMigrations: readonly Migration[] = [
  {
    version: 520,
    name: 'dashboard search, sort and record-page indexes',
    sql: `
CREATE INDEX IF NOT EXISTS contacts_full_name_search ON contacts (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')));
CREATE INDEX IF NOT EXISTS contacts_last_name_search ON contacts (lower(last_name));
CREATE INDEX IF NOT EXISTS contacts_owner ON contacts (owner_id);
CREATE INDEX IF NOT EXISTS accounts_name_search ON accounts (lower(name));
CREATE INDEX IF NOT EXISTS scores_model_value ON scores (model, entity_type, value, entity_id);
CREATE INDEX IF NOT EXISTS enrollments_by_entity ON enrollments (entity_type, entity_id, id);
CREATE INDEX IF NOT EXISTS outbox_task_entity ON outbox (json_extract(payload, '$.entity.type'), json_extract(payload, '$.entity.id'))
  WHERE kind = 'task';
`,
  },
  {
    version: 521,
    name: 'dashboard filter counts shared by every server process',
    sql: `
CREATE TABLE dashboard_facets (
  entity TEXT PRIMARY KEY,
  computed_at TEXT NOT NULL,
  facets TEXT NOT NULL
);
`,
  },
  {
    version: 522,
    name: 'dashboard search indexes in code-point order on Postgres',
    // SQLite compares text in code-point order already: the indexes of migration 520 serve its searches.
    sql: '-- nothing to add on SQLite',
    postgres: `
CREATE INDEX IF NOT EXISTS contacts_full_name_search_c ON contacts ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) COLLATE "C");
CREATE INDEX IF NOT EXISTS contacts_last_name_search_c ON contacts ((lower(last_name)) COLLATE "C");
CREATE INDEX IF NOT EXISTS contacts_email_search_c ON contacts (email_normalized COLLATE "C");
CREATE INDEX IF NOT EXISTS accounts_name_search_c ON accounts ((lower(name)) COLLATE "C");
CREATE INDEX IF NOT EXISTS accounts_domain_search_c ON accounts (domain COLLATE "C");
`,
  },
];
