import { createDestinationConnector, scoreFieldMapping } from '../../connectors/registry.ts';
import type { WriteBackModel } from '../../connectors/registry.ts';
import type { LoadedConfig } from '../config/index.ts';
import type { WriteBackTarget } from './run-writeback.ts';

/** Every configured connector that can take scores (files cannot), optionally only the named ones. */
export function writeBackTargets(loaded: LoadedConfig, only?: readonly string[]): WriteBackTarget[] {
  const targets: WriteBackTarget[] = [];
  for (const [name, config] of Object.entries(loaded.config.connectors)) {
    if (only && !only.includes(name)) continue;
    const mapping = scoreFieldMapping(config);
    const destination = createDestinationConnector(name, config, { configDir: loaded.configDir });
    if (mapping && destination) targets.push({ name, destination, mapping });
  }
  return targets;
}

/** The enabled models of the config, as write-back needs them. */
export function writeBackModels(loaded: LoadedConfig): WriteBackModel[] {
  return Object.entries(loaded.config.scoring.models)
    .filter(([, model]) => model.enabled)
    .map(([name, model]) => ({ name, kind: model.kind, entity: model.entity }));
}
