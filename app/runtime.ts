import { createSourceConnector } from '../connectors/registry.ts';
import type { Clock } from '../core/clock.ts';
import type { SourceConnector } from '../core/connectors/source.ts';
import type { Logger } from '../core/logger.ts';
import type { SqliteCanonicalStore } from '../core/store/sqlite/index.ts';
import type { LoadedConfig } from './config/index.ts';
import { openSharedLimits, type SharedLimits } from './shared-limits.ts';
import { openProductStore } from './store.ts';

export interface Runtime {
  readonly loaded: LoadedConfig;
  readonly store: SqliteCanonicalStore;
  readonly connectors: readonly SourceConnector[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** CRM limits per account, shared by every process when the store is Postgres. */
  readonly limits: SharedLimits;
  close(): Promise<void>;
}

/** Builds everything a command needs from a validated config; the only place that wires parts together. */
export async function openRuntime(loaded: LoadedConfig, clock: Clock, logger: Logger): Promise<Runtime> {
  const { config } = loaded;
  const store = await openProductStore(config.store, clock, config.identity);
  const limits = openSharedLimits(config.store, clock);
  const connectors = Object.entries(config.connectors).map(([name, connectorConfig]) =>
    createSourceConnector(name, connectorConfig, {
      configDir: loaded.configDir,
      ...(limits.crm ? { sharedLimits: limits.crm } : {}),
    }),
  );
  const close = async () => {
    await store.close();
    await limits.close();
  };
  return { loaded, store, connectors, clock, logger, limits, close };
}
