// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import {
  type SalesforceConnectorConfig,
  type SalesforceConnectorConfigInput,
  salesforceConnectorConfigSchema,
} from '../../../../connectors/salesforce/config.ts';
import { SalesforceDestinationConnector } from '../../../../connectors/salesforce/destination.ts';
import { OrgLimits } from '../../../../connectors/salesforce/org-limits.ts';
import { SalesforceSourceConnector } from '../../../../connectors/salesforce/source.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { runInConfigContext } from '../../../../core/config/context.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { runSync, type StreamSyncResult } from '../../../../core/sync/run-sync.ts';
import {
  INTEGRATION_PERMISSION_SET,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
  startSalesforceEmulator,
} from '../../../../emulators/salesforce/index.ts';

export const AS_OF = '2026-11-01T00:00:00.000Z';
export const noSleep = async (): Promise<void> => {};

/** Connector config pointing at an emulator; secrets resolve from a private env, never process.env. */
export function connectorConfig(
  emulator: SalesforceEmulator,
  overrides: Partial<SalesforceConnectorConfigInput> = {},
): SalesforceConnectorConfig {
  const credentials = emulator.credentials();
  const env = { SF_CLIENT_SECRET: credentials.clientSecret, SF_REFRESH_TOKEN: credentials.refreshToken };
  return runInConfigContext({ env, baseDir: '/' }, () =>
    salesforceConnectorConfigSchema.parse({
      type: 'salesforce',
      instanceUrl: emulator.url,
      loginUrl: emulator.url,
      auth: {
        clientId: credentials.clientId,
        clientSecret: '${SF_CLIENT_SECRET}',
        refreshToken: '${SF_REFRESH_TOKEN}',
      },
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
      // The emulator enforces field-level security: write-back grants it through the permission set.
      writeBack: { permissionSet: INTEGRATION_PERMISSION_SET, ...overrides.writeBack },
    }),
  );
}

export interface Harness {
  readonly emulator: SalesforceEmulator;
  readonly clock: FixedClock;
  readonly store: SqliteCanonicalStore;
  connector(overrides?: Partial<SalesforceConnectorConfigInput>, name?: string): SalesforceSourceConnector;
  sync(
    connector: SalesforceSourceConnector,
    options?: { signal?: AbortSignal; onBatch?: () => void },
  ): Promise<StreamSyncResult[]>;
  close(): Promise<void>;
}

/** An emulator, a clock both share, and an in-memory canonical store. */
export async function harness(options: SalesforceEmulatorOptions = {}): Promise<Harness> {
  const clock = new FixedClock(AS_OF);
  const emulator = await startSalesforceEmulator({ clock, ...options });
  const store = await openSqliteStore({ path: ':memory:', clock });
  return {
    emulator,
    clock,
    store,
    connector: (overrides = {}, name = 'salesforce') =>
      new SalesforceSourceConnector(name, connectorConfig(emulator, overrides), {
        clock,
        logger: silentLogger(),
        sleep: noSleep,
        // Each connector gets its own limits, so tests do not share quota knowledge through the registry.
        limits: new OrgLimits(connectorConfig(emulator, overrides).limits),
      }),
    sync: (connector, syncOptions = {}) =>
      runSync({
        store,
        connectors: [connector],
        clock,
        logger: silentLogger(),
        ...(syncOptions.signal ? { signal: syncOptions.signal } : {}),
        ...(syncOptions.onBatch ? { onProgress: syncOptions.onBatch } : {}),
      }),
    close: async () => {
      await store.close();
      await emulator.close();
    },
  };
}

/** Every row the store holds for a source, as `objectType/externalId` keys. */
export function storedSourceKeys(store: SqliteCanonicalStore, kind: 'contact' | 'account'): string[] {
  const rows = store.database
    .prepare(
      "SELECT source_key FROM source_records WHERE kind = ? AND system = 'salesforce' ORDER BY source_key",
    )
    .all(kind) as { source_key: string }[];
  return rows.map((row) => row.source_key.replace(/^ref:salesforce\//, ''));
}

/** A destination connector with its own limits, no real sleeping and the harness clock. */
export function destination(
  emulator: SalesforceEmulator,
  overrides: Partial<SalesforceConnectorConfigInput> = {},
): SalesforceDestinationConnector {
  const config = connectorConfig(emulator, overrides);
  return new SalesforceDestinationConnector('salesforce', config, {
    logger: silentLogger(),
    sleep: noSleep,
    limits: new OrgLimits(config.limits),
  });
}
