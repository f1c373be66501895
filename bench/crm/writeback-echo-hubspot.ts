import { hubspotConnectorConfigSchema } from '../../connectors/hubspot/config.ts';
import { HubspotDestinationConnector } from '../../connectors/hubspot/destination/hubspot-destination.ts';
import { scoreFieldSpecs } from '../../connectors/hubspot/destination/score-fields.ts';
import { HubspotSourceConnector } from '../../connectors/hubspot/source/hubspot-source.ts';
import { FixedClock } from '../../core/clock.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import { silentLogger } from '../../core/logger.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import { DEFAULT_EMULATOR_TOKEN, startHubspotEmulator } from '../../emulators/hubspot/index.ts';
import { AS_OF, type EchoRun, runEchoScenario } from './writeback-echo-scenario.ts';

/** Past the connector's 10-minute look-back, so each sync opens a window of its own. */
const BETWEEN_SYNCS_MS = 15 * 60_000;

export async function writeBackEchoHubspot(contacts: number): Promise<EchoRun> {
  const clock = new FixedClock(AS_OF);
  const emulator = await startHubspotEmulator({ clock, rateLimit: false });
  const store = await openSqliteStore({ path: ':memory:', clock });
  try {
    const ids: string[] = [];
    for (let index = 0; index < contacts; index++)
      ids.push(
        emulator.state
          .create('contacts', {
            email: `person${index}@example.org`,
            firstname: 'Person',
            lastname: `Number ${index}`,
          })
          .id.toString(),
      );
    const config = runInConfigContext({ env: { HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN }, baseDir: '/' }, () =>
      hubspotConnectorConfigSchema.parse({
        type: 'hubspot',
        accessToken: ['$', '{HUBSPOT_TOKEN}'].join(''),
        baseUrl: emulator.url,
        streams: ['contacts'],
      }),
    );
    // Waits (the client's own rate limiting) pass on the virtual clock.
    const deps = { clock, sleep: async (ms: number) => clock.advance(ms) };
    const destination = new HubspotDestinationConnector('hubspot', config, deps);
    try {
      return await runEchoScenario({
        label: 'HubSpot',
        system: 'hubspot',
        objectType: 'contacts',
        scoreField: 'scorebridge_lead_score_score',
        tierField: 'scorebridge_lead_score_tier',
        ids,
        store,
        advance: (ms) => clock.advance(ms),
        sync: async () => {
          clock.advance(BETWEEN_SYNCS_MS);
          emulator.stats.reset();
          const source = new HubspotSourceConnector('hubspot', config, deps);
          const [result] = await runSync({ store, connectors: [source], clock, logger: silentLogger() });
          if (result?.status !== 'succeeded') throw new Error(`HubSpot sync failed: ${result?.error}`);
          return {
            read: result.inserted + result.updated + result.unchanged,
            calls: emulator.stats.total,
            stored: result.inserted + result.updated,
          };
        },
        ensureScoreFields: async () => {
          await destination.ensureScoreFields('contacts', scoreFieldSpecs('lead_score'));
        },
        write: async (intents) => {
          emulator.stats.reset();
          const results = await destination.writeFields(intents);
          const failed = results.filter((result) => result.status !== 'ok').length;
          if (failed > 0) throw new Error(`${failed} HubSpot writes failed`);
          return emulator.stats.total;
        },
        editTitle: (id, title) => emulator.state.update('contacts', id, { jobtitle: title }),
      });
    } finally {
      destination.close();
    }
  } finally {
    await store.close();
    await emulator.close();
  }
}
