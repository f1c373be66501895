import { createScorePublisher, isWarehouse } from '../../connectors/registry.ts';
import type { Score } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import type { PublishResult } from '../../core/warehouse/scores-table.ts';
import type { LoadedConfig } from '../config/index.ts';

export interface PublishTally extends PublishResult {
  readonly connector: string;
  readonly created: readonly string[];
}

async function* currentScores(
  store: CanonicalStore,
  models: readonly string[],
): AsyncIterable<readonly Score[]> {
  for (const model of models) yield* store.iterateCurrentScores(model, { batchSize: 10_000 });
}

/** Warehouse connectors of the config, optionally only the named ones. */
export function warehouseConnectors(loaded: LoadedConfig, only?: readonly string[]): string[] {
  return Object.entries(loaded.config.connectors)
    .filter(([name, config]) => (!only || only.includes(name)) && isWarehouse(config))
    .map(([name]) => name);
}

/**
 * Publishes every current score to each warehouse connector: tables and view created or checked
 * first, then one staged load and one MERGE per connector. Idempotent: publishing unchanged scores
 * again leaves the tables as they are.
 */
export async function publishScores(
  loaded: LoadedConfig,
  store: CanonicalStore,
  only?: readonly string[],
): Promise<PublishTally[]> {
  const models = Object.keys(loaded.config.scoring.models);
  const tallies: PublishTally[] = [];
  for (const name of warehouseConnectors(loaded, only)) {
    const config = loaded.config.connectors[name];
    const publisher = config ? createScorePublisher(name, config) : null;
    if (!publisher) continue;
    try {
      const { created } = await publisher.ensureScoreTables();
      const result = await publisher.publishScores(currentScores(store, models));
      tallies.push({ connector: name, created, ...result });
    } finally {
      await publisher.close();
    }
  }
  return tallies;
}
