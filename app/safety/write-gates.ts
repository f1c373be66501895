import type { Clock } from '../../core/clock.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import type { LoadedConfig } from '../config/index.ts';
import { type DataFreshness, readDataFreshness } from './data-freshness.ts';
import { evaluateGates, type GatedModel, type GateReport, type WriteDestination } from './gates.ts';
import { recordWrittenTiers } from './tier-changes.ts';

/** The gates of one command: one freshness reading, checked per destination before each write. */
export interface WriteGates {
  readonly freshness: DataFreshness;
  check(destination: WriteDestination, models: readonly GatedModel[]): GateReport;
  /** After a write went through: the destination now holds these models' current tiers. */
  written(destination: WriteDestination, models: readonly GatedModel[]): void;
}

export function openWriteGates(store: SqliteCanonicalStore, loaded: LoadedConfig, clock: Clock): WriteGates {
  const db = store.database;
  const registry = ModelRegistry.of(store, clock);
  const freshness = readDataFreshness(db, clock.now());
  return {
    freshness,
    check: (destination, models) =>
      evaluateGates({ db, registry, safety: loaded.config.safety, destination, models, freshness }),
    written: (destination, models) =>
      recordWrittenTiers(
        db,
        destination.key,
        models.map((model) => model.name),
        clock.now(),
      ),
  };
}

/** Models of the config as the gates see them; only the named ones when `names` is given. */
export function gatedModels(loaded: LoadedConfig, names?: readonly string[]): GatedModel[] {
  return Object.entries(loaded.config.scoring.models)
    .filter(([name, model]) => (names ? names.includes(name) : model.enabled))
    .map(([name, model]) => ({ name, entity: model.entity }));
}

export const destinations = {
  writeBack: (connector: string): WriteDestination => ({
    key: `writeback:${connector}`,
    label: `write-back to ${connector}`,
  }),
  publish: (connector: string): WriteDestination => ({
    key: `publish:${connector}`,
    label: `publish to ${connector}`,
  }),
  inWarehouse: (connector: string): WriteDestination => ({
    key: `in-warehouse:${connector}`,
    label: `scoring inside ${connector}`,
  }),
  workflows: { key: 'workflows', label: 'workflow run' } satisfies WriteDestination,
};
