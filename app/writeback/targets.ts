import path from 'node:path';
import type { WriteBackModel } from '../../connectors/registry.ts';
import {
  type ConnectorConfig,
  createDestinationConnector,
  scoreFieldMapping,
} from '../../connectors/registry.ts';
import type { CrmLimits } from '../../core/limits/shared-limits.ts';
import { dialectOf, type SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { LoadedConfig } from '../config/index.ts';
import type { WriteBackTarget } from './run-writeback.ts';

/**
 * Every configured connector that can take scores (files cannot), optionally only the named ones.
 * `store` is the store's connection: on a Postgres store the connectors keep their write-back
 * state (HubSpot's task log and last-written values) in it, shared by every worker and host.
 */
export function writeBackTargets(
  loaded: LoadedConfig,
  only?: readonly string[],
  sharedLimits?: CrmLimits,
  store?: SqlDatabase,
): WriteBackTarget[] {
  const stateDatabase = sharedStateDatabase(store);
  const targets: WriteBackTarget[] = [];
  for (const [name, config] of Object.entries(loaded.config.connectors)) {
    if (only && !only.includes(name)) continue;
    const mapping = scoreFieldMapping(config);
    const destination = createDestinationConnector(
      name,
      stateDatabase ? config : withWriteBackState(name, config, loaded),
      {
        configDir: loaded.configDir,
        ...(sharedLimits ? { sharedLimits } : {}),
        ...(stateDatabase ? { stateDatabase } : {}),
      },
    );
    if (mapping && destination) targets.push({ name, destination, mapping });
  }
  return targets;
}

/**
 * HubSpot write-back compares with the values it last wrote (reading them back would double the
 * calls). Unless the config names a file for that memory, it lives next to the store, so a new
 * process still sends nothing for scores that did not change.
 */
function withWriteBackState(name: string, config: ConnectorConfig, loaded: LoadedConfig): ConnectorConfig {
  if (config.type !== 'hubspot' || config.writeBack?.stateFile) return config;
  const stateFile = path.join(path.dirname(loaded.config.store.path), `${name}-written-values.db`);
  return { ...config, writeBack: { ...config.writeBack, stateFile } };
}

/** The store's connection when it is shared by several processes and hosts (Postgres), else none. */
export function sharedStateDatabase(store: SqlDatabase | undefined): SqlDatabase | undefined {
  return store !== undefined && dialectOf(store) === 'postgres' ? store : undefined;
}

/** The enabled models of the config, as write-back needs them. */
export function writeBackModels(loaded: LoadedConfig): WriteBackModel[] {
  return Object.entries(loaded.config.scoring.models)
    .filter(([, model]) => model.enabled)
    .map(([name, model]) => ({ name, kind: model.kind, entity: model.entity }));
}
