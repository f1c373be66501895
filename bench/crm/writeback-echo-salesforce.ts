import { noteCoveredChanges } from '../../app/writeback/covered-changes.ts';
import { salesforceConnectorConfigSchema } from '../../connectors/salesforce/config.ts';
import { SalesforceDestinationConnector } from '../../connectors/salesforce/destination.ts';
import { OrgLimits } from '../../connectors/salesforce/org-limits.ts';
import { SalesforceSourceConnector } from '../../connectors/salesforce/source.ts';
import { FixedClock } from '../../core/clock.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import { silentLogger } from '../../core/logger.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import { seedSalesforceSynthetic, startSalesforceEmulator } from '../../emulators/salesforce/index.ts';
import { AS_OF, type EchoRun, runEchoScenario } from './writeback-echo-scenario.ts';

const contactsOnly = {
  accounts: { enabled: false },
  leads: { enabled: false },
  opportunities: { enabled: false },
  tasks: { enabled: false },
  events: { enabled: false },
};

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
        // Field-level security is on in the emulator, as in a real org: write-back grants the new fields here.
        writeBack: { permissionSet: 'Scorebridge_Integration' },
      }),
    );
    const deps = {
      clock,
      logger: silentLogger(),
      sleep: async (ms: number) => clock.advance(ms),
      limits: new OrgLimits(config.limits),
    };
    const destination = new SalesforceDestinationConnector('salesforce', config, deps);
    return await runEchoScenario({
      label: `Salesforce, ignoreOwnWrites: ${ignoreOwnWrites}`,
      system: 'salesforce',
      objectType: 'Contact',
      scoreField: 'Lead_Score__c',
      tierField: 'Lead_Score_Tier__c',
      ids,
      store,
      advance: (ms) => clock.advance(ms),
      sync: async () => {
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
      },
      ensureScoreFields: async () => {
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
      },
      write: async (intents) => {
        emulator.stats.reset();
        const results = await destination.writeFields(intents);
        const failed = results.filter((result) => result.status !== 'ok').length;
        if (failed > 0) throw new Error(`${failed} Salesforce writes failed`);
        await noteCoveredChanges(store, 'salesforce', intents, results);
        return emulator.stats.requests;
      },
      // People edit some contacts in Salesforce; a write-back then covers those edits before any sync.
      editTitle: (id, title) => emulator.state.touch('Contact', id, { Title: title }),
    });
  } finally {
    await store.close();
    await emulator.close();
  }
}
