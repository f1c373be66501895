import { noteCoveredChanges } from '../../app/writeback/covered-changes.ts';
import { salesforceConnectorConfigSchema } from '../../connectors/salesforce/config.ts';
import { SalesforceDestinationConnector } from '../../connectors/salesforce/destination.ts';
import { OrgLimits } from '../../connectors/salesforce/org-limits.ts';
import { SalesforceSourceConnector } from '../../connectors/salesforce/source.ts';
import { FixedClock } from '../../core/clock.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import type { FieldWriteIntent } from '../../core/connectors/destination.ts';
import { silentLogger } from '../../core/logger.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import { seedSalesforceSynthetic, startSalesforceEmulator } from '../../emulators/salesforce/index.ts';

export interface SyncCount {
  /** Records the API returned. */
  readonly read: number;
  /** Requests the sync made. */
  readonly calls: number;
  /** Records the store took as new or changed. */
  readonly stored: number;
}

export interface EchoRun {
  readonly label: string;
  readonly written: number;
  readonly writeCalls: number;
  readonly quiet: SyncCount;
  readonly echo: SyncCount;
  /** The write-back after people edited some records: how many of their edits the store holds. */
  readonly edited: { readonly read: number | null; readonly stored: number; readonly people: number };
}

export const AS_OF = '2026-11-01T00:00:00.000Z';
export const PEOPLE_EDITS = 25;
const contactsOnly = {
  accounts: { enabled: false },
  leads: { enabled: false },
  opportunities: { enabled: false },
  tasks: { enabled: false },
  events: { enabled: false },
};

/** Titles the store holds for some records of one system. */
export function storedTitles(
  store: SqliteCanonicalStore,
  system: string,
  objectType: string,
  ids: readonly string[],
) {
  const read = store.database.prepare(
    "SELECT json_extract(payload, '$.title') AS title FROM source_records WHERE source_key = ?",
  );
  return ids.map(
    (id) => (read.get(`ref:${system}/${objectType}/${id}`) as { title: string | null } | undefined)?.title,
  );
}

export async function writeBackEchoSalesforce(contacts: number, ignoreOwnWrites: boolean): Promise<EchoRun> {
  const clock = new FixedClock(AS_OF);
  const emulator = await startSalesforceEmulator({ clock, apiLimits: { dailyRequests: 10_000_000 } });
  const store = await openSqliteStore({ path: ':memory:', clock });
  try {
    const ids = seedSalesforceSynthetic(emulator.state, {
      accounts: Math.max(1, Math.round(contacts / 20)),
      contacts,
      activities: 0,
      seed: 9,
      spanDays: 1,
      startMs: Date.parse(AS_OF) - 2 * 86_400_000,
    }).contactIds;
    const credentials = emulator.credentials();
    const env = { SF_SECRET: credentials.clientSecret, SF_REFRESH: credentials.refreshToken };
    const config = runInConfigContext({ env, baseDir: '/' }, () =>
      salesforceConnectorConfigSchema.parse({
        type: 'salesforce',
        instanceUrl: emulator.url,
        loginUrl: emulator.url,
        auth: {
          clientId: credentials.clientId,
          clientSecret: ['$', '{SF_SECRET}'].join(''),
          refreshToken: ['$', '{SF_REFRESH}'].join(''),
        },
        streams: contactsOnly,
        ignoreOwnWrites,
      }),
    );
    const deps = {
      clock,
      logger: silentLogger(),
      sleep: async (ms: number) => clock.advance(ms),
      limits: new OrgLimits(config.limits),
    };
    const destination = new SalesforceDestinationConnector('salesforce', config, deps);
    const sync = async (): Promise<SyncCount> => {
      clock.advance(60_000);
      emulator.stats.reset();
      // A new connector per sync, as each `scorebridge sync` process has (it asks who the API user is).
      const source = new SalesforceSourceConnector('salesforce', config, deps);
      const [result] = await runSync({ store, connectors: [source], clock, logger: silentLogger() });
      if (result?.status !== 'succeeded') throw new Error(`Salesforce sync failed: ${result?.error}`);
      return {
        read: result.inserted + result.updated + result.unchanged,
        calls: emulator.stats.requests,
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
          objectType: 'Contact',
          recordId: id,
          fields: {
            Lead_Score__c: value,
            Lead_Score_Tier__c: value > 70 ? 'high' : value > 40 ? 'medium' : 'low',
          },
        };
      });
      const results = await destination.writeFields(intents);
      const failed = results.filter((result) => result.status !== 'ok').length;
      if (failed > 0) throw new Error(`${failed} Salesforce writes failed`);
      await noteCoveredChanges(store, 'salesforce', intents, results);
      return emulator.stats.requests;
    };

    await sync();
    const quiet = await sync();
    await destination.ensureScoreFields('Contact', [
      { name: 'lead_score', label: 'Lead Score', type: 'number', description: 'scorebridge lead score' },
      {
        name: 'lead_score_tier',
        label: 'Lead Score Tier',
        type: 'enumeration',
        options: ['low', 'medium', 'high'],
        description: 'scorebridge lead tier',
      },
    ]);
    const writeCalls = await writeBack(1);
    const echo = await sync();
    // People edit some contacts in Salesforce; a write-back then covers those edits before any sync.
    clock.advance(60_000);
    const edited = ids
      .filter((_, index) => index % Math.floor(ids.length / PEOPLE_EDITS) === 0)
      .slice(0, PEOPLE_EDITS);
    for (const [index, id] of edited.entries())
      emulator.state.touch('Contact', id, { Title: `Edited ${index}` });
    await writeBack(2);
    const after = await sync();
    const titles = storedTitles(store, 'salesforce', 'Contact', edited);
    return {
      label: `Salesforce, ignoreOwnWrites: ${ignoreOwnWrites}`,
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
