import { hubspotConnectorConfigSchema } from '../../connectors/hubspot/config.ts';
import { HubspotDestinationConnector } from '../../connectors/hubspot/destination/hubspot-destination.ts';
import { scoreFieldSpecs } from '../../connectors/hubspot/destination/score-fields.ts';
import { HubspotSourceConnector } from '../../connectors/hubspot/source/hubspot-source.ts';
import { FixedClock } from '../../core/clock.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import type { FieldWriteIntent } from '../../core/connectors/destination.ts';
import { silentLogger } from '../../core/logger.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import { DEFAULT_EMULATOR_TOKEN, startHubspotEmulator } from '../../emulators/hubspot/index.ts';
import {
  AS_OF,
  type EchoRun,
  PEOPLE_EDITS,
  type SyncCount,
  storedTitles,
} from './writeback-echo-salesforce.ts';

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
    const sync = async (): Promise<SyncCount> => {
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
    };
    const writeBack = async (round: number): Promise<number> => {
      clock.advance(60_000);
      emulator.stats.reset();
      const intents: FieldWriteIntent[] = ids.map((id, index) => {
        const value = (index * 37 + round * 11) % 100;
        return {
          idempotencyKey: `lead_score:${id}:${round}`,
          objectType: 'contacts',
          recordId: id,
          fields: {
            scorebridge_lead_score_score: value,
            scorebridge_lead_score_tier: value > 70 ? 'high' : value > 40 ? 'medium' : 'low',
          },
        };
      });
      const results = await destination.writeFields(intents);
      const failed = results.filter((result) => result.status !== 'ok').length;
      if (failed > 0) throw new Error(`${failed} HubSpot writes failed`);
      return emulator.stats.total;
    };

    await sync();
    const quiet = await sync();
    await destination.ensureScoreFields('contacts', scoreFieldSpecs('lead_score'));
    const writeCalls = await writeBack(1);
    const echo = await sync();
    clock.advance(60_000);
    const edited = ids
      .filter((_, index) => index % Math.floor(ids.length / PEOPLE_EDITS) === 0)
      .slice(0, PEOPLE_EDITS);
    for (const [index, id] of edited.entries())
      emulator.state.update('contacts', id, { jobtitle: `Edited ${index}` });
    await writeBack(2);
    const after = await sync();
    const titles = storedTitles(store, 'hubspot', 'contacts', edited);
    destination.close();
    return {
      label: 'HubSpot',
      written: ids.length,
      writeCalls,
      quiet,
      echo,
      edited: {
        read: after.read,
        stored: titles.filter((title, index) => title === `Edited ${index}`).length,
        people: edited.length,
      },
    };
  } finally {
    await store.close();
    await emulator.close();
  }
}
