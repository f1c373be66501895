import { hubspotStateMigrations } from '../connectors/hubspot/destination/store-state.ts';
import type { Clock } from '../core/clock.ts';
import type { EmailNormalization } from '../core/identity/normalize.ts';
import { sharedLimitMigrations } from '../core/limits/postgres/migration.ts';
import { openPostgresStore } from '../core/store/postgres/open.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../core/store/sqlite/index.ts';
import { canonicalMigrations } from '../core/store/sqlite/migrations.ts';
import { modelRegistryMigrations } from '../scoring/registry/migration.ts';
import { engineMigrations } from '../workflows/engine/index.ts';
import { outboxMigrations } from '../workflows/outbox/index.ts';
import { suppressionMigrations } from '../workflows/suppression/index.ts';
import type { StoreConfig } from './config/store.ts';
import { safetyMigrations } from './safety/migrations.ts';
import { dashboardMigrations } from './server/dashboard/dashboard-migration.ts';
import { apiKeyMigrations } from './server/security/api-key-migration.ts';
import { sessionMigrations } from './server/security/session-migration.ts';
import { scoreViewMigrations } from './sql/score-views.ts';
import { workflowRunMigrations } from './workflows/migrations.ts';

/**
 * Every part of the product opens the store through here, so they all apply the same migrations:
 * a store migrated by one command and opened by another with fewer migrations would look like it
 * came from a newer scorebridge and be refused.
 */
export const productMigrations = [
  ...modelRegistryMigrations,
  ...outboxMigrations,
  ...suppressionMigrations,
  ...engineMigrations,
  ...workflowRunMigrations,
  ...scoreViewMigrations,
  ...apiKeyMigrations,
  ...sessionMigrations,
  ...dashboardMigrations,
  ...safetyMigrations,
  ...sharedLimitMigrations,
  ...hubspotStateMigrations,
];

/** Every migration of a product store, canonical ones first: what `scorebridge migrate` applies. */
export const allProductMigrations = [...canonicalMigrations, ...productMigrations];

/** Which store to open: the `store` section of the config, or an SQLite file (`--store <path>`, tests). */
export type StoreLocation = Pick<StoreConfig, 'type' | 'path' | 'url' | 'pool'> | string;

/**
 * The name a command's connections carry in pg_stat_activity, so an operator can tell which
 * scorebridge process holds one ("scorebridge worker", "scorebridge serve").
 */
export function applicationName(argv: readonly string[] = process.argv): string {
  const command = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return command && /^[a-z][a-z-]*$/.test(command) ? `scorebridge ${command}` : 'scorebridge';
}

/**
 * Opens the product store. SQLite migrates on open (one embedded file, one host). Postgres never
 * does: a database behind this build stops the command with "run `scorebridge migrate`".
 */
export function openProductStore(
  location: StoreLocation,
  clock: Clock,
  identity?: { systemPriority?: readonly string[]; emailNormalization?: EmailNormalization },
): Promise<SqliteCanonicalStore> {
  if (typeof location !== 'string' && location.type === 'postgres') {
    if (location.url === undefined) throw new Error('store.url is required for a Postgres store');
    return openPostgresStore({
      url: location.url.reveal(),
      clock,
      ...identity,
      migrations: allProductMigrations,
      applicationName: applicationName(),
      statementTimeoutMs: location.pool.statementTimeoutMs,
    });
  }
  const path = typeof location === 'string' ? location : location.path;
  return openSqliteStore({ path, clock, ...identity, extraMigrations: productMigrations });
}
