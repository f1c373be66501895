import {
  type HubspotConnectorConfigInput,
  hubspotConnectorConfigSchema,
} from '../../../../connectors/hubspot/config.ts';
import { HubspotDestinationConnector } from '../../../../connectors/hubspot/destination/hubspot-destination.ts';
import { HubspotSourceConnector } from '../../../../connectors/hubspot/source/hubspot-source.ts';
import type { Clock } from '../../../../core/clock.ts';
import { runInConfigContext } from '../../../../core/config/context.ts';
import type { SourceConnector } from '../../../../core/connectors/source.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { openSqliteStore } from '../../../../core/store/sqlite/index.ts';
import { runSync, type SyncProgress } from '../../../../core/sync/run-sync.ts';
import {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  type HubspotEmulatorOptions,
  startHubspotEmulator,
} from '../../../../emulators/hubspot/index.ts';

/** The OAuth app the harness's emulator knows, and the env vars its secrets are read from. */
export const OAUTH_APP = {
  clientId: 'scorebridge-test-app',
  clientSecret: 'app-secret-5f1c',
  refreshToken: 'na1-refresh-7d2e-0b9a',
} as const;

/** Connector config overrides that sign in as OAUTH_APP instead of with the private-app token. */
export const OAUTH_CONFIG = {
  accessToken: undefined,
  auth: {
    type: 'oauth' as const,
    clientId: OAUTH_APP.clientId,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config secret reference, not a template
    clientSecret: '${HUBSPOT_CLIENT_SECRET}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config secret reference, not a template
    refreshToken: '${HUBSPOT_REFRESH_TOKEN}',
  },
};

/**
 * Time that only moves when someone waits: backoff sleeps and rate-limit pauses advance it at
 * once, so tests exercise minutes of throttling in milliseconds and stay deterministic.
 */
export class VirtualClock implements Clock {
  #now: number;
  constructor(start = '2026-11-01T00:00:00.000Z') {
    this.#now = Date.parse(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += Math.max(0, ms);
  }
  readonly sleep = async (ms: number): Promise<void> => {
    this.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
  };
}

export interface Harness {
  readonly clock: VirtualClock;
  readonly emulator: HubspotEmulator;
  config(
    overrides?: Partial<HubspotConnectorConfigInput>,
  ): ReturnType<typeof hubspotConnectorConfigSchema.parse>;
  source(overrides?: Partial<HubspotConnectorConfigInput>): HubspotSourceConnector;
  destination(overrides?: Partial<HubspotConnectorConfigInput>): HubspotDestinationConnector;
  close(): Promise<void>;
}

export async function startHarness(options: Omit<HubspotEmulatorOptions, 'clock'> = {}): Promise<Harness> {
  const clock = new VirtualClock();
  const emulator = await startHubspotEmulator({
    oauthApps: [
      {
        clientId: OAUTH_APP.clientId,
        clientSecret: OAUTH_APP.clientSecret,
        refreshTokens: [OAUTH_APP.refreshToken],
      },
    ],
    ...options,
    clock,
  });
  const config = (overrides: Partial<HubspotConnectorConfigInput> = {}) =>
    runInConfigContext(
      {
        env: {
          HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN,
          HUBSPOT_CLIENT_SECRET: OAUTH_APP.clientSecret,
          HUBSPOT_REFRESH_TOKEN: OAUTH_APP.refreshToken,
        },
        baseDir: process.cwd(),
      },
      () =>
        hubspotConnectorConfigSchema.parse({
          type: 'hubspot',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a config secret reference, not a template
          accessToken: '${HUBSPOT_TOKEN}',
          baseUrl: emulator.url,
          plan: 'professional',
          ...overrides,
        }),
    );
  const deps = { clock, sleep: clock.sleep, random: () => 0.5 };
  return {
    clock,
    emulator,
    config,
    source: (overrides) => new HubspotSourceConnector('hubspot', config(overrides), deps),
    destination: (overrides) => new HubspotDestinationConnector('hubspot', config(overrides), deps),
    close: () => emulator.close(),
  };
}

export async function openStore(clock: Clock) {
  return openSqliteStore({ path: ':memory:', clock });
}

export async function sync(
  store: Awaited<ReturnType<typeof openStore>>,
  source: SourceConnector,
  clock: Clock,
  options: { signal?: AbortSignal; onProgress?: (progress: SyncProgress) => void } = {},
) {
  return runSync({ store, connectors: [source], clock, logger: silentLogger(), ...options });
}

type Store = Awaited<ReturnType<typeof openStore>>;

/** source_records rows of one kind as externalId -> {deleted, mergedInto externalId}. */
export function storedRecords(
  store: Store,
  kind: 'contact' | 'account',
): Map<string, { deleted: boolean; mergedInto: string | null; payload: Record<string, unknown> }> {
  const rows = store.database
    .prepare(
      "SELECT source_key, deleted, merged_into_key, payload FROM source_records WHERE system = 'hubspot' AND kind = ?",
    )
    .all(kind) as { source_key: string; deleted: number; merged_into_key: string | null; payload: string }[];
  return new Map(
    rows.map((row) => [
      row.source_key.split('/').pop()!,
      {
        deleted: row.deleted === 1,
        mergedInto: row.merged_into_key?.split('/').pop() ?? null,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
      },
    ]),
  );
}

/** Stored events as "objectType/externalId" -> deleted. */
export function storedEvents(store: Store): Map<string, boolean> {
  const rows = store.database.prepare('SELECT source_key, deleted FROM events').all() as {
    source_key: string;
    deleted: number;
  }[];
  return new Map(rows.map((row) => [row.source_key.replace(/^ref:hubspot\//, ''), row.deleted === 1]));
}

/** The events the emulator's engagements should become, as "objectType/externalId" -> deleted. */
export function expectedEvents(emulator: HubspotEmulator): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const type of ['emails', 'meetings', 'calls', 'tasks', 'notes'] as const) {
    for (const archived of [false, true]) {
      for (const object of emulator.state.tables[type].scanFrom(0, archived)) {
        out.set(`${type}/${object.id}`, archived);
        if (type !== 'emails' || object.properties.hs_email_direction === 'INCOMING_EMAIL') continue;
        if (Number(object.properties.hs_email_open_count ?? 0) > 0)
          out.set(`${type}/${object.id}:open`, archived);
        if (Number(object.properties.hs_email_click_count ?? 0) > 0)
          out.set(`${type}/${object.id}:click`, archived);
      }
    }
  }
  return out;
}
