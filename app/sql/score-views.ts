import type { Migration } from '../../core/store/sqlite/migrations.ts';
import { DEFAULT_SCORE_TABLES, SCORE_COLUMNS } from '../../core/warehouse/scores-table.ts';

/** Store column for each published column; the rest keep their name. */
const SOURCE: Partial<Record<(typeof SCORE_COLUMNS)[number]['name'], string>> = {
  score: 'value',
  scored_at: 'computed_at',
};

const select = SCORE_COLUMNS.map(({ name }) => (SOURCE[name] ? `${SOURCE[name]} AS ${name}` : name)).join(
  ', ',
);

/**
 * The published score tables as views over the embedded store, with the same names and columns as
 * in BigQuery and Snowflake, so a warehouse job's SQL can be tried locally with `scorebridge sql`.
 */
function scoreViews(latestAlias: string): string {
  return `
CREATE VIEW ${DEFAULT_SCORE_TABLES.current} AS SELECT ${select} FROM scores;
CREATE VIEW ${DEFAULT_SCORE_TABLES.history} AS SELECT ${select} FROM score_history;
CREATE VIEW ${DEFAULT_SCORE_TABLES.latestView} AS
  SELECT ${SCORE_COLUMNS.map(({ name }) => name).join(', ')} FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY entity_type, entity_id, model ORDER BY scored_at DESC) AS rank
    FROM ${DEFAULT_SCORE_TABLES.history})${latestAlias}
  WHERE rank = 1;
`;
}

export const scoreViewMigrations: Migration[] = [
  {
    version: 410,
    name: 'published score views in the embedded store',
    sql: scoreViews(''),
    // Postgres requires a name for a subquery in FROM.
    postgres: scoreViews(' AS ranked'),
  },
];
