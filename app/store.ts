import { hubspotStateMigrations } from '../connectors/hubspot/destination/store-state.ts';
import type { Clock } from '../core/clock.ts';
import type { EmailNormalization } from '../core/identity/normalize.ts';
import { sharedLimitMigrations } from '../core/limits/postgres/migration.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../core/store/sqlite/index.ts';
import { modelRegistryMigrations } from '../scoring/registry/migration.ts';
import { engineMigrations } from '../workflows/engine/index.ts';
import { outboxMigrations } from '../workflows/outbox/index.ts';
import { suppressionMigrations } from '../workflows/suppression/index.ts';
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

export function openProductStore(
  path: string,
  clock: Clock,
  identity?: { systemPriority?: readonly string[]; emailNormalization?: EmailNormalization },
): Promise<SqliteCanonicalStore> {
  return openSqliteStore({ path, clock, ...identity, extraMigrations: productMigrations });
}
